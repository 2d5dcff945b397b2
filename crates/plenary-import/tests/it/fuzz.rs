//! "Fuzz" targets as property tests (cargo-fuzz needs a nightly compiler; the project builds on stable):
//! one per reader, each starting from real documents — the fixtures, the same documents written by the
//! crate's own Akoma Ntoso, JSON and Markdown writers, and as Word files (`tests/fixtures/docx`, written by
//! `plenary convert FIXTURE --to docx`: the Word writer is in plenary-render, above this crate) — and mutating them structurally (elements
//! nested, duplicated, deleted; DTDs and entities injected; JSON values replaced; Word parts rewritten and
//! re-zipped) and byte by byte. Whatever comes in, the importer returns a `Document` or an `ImportError`:
//! no panic, no stack overflow, no runaway memory (`.ci/run` runs them in release under an address-space
//! limit).
//!
//! 32 cases per target in the everyday run; `PROPTEST_CASES` sets more.

use std::io::{Cursor, Read, Write};
use std::sync::LazyLock;

use plenary_core::Document;
use plenary_import::{Format, ImportError, Imported, akn, import, import_as, json, markdown};
use proptest::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

use crate::support::fixture_bytes;

const TEXTS: [&str; 6] = [
    "A_RES_72_163.txt",
    "A_RES_80_198.txt",
    "A_C.3_80_L.49.txt",
    "S_RES_0830_1993.txt",
    "A_RES_78_253.txt",
    "17-08449.txt",
];

const MARKDOWN: [&str; 3] = ["A_RES_80_4.md", "A_RES_80_6.md", "A_RES_80_7.md"];

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(32)
}

/// The real documents the written seeds are made from.
static DOCUMENTS: LazyLock<Vec<Document>> = LazyLock::new(|| {
    TEXTS
        .iter()
        .map(|name| import(&fixture_bytes(name)).unwrap_or_else(|error| panic!("{name}: {error}")).document)
        .collect()
});

static AKN_SEEDS: LazyLock<Vec<String>> = LazyLock::new(|| DOCUMENTS.iter().map(akn::to_akn).collect());
static JSON_SEEDS: LazyLock<Vec<String>> =
    LazyLock::new(|| DOCUMENTS.iter().map(|document| json::to_json(document, &[])).collect());
static MARKDOWN_SEEDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let written = DOCUMENTS.iter().map(markdown::to_markdown);
    let files = MARKDOWN.iter().map(|name| String::from_utf8_lossy(&fixture_bytes(name)).into_owned());
    written.chain(files).collect()
});
/// A Word file as its parts, (name, bytes), to be mutated and zipped again.
type Parts = Vec<(String, Vec<u8>)>;

/// The Word files of the texts, as plenary-render's writer laid them out.
static DOCX_SEEDS: LazyLock<Vec<Parts>> =
    LazyLock::new(|| TEXTS.iter().map(|name| unzip(&fixture_bytes(&format!("docx/{name}.docx")))).collect());

fn unzip(bytes: &[u8]) -> Parts {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).expect("our own Word file is a zip");
    (0..archive.len())
        .map(|index| {
            let mut file = archive.by_index(index).expect("an entry");
            let mut content = Vec::new();
            file.read_to_end(&mut content).expect("an entry unpacks");
            (file.name().to_string(), content)
        })
        .collect()
}

fn zip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        zip.start_file(name.as_str(), SimpleFileOptions::default()).expect("a zip entry");
        zip.write_all(content).expect("writing");
    }
    zip.finish().expect("a zip").into_inner()
}

/// The importer's answer is a document or an error that says something; a panic fails the test by itself.
fn check(result: Result<Imported, ImportError>) {
    match result {
        Ok(imported) => assert!(imported.diagnostics.iter().all(|diagnostic| !diagnostic.message.is_empty())),
        Err(error) => assert!(!error.to_string().is_empty()),
    }
}

// ---------------------------------------------------------------------------------------------------
// Mutations

/// A mutation of a text at the level of its bytes.
#[derive(Debug, Clone)]
enum ByteMutation {
    Cut(usize),
    Insert(usize, Vec<u8>),
    Flip(usize, u8),
    DuplicateRange(usize, usize),
    DeleteRange(usize, usize),
}

fn byte_mutation() -> impl Strategy<Value = ByteMutation> {
    prop_oneof![
        any::<usize>().prop_map(ByteMutation::Cut),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| ByteMutation::Insert(at, bytes)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| ByteMutation::Flip(at, byte)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| ByteMutation::DuplicateRange(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| ByteMutation::DeleteRange(a, b)),
    ]
}

/// How large the harness lets a mutated input grow: past the importer's 16 MB input limit (which refuses at
/// once), and small enough that a duplication repeated never spends the memory of the run on building input.
const MAX_MUTATED_BYTES: usize = 20 * 1024 * 1024;

/// How many copies of `piece` bytes fit in what is left of [`MAX_MUTATED_BYTES`].
fn copies(length: usize, piece: usize, times: usize) -> usize {
    times.min(MAX_MUTATED_BYTES.saturating_sub(length) / piece.max(1))
}

fn range(length: usize, a: usize, b: usize) -> (usize, usize) {
    let (a, b) = (a % (length + 1), b % (length + 1));
    (a.min(b), a.max(b))
}

fn apply_bytes(bytes: &mut Vec<u8>, mutation: &ByteMutation) {
    let length = bytes.len();
    match mutation {
        ByteMutation::Cut(at) => bytes.truncate(at % (length + 1)),
        ByteMutation::Insert(at, inserted) => {
            let at = at % (length + 1);
            bytes.splice(at..at, inserted.iter().copied());
        }
        ByteMutation::Flip(at, byte) => {
            if length > 0 {
                bytes[at % length] ^= byte;
            }
        }
        ByteMutation::DuplicateRange(a, b) => {
            let (start, end) = range(length, *a, *b);
            if copies(length, end - start, 1) == 1 {
                let copy = bytes[start..end].to_vec();
                bytes.splice(end..end, copy);
            }
        }
        ByteMutation::DeleteRange(a, b) => {
            let (start, end) = range(length, *a, *b);
            bytes.drain(start..end);
        }
    }
}

/// A structural mutation of XML: by tags, not by bytes.
#[derive(Debug, Clone)]
enum XmlMutation {
    /// Wrap the text from tag `a` to the end of tag `b` in `levels` nested elements named `name`.
    Nest {
        a: usize,
        b: usize,
        name: &'static str,
        levels: usize,
    },
    /// Repeat the text from tag `a` to the end of tag `b`, `times` times.
    Duplicate {
        a: usize,
        b: usize,
        times: usize,
    },
    Delete {
        a: usize,
        b: usize,
    },
    /// A DTD with an entity of `length` characters after the XML declaration, used `uses` times in place
    /// of the text after tag `at`.
    Entity {
        at: usize,
        length: usize,
        uses: usize,
    },
    /// An entity or character reference after tag `at`.
    Reference {
        at: usize,
        reference: &'static str,
    },
}

const NEST_NAMES: [&str; 10] =
    ["w:ins", "w:hyperlink", "w:sdtContent", "w:customXml", "w:tbl", "w:tc", "w:p", "p", "paragraph", "i"];
const REFERENCES: [&str; 7] = ["&undeclared;", "&#0;", "&#x1F;", "&amp;", "&#xD800;", "&lt;", "]]>"];

fn xml_mutation() -> impl Strategy<Value = XmlMutation> {
    prop_oneof![
        (
            any::<usize>(),
            any::<usize>(),
            0..NEST_NAMES.len(),
            prop_oneof![1..4usize, Just(240), Just(252), Just(300)]
        )
            .prop_map(|(a, b, name, levels)| XmlMutation::Nest {
                a,
                b,
                name: NEST_NAMES[name],
                levels
            }),
        (any::<usize>(), any::<usize>(), 1..50usize).prop_map(|(a, b, times)| XmlMutation::Duplicate {
            a,
            b,
            times
        }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| XmlMutation::Delete { a, b }),
        (any::<usize>(), 1..2_000usize, 1..2_000usize).prop_map(|(at, length, uses)| XmlMutation::Entity {
            at,
            length,
            uses
        }),
        (any::<usize>(), 0..REFERENCES.len())
            .prop_map(|(at, reference)| XmlMutation::Reference { at, reference: REFERENCES[reference] }),
    ]
}

/// The byte ranges of the tags of an XML text.
fn tags(text: &str) -> Vec<(usize, usize)> {
    let mut tags = Vec::new();
    let mut start = None;
    for (offset, byte) in text.bytes().enumerate() {
        match byte {
            b'<' => start = Some(offset),
            b'>' => {
                if let Some(open) = start.take() {
                    tags.push((open, offset + 1));
                }
            }
            _ => {}
        }
    }
    tags
}

fn apply_xml(text: &mut String, mutation: &XmlMutation) {
    let tags = tags(text);
    if tags.is_empty() {
        return;
    }
    let span = |a: usize, b: usize| {
        let (a, b) = (a % tags.len(), b % tags.len());
        (tags[a.min(b)].0, tags[a.max(b)].1)
    };
    match mutation {
        XmlMutation::Nest { a, b, name, levels } => {
            let (start, end) = span(*a, *b);
            let open = format!("<{name}>").repeat(*levels);
            let close = format!("</{name}>").repeat(*levels);
            text.insert_str(end, &close);
            text.insert_str(start, &open);
        }
        XmlMutation::Duplicate { a, b, times } => {
            let (start, end) = span(*a, *b);
            let copy = text[start..end].repeat(copies(text.len(), end - start, *times));
            text.insert_str(end, &copy);
        }
        XmlMutation::Delete { a, b } => {
            let (start, end) = span(*a, *b);
            text.replace_range(start..end, "");
        }
        XmlMutation::Entity { at, length, uses } => {
            let after = tags[at % tags.len()].1;
            text.insert_str(after, &"&e;".repeat(*uses));
            let declaration = format!("<!DOCTYPE d [<!ENTITY e \"{}\">]>", "lol".repeat(*length));
            let prolog_end = if text.starts_with("<?xml") { tags[0].1 } else { 0 };
            text.insert_str(prolog_end, &declaration);
        }
        XmlMutation::Reference { at, reference } => {
            let after = tags[at % tags.len()].1;
            text.insert_str(after, reference);
        }
    }
}

/// A structural mutation of JSON: a value somewhere in the tree replaced, deleted or duplicated.
#[derive(Debug, Clone)]
enum JsonMutation {
    Replace(usize, Replacement),
    Delete(usize),
    Duplicate(usize, usize),
}

#[derive(Debug, Clone)]
enum Replacement {
    Null,
    Number(f64),
    Text(String),
    /// Sub-paragraphs inside sub-paragraphs, this deep.
    Nested(usize),
    EmptyObject,
}

fn json_mutation() -> impl Strategy<Value = JsonMutation> {
    let replacement = prop_oneof![
        Just(Replacement::Null),
        any::<f64>().prop_map(Replacement::Number),
        ".{0,12}".prop_map(Replacement::Text),
        prop_oneof![1..5usize, Just(127), Just(200)].prop_map(Replacement::Nested),
        Just(Replacement::EmptyObject),
    ];
    prop_oneof![
        (any::<usize>(), replacement).prop_map(|(at, value)| JsonMutation::Replace(at, value)),
        any::<usize>().prop_map(JsonMutation::Delete),
        (any::<usize>(), 1..100usize).prop_map(|(at, times)| JsonMutation::Duplicate(at, times)),
    ]
}

fn nested_paragraphs(depth: usize) -> serde_json::Value {
    let mut value = serde_json::json!({"id": "op1", "text": "Decides."});
    for _ in 0..depth {
        value = serde_json::json!({"id": "op1", "text": "Decides.", "subparagraphs": [value]});
    }
    value
}

/// Applies a mutation to the `at`-th value of the tree in pre-order (modulo the count).
fn apply_json(root: &mut serde_json::Value, mutation: &JsonMutation) {
    fn count(value: &serde_json::Value) -> usize {
        1 + match value {
            serde_json::Value::Array(items) => items.iter().map(count).sum(),
            serde_json::Value::Object(fields) => fields.values().map(count).sum(),
            _ => 0,
        }
    }
    // The container and the key or index of the n-th value below the root.
    fn visit(value: &mut serde_json::Value, target: &mut usize, mutation: &JsonMutation) -> bool {
        let children: Vec<String> = match value {
            serde_json::Value::Array(items) => (0..items.len()).map(|index| index.to_string()).collect(),
            serde_json::Value::Object(fields) => fields.keys().cloned().collect(),
            _ => return false,
        };
        for key in children {
            if *target == 0 {
                mutate(value, &key, mutation);
                return true;
            }
            *target -= 1;
            let child = match value {
                serde_json::Value::Array(items) => {
                    key.parse::<usize>().ok().and_then(|index| items.get_mut(index))
                }
                serde_json::Value::Object(fields) => fields.get_mut(&key),
                _ => None,
            };
            if let Some(child) = child
                && visit(child, target, mutation)
            {
                return true;
            }
        }
        false
    }
    fn mutate(container: &mut serde_json::Value, key: &str, mutation: &JsonMutation) {
        let replacement = |replacement: &Replacement| match replacement {
            Replacement::Null => serde_json::Value::Null,
            Replacement::Number(number) => serde_json::json!(number),
            Replacement::Text(text) => serde_json::json!(text),
            Replacement::Nested(depth) => nested_paragraphs(*depth),
            Replacement::EmptyObject => serde_json::json!({}),
        };
        match (container, mutation) {
            (serde_json::Value::Array(items), _) => {
                let Ok(index) = key.parse::<usize>() else { return };
                match mutation {
                    JsonMutation::Replace(_, value) => items[index] = replacement(value),
                    JsonMutation::Delete(_) => {
                        items.remove(index);
                    }
                    JsonMutation::Duplicate(_, times) => {
                        let copy = items[index].clone();
                        let size = copy.to_string().len();
                        let length: usize = items.iter().map(|item| item.to_string().len()).sum();
                        for _ in 0..copies(length, size, *times) {
                            items.insert(index, copy.clone());
                        }
                    }
                }
            }
            (serde_json::Value::Object(fields), JsonMutation::Replace(_, value)) => {
                fields.insert(key.to_string(), replacement(value));
            }
            (serde_json::Value::Object(fields), _) => {
                fields.remove(key);
            }
            _ => {}
        }
    }
    let total = count(root).saturating_sub(1).max(1);
    let mut target = match mutation {
        JsonMutation::Replace(at, _) | JsonMutation::Delete(at) | JsonMutation::Duplicate(at, _) => {
            at % total
        }
    };
    visit(root, &mut target, mutation);
}

// ---------------------------------------------------------------------------------------------------
// The targets

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fuzz_plain_and_pdf_text(
        text in 0..TEXTS.len(),
        pdf_layout in any::<bool>(),
        mutations in proptest::collection::vec(byte_mutation(), 1..8),
    ) {
        let mut bytes = fixture_bytes(TEXTS[text]);
        for mutation in &mutations {
            apply_bytes(&mut bytes, mutation);
        }
        check(import(&bytes));
        check(import_as(&bytes, if pdf_layout { Format::PdfText } else { Format::CleanText }));
    }

    #[test]
    fn fuzz_markdown(
        seed in 0..MARKDOWN.len() + TEXTS.len(),
        mutations in proptest::collection::vec(byte_mutation(), 1..8),
    ) {
        let mut bytes = MARKDOWN_SEEDS[seed].clone().into_bytes();
        for mutation in &mutations {
            apply_bytes(&mut bytes, mutation);
        }
        check(import_as(&bytes, Format::Markdown));
    }

    #[test]
    fn fuzz_akoma_ntoso(
        seed in 0..TEXTS.len(),
        structural in proptest::collection::vec(xml_mutation(), 1..5),
        bytes in proptest::collection::vec(byte_mutation(), 0..3),
    ) {
        let mut text = AKN_SEEDS[seed].clone();
        for mutation in &structural {
            apply_xml(&mut text, mutation);
        }
        let mut bytes_of = text.into_bytes();
        for mutation in &bytes {
            apply_bytes(&mut bytes_of, mutation);
        }
        check(import_as(&bytes_of, Format::AkomaNtoso));
    }

    #[test]
    fn fuzz_json(
        seed in 0..TEXTS.len(),
        structural in proptest::collection::vec(json_mutation(), 1..6),
        bytes in proptest::collection::vec(byte_mutation(), 0..3),
    ) {
        let mut value: serde_json::Value = serde_json::from_str(&JSON_SEEDS[seed]).expect("our own JSON");
        for mutation in &structural {
            apply_json(&mut value, mutation);
        }
        let mut bytes_of = value.to_string().into_bytes();
        for mutation in &bytes {
            apply_bytes(&mut bytes_of, mutation);
        }
        check(import_as(&bytes_of, Format::Json));
    }

    #[test]
    fn fuzz_docx(
        seed in 0..TEXTS.len(),
        part in any::<usize>(),
        structural in proptest::collection::vec(xml_mutation(), 0..5),
        drop_part in proptest::option::of(any::<usize>()),
        zipped in proptest::collection::vec(byte_mutation(), 0..3),
    ) {
        let mut parts = DOCX_SEEDS[seed].clone();
        // The body most of the time; any part (styles, footnotes, relationships …) otherwise.
        let index = match part % 3 {
            0 => part % parts.len(),
            _ => parts.iter().position(|(name, _)| name == "word/document.xml").unwrap_or(0),
        };
        let mut text = String::from_utf8_lossy(&parts[index].1).into_owned();
        for mutation in &structural {
            apply_xml(&mut text, mutation);
        }
        parts[index].1 = text.into_bytes();
        if let Some(dropped) = drop_part {
            parts.remove(dropped % parts.len());
        }
        let mut bytes = zip(&parts);
        for mutation in &zipped {
            apply_bytes(&mut bytes, mutation);
        }
        check(import(&bytes));
        check(import_as(&bytes, Format::Docx));
    }
}
