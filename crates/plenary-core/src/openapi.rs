//! The OpenAPI schemas of the values written as strings (`"SDN"`, `"pp7"`, `"part:op4"`, `"plenary"`,
//! `"op4.b.ii"`): they serialise through `String`, so their schema is said here, once, beside the derives
//! of every other public type (behind the `openapi` feature; the web crate's document gathers them).

use std::borrow::Cow;

use serde_json::json;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::document::ParagraphId;
use crate::procedure::{Forum, Part, Question, StateRef};

fn string(description: &str, examples: &[&str]) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .examples(examples.iter().map(|example| json!(example)))
        .into()
}

impl PartialSchema for StateRef {
    fn schema() -> RefOr<Schema> {
        string(
            "A UN member or observer state. Answers give the ISO 3166-1 alpha-3 code (`SDN`); requests may \
             also use the alpha-2 code or the UN name, in any case (`SD`, `Sudan`).",
            &["SDN", "FRA"],
        )
    }
}

impl ToSchema for StateRef {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("StateCode")
    }
}

impl PartialSchema for Part {
    fn schema() -> RefOr<Schema> {
        string(
            "A paragraph of the draft: `pp7` (the seventh preambular paragraph) or `op4` (operative \
             paragraph 4).",
            &["pp7", "op4"],
        )
    }
}

impl ToSchema for Part {}

impl PartialSchema for Question {
    fn schema() -> RefOr<Schema> {
        string(
            "A question the body decides: `proposal` (the draft as a whole), `part:op4`, `amendment:A1`, \
             `division:D1` or `motion:M1`.",
            &["proposal", "part:pp7", "amendment:L.34"],
        )
    }
}

impl ToSchema for Question {}

impl PartialSchema for Forum {
    fn schema() -> RefOr<Schema> {
        string(
            "The body: `plenary`, `first-committee` … `sixth-committee`, `human-rights-council`. Requests may \
             also write `third committee`, `C.3`, `hrc`, `ga`.",
            &["plenary", "third-committee"],
        )
    }
}

impl ToSchema for Forum {}

impl PartialSchema for ParagraphId {
    fn schema() -> RefOr<Schema> {
        string(
            "A paragraph's id within one version: `pp3`, `op4`, `op4.b.ii`, `annex1.p3`, `sec2.op3`.",
            &["pp3", "op4.b.ii"],
        )
    }
}

impl ToSchema for ParagraphId {}
