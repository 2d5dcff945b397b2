//! The Word reader (.docx, Office Open XML WordprocessingML), which imports a Word file. The writer, which
//! lays a document or a comparison out as a Word file, is `plenary_render::docx`; the style ids it gives
//! sub-headings and footnote marks are defined here, because the reader recognises them.
//!
//! **Reading.** A Word file is read as Word shows it with all changes accepted: the text of its runs
//! (tabs, breaks, non-breaking hyphens), automatic numbering printed in front of the paragraph as Word
//! prints it (`4.`, `(b)`, `(ii)`), footnote and endnote references cut out as marks with their texts
//! beside, and paragraphs whose mark was deleted joined to the next. The paragraphs then go through the
//! clean-text layout with exact marks (`clean::layout_paragraphs`) and the structure stage, like every
//! other text. Malformed archives and XML are refused with the part and place; the unpacked size is
//! capped, so a small archive cannot unpack to gigabytes.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use roxmltree::Node;
use zip::ZipArchive;

use crate::ImportError;
use crate::clean::{self, FileParagraph};
use crate::layout::Layout;
use crate::limits::{self, MAX_DOCX_PARTS, XmlRefusal};
use crate::text::{MARK_PLACEHOLDER, MarkedText, normalize_characters};

/// The WordprocessingML namespace, and the namespace of its Strict variant, which some tools write.
pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";

/// The style id the writer gives sub-headings: the reader takes a paragraph in it for a sub-heading.
pub const SUBHEADING_STYLE_ID: &str = "UNSubheading";
/// The character style of footnote marks (Word's own id), in the text and at the head of each footnote:
/// the reader takes a run in it for a mark.
pub const FOOTNOTE_REFERENCE_STYLE_ID: &str = "FootnoteReference";

pub use crate::limits::MAX_UNPACKED_BYTES;

/// Whether bytes are a zip archive, as every Word file is. The importer asks before decoding text, which
/// would refuse the archive's bytes as binary.
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads a Word file into the layout the structure stage takes: its paragraphs as Word shows them with
/// every change accepted, numbering printed, footnote references cut out as marks, and its footnotes.
pub(crate) fn docx_to_layout(bytes: &[u8]) -> Result<Layout, ImportError> {
    docx_to_layout_within(bytes, MAX_UNPACKED_BYTES)
}

fn docx_to_layout_within(bytes: &[u8], unpacked_limit: u64) -> Result<Layout, ImportError> {
    if bytes.len() > crate::MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len(), limit: crate::MAX_INPUT_BYTES });
    }
    let mut package = Package::open(bytes, unpacked_limit)?;
    let main = package.main_part()?;
    let Some(main_xml) = package.read(&main)? else {
        return Err(invalid("Word file", format!("the archive has no {main}: it is not a Word document")));
    };
    let related = package.related_parts(&main)?;
    let styles_xml = read_related(&mut package, &related, "/styles")?;
    let numbering_xml = read_related(&mut package, &related, "/numbering")?;
    let footnotes_xml = read_related(&mut package, &related, "/footnotes")?;
    let endnotes_xml = read_related(&mut package, &related, "/endnotes")?;

    let styles = match &styles_xml {
        Some((name, text)) => Styles::read(Some(&parse(name, text)?)),
        None => Styles::read(None),
    };
    let numbering = match &numbering_xml {
        Some((name, text)) => Numbering::read(&parse(name, text)?),
        None => Numbering::default(),
    };
    let main_document = parse(&main, &main_xml)?;
    let Some(body) = main_document.root_element().children().find(|node| is_w(*node, "body")) else {
        return Err(invalid(&main, "no w:body element: it is not a Word document body".to_string()));
    };
    let mut reader = BodyReader::new(&styles, numbering);
    let settings_xml = read_related(&mut package, &related, "/settings")?;
    let settings = match &settings_xml {
        Some((name, text)) => Some(parse(name, text)?),
        None => None,
    };
    // Word numbers notes from the start the last section gives, or else the document's settings.
    let note_properties = [body.children().rev().find(|node| is_w(*node, "sectPr"))]
        .into_iter()
        .chain([settings.as_ref().map(roxmltree::Document::root_element)])
        .flatten();
    for properties in note_properties {
        for kind in [NoteKind::Footnote, NoteKind::Endnote] {
            let start = w_child(properties, &format!("{}Pr", kind.element()))
                .and_then(|note_properties| w_child(note_properties, "numStart"))
                .and_then(|start| w_attribute(start, "val"))
                .and_then(|start| start.parse::<u32>().ok());
            if let Some(start) = start {
                reader.automatic.entry(kind).or_insert(start.saturating_sub(1));
            }
        }
    }
    reader.blocks(body);
    reader.finish_carried();

    let mut footnotes = Vec::new();
    for (part, kind) in [(&footnotes_xml, NoteKind::Footnote), (&endnotes_xml, NoteKind::Endnote)] {
        let Some((name, text)) = part else {
            continue;
        };
        let notes = parse(name, text)?;
        for note in notes.root_element().children().filter(|node| is_w(*node, kind.element())) {
            let id = w_attribute(note, "id").unwrap_or_default();
            if let Some(mark) = reader.cited.get(&(kind, id.to_string())) {
                footnotes.push((mark.clone(), reader.note_text(note)));
            }
        }
    }
    Ok(clean::layout_paragraphs(&reader.paragraphs, &footnotes))
}

fn invalid(what: &str, message: String) -> ImportError {
    ImportError::Invalid { what: what.to_string(), message }
}

/// The parts of a Word file, read with a budget for everything unpacked.
struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    /// What is left of the budget, and the budget for all parts.
    budget: u64,
    limit: u64,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8], unpacked_limit: u64) -> Result<Package<'a>, ImportError> {
        // The zip reader holds every entry of the central directory in memory: count their signatures
        // before it reads them (an upper bound; a signature inside packed data only counts one more).
        let entries = bytes.windows(4).filter(|window| *window == b"PK\x01\x02").count();
        let too_many = |entries: usize| {
            limits::exceeded(
                "MAX_DOCX_PARTS",
                MAX_DOCX_PARTS as u64,
                format!("Word file: its zip archive lists {entries} parts"),
            )
        };
        if entries > MAX_DOCX_PARTS {
            return Err(too_many(entries));
        }
        let archive = ZipArchive::new(Cursor::new(bytes))
            .map_err(|error| invalid("Word file", format!("not a readable zip archive: {error}")))?;
        if archive.len() > MAX_DOCX_PARTS {
            return Err(too_many(archive.len()));
        }
        Ok(Package { archive, budget: unpacked_limit, limit: unpacked_limit })
    }

    /// The text of a part, or `None` when the archive has no such part.
    fn read(&mut self, name: &str) -> Result<Option<String>, ImportError> {
        let limit = self.budget;
        let file = match self.archive.by_name(name) {
            Ok(file) => file,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(error) => {
                return Err(invalid(&format!("Word file part {name}"), format!("cannot be read: {error}")));
            }
        };
        let mut bytes = Vec::new();
        file.take(limit + 1).read_to_end(&mut bytes).map_err(|error| {
            invalid(&format!("Word file part {name}"), format!("cannot be unpacked: {error}"))
        })?;
        let length = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if length > limit {
            return Err(limits::exceeded(
                "MAX_UNPACKED_BYTES",
                MAX_UNPACKED_BYTES,
                format!(
                    "Word file part {name}: the parts unpack to more than {unpacked} bytes",
                    unpacked = self.limit
                ),
            ));
        }
        self.budget -= length;
        decode_part(name, bytes).map(Some)
    }

    /// The main document part, as the package's relationships name it (`word/document.xml` in practice).
    fn main_part(&mut self) -> Result<String, ImportError> {
        let relationships = self.relationships("_rels/.rels", "")?;
        Ok(relationships
            .into_iter()
            .find(|(kind, _)| kind.ends_with("/officeDocument"))
            .map_or_else(|| "word/document.xml".to_string(), |(_, target)| target))
    }

    /// The parts the main part relates to, by relationship type.
    fn related_parts(&mut self, main: &str) -> Result<Vec<(String, String)>, ImportError> {
        let (folder, file) = main.rsplit_once('/').unwrap_or(("", main));
        let name = if folder.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{folder}/_rels/{file}.rels")
        };
        self.relationships(&name, folder)
    }

    /// The (type, target part) pairs of a relationships part; targets resolved against `folder`.
    fn relationships(&mut self, name: &str, folder: &str) -> Result<Vec<(String, String)>, ImportError> {
        let Some(text) = self.read(name)? else {
            return Ok(Vec::new());
        };
        let document = parse(name, &text)?;
        let relationships = document
            .root_element()
            .children()
            .filter(|node| node.tag_name().name() == "Relationship")
            .filter(|node| node.attribute("TargetMode") != Some("External"))
            .filter_map(|node| {
                let target = node.attribute("Target")?;
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None if folder.is_empty() => target.to_string(),
                    None => format!("{folder}/{target}"),
                };
                Some((node.attribute("Type").unwrap_or_default().to_string(), path))
            })
            .collect();
        Ok(relationships)
    }
}

/// The related part of a type (`/footnotes`), or the usual part name when the relationships say nothing.
fn read_related(
    package: &mut Package<'_>,
    related: &[(String, String)],
    kind: &str,
) -> Result<Option<(String, String)>, ImportError> {
    let name = related
        .iter()
        .find(|(relationship, _)| relationship.ends_with(kind))
        .map_or_else(|| format!("word{kind}.xml"), |(_, target)| target.clone());
    Ok(package.read(&name)?.map(|text| (name, text)))
}

/// XML parts are UTF-8 in practice; UTF-16 (with its byte-order mark) is allowed by XML and read too.
fn decode_part(name: &str, bytes: Vec<u8>) -> Result<String, ImportError> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE").or_else(|| bytes.strip_prefix(b"\xFE\xFF")) {
        let encoding = if bytes[0] == 0xFF { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        return Ok(encoding.decode_without_bom_handling(rest).0.into_owned());
    }
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|error| {
        invalid(
            &format!("Word file part {name}"),
            format!("not UTF-8 at byte {}", error.utf8_error().valid_up_to()),
        )
    })
}

/// Parses a part under the XML limits (no DTD, a bounded count of nodes and depth of elements), which is
/// also what keeps the recursive walk of [`BodyReader`] within the stack.
fn parse<'t>(name: &str, text: &'t str) -> Result<roxmltree::Document<'t>, ImportError> {
    limits::parse_xml(name, text).map_err(|refusal| match refusal {
        XmlRefusal::Limit(error) => error,
        XmlRefusal::Malformed(error) => {
            invalid(&format!("Word file part {name}"), format!("the XML is not well-formed: {error}"))
        }
    })
}

/// Whether a node is the WordprocessingML element `name`.
fn is_w(node: Node<'_, '_>, name: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == name
        && matches!(node.tag_name().namespace(), Some(W) | Some(W_STRICT))
}

fn w_child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|child| is_w(*child, name))
}

fn w_attribute<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W, name)).or_else(|| node.attribute((W_STRICT, name)))
}

/// An on/off property (`<w:i/>`, `<w:vanish w:val="0"/>`): on unless its value says off.
fn is_on(properties: Option<Node<'_, '_>>, name: &str) -> bool {
    properties
        .and_then(|properties| w_child(properties, name))
        .is_some_and(|property| !matches!(w_attribute(property, "val"), Some("0" | "false" | "off")))
}

/// What the styles part says that the reader needs.
#[derive(Debug, Default)]
struct Styles {
    /// Paragraph styles: the style each is based on and the numbering it carries.
    paragraph: HashMap<String, ParagraphStyle>,
    /// The character styles of footnote marks, by id. Word names its style "footnote reference" whatever
    /// the id; LibreOffice saves the style of a mark typed as text as "Footnote Characters".
    footnote_reference: HashSet<String>,
    /// The paragraph styles of sub-headings: ours, by id or by name (LibreOffice derives new ids from names).
    subheading: HashSet<String>,
}

/// The names of the character styles of footnote and endnote marks, in lower case.
const MARK_STYLE_NAMES: [&str; 6] = [
    "footnote reference",
    "footnote characters",
    "footnote anchor",
    "endnote reference",
    "endnote characters",
    "endnote anchor",
];

/// The name of our sub-heading style, as `STYLES_XML` defines it.
const SUBHEADING_STYLE_NAME: &str = "UN sub-heading";

#[derive(Debug, Default, Clone)]
struct ParagraphStyle {
    based_on: Option<String>,
    numbering: NumberingReference,
}

/// `w:numPr`: a list instance and a level; either may come from a style.
#[derive(Debug, Default, Clone)]
struct NumberingReference {
    instance: Option<String>,
    level: Option<usize>,
}

impl NumberingReference {
    fn read(properties: Option<Node<'_, '_>>) -> NumberingReference {
        let Some(numbering) = properties.and_then(|properties| w_child(properties, "numPr")) else {
            return NumberingReference::default();
        };
        NumberingReference {
            instance: w_child(numbering, "numId").and_then(|id| w_attribute(id, "val")).map(str::to_string),
            level: w_child(numbering, "ilvl")
                .and_then(|level| w_attribute(level, "val"))
                .and_then(|level| level.parse().ok()),
        }
    }
}

impl Styles {
    /// The styles of the styles part; without one, Word's built-in ids still hold.
    fn read(document: Option<&roxmltree::Document<'_>>) -> Styles {
        let mut styles = Styles::default();
        styles.footnote_reference.insert(FOOTNOTE_REFERENCE_STYLE_ID.to_string());
        styles.footnote_reference.insert("EndnoteReference".to_string());
        styles.subheading.insert(SUBHEADING_STYLE_ID.to_string());
        let nodes = document.into_iter().flat_map(|document| document.root_element().children());
        for node in nodes.filter(|node| is_w(*node, "style")) {
            let Some(id) = w_attribute(node, "styleId") else {
                continue;
            };
            let name = w_child(node, "name").and_then(|name| w_attribute(name, "val")).unwrap_or_default();
            match w_attribute(node, "type") {
                Some("character") if MARK_STYLE_NAMES.contains(&name.to_lowercase().as_str()) => {
                    styles.footnote_reference.insert(id.to_string());
                }
                Some("paragraph") => {
                    if name == SUBHEADING_STYLE_NAME {
                        styles.subheading.insert(id.to_string());
                    }
                    let style = ParagraphStyle {
                        based_on: w_child(node, "basedOn")
                            .and_then(|based| w_attribute(based, "val"))
                            .map(str::to_string),
                        numbering: NumberingReference::read(w_child(node, "pPr")),
                    };
                    styles.paragraph.insert(id.to_string(), style);
                }
                _ => {}
            }
        }
        styles
    }

    /// The numbering a paragraph carries: its own `w:numPr`, completed by its style's (and theirs).
    fn numbering_of(
        &self,
        paragraph_style: Option<&str>,
        own: NumberingReference,
    ) -> Option<(String, usize)> {
        let mut reference = own;
        let mut current = paragraph_style.map(str::to_string);
        // Styles based on one another form a chain; a cycle in a broken file must not loop forever.
        for _ in 0..16 {
            let Some(style) = current.as_ref().and_then(|id| self.paragraph.get(id)) else {
                break;
            };
            reference.instance = reference.instance.or_else(|| style.numbering.instance.clone());
            reference.level = reference.level.or(style.numbering.level);
            current = style.based_on.clone();
        }
        let instance = reference.instance.filter(|instance| instance != "0")?;
        Some((instance, reference.level.unwrap_or(0)))
    }
}

/// Word's automatic numbering: the lists of the numbering part and where each list's count stands.
#[derive(Debug, Default)]
struct Numbering {
    /// Abstract list definitions: the levels of each.
    abstracts: HashMap<String, HashMap<usize, Level>>,
    /// List instances: the definition each uses, and the levels it overrides.
    instances: HashMap<String, Instance>,
    /// The current count of each level of each list instance.
    counters: HashMap<String, [Option<u32>; LEVELS]>,
}

/// Word has nine list levels.
const LEVELS: usize = 9;

#[derive(Debug, Clone)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

#[derive(Debug, Default)]
struct Instance {
    definition: String,
    overrides: HashMap<usize, (Option<u32>, Option<Level>)>,
}

impl Level {
    fn read(node: Node<'_, '_>) -> Level {
        let value = |name: &str| w_child(node, name).and_then(|child| w_attribute(child, "val"));
        Level {
            format: value("numFmt").unwrap_or("decimal").to_string(),
            text: value("lvlText").unwrap_or_default().to_string(),
            start: value("start").and_then(|start| start.parse().ok()).unwrap_or(1),
        }
    }
}

fn level_index(node: Node<'_, '_>) -> Option<usize> {
    w_attribute(node, "ilvl").and_then(|level| level.parse().ok()).filter(|&level| level < LEVELS)
}

impl Numbering {
    fn read(document: &roxmltree::Document<'_>) -> Numbering {
        let mut numbering = Numbering::default();
        for node in document.root_element().children() {
            if is_w(node, "abstractNum") {
                let Some(id) = w_attribute(node, "abstractNumId") else {
                    continue;
                };
                let levels = node
                    .children()
                    .filter(|child| is_w(*child, "lvl"))
                    .filter_map(|level| Some((level_index(level)?, Level::read(level))))
                    .collect();
                numbering.abstracts.insert(id.to_string(), levels);
            } else if is_w(node, "num") {
                let Some(id) = w_attribute(node, "numId") else {
                    continue;
                };
                let definition = w_child(node, "abstractNumId")
                    .and_then(|definition| w_attribute(definition, "val"))
                    .unwrap_or_default()
                    .to_string();
                let overrides = node
                    .children()
                    .filter(|child| is_w(*child, "lvlOverride"))
                    .filter_map(|level| {
                        let start = w_child(level, "startOverride")
                            .and_then(|start| w_attribute(start, "val"))
                            .and_then(|start| start.parse().ok());
                        Some((level_index(level)?, (start, w_child(level, "lvl").map(Level::read))))
                    })
                    .collect();
                numbering.instances.insert(id.to_string(), Instance { definition, overrides });
            }
        }
        numbering
    }

    fn level(&self, instance: &Instance, level: usize) -> Option<Level> {
        let (start, overridden) = instance.overrides.get(&level).cloned().unwrap_or_default();
        let mut definition =
            overridden.or_else(|| self.abstracts.get(&instance.definition)?.get(&level).cloned())?;
        if let Some(start) = start {
            definition.start = start;
        }
        Some(definition)
    }

    /// Counts one more paragraph of a list at a level and returns its label as Word prints it ("4.",
    /// "(b)", "2.1"); deeper levels start again. Bullets and unnumbered levels have no label.
    fn next_label(&mut self, instance_id: &str, level: usize) -> Option<String> {
        let level = level.min(LEVELS - 1);
        let instance = self.instances.get(instance_id)?;
        let levels: Vec<Option<Level>> = (0..LEVELS).map(|index| self.level(instance, index)).collect();
        let definition = levels[level].clone()?;
        let counters = self.counters.entry(instance_id.to_string()).or_insert([None; LEVELS]);
        counters[level] = Some(counters[level].map_or(definition.start, |count| count.saturating_add(1)));
        for deeper in &mut counters[level + 1..] {
            *deeper = None;
        }
        for (index, counter) in counters.iter_mut().enumerate().take(level) {
            if counter.is_none() {
                *counter = Some(levels[index].as_ref().map_or(1, |upper| upper.start));
            }
        }
        if matches!(definition.format.as_str(), "bullet" | "none") {
            return None;
        }
        let mut label = definition.text.clone();
        for (index, counter) in counters.iter().enumerate().rev() {
            let placeholder = format!("%{}", index + 1);
            if label.contains(&placeholder) {
                let format = levels[index].as_ref().map_or("decimal", |upper| upper.format.as_str());
                label = label.replace(&placeholder, &format_number(counter.unwrap_or(1), format));
            }
        }
        let label = label.trim().to_string();
        (!label.is_empty()).then_some(label)
    }
}

/// A count in one of Word's number formats.
fn format_number(number: u32, format: &str) -> String {
    match format {
        "lowerLetter" => letters(number),
        "upperLetter" => letters(number).to_uppercase(),
        "lowerRoman" => roman(number),
        "upperRoman" => roman(number).to_uppercase(),
        "decimalZero" => format!("{number:02}"),
        _ => number.to_string(),
    }
}

/// Word's letters: a … z, then aa … zz, bbb ….
fn letters(number: u32) -> String {
    let Some(index) = number.checked_sub(1) else {
        return String::new();
    };
    let letter = char::from(b'a' + u8::try_from(index % 26).unwrap_or(0));
    std::iter::repeat_n(letter, usize::try_from(index / 26 + 1).unwrap_or(1)).collect()
}

fn roman(mut number: u32) -> String {
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut output = String::new();
    for (value, numeral) in NUMERALS {
        while number >= value {
            output.push_str(numeral);
            number -= value;
        }
    }
    output
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum NoteKind {
    Footnote,
    Endnote,
}

impl NoteKind {
    fn element(self) -> &'static str {
        match self {
            NoteKind::Footnote => "footnote",
            NoteKind::Endnote => "endnote",
        }
    }
}

/// What a paragraph holds, in order.
#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Mark(String),
    Break,
}

/// Reads the body's paragraphs in order, with the state that spans them: list counts, footnote numbers,
/// the marks cited, and the text of paragraphs whose mark was deleted, waiting for the next paragraph.
struct BodyReader<'s> {
    styles: &'s Styles,
    numbering: Numbering,
    paragraphs: Vec<FileParagraph>,
    carried: Vec<Piece>,
    /// The mark of each note cited, by kind and id.
    cited: HashMap<(NoteKind, String), String>,
    automatic: HashMap<NoteKind, u32>,
}

impl<'s> BodyReader<'s> {
    fn new(styles: &'s Styles, numbering: Numbering) -> BodyReader<'s> {
        BodyReader {
            styles,
            numbering,
            paragraphs: Vec::new(),
            carried: Vec::new(),
            cited: HashMap::new(),
            automatic: HashMap::new(),
        }
    }

    /// Block-level content: paragraphs, the cells of tables row by row, content controls.
    fn blocks(&mut self, parent: Node<'_, '_>) {
        for child in parent.children().filter(Node::is_element) {
            if is_w(child, "p") {
                self.paragraph(child);
            } else if is_w(child, "tbl") {
                for row in child.children().filter(|node| is_w(*node, "tr")) {
                    let row_properties = w_child(row, "trPr");
                    if row_properties.is_some_and(|properties| w_child(properties, "del").is_some()) {
                        continue;
                    }
                    for cell in row.children().filter(|node| is_w(*node, "tc")) {
                        self.blocks(cell);
                    }
                }
            } else if is_w(child, "sdt") {
                if let Some(content) = w_child(child, "sdtContent") {
                    self.blocks(content);
                }
            } else if is_w(child, "customXml") || is_w(child, "ins") || is_w(child, "moveTo") {
                self.blocks(child);
            }
        }
    }

    fn paragraph(&mut self, paragraph: Node<'_, '_>) {
        let properties = w_child(paragraph, "pPr");
        let mark_properties = properties.and_then(|properties| w_child(properties, "rPr"));
        let mark_removed = mark_properties
            .is_some_and(|marks| w_child(marks, "del").is_some() || w_child(marks, "moveFrom").is_some());
        let mut pieces = std::mem::take(&mut self.carried);
        self.inline(paragraph, &mut pieces, false);
        if mark_removed {
            // Accepted, the deletion of a paragraph mark joins the paragraph to the next one, which keeps
            // its own properties (numbering included).
            self.carried = pieces;
            return;
        }
        let style = properties
            .and_then(|properties| w_child(properties, "pStyle"))
            .and_then(|style| w_attribute(style, "val"));
        let label = self
            .styles
            .numbering_of(style, NumberingReference::read(properties))
            .and_then(|(instance, level)| self.numbering.next_label(&instance, level));
        let heading = style.is_some_and(|style| self.styles.subheading.contains(style));
        self.paragraphs.push(file_paragraph(label, pieces, heading));
    }

    /// Text whose paragraph mark was deleted at the very end of the body has no paragraph to join.
    fn finish_carried(&mut self) {
        if !self.carried.is_empty() {
            let pieces = std::mem::take(&mut self.carried);
            self.paragraphs.push(file_paragraph(None, pieces, false));
        }
    }

    /// Inline content as Word shows it with changes accepted: inserted and moved-here text kept, deleted
    /// and moved-away text left out, hyperlinks, fields' results and content controls read through.
    fn inline(&mut self, parent: Node<'_, '_>, pieces: &mut Vec<Piece>, in_note: bool) {
        for child in parent.children().filter(Node::is_element) {
            if is_w(child, "r") {
                self.run(child, pieces, in_note);
            } else if [
                "ins",
                "moveTo",
                "hyperlink",
                "smartTag",
                "customXml",
                "fldSimple",
                "sdtContent",
                "dir",
                "bdo",
            ]
            .iter()
            .any(|name| is_w(child, name))
            {
                self.inline(child, pieces, in_note);
            } else if is_w(child, "sdt")
                && let Some(content) = w_child(child, "sdtContent")
            {
                self.inline(content, pieces, in_note);
            }
        }
    }

    fn run(&mut self, run: Node<'_, '_>, pieces: &mut Vec<Piece>, in_note: bool) {
        let properties = w_child(run, "rPr");
        if is_on(properties, "vanish") {
            return;
        }
        let character_style = properties
            .and_then(|properties| w_child(properties, "rStyle"))
            .and_then(|style| w_attribute(style, "val"));
        let in_mark_style =
            character_style.is_some_and(|style| self.styles.footnote_reference.contains(style));
        let superscript = properties
            .and_then(|properties| w_child(properties, "vertAlign"))
            .is_some_and(|alignment| w_attribute(alignment, "val") == Some("superscript"));
        let cites_note =
            run.children().any(|child| is_w(child, "footnoteReference") || is_w(child, "endnoteReference"));
        if in_mark_style && !cites_note {
            // In a note, the mark printed at its head; in the body, a note cited again by its mark.
            if in_note {
                return;
            }
            let text: String =
                run.children().filter(|child| is_w(*child, "t")).filter_map(|text| text.text()).collect();
            let mark = text.trim();
            if !mark.is_empty() && mark.chars().count() <= 4 && !mark.contains(char::is_whitespace) {
                pieces.push(Piece::Mark(mark.to_string()));
                return;
            }
        }
        // Word users cite a footnote again with its mark in superscript: only a mark already cited counts,
        // so that "m2" or "1st" stay text.
        if superscript && !in_note && !cites_note {
            let text: String =
                run.children().filter(|child| is_w(*child, "t")).filter_map(|text| text.text()).collect();
            if !text.is_empty() && self.cited.values().any(|mark| *mark == text) {
                pieces.push(Piece::Mark(text));
                return;
            }
        }
        // A custom mark: the note's id and the mark's text so far.
        let mut custom: Option<(NoteKind, String, String)> = None;
        for child in run.children().filter(Node::is_element) {
            let name = child.tag_name().name();
            if !is_w(child, name) {
                continue;
            }
            if name != "t" {
                self.finish_custom(&mut custom, pieces);
            }
            match name {
                "t" => match &mut custom {
                    Some((_, _, mark)) => mark.push_str(child.text().unwrap_or_default()),
                    None => pieces.push(Piece::Text(child.text().unwrap_or_default().to_string())),
                },
                "tab" | "ptab" => pieces.push(Piece::Text("\t".to_string())),
                "br" | "cr" => pieces.push(Piece::Break),
                "noBreakHyphen" => pieces.push(Piece::Text("-".to_string())),
                "footnoteReference" | "endnoteReference" => {
                    let kind =
                        if name == "footnoteReference" { NoteKind::Footnote } else { NoteKind::Endnote };
                    let id = w_attribute(child, "id").unwrap_or_default().to_string();
                    if matches!(w_attribute(child, "customMarkFollows"), Some("1" | "true" | "on")) {
                        custom = Some((kind, id, String::new()));
                    } else {
                        let mark = self.automatic_mark(kind);
                        self.cite(kind, id, mark, pieces);
                    }
                }
                // Deleted text, field instructions, drawings and the like are not shown text.
                _ => {}
            }
        }
        self.finish_custom(&mut custom, pieces);
    }

    fn finish_custom(&mut self, custom: &mut Option<(NoteKind, String, String)>, pieces: &mut Vec<Piece>) {
        if let Some((kind, id, mark)) = custom.take() {
            let mark = mark.trim().to_string();
            let mark = if mark.is_empty() { self.automatic_mark(kind) } else { mark };
            self.cite(kind, id, mark, pieces);
        }
    }

    /// The next number of Word's own numbering of footnotes (1, 2 …) or endnotes (i, ii …).
    fn automatic_mark(&mut self, kind: NoteKind) -> String {
        let counter = self.automatic.entry(kind).or_insert(0);
        *counter += 1;
        match kind {
            NoteKind::Footnote => counter.to_string(),
            NoteKind::Endnote => roman(*counter),
        }
    }

    fn cite(&mut self, kind: NoteKind, id: String, mark: String, pieces: &mut Vec<Piece>) {
        self.cited.entry((kind, id)).or_insert_with(|| mark.clone());
        pieces.push(Piece::Mark(mark));
    }

    /// A footnote's or endnote's text: its paragraphs joined, without the mark printed at its head.
    fn note_text(&mut self, note: Node<'_, '_>) -> String {
        let mut texts = Vec::new();
        for paragraph in note.descendants().filter(|node| is_w(*node, "p")) {
            let mut pieces = Vec::new();
            self.inline(paragraph, &mut pieces, true);
            let text: String = pieces
                .iter()
                .map(|piece| match piece {
                    Piece::Text(text) => normalize_characters(text),
                    Piece::Mark(_) => String::new(),
                    Piece::Break => " ".to_string(),
                })
                .collect();
            texts.push(text);
        }
        crate::text::collapse_whitespace(&texts.join(" "))
    }
}

/// A paragraph for the layout: its label in front, its lines split at line breaks, its marks cut out.
fn file_paragraph(label: Option<String>, pieces: Vec<Piece>, heading: bool) -> FileParagraph {
    let mut lines = Vec::new();
    let mut current = MarkedText::default();
    if let Some(label) = label {
        current.text.push_str(&normalize_characters(&label));
        current.text.push(' ');
    }
    for piece in pieces {
        match piece {
            Piece::Text(text) => current.text.push_str(&normalize_characters(&text)),
            Piece::Mark(mark) => {
                current.text.push(MARK_PLACEHOLDER);
                current.marks.push(mark);
            }
            Piece::Break => lines.push(std::mem::take(&mut current)),
        }
    }
    lines.push(current);
    lines.retain(|line| !line.is_empty());
    FileParagraph { lines, heading }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use plenary_core::FootnoteRef;
    use zip::ZipWriter;
    use zip::write::SimpleFileOptions;

    use super::*;

    fn read_docx(bytes: &[u8]) -> crate::Imported {
        let imported = crate::import(bytes).unwrap();
        assert_eq!(imported.format, crate::Format::Docx);
        imported
    }

    /// A Word file made of the given parts, as another program might write it.
    fn docx_of(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            zip.start_file(*name, SimpleFileOptions::default()).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn body(paragraphs: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"{W}\"><w:body>{paragraphs}</w:body></w:document>"
        )
    }

    #[test]
    fn automatic_numbering_is_printed_in_front_of_the_paragraph_as_word_prints_it() {
        let numbering = format!(
            r#"<w:numbering xmlns:w="{W}">
            <w:abstractNum w:abstractNumId="7">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
              <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%3)"/></w:lvl>
            </w:abstractNum>
            <w:abstractNum w:abstractNumId="8"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
            <w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
            <w:num w:numId="4"><w:abstractNumId w:val="8"/></w:num>
            </w:numbering>"#
        );
        let numbered = |level: u8, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let paragraphs = [
            "<w:p><w:r><w:t>The General Assembly,</w:t></w:r></w:p>".to_string(),
            "<w:p><w:r><w:rPr><w:i/></w:rPr><w:t>Recalling</w:t></w:r><w:r><w:t xml:space=\"preserve\"> its resolutions,</w:t></w:r></w:p>".to_string(),
            numbered(0, "Condemns all forms of torture;"),
            numbered(0, "Urges States:"),
            numbered(1, "To prevent torture;"),
            numbered(1, "To investigate:"),
            numbered(2, "Every allegation;"),
            numbered(2, "Promptly;"),
            numbered(1, "To redress;"),
            numbered(0, "Decides to remain seized of the matter."),
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="4"/></w:numPr></w:pPr><w:r><w:t>63rd plenary meeting</w:t></w:r></w:p>"#.to_string(),
        ];
        let docx = docx_of(&[
            ("word/document.xml", &body(&paragraphs.concat())),
            ("word/numbering.xml", &numbering),
        ]);
        let document = read_docx(&docx).document;
        assert_eq!(document.preamble[0].text, "Recalling its resolutions,");
        let numbers: Vec<Option<u32>> = document.operative.iter().map(|paragraph| paragraph.number).collect();
        assert_eq!(numbers, [Some(1), Some(2), Some(3)]);
        let urges = &document.operative[1];
        let labels: Vec<&str> =
            urges.subparagraphs.iter().filter_map(|child| child.label.as_deref()).collect();
        assert_eq!(labels, ["a", "b", "c"]);
        let romans: Vec<&str> =
            urges.subparagraphs[1].subparagraphs.iter().filter_map(|child| child.label.as_deref()).collect();
        assert_eq!(romans, ["i", "ii"], "a sub-level starts again under each item");
        assert_eq!(urges.subparagraphs[1].subparagraphs[0].text, "Every allegation;");
        assert_eq!(
            document.meeting.as_ref().map(|meeting| meeting.meeting.as_str()),
            Some("63rd plenary meeting")
        );
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
    }

    #[test]
    fn tracked_changes_are_read_accepted_and_footnotes_with_their_marks() {
        let paragraphs = [
            "<w:p><w:r><w:t>The General Assembly,</w:t></w:r></w:p>",
            // A deleted paragraph: its text and its mark are gone once accepted.
            r#"<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr><w:del w:id="2" w:author="A"><w:r><w:delText>Noting the old text,</w:delText></w:r></w:del></w:p>"#,
            // Text inserted and deleted inside a paragraph; a footnote numbered by Word.
            r#"<w:p><w:r><w:t xml:space="preserve">Recalling its resolution </w:t></w:r><w:del w:id="3" w:author="A"><w:r><w:delText>78/77</w:delText></w:r></w:del><w:ins w:id="4" w:author="A"><w:r><w:t>79/90</w:t></w:r></w:ins><w:r><w:t>,</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="5"/></w:r></w:p>"#,
            // A paragraph split in two by an inserted mark; a custom mark; a field's instruction is not text.
            r#"<w:p><w:r><w:t xml:space="preserve">1.</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">Condemns torture</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:customMarkFollows="1" w:id="6"/><w:t>*</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>;</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
            r#"<w:p><w:r><w:t xml:space="preserve">2.</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>Decides to remain</w:t></w:r><w:moveFrom w:id="7" w:author="A"><w:r><w:t xml:space="preserve"> gone</w:t></w:r></w:moveFrom><w:r><w:t xml:space="preserve"> seized</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:t>1</w:t></w:r><w:r><w:t xml:space="preserve"> of the matter.</w:t></w:r></w:p>"#,
        ];
        let footnotes = format!(
            r#"<w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="5"><w:p><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> See A/79/100.</w:t></w:r></w:p></w:footnote><w:footnote w:id="6"><w:p><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:t>*</w:t></w:r><w:r><w:t xml:space="preserve"> Reissued.</w:t></w:r></w:p></w:footnote></w:footnotes>"#
        );
        let docx = docx_of(&[
            ("word/document.xml", &body(&paragraphs.concat())),
            ("word/footnotes.xml", &footnotes),
        ]);
        let document = read_docx(&docx).document;
        assert_eq!(document.preamble.len(), 1);
        assert_eq!(document.preamble[0].text, "Recalling its resolution 79/90,");
        assert_eq!(document.preamble[0].footnote_refs, vec![FootnoteRef { mark: "1".into(), at: 31 }]);
        assert_eq!(document.operative[0].text, "Condemns torture;");
        assert_eq!(document.operative[0].footnote_refs, vec![FootnoteRef { mark: "*".into(), at: 16 }]);
        assert_eq!(document.operative[1].text, "Decides to remain seized of the matter.");
        assert_eq!(document.operative[1].footnote_refs, vec![FootnoteRef { mark: "1".into(), at: 24 }]);
        let footnotes: Vec<(&str, &str)> = document
            .footnotes
            .iter()
            .map(|footnote| (footnote.mark.as_str(), footnote.text.as_str()))
            .collect();
        assert_eq!(footnotes, [("1", "See A/79/100."), ("*", "Reissued.")]);
    }

    #[test]
    fn a_file_that_is_not_a_word_document_is_refused_with_what_and_where() {
        let message = |bytes: &[u8]| crate::import(bytes).unwrap_err().to_string();
        assert!(message(b"PK\x03\x04 not really").contains("not a readable zip archive"));
        let no_document = docx_of(&[("content.xml", "<x/>")]);
        assert!(message(&no_document).contains("no word/document.xml"), "{}", message(&no_document));
        let broken = docx_of(&[("word/document.xml", &body("<w:p><w:r><w:t>text</w:r></w:p>"))]);
        let error = message(&broken);
        assert!(
            error.contains("word/document.xml")
                && error.contains("not well-formed")
                && error.contains(" at 1:132"),
            "{error}"
        );
        assert!(crate::import_as(b"plain text", crate::Format::Docx).is_err());
        // A part that unpacks past the cap is refused, however small the archive.
        let large = body(&"<w:p><w:r><w:t>torture</w:t></w:r></w:p>".repeat(2000));
        let archive = docx_of(&[("word/document.xml", &large)]);
        assert!(archive.len() < large.len() / 10, "deflate packs the repetition");
        let error =
            docx_to_layout_within(&archive, 10_000).err().map(|error| error.to_string()).unwrap_or_default();
        assert!(
            error.contains("unpack to more than 10000 bytes") && error.contains("MAX_UNPACKED_BYTES"),
            "{error}"
        );
        assert!(docx_to_layout_within(&archive, MAX_UNPACKED_BYTES).is_ok());
    }
}
