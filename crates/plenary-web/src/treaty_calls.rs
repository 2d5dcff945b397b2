//! Resolutions tied to treaties: an operative paragraph that calls upon States to become parties to a treaty
//! (recognised by `plenary_core::treaties::calls`) shows, beside it, the parties when the text was adopted
//! and today; and a treaty's chart marks the adoptions of the texts that call for it (its "series").
//!
//! The series is found by reading every adopted text in the store, which costs a moment on 3,000 texts: it
//! is kept (`SeriesCache`) until the texts change — a ballot or a treaty action does not read them again.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use plenary_core::treaties::calls::treaties_called_for;
use plenary_core::treaties::{TreatyId, TreatyRegister};
use plenary_core::{Document, Paragraph};
use plenary_store::{DocumentStatus, State};
use serde::Serialize;
use time::Date;

/// An operative paragraph's call to join a treaty, with the parties then and now.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TreatyCall {
    /// `op3`, `sec2.op5`.
    pub paragraph: String,
    pub treaty: TreatyId,
    pub abbreviation: String,
    pub short_name: String,
    /// The day the text was adopted, if it was.
    #[serde(with = "plenary_core::dates::iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub adopted: Option<Date>,
    /// The parties that day.
    pub parties_at_adoption: Option<usize>,
    #[serde(with = "plenary_core::dates::iso_date")]
    #[schema(value_type = String, format = Date)]
    pub today: Date,
    pub parties_today: usize,
}

/// The paragraphs of `document` that call upon States to join a treaty the register holds, in reading
/// order, each treaty once per paragraph.
pub fn calls_in(document: &Document, register: &TreatyRegister, today: Date) -> Vec<TreatyCall> {
    let adopted = document.adoption.as_ref().and_then(|adoption| adoption.date);
    let mut calls = Vec::new();
    for (paragraph, treaties) in operative_calls(document) {
        for id in treaties {
            let Some(treaty) = register.treaty(&id) else { continue };
            calls.push(TreatyCall {
                paragraph: paragraph.clone(),
                treaty: id.clone(),
                abbreviation: treaty.abbreviation.clone(),
                short_name: treaty.short_name.clone(),
                adopted,
                parties_at_adoption: adopted.map(|day| register.status(treaty, day).parties),
                today,
                parties_today: register.status(treaty, today).parties,
            });
        }
    }
    calls
}

/// Each operative paragraph (of the text and of its parts) with the treaties it calls for, in reading
/// order; paragraphs that call for none are left out.
fn operative_calls(document: &Document) -> Vec<(String, Vec<TreatyId>)> {
    document
        .operative
        .iter()
        .chain(document.sections.iter().flat_map(|section| &section.operative))
        .map(|paragraph| {
            (paragraph.id.to_string(), treaties_called_for(&words_with_subparagraphs(paragraph)))
        })
        .filter(|(_, treaties)| !treaties.is_empty())
        .collect()
}

/// A paragraph's words with its sub-paragraphs', where a call's list of treaties is often set out.
fn words_with_subparagraphs(paragraph: &Paragraph) -> String {
    let mut words = paragraph.text.clone();
    for sub in &paragraph.subparagraphs {
        words.push(' ');
        words.push_str(&words_with_subparagraphs(sub));
    }
    words
}

/// An adopted text calling for a treaty, for the chart's marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesMark {
    pub document: String,
    /// "A/RES/72/163".
    pub symbol: String,
    pub adopted: Date,
}

/// Per treaty, the adopted texts whose operative paragraphs call for it, oldest first.
pub type Series = BTreeMap<TreatyId, Vec<SeriesMark>>;

/// Where the texts stand: the number of documents, of their versions and of those adopted. Only a new
/// document, version or adoption moves it, and only those change a series.
pub type TextsPosition = (usize, usize, usize);

pub fn texts_position(state: &State) -> TextsPosition {
    let versions = state.documents.values().map(|entry| entry.versions.len()).sum();
    let adopted = state.documents.values().filter(|entry| entry.status == DocumentStatus::Adopted).count();
    (state.documents.len(), versions, adopted)
}

/// The series as of a position of the texts.
#[derive(Debug, Default)]
pub struct SeriesCache {
    computed: Mutex<Option<(TextsPosition, Arc<Series>)>>,
}

impl SeriesCache {
    /// The series computed at the texts' position `at`, if it is the one kept.
    pub fn at(&self, head: TextsPosition) -> Option<Arc<Series>> {
        let computed = self.computed.lock().ok()?;
        computed.as_ref().filter(|(kept, _)| *kept == head).map(|(_, series)| Arc::clone(series))
    }

    pub fn keep(&self, head: TextsPosition, series: Arc<Series>) {
        if let Ok(mut computed) = self.computed.lock() {
            *computed = Some((head, series));
        }
    }
}

/// An adopted text that may call for a treaty: its id, symbol and stored JSON.
#[derive(Debug)]
pub struct Candidate {
    document: String,
    symbol: String,
    content: String,
}

/// The adopted texts whose current version's JSON holds a word of joining ("part", "ratif", "acce"): most
/// texts never call for a treaty, and only these are parsed. Copied out, so that the state's lock is held
/// for a scan of the text, not for the parsing.
pub fn candidates(state: &State) -> Vec<Candidate> {
    state
        .documents
        .values()
        .filter(|entry| entry.status == DocumentStatus::Adopted)
        .filter_map(|entry| {
            let version = entry.latest()?;
            let content = &version.version.content;
            ["part", "ratif", "acce"].iter().any(|word| content.contains(word)).then(|| Candidate {
                document: entry.id.clone(),
                symbol: version.symbol.clone().unwrap_or_else(|| entry.id.clone()),
                content: content.clone(),
            })
        })
        .collect()
}

/// Reads the candidates' operative paragraphs for calls (on the blocking pool: it parses every candidate).
pub fn read_series(candidates: Vec<Candidate>) -> Series {
    let mut series = Series::new();
    for candidate in candidates {
        let Ok(document) = crate::acts::stored_document(&candidate.content) else { continue };
        let Some(adopted) = document.adoption.as_ref().and_then(|adoption| adoption.date) else { continue };
        let mut called: Vec<TreatyId> = Vec::new();
        for id in operative_calls(&document).into_iter().flat_map(|(_, treaties)| treaties) {
            if !called.contains(&id) {
                called.push(id);
            }
        }
        for id in called {
            series.entry(id).or_default().push(SeriesMark {
                document: candidate.document.clone(),
                symbol: candidate.symbol.clone(),
                adopted,
            });
        }
    }
    for marks in series.values_mut() {
        marks.sort_by(|a, b| (a.adopted, &a.symbol).cmp(&(b.adopted, &b.symbol)));
    }
    series
}
