//! Akoma Ntoso 3.0 in the United Nations' AKN4UN profile: [`to_akn`] writes a document as AKN XML and
//! [`from_akn`] reads it back. The pair is lossless for every field of our model that the JSON form
//! carries, so `from_akn(to_akn(document))` gives back the same document; the reader is also tolerant
//! enough to take in AKN texts produced elsewhere.
//!
//! # Identifiers (FRBR)
//!
//! `<identification source="#plenary">` names the text at the three FRBR levels, in the AKN naming
//! convention with the UN as the country (`FRBRcountry` `un`) and English as the language:
//!
//! ```text
//! Work           /akn/un/statement/{subtype}/{actor}/{date}/{number}            FRBRthis adds /!main
//! Expression     /akn/un/statement/{subtype}/{actor}/{date}/{number}/eng@       FRBRthis adds /!main
//! Manifestation  /akn/un/statement/{subtype}/{actor}/{date}/{number}/eng@.akn   FRBRthis …/eng@/!main.xml
//! ```
//!
//! - `subtype` is the `name` of the `<statement>`: `resolution`, `draftResolution`, `draftDecision`,
//!   `amendment`, or `document` for any other text.
//! - `actor` is the body: `unga`, `unsc`, `unhrc`, `ecosoc` (taken from the symbol when the document does
//!   not name its body), or `un` when neither says. A draft keeps its body as actor; its committee shows
//!   in the number.
//! - `date` is the first date the document has of: adoption, issue (the "Distr." date), meeting. A
//!   Security Council text known only by the year in its symbol gets the year alone (`1993`); a text with
//!   no date at all gets `undated`. `FRBRdate` names which date it is (`adoption`, `issued`, `meeting`,
//!   `year`, `unknown`).
//! - `number` is built from the symbol: `80-198` for `A/RES/80/198`, `75-290b` for `A/RES/75/290 B`,
//!   `es-10-21` for `A/RES/ES-10/21`, `37-19` for `A/HRC/RES/37/19`, `830` for `S/RES/830 (1993)`;
//!   any other symbol drops its organ letter, lower-cases, removes dots, spaces and brackets and joins
//!   its parts with hyphens: `c3-80-l49` for `A/C.3/80/L.49`, `80-l9-rev1` for `A/80/L.9/Rev.1`. A text
//!   without a symbol is `unnumbered`.
//!
//! The number is a URI component, not the symbol: the symbol itself is kept exactly in the preface's
//! `<docNumber>` and in `FRBRnumber`'s `showAs`. Annexes are components `!annex1`, `!annex2` … of the
//! same work. The crate reads no clock, so the manifestation carries the expression's date.
//!
//! # Element ids
//!
//! An `eId` is our paragraph id with each `.` written as `__`, the AKN separator of nested ids: `pp3`,
//! `op4`, `op4__b__ii`, `sec2`, `sec2__op3`, `annex1`, `annex1__p3`. Our ids never contain `_`, so the
//! mapping is a bijection and the reader recovers every id exactly; an `eId` that does not map back to
//! a valid id (`para_1` from another producer) gives an id from position and printed number instead.
//! Footnotes are `fn_1`, `fn_2` … in the order of the document's footnote list.
//!
//! # Where things go
//!
//! - `<preface>`: one `<p class=…>` per masthead fact — `<docAuthority>` (body), `<docNumber>` (symbol),
//!   `<docStatus>` (distribution), `<docDate>` (issued), `<inline name="jobNumber">`, `<session
//!   value="80">`, agenda items (`<inline name="agendaItemNumber">` and `"agendaItemTitle"`),
//!   `<docCommittee>`, a `<container name="adoption">` with the adoption `<docDate>`, `<inline
//!   name="adoptionMeeting">` and `<inline name="adoptionRoute">`, the sponsors as `<docProponent>`s with
//!   `<inline name="sponsorNote">`, and `<docTitle>`.
//! - `<preamble>`: `<formula name="enactingFormula">`, then one `<container name="preambularParagraph">`
//!   per preambular paragraph; sub-paragraphs of a preambular paragraph are `<item>`s of a
//!   `<blockList>`, and a sub-heading is a `<p class="heading">`.
//! - `<mainBody>`: operative paragraphs as `<paragraph>` with `<num>4.</num>`, an optional `<heading>`,
//!   and `<content>` or, when sub-paragraphs follow, `<intro>` and nested `<subparagraph>`s with
//!   `<num>(b)</num>`. Each part of an omnibus resolution is a `<part>` with `<num>` and `<heading>`;
//!   its preambular paragraphs are `<hcontainer name="preambularParagraph">`, its operative paragraphs
//!   `<paragraph>`.
//! - The opening phrase of every preambular and operative paragraph is in `<i>`, as printed.
//! - Footnotes: the first citation of a footnote carries it as `<authorialNote marker="1"
//!   placement="bottom" eId="fn_1">` at the character offset of the mark; later citations are
//!   `<noteRef href="#fn_1" marker="1"/>`. Footnotes nobody cites (or that share the mark of an earlier
//!   footnote, and so cannot be cited by it) stand in `<meta><notes>`. A mark with no footnote keeps its
//!   place as `<noteRef href="#" marker="9" class="unresolved"/>`.
//! - `<conclusions>`: the meeting line (`<container name="meetingLine">`, its date in `<date>`) and a
//!   Security Council adoption record (`<container name="adoptionRecord">`).
//! - `<attachments>`: one `<attachment>` with a `<doc name="annex">` per annex; its heading is the
//!   preface's `<p class="heading">`, its blocks are `<p>` or, when labelled, `<paragraph>` with `<num>`.
//!
//! # Reading texts from elsewhere
//!
//! The reader matches elements by local name, so another namespace (AKN 2.0, none) is read with an info
//! diagnostic. It reads `<recital>`s, `<citation>`s and bare `<p>`s in the preamble; `<division>`,
//! `<chapter>`, `<hcontainer>` and similar parts as sections, with `<intro>` paragraphs as their
//! preamble; `<point>`s, `<list>`s and `<blockList>` items as sub-paragraphs; `<crossHeading>` as the
//! heading of the next paragraph; notes inside `<sup>`, `<noteRef>`s that carry only an `href`, and bare
//! `<sup>1</sup>` marks. Every text is whitespace-normalised: runs of XML white space become one space,
//! none is kept at either end, and footnote offsets are counted in the normalised text. An element the
//! reader does not know is skipped with an info diagnostic naming it and its line; a paragraph without a
//! usable `eId` gets its id from its position and number. Only XML that is not well-formed, or nested
//! absurdly deep, is refused.
//!
//! # What the round trip assumes
//!
//! The reader rebuilds footnote marks in the order of their offsets and cannot place a mark beyond the
//! end of its text, so the round trip is exact for documents whose marks are sorted by offset and lie
//! within their text, as the importers produce them; texts are expected in the model's normalised form
//! (single spaces, none at either end). Each of the 2,048 texts of the corpus satisfies both.

use std::collections::HashMap;

use plenary_core::dates::format_date;
use plenary_core::vocabulary::{ParagraphPart, opening_phrase, starts_preambular_paragraph};
use plenary_core::{
    Adoption, AgendaItem, Annex, AnnexBlock, Body, Committee, Diagnostic, Distribution, Document,
    DocumentKind, Footnote, FootnoteRef, MeetingLine, Paragraph, ParagraphId, Section, Session, Symbol,
    SymbolKind,
};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use roxmltree::Node;
use time::Date;
use time::macros::format_description;

use crate::ImportError;
use crate::json::iso_date;
use crate::limits::{self, XmlRefusal};

/// The namespace of Akoma Ntoso 3.0.
const AKN_NAMESPACE: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

/// Writes a document as Akoma Ntoso 3.0 XML, pretty-printed; see the module documentation for the
/// mapping.
pub fn to_akn(document: &Document) -> String {
    let mut writer = AknWriter {
        out: XmlOutput::new(),
        document,
        notes: FootnotePlacement::new(document),
        identity: WorkIdentity::of(document),
    };
    writer.write_document();
    writer.out.finish()
}

/// Reads a document from Akoma Ntoso XML: everything [`to_akn`] writes, and AKN texts from elsewhere as
/// far as they map onto our model. Fails only when the XML is not well-formed or crosses one of the XML
/// limits of [`crate::limits`]: a DTD (where entity bombs live), more than [`MAX_XML_NODES`] nodes, elements
/// nested deeper than [`MAX_XML_DEPTH`] (the reader walks the tree recursively; the bound keeps it within
/// the stack).
///
/// [`MAX_XML_NODES`]: crate::limits::MAX_XML_NODES
/// [`MAX_XML_DEPTH`]: crate::limits::MAX_XML_DEPTH
pub fn from_akn(text: &str) -> Result<(Document, Vec<Diagnostic>), ImportError> {
    let tree = limits::parse_xml("Akoma Ntoso", text).map_err(|refusal| match refusal {
        XmlRefusal::Limit(error) => error,
        XmlRefusal::Malformed(error) => {
            let position = error.pos();
            ImportError::Xml { line: position.row, column: position.col, message: error.to_string() }
        }
    })?;
    let mut reader = AknReader::new(&tree);
    let document = reader.read();
    Ok((document, reader.diagnostics))
}

// ----------------------------------------------------------------------------------------------------
// Names shared by the writer and the reader.

/// The `name` of the `<statement>` for each kind of document; it is also the URI's subtype.
fn statement_name(kind: &DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Resolution => "resolution",
        DocumentKind::DraftResolution => "draftResolution",
        DocumentKind::DraftDecision => "draftDecision",
        DocumentKind::Amendment => "amendment",
        DocumentKind::Other => "document",
    }
}

/// Reads a `<statement name=…>` (or `<doc name=…>`); AKN4UN calls adopted resolutions "deliberation".
fn kind_from_statement_name(name: &str) -> Option<DocumentKind> {
    let lower = name.to_ascii_lowercase().replace(['_', '-', ' '], "");
    match lower.as_str() {
        "resolution" | "deliberation" => Some(DocumentKind::Resolution),
        "draftresolution" => Some(DocumentKind::DraftResolution),
        "draftdecision" => Some(DocumentKind::DraftDecision),
        "amendment" => Some(DocumentKind::Amendment),
        "document" => Some(DocumentKind::Other),
        _ => None,
    }
}

/// The actor code of a body in URIs and in `FRBRauthor`.
fn body_code(body: Body) -> &'static str {
    match body {
        Body::GeneralAssembly => "unga",
        Body::SecurityCouncil => "unsc",
        Body::HumanRightsCouncil => "unhrc",
        Body::EconomicAndSocialCouncil => "ecosoc",
    }
}

/// Reads an actor code or organisation reference (`#unga`, `ga`, `#generalAssembly`).
fn body_from_code(code: &str) -> Option<Body> {
    let code = code.trim().trim_start_matches('#').to_ascii_lowercase();
    let code = code.rsplit('/').next().unwrap_or_default();
    match code {
        "unga" | "ga" | "generalassembly" => Some(Body::GeneralAssembly),
        "unsc" | "sc" | "securitycouncil" => Some(Body::SecurityCouncil),
        "unhrc" | "hrc" | "humanrightscouncil" => Some(Body::HumanRightsCouncil),
        "ecosoc" | "economicandsocialcouncil" => Some(Body::EconomicAndSocialCouncil),
        _ => None,
    }
}

/// Our paragraph id as an `eId`: `op4.b.ii` → `op4__b__ii`.
fn element_id(id: &ParagraphId) -> String {
    id.as_str().replace('.', "__")
}

/// The inverse of [`element_id`], for `eId`s that map back onto our id grammar.
fn paragraph_id_from_element_id(element_id: &str) -> Option<ParagraphId> {
    ParagraphId::parse(&element_id.replace("__", ".")).ok()
}

/// The `eId` of the footnote at `index` in the document's footnote list.
fn footnote_element_id(index: usize) -> String {
    format!("fn_{}", index + 1)
}

/// The printed `<num>` of a paragraph: `4.` for a number, `(b)` for a label.
fn num_text(number: Option<u32>, label: Option<&str>) -> Option<String> {
    match (number, label) {
        (Some(number), None) => Some(format!("{number}.")),
        (None, Some(label)) => Some(format!("({label})")),
        (Some(number), Some(label)) => Some(format!("{number}. ({label})")),
        (None, None) => None,
    }
}

/// Reads a `<num>` written by [`num_text`], and the usual forms of other producers (`1`, `a)`, `(iv)`).
fn parse_num(text: &str) -> (Option<u32>, Option<String>) {
    let text = text.trim();
    if let Some(inside) = text.strip_suffix(')')
        && let Some(open) = inside.rfind('(')
    {
        let label = &inside[open + 1..];
        let before = inside[..open].trim();
        let number = parse_number(before.strip_suffix('.').unwrap_or(before));
        if before.is_empty() || number.is_some() {
            return (number, Some(label.to_string()));
        }
    }
    let bare = text.strip_suffix('.').unwrap_or(text);
    if let Some(number) = parse_number(bare) {
        return (Some(number), None);
    }
    if bare.is_empty() {
        return (None, None);
    }
    (None, Some(bare.strip_suffix(')').unwrap_or(bare).to_string()))
}

fn parse_number(text: &str) -> Option<u32> {
    if text.is_empty() || !text.chars().all(|character| character.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

// ----------------------------------------------------------------------------------------------------
// Writing.

/// The FRBR identity of a document, computed once.
#[derive(Debug)]
struct WorkIdentity {
    work_uri: String,
    work_date: String,
    work_date_name: &'static str,
    expression_date: String,
    expression_date_name: &'static str,
    /// The `FRBRauthor` reference: the document's own body, or `un` when it names none.
    author: &'static str,
}

impl WorkIdentity {
    fn of(document: &Document) -> WorkIdentity {
        let symbol = document.symbol.as_ref();
        let actor = document.body.or_else(|| symbol.and_then(Symbol::body)).map(body_code).unwrap_or("un");
        let dated = [
            (document.adoption.as_ref().and_then(|adoption| adoption.date), "adoption"),
            (document.issued, "issued"),
            (document.meeting.as_ref().and_then(|meeting| meeting.date), "meeting"),
        ]
        .into_iter()
        .find_map(|(date, name)| date.map(|date| (date, name)));
        let (work_date, work_date_name, date_component) = match dated {
            Some((date, name)) => (iso_date(date), name, iso_date(date)),
            None => match symbol_year(symbol) {
                Some(year) => (format!("{year:04}-01-01"), "year", format!("{year:04}")),
                None => ("0001-01-01".to_string(), "unknown", "undated".to_string()),
            },
        };
        let (expression_date, expression_date_name) = match document.issued {
            Some(issued) => (iso_date(issued), "issued"),
            None => (work_date.clone(), work_date_name),
        };
        let work_uri = format!(
            "/akn/un/statement/{}/{actor}/{date_component}/{}",
            statement_name(&document.kind),
            number_component(symbol)
        );
        WorkIdentity {
            work_uri,
            work_date,
            work_date_name,
            expression_date,
            expression_date_name,
            author: document.body.map(body_code).unwrap_or("un"),
        }
    }
}

/// The year a Security Council symbol prints after its number.
fn symbol_year(symbol: Option<&Symbol>) -> Option<u16> {
    match symbol?.kind() {
        SymbolKind::Resolution { year, .. } => *year,
        _ => None,
    }
}

/// The number component of the work URI; see the module documentation.
fn number_component(symbol: Option<&Symbol>) -> String {
    let Some(symbol) = symbol else {
        return "unnumbered".to_string();
    };
    match symbol.kind() {
        SymbolKind::Resolution { body: Body::SecurityCouncil, number, .. } => number.to_string(),
        SymbolKind::Resolution { session: Some(session), number, part, .. } => {
            let part = part.map(|letter| letter.to_ascii_lowercase().to_string()).unwrap_or_default();
            format!("{}-{number}{part}", session.symbol_segment().to_ascii_lowercase())
        }
        _ => {
            let key = symbol.key();
            let mut segments: Vec<String> = key
                .split('/')
                .map(|segment| {
                    segment
                        .chars()
                        .filter(|character| character.is_ascii_alphanumeric() || *character == '-')
                        .flat_map(|character| character.to_lowercase())
                        .collect()
                })
                .collect();
            if segments.len() > 1 {
                segments.remove(0);
            }
            segments.retain(|segment| !segment.is_empty());
            segments.join("-")
        }
    }
}

/// Which footnote each mark refers to, and which footnotes have been written, so that the first citation
/// carries the note and later ones refer to it.
#[derive(Debug)]
struct FootnotePlacement<'a> {
    footnotes: &'a [Footnote],
    /// The first footnote with each mark; a later footnote with the same mark is never cited by mark.
    index_by_mark: HashMap<&'a str, usize>,
    written: Vec<bool>,
    /// Footnotes that some citation will carry; the others go to `<meta><notes>`.
    cited: Vec<bool>,
}

impl<'a> FootnotePlacement<'a> {
    fn new(document: &'a Document) -> FootnotePlacement<'a> {
        let mut index_by_mark = HashMap::new();
        for (index, footnote) in document.footnotes.iter().enumerate() {
            index_by_mark.entry(footnote.mark.as_str()).or_insert(index);
        }
        let mut cited = vec![false; document.footnotes.len()];
        let paragraph_refs = document.paragraphs().into_iter().flat_map(|paragraph| &paragraph.footnote_refs);
        let record_refs = document
            .adoption
            .iter()
            .filter(|adoption| adoption.record.is_some())
            .flat_map(|adoption| &adoption.record_footnote_refs);
        let annex_refs =
            document.annexes.iter().flat_map(|annex| &annex.blocks).flat_map(|block| &block.footnote_refs);
        for reference in paragraph_refs.chain(record_refs).chain(annex_refs) {
            if let Some(&index) = index_by_mark.get(reference.mark.as_str()) {
                cited[index] = true;
            }
        }
        FootnotePlacement {
            footnotes: &document.footnotes,
            index_by_mark,
            written: vec![false; document.footnotes.len()],
            cited,
        }
    }
}

/// An XML writer that indents the structure but never puts white space inside mixed content, where it
/// would change the text.
struct XmlOutput {
    writer: Writer<Vec<u8>>,
    depth: usize,
}

impl XmlOutput {
    fn new() -> XmlOutput {
        let mut output = XmlOutput { writer: Writer::new(Vec::new()), depth: 0 };
        output.emit(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        output
    }

    fn emit(&mut self, event: Event<'_>) {
        self.writer.write_event(event).expect("writing XML into memory cannot fail");
    }

    fn line_break(&mut self) {
        let indentation = format!("\n{}", "  ".repeat(self.depth));
        self.emit(Event::Text(BytesText::from_escaped(indentation)));
    }

    /// Opens an element that holds only other elements, on a line of its own.
    fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.line_break();
        self.emit(Event::Start(start_tag(name, attributes)));
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.line_break();
        self.emit(Event::End(BytesEnd::new(name)));
    }

    /// An element with text only, on a line of its own.
    fn element(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.line_break();
        self.inline_element(name, attributes, text);
    }

    /// An empty element on a line of its own.
    fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.line_break();
        self.emit(Event::Empty(start_tag(name, attributes)));
    }

    /// Starts an element of mixed content on a line of its own; what follows stays on that line.
    fn begin_line(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.line_break();
        self.start_inline(name, attributes);
    }

    fn start_inline(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.emit(Event::Start(start_tag(name, attributes)));
    }

    fn end_inline(&mut self, name: &str) {
        self.emit(Event::End(BytesEnd::new(name)));
    }

    fn inline_element(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        if text.is_empty() {
            self.emit(Event::Empty(start_tag(name, attributes)));
        } else {
            self.start_inline(name, attributes);
            self.text(text);
            self.end_inline(name);
        }
    }

    fn empty_inline(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.emit(Event::Empty(start_tag(name, attributes)));
    }

    fn text(&mut self, text: &str) {
        if !text.is_empty() {
            self.emit(Event::Text(BytesText::new(text)));
        }
    }

    fn finish(mut self) -> String {
        self.emit(Event::Text(BytesText::from_escaped("\n")));
        let bytes = self.writer.into_inner();
        String::from_utf8(bytes)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
    }
}

fn start_tag<'a>(name: &'a str, attributes: &[(&'a str, &'a str)]) -> BytesStart<'a> {
    BytesStart::new(name).with_attributes(attributes.iter().copied())
}

/// Writes one document; the footnote placement is shared by everything that cites footnotes.
struct AknWriter<'a> {
    out: XmlOutput,
    document: &'a Document,
    notes: FootnotePlacement<'a>,
    identity: WorkIdentity,
}

impl AknWriter<'_> {
    fn write_document(&mut self) {
        let document = self.document;
        self.out.open("akomaNtoso", &[("xmlns", AKN_NAMESPACE)]);
        self.out.open("statement", &[("name", statement_name(&document.kind))]);
        self.write_meta();
        self.write_preface();
        self.write_preamble();
        self.write_main_body();
        self.write_conclusions();
        self.write_attachments();
        self.out.close("statement");
        self.out.close("akomaNtoso");
    }

    fn write_meta(&mut self) {
        let document = self.document;
        self.out.open("meta", &[]);
        self.write_identification("!main", true);
        self.out.open("references", &[("source", "#plenary")]);
        self.out.empty(
            "TLCOrganization",
            &[("eId", "plenary"), ("href", "/ontology/organization/plenary"), ("showAs", "Plenary")],
        );
        let (author, author_name) = match document.body {
            Some(body) => (body_code(body), body.name()),
            None => ("un", "United Nations"),
        };
        let author_href = match document.body {
            Some(_) => format!("/akn/ontology/organization/un/{author}"),
            None => "/akn/ontology/organization/un".to_string(),
        };
        self.out
            .empty("TLCOrganization", &[("eId", author), ("href", &author_href), ("showAs", author_name)]);
        self.out.close("references");
        let uncited: Vec<usize> = (0..self.notes.footnotes.len()).filter(|&i| !self.notes.cited[i]).collect();
        if !uncited.is_empty() {
            self.out.open("notes", &[("source", "#plenary")]);
            for index in uncited {
                let footnote = &self.notes.footnotes[index];
                self.notes.written[index] = true;
                let element_id = footnote_element_id(index);
                self.out.open("note", &[("eId", &element_id), ("marker", &footnote.mark)]);
                self.out.element("p", &[], &footnote.text);
                self.out.close("note");
            }
            self.out.close("notes");
        }
        self.out.close("meta");
    }

    /// The FRBR identification of the main document (`!main`) or of an annex (`!annex1`).
    fn write_identification(&mut self, component: &str, is_main: bool) {
        let identity = &self.identity;
        let work_uri = identity.work_uri.clone();
        let expression_uri = format!("{work_uri}/eng@");
        let work_this = format!("{work_uri}/{component}");
        let expression_this = format!("{expression_uri}/{component}");
        let manifestation_this = format!("{expression_uri}/{component}.xml");
        let manifestation_uri = format!("{expression_uri}.akn");
        let author = format!("#{}", identity.author);
        let (work_date, work_date_name) = (identity.work_date.clone(), identity.work_date_name);
        let (expression_date, expression_date_name) =
            (identity.expression_date.clone(), identity.expression_date_name);
        let symbol = self.document.symbol.as_ref();
        let subtype = statement_name(&self.document.kind);

        self.out.open("identification", &[("source", "#plenary")]);
        self.out.open("FRBRWork", &[]);
        self.out.empty("FRBRthis", &[("value", &work_this)]);
        self.out.empty("FRBRuri", &[("value", &work_uri)]);
        self.out.empty("FRBRdate", &[("date", &work_date), ("name", work_date_name)]);
        self.out.empty("FRBRauthor", &[("href", &author)]);
        self.out.empty("FRBRcountry", &[("value", "un")]);
        self.out.empty("FRBRsubtype", &[("value", subtype)]);
        if is_main && let Some(symbol) = symbol {
            let number = number_component(Some(symbol));
            self.out.empty("FRBRnumber", &[("value", &number), ("showAs", symbol.as_str())]);
        }
        self.out.close("FRBRWork");
        self.out.open("FRBRExpression", &[]);
        self.out.empty("FRBRthis", &[("value", &expression_this)]);
        self.out.empty("FRBRuri", &[("value", &expression_uri)]);
        self.out.empty("FRBRdate", &[("date", &expression_date), ("name", expression_date_name)]);
        self.out.empty("FRBRauthor", &[("href", &author)]);
        self.out.empty("FRBRlanguage", &[("language", "eng")]);
        self.out.close("FRBRExpression");
        self.out.open("FRBRManifestation", &[]);
        self.out.empty("FRBRthis", &[("value", &manifestation_this)]);
        self.out.empty("FRBRuri", &[("value", &manifestation_uri)]);
        self.out.empty("FRBRdate", &[("date", &expression_date), ("name", expression_date_name)]);
        self.out.empty("FRBRauthor", &[("href", "#plenary")]);
        self.out.empty("FRBRformat", &[("value", "application/akn+xml")]);
        self.out.close("FRBRManifestation");
        self.out.close("identification");
    }

    fn write_preface(&mut self) {
        let document = self.document;
        let adoption = document.adoption.as_ref();
        let adoption_in_preface = adoption.is_some_and(|adoption| {
            adoption.date.is_some()
                || adoption.meeting.is_some()
                || adoption.route.is_some()
                || adoption.record.is_none()
        });
        let has_preface = document.body.is_some()
            || document.symbol.is_some()
            || document.distribution.is_some()
            || document.issued.is_some()
            || document.job_number.is_some()
            || document.session.is_some()
            || !document.agenda_items.is_empty()
            || document.committee.is_some()
            || adoption_in_preface
            || !document.sponsors.is_empty()
            || document.sponsor_note.is_some()
            || !document.title.is_empty();
        if !has_preface {
            return;
        }
        self.out.open("preface", &[]);
        if let Some(body) = document.body {
            let reference = format!("#{}", body_code(body));
            self.out.begin_line("p", &[("class", "organ")]);
            self.out.inline_element("docAuthority", &[("refersTo", &reference)], body.name());
            self.out.end_inline("p");
        }
        if let Some(symbol) = &document.symbol {
            self.out.begin_line("p", &[("class", "symbol")]);
            self.out.inline_element("docNumber", &[], symbol.as_str());
            self.out.end_inline("p");
        }
        if let Some(distribution) = document.distribution {
            let (word, reference) = match distribution {
                Distribution::General => ("General", "#general"),
                Distribution::Limited => ("Limited", "#limited"),
                Distribution::Restricted => ("Restricted", "#restricted"),
            };
            self.out.begin_line("p", &[("class", "distribution")]);
            self.out.text("Distr.: ");
            self.out.inline_element("docStatus", &[("refersTo", reference)], word);
            self.out.end_inline("p");
        }
        if let Some(issued) = document.issued {
            self.out.begin_line("p", &[("class", "issued")]);
            self.out.inline_element("docDate", &[("date", &iso_date(issued))], &format_date(issued));
            self.out.end_inline("p");
        }
        if let Some(job_number) = &document.job_number {
            self.out.begin_line("p", &[("class", "jobNumber")]);
            self.out.inline_element("inline", &[("name", "jobNumber")], job_number);
            self.out.end_inline("p");
        }
        if let Some(session) = document.session {
            self.out.begin_line("p", &[("class", "session")]);
            self.out.inline_element("session", &[("value", &session.symbol_segment())], &session.masthead());
            self.out.end_inline("p");
        }
        for agenda_item in &document.agenda_items {
            self.out.begin_line("p", &[("class", "agendaItem")]);
            self.out.text("Agenda item ");
            self.out.inline_element("inline", &[("name", "agendaItemNumber")], &agenda_item.item);
            if let Some(title) = &agenda_item.title {
                self.out.text(" ");
                self.out.inline_element("inline", &[("name", "agendaItemTitle")], title);
            }
            self.out.end_inline("p");
        }
        if let Some(committee) = document.committee {
            self.out.begin_line("p", &[("class", "committee")]);
            self.out.inline_element("docCommittee", &[], &committee.name());
            self.out.end_inline("p");
        }
        if let Some(adoption) = adoption.filter(|_| adoption_in_preface) {
            self.write_adoption(adoption);
        }
        if !document.sponsors.is_empty() || document.sponsor_note.is_some() {
            self.out.begin_line("p", &[("class", "sponsors")]);
            for (position, sponsor) in document.sponsors.iter().enumerate() {
                if position > 0 {
                    self.out.text(", ");
                }
                self.out.inline_element("docProponent", &[], sponsor);
            }
            if let Some(note) = &document.sponsor_note {
                if !document.sponsors.is_empty() {
                    self.out.text(": ");
                }
                self.out.inline_element("inline", &[("name", "sponsorNote")], note);
            }
            self.out.end_inline("p");
        }
        if !document.title.is_empty() {
            self.out.begin_line("p", &[("class", "title")]);
            self.out.inline_element("docTitle", &[], &document.title);
            self.out.end_inline("p");
        }
        self.out.close("preface");
    }

    /// The adoption facts of the masthead or heading; an adoption that records nothing at all still gets
    /// its container, so that the reader knows there was one.
    fn write_adoption(&mut self, adoption: &Adoption) {
        self.out.open("container", &[("name", "adoption")]);
        if let Some(date) = adoption.date {
            self.out.begin_line("p", &[("class", "adoptionDate")]);
            self.out.text("Adopted on ");
            self.out.inline_element("docDate", &[("date", &iso_date(date))], &format_date(date));
            self.out.end_inline("p");
        }
        if let Some(meeting) = &adoption.meeting {
            self.out.begin_line("p", &[("class", "adoptionMeeting")]);
            self.out.text("At the ");
            self.out.inline_element("inline", &[("name", "adoptionMeeting")], meeting);
            self.out.end_inline("p");
        }
        if let Some(route) = &adoption.route {
            self.out.begin_line("p", &[("class", "adoptionRoute")]);
            self.out.text("[");
            self.out.inline_element("inline", &[("name", "adoptionRoute")], route);
            self.out.text("]");
            self.out.end_inline("p");
        }
        if adoption.date.is_none() && adoption.meeting.is_none() && adoption.route.is_none() {
            self.out.empty("p", &[("class", "adoption")]);
        }
        self.out.close("container");
    }

    fn write_preamble(&mut self) {
        let document = self.document;
        if document.enacting_formula.is_none() && document.preamble.is_empty() {
            return;
        }
        self.out.open("preamble", &[]);
        if let Some(formula) = &document.enacting_formula {
            self.out.open("formula", &[("name", "enactingFormula")]);
            self.out.element("p", &[], formula);
            self.out.close("formula");
        }
        for paragraph in &document.preamble {
            self.write_preambular_paragraph(paragraph, false);
        }
        self.out.close("preamble");
    }

    /// A preambular paragraph: a `<container>` in the preamble, an `<hcontainer>` inside a part (where
    /// AKN allows only hierarchical elements).
    fn write_preambular_paragraph(&mut self, paragraph: &Paragraph, in_part: bool) {
        let element_id = element_id(&paragraph.id);
        let element = if in_part { "hcontainer" } else { "container" };
        self.out.open(element, &[("name", "preambularParagraph"), ("eId", &element_id)]);
        if let Some(num) = num_text(paragraph.number, paragraph.label.as_deref()) {
            self.out.element("num", &[], &num);
        }
        if in_part {
            if let Some(heading) = &paragraph.heading {
                self.out.element("heading", &[], heading);
            }
            self.out.open("content", &[]);
        } else if let Some(heading) = &paragraph.heading {
            self.out.element("p", &[("class", "heading")], heading);
        }
        self.write_paragraph_text(paragraph, Some(ParagraphPart::Preambular));
        if !paragraph.subparagraphs.is_empty() {
            self.write_block_list(&paragraph.subparagraphs);
        }
        if in_part {
            self.out.close("content");
        }
        self.out.close(element);
    }

    /// The sub-paragraphs of a preambular paragraph, as the items of a block list.
    fn write_block_list(&mut self, items: &[Paragraph]) {
        self.out.open("blockList", &[]);
        for item in items {
            let element_id = element_id(&item.id);
            self.out.open("item", &[("eId", &element_id)]);
            if let Some(num) = num_text(item.number, item.label.as_deref()) {
                self.out.element("num", &[], &num);
            }
            if let Some(heading) = &item.heading {
                self.out.element("p", &[("class", "heading")], heading);
            }
            self.write_paragraph_text(item, None);
            if !item.subparagraphs.is_empty() {
                self.write_block_list(&item.subparagraphs);
            }
            self.out.close("item");
        }
        self.out.close("blockList");
    }

    fn write_main_body(&mut self) {
        let document = self.document;
        self.out.open("mainBody", &[]);
        for paragraph in &document.operative {
            self.write_operative_paragraph(paragraph, "paragraph");
        }
        for section in &document.sections {
            let element_id = element_id(&section.id);
            self.out.open("part", &[("eId", &element_id)]);
            self.out.element("num", &[], &section.label);
            self.out.element("heading", &[], &section.heading);
            for paragraph in &section.preamble {
                self.write_preambular_paragraph(paragraph, true);
            }
            for paragraph in &section.operative {
                self.write_operative_paragraph(paragraph, "paragraph");
            }
            self.out.close("part");
        }
        self.out.close("mainBody");
    }

    /// An operative paragraph or one of its sub-paragraphs; the text is the `<content>`, or the `<intro>`
    /// when sub-paragraphs follow it.
    fn write_operative_paragraph(&mut self, paragraph: &Paragraph, element: &str) {
        let element_id = element_id(&paragraph.id);
        self.out.open(element, &[("eId", &element_id)]);
        if let Some(num) = num_text(paragraph.number, paragraph.label.as_deref()) {
            self.out.element("num", &[], &num);
        }
        if let Some(heading) = &paragraph.heading {
            self.out.element("heading", &[], heading);
        }
        let part = (element == "paragraph").then_some(ParagraphPart::Operative);
        let wrapper = if paragraph.subparagraphs.is_empty() { "content" } else { "intro" };
        self.out.open(wrapper, &[]);
        self.write_paragraph_text(paragraph, part);
        self.out.close(wrapper);
        for subparagraph in &paragraph.subparagraphs {
            self.write_operative_paragraph(subparagraph, "subparagraph");
        }
        self.out.close(element);
    }

    /// A paragraph's text as a `<p>`, its opening phrase in italics when `part` says where to look for one.
    fn write_paragraph_text(&mut self, paragraph: &Paragraph, part: Option<ParagraphPart>) {
        let italics = part.and_then(|part| opening_phrase_span(&paragraph.text, part));
        self.out.begin_line("p", &[]);
        self.write_marked_text(&paragraph.text, &paragraph.footnote_refs, italics);
        self.out.end_inline("p");
    }

    /// Writes text with its footnote marks placed at their character offsets and the characters in
    /// `italics` (a range of character offsets) inside `<i>`.
    fn write_marked_text(&mut self, text: &str, refs: &[FootnoteRef], italics: Option<(usize, usize)>) {
        let mut sorted: Vec<&FootnoteRef> = refs.iter().collect();
        sorted.sort_by_key(|reference| reference.at);
        let mut pending = sorted.into_iter().peekable();
        let mut run = String::new();
        let length = text.chars().count();
        let mut characters = text.chars();
        for position in 0..=length {
            if let Some((start, end)) = italics {
                if position == end && start < end {
                    self.out.text(&std::mem::take(&mut run));
                    self.out.end_inline("i");
                }
            }
            while let Some(reference) =
                pending.next_if(|reference| reference.at == position || position == length)
            {
                self.out.text(&std::mem::take(&mut run));
                self.write_footnote_mark(&reference.mark);
            }
            if let Some((start, end)) = italics
                && position == start
                && start < end
            {
                self.out.text(&std::mem::take(&mut run));
                self.out.start_inline("i", &[]);
            }
            if let Some(character) = characters.next() {
                run.push(character);
            }
        }
        self.out.text(&run);
    }

    /// The note itself at its first citation, a reference to it afterwards. A mark with no footnote of
    /// its own still keeps its place, as a reference to nothing.
    fn write_footnote_mark(&mut self, mark: &str) {
        match self.notes.index_by_mark.get(mark).copied() {
            Some(index) if !self.notes.written[index] => {
                self.notes.written[index] = true;
                let element_id = footnote_element_id(index);
                let text = &self.notes.footnotes[index].text;
                self.out.start_inline(
                    "authorialNote",
                    &[("marker", mark), ("placement", "bottom"), ("eId", &element_id)],
                );
                self.out.inline_element("p", &[], text);
                self.out.end_inline("authorialNote");
            }
            Some(index) => {
                let href = format!("#{}", footnote_element_id(index));
                self.out.empty_inline("noteRef", &[("href", &href), ("marker", mark)]);
            }
            None => {
                self.out.empty_inline("noteRef", &[("href", "#"), ("marker", mark), ("class", "unresolved")])
            }
        }
    }

    fn write_conclusions(&mut self) {
        let document = self.document;
        let record = document.adoption.as_ref().and_then(|adoption| {
            adoption.record.as_deref().map(|record| (record, adoption.record_footnote_refs.as_slice()))
        });
        if document.meeting.is_none() && record.is_none() {
            return;
        }
        self.out.open("conclusions", &[]);
        if let Some(meeting) = &document.meeting {
            self.out.open("container", &[("name", "meetingLine")]);
            self.out.begin_line("p", &[("class", "meeting")]);
            self.out.inline_element("i", &[], &meeting.meeting);
            self.out.end_inline("p");
            if let Some(date) = meeting.date {
                self.out.begin_line("p", &[("class", "meetingDate")]);
                self.out.start_inline("i", &[]);
                self.out.inline_element("date", &[("date", &iso_date(date))], &format_date(date));
                self.out.end_inline("i");
                self.out.end_inline("p");
            }
            self.out.close("container");
        }
        if let Some((record, refs)) = record {
            self.out.open("container", &[("name", "adoptionRecord")]);
            self.out.begin_line("p", &[]);
            self.write_marked_text(record, refs, None);
            self.out.end_inline("p");
            self.out.close("container");
        }
        self.out.close("conclusions");
    }

    fn write_attachments(&mut self) {
        let document = self.document;
        if document.annexes.is_empty() {
            return;
        }
        self.out.open("attachments", &[]);
        for annex in &document.annexes {
            let element_id = element_id(&annex.id);
            self.out.open("attachment", &[("eId", &element_id)]);
            self.out.open("doc", &[("name", "annex")]);
            self.out.open("meta", &[]);
            self.write_identification(&format!("!{element_id}"), false);
            self.out.close("meta");
            self.out.open("preface", &[]);
            self.out.element("p", &[("class", "heading")], &annex.heading);
            self.out.close("preface");
            self.out.open("mainBody", &[]);
            for block in &annex.blocks {
                self.write_annex_block(block);
            }
            self.out.close("mainBody");
            self.out.close("doc");
            self.out.close("attachment");
        }
        self.out.close("attachments");
    }

    /// An annex block: a `<p>`, or a `<paragraph>` when it carries a printed label.
    fn write_annex_block(&mut self, block: &AnnexBlock) {
        let element_id = element_id(&block.id);
        match &block.label {
            None => {
                self.out.begin_line("p", &[("eId", &element_id)]);
                self.write_marked_text(&block.text, &block.footnote_refs, None);
                self.out.end_inline("p");
            }
            Some(label) => {
                self.out.open("paragraph", &[("eId", &element_id)]);
                self.out.element("num", &[], label);
                self.out.open("content", &[]);
                self.out.begin_line("p", &[]);
                self.write_marked_text(&block.text, &block.footnote_refs, None);
                self.out.end_inline("p");
                self.out.close("content");
                self.out.close("paragraph");
            }
        }
    }
}

/// The character offsets of a paragraph's opening phrase, for the italics.
fn opening_phrase_span(text: &str, part: ParagraphPart) -> Option<(usize, usize)> {
    let phrase = opening_phrase(text, part)?;
    let start_byte = text.len() - text.trim_start().len();
    let end_byte = start_byte + phrase.len();
    let start = text.get(..start_byte)?.chars().count();
    let end = text.get(..end_byte)?.chars().count();
    (start < end).then_some((start, end))
}

// ----------------------------------------------------------------------------------------------------
// Reading.

/// Whitespace-normalised text with the footnote marks met along the way, at their offsets in the
/// normalised text.
#[derive(Debug, Default)]
struct TextCollector {
    text: String,
    length: usize,
    /// White space was seen after some text; it becomes one space if more text follows.
    pending_space: bool,
    marks: Vec<FootnoteRef>,
}

impl TextCollector {
    fn push_text(&mut self, text: &str) {
        for character in text.chars() {
            if is_xml_space(character) {
                self.push_break();
            } else {
                if self.pending_space {
                    self.text.push(' ');
                    self.length += 1;
                    self.pending_space = false;
                }
                self.text.push(character);
                self.length += 1;
            }
        }
    }

    /// A boundary between words: the end of a block, a line break.
    fn push_break(&mut self) {
        if self.length > 0 {
            self.pending_space = true;
        }
    }

    /// A mark after white space belongs before the next word, which will stand after the space.
    fn push_mark(&mut self, mark: String) {
        let at = self.length + usize::from(self.pending_space);
        self.marks.push(FootnoteRef { mark, at });
    }

    fn finish(self) -> (String, Vec<FootnoteRef>) {
        let length = self.length;
        let marks = self
            .marks
            .into_iter()
            .map(|reference| FootnoteRef { at: reference.at.min(length), ..reference })
            .collect();
        (self.text, marks)
    }
}

fn is_xml_space(character: char) -> bool {
    matches!(character, ' ' | '\t' | '\n' | '\r')
}

/// A footnote found anywhere in the tree, with what decides its place in the footnote list.
#[derive(Debug)]
struct FoundNote {
    /// `N` of an `eId` `fn_N`, which is the footnote's position in our own output.
    position: Option<usize>,
    footnote: Footnote,
}

/// Elements whose text is part of a paragraph's text but which also end a line or block.
const BLOCK_LIKE_INLINE: &[&str] =
    &["p", "block", "blockList", "item", "listIntroduction", "listWrapUp", "ul", "ol", "li", "tblock"];

/// Hierarchical elements that hold a paragraph of their own: sub-paragraphs, points, list items.
const NESTED_PARAGRAPHS: &[&str] = &[
    "subparagraph",
    "paragraph",
    "point",
    "indent",
    "alinea",
    "clause",
    "subclause",
    "item",
    "level",
    "hcontainer",
    "subsection",
    "article",
];

/// Elements that only wrap the blocks of a paragraph.
const PARAGRAPH_WRAPPERS: &[&str] = &["content", "intro", "wrapUp", "list", "blockList", "blockContainer"];

/// Hierarchical elements read as the parts of an omnibus resolution.
const PART_ELEMENTS: &[&str] =
    &["part", "division", "chapter", "title", "book", "section", "subdivision", "subpart", "tome"];

/// The document types of AKN; a UN text is a `statement`, but any of them is read.
const DOCUMENT_TYPES: &[&str] = &[
    "statement",
    "doc",
    "act",
    "bill",
    "amendment",
    "amendmentList",
    "debate",
    "debateReport",
    "judgment",
    "officialGazette",
    "portion",
    "documentCollection",
];

/// The state of one reading: the tree, the footnotes found in it and the diagnostics.
struct AknReader<'tree, 'input> {
    tree: &'tree roxmltree::Document<'input>,
    diagnostics: Vec<Diagnostic>,
    /// The mark of each note element, by its position in the source.
    marks_by_position: HashMap<usize, String>,
    /// The mark of each note, by `eId`, for references that carry only an `href`.
    marks_by_element_id: HashMap<String, String>,
    footnotes: Vec<FoundNote>,
    /// The byte offset of every line break of the source, to find an element's line by binary search
    /// (roxmltree's `text_pos_at` counts from the start each time, which made reading quadratic).
    line_breaks: Vec<usize>,
}

/// What a paragraph-like element holds, gathered across its wrappers.
#[derive(Debug)]
struct ParagraphParts {
    id: ParagraphId,
    heading: Option<String>,
    text: TextCollector,
    subparagraphs: Vec<Paragraph>,
}

impl<'tree, 'input> AknReader<'tree, 'input> {
    fn new(tree: &'tree roxmltree::Document<'input>) -> AknReader<'tree, 'input> {
        AknReader {
            tree,
            diagnostics: Vec::new(),
            marks_by_position: HashMap::new(),
            marks_by_element_id: HashMap::new(),
            footnotes: Vec::new(),
            line_breaks: tree.input_text().match_indices('\n').map(|(offset, _)| offset).collect(),
        }
    }

    fn line(&self, node: Node<'_, '_>) -> u32 {
        let before = self.line_breaks.partition_point(|&offset| offset < node.range().start);
        u32::try_from(before + 1).unwrap_or(u32::MAX)
    }

    fn skip(&mut self, node: Node<'_, '_>, context: &str) {
        let line = self.line(node);
        let name = node.tag_name().name();
        self.diagnostics.push(Diagnostic::info(
            line,
            format!("skipped the Akoma Ntoso element <{name}> in {context}, which Plenary does not read"),
        ));
    }

    fn read(&mut self) -> Document {
        let root = self.tree.root_element();
        if root.tag_name().namespace() != Some(AKN_NAMESPACE) {
            let namespace = root.tag_name().namespace().unwrap_or("no namespace");
            self.diagnostics.push(Diagnostic::info(
                self.line(root),
                format!("the XML is in {namespace}, not the Akoma Ntoso 3.0 namespace; read as AKN 3.0"),
            ));
        }
        let document_element = if DOCUMENT_TYPES.contains(&root.tag_name().name()) {
            Some(root)
        } else {
            root.children()
                .find(|child| child.is_element() && DOCUMENT_TYPES.contains(&child.tag_name().name()))
        };
        let Some(document_element) = document_element else {
            self.diagnostics.push(Diagnostic::error(
                self.line(root),
                format!("<{}> holds no Akoma Ntoso document (such as <statement>)", root.tag_name().name()),
            ));
            return Document::default();
        };
        self.collect_footnotes(document_element);

        let mut document = Document::default();
        if let Some(name) = document_element.attribute("name") {
            match kind_from_statement_name(name) {
                Some(kind) => document.kind = kind,
                None => {
                    let line = self.line(document_element);
                    self.diagnostics.push(Diagnostic::info(
                        line,
                        format!("the document type {name:?} is not one Plenary knows; read as a resolution"),
                    ));
                }
            }
        }
        let mut adoption = AdoptionParts::default();
        for child in document_element.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "meta" => {}
                "preface" => self.read_preface(child, &mut document, &mut adoption),
                "preamble" => self.read_preamble(child, &mut document),
                "mainBody" | "body" | "judgmentBody" | "debateBody" | "amendmentBody" => {
                    self.read_main_body(child, &mut document)
                }
                "conclusions" => self.read_conclusions(child, &mut document, &mut adoption),
                "attachments" | "components" => self.read_attachments(child, &mut document),
                _ => self.skip(child, "the document"),
            }
        }
        if let Some(meta) = child_element(document_element, "meta") {
            self.fill_from_identification(meta, &mut document, &mut adoption);
        }
        document.adoption = adoption.finish();
        document.footnotes = self.take_footnotes();
        document
    }

    // -- Footnotes ------------------------------------------------------------------------------------

    /// Finds every note of the document before reading it, so that references can be resolved wherever
    /// the note stands.
    fn collect_footnotes(&mut self, document_element: Node<'_, '_>) {
        let notes: Vec<Node<'_, '_>> = document_element
            .descendants()
            .filter(|node| {
                node.is_element()
                    && (node.tag_name().name() == "authorialNote"
                        || (node.tag_name().name() == "note"
                            && node
                                .parent_element()
                                .is_some_and(|parent| parent.tag_name().name() == "notes")))
            })
            .collect();
        for (index, note) in notes.into_iter().enumerate() {
            let element_id = note.attribute("eId").or_else(|| note.attribute("id"));
            let position = element_id
                .and_then(|id| id.strip_prefix("fn_"))
                .and_then(parse_number)
                .and_then(|number| usize::try_from(number).ok());
            let mark = match note.attribute("marker") {
                Some(marker) => normalise(marker),
                None => position.unwrap_or(index + 1).to_string(),
            };
            let mut collector = TextCollector::default();
            self.collect_inline(note, &mut collector);
            let (text, _) = collector.finish();
            self.marks_by_position.insert(note.range().start, mark.clone());
            if let Some(element_id) = element_id {
                self.marks_by_element_id.insert(element_id.to_string(), mark.clone());
            }
            self.footnotes.push(FoundNote { position, footnote: Footnote { mark, text } });
        }
    }

    /// The footnote list: in the order of their `fn_N` ids when every note has one (our own output),
    /// otherwise in the order they stand.
    fn take_footnotes(&mut self) -> Vec<Footnote> {
        let mut found = std::mem::take(&mut self.footnotes);
        let mut positions: Vec<Option<usize>> = found.iter().map(|note| note.position).collect();
        let all_numbered = positions.iter().all(Option::is_some);
        positions.sort_unstable();
        positions.dedup();
        if all_numbered && positions.len() == found.len() {
            found.sort_by_key(|note| note.position);
        }
        found.into_iter().map(|note| note.footnote).collect()
    }

    // -- Text -----------------------------------------------------------------------------------------

    /// Gathers the text under `node`: notes and note references become marks, line and block ends become
    /// word boundaries, every other inline element gives its text.
    fn collect_inline(&mut self, node: Node<'_, '_>, collector: &mut TextCollector) {
        for child in node.children() {
            if child.is_text() {
                collector.push_text(child.text().unwrap_or_default());
                continue;
            }
            if !child.is_element() {
                continue;
            }
            let name = child.tag_name().name();
            match name {
                "authorialNote" => {
                    let mark = self.marks_by_position.get(&child.range().start).cloned();
                    collector.push_mark(mark.unwrap_or_default());
                }
                "noteRef" => match self.reference_mark(child) {
                    Some(mark) => collector.push_mark(mark),
                    None => {
                        let line = self.line(child);
                        self.diagnostics.push(Diagnostic::warning(
                            line,
                            "a <noteRef> names no marker and no note; the mark was dropped",
                        ));
                    }
                },
                "br" | "eol" | "eop" => collector.push_break(),
                "sup" if is_bare_mark(child) => {
                    collector.push_mark(normalise(child.text().unwrap_or_default()));
                }
                _ if BLOCK_LIKE_INLINE.contains(&name) => {
                    collector.push_break();
                    self.collect_inline(child, collector);
                    collector.push_break();
                }
                _ => self.collect_inline(child, collector),
            }
        }
    }

    fn reference_mark(&self, reference: Node<'_, '_>) -> Option<String> {
        if let Some(marker) = reference.attribute("marker") {
            return Some(normalise(marker));
        }
        let target = reference.attribute("href")?.trim_start_matches('#');
        self.marks_by_element_id.get(target).cloned()
    }

    fn plain_text(&mut self, node: Node<'_, '_>) -> String {
        let mut collector = TextCollector::default();
        self.collect_inline(node, &mut collector);
        collector.finish().0
    }

    // -- Preface --------------------------------------------------------------------------------------

    fn read_preface(&mut self, preface: Node<'_, '_>, document: &mut Document, adoption: &mut AdoptionParts) {
        for child in preface.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "container" | "blockContainer" | "longTitle" => {
                    if child.attribute("name") == Some("adoption") {
                        adoption.present = true;
                    }
                    self.read_preface(child, document, adoption);
                }
                "toc" => self.skip(child, "the preface"),
                _ => self.read_preface_line(child, document, adoption),
            }
        }
    }

    /// One line of the masthead: the inline elements in it say what it holds.
    fn read_preface_line(
        &mut self,
        line: Node<'_, '_>,
        document: &mut Document,
        adoption: &mut AdoptionParts,
    ) {
        let class = line.attribute("class").unwrap_or_default();
        if class == "agendaItem" {
            let item = descendant_named(line, "inline", "agendaItemNumber").map(|node| self.plain_text(node));
            let title = descendant_named(line, "inline", "agendaItemTitle").map(|node| self.plain_text(node));
            document.agenda_items.push(AgendaItem { item: item.unwrap_or_default(), title });
            return;
        }
        let mut understood = false;
        for node in line.descendants().filter(Node::is_element) {
            understood |= self.read_preface_element(node, class, document, adoption);
        }
        if !understood {
            let text = self.plain_text(line);
            if !text.is_empty() {
                let line_number = self.line(line);
                self.diagnostics.push(Diagnostic::info(
                    line_number,
                    format!("skipped a line of the preface that names no masthead fact: {text:?}"),
                ));
            }
        }
    }

    /// Reads one inline element of the preface; returns whether it was a masthead fact.
    fn read_preface_element(
        &mut self,
        node: Node<'_, '_>,
        line_class: &str,
        document: &mut Document,
        adoption: &mut AdoptionParts,
    ) -> bool {
        match node.tag_name().name() {
            "docNumber" => {
                let text = self.plain_text(node);
                if document.symbol.is_none() {
                    match Symbol::parse(&text) {
                        Ok(symbol) => document.symbol = Some(symbol),
                        Err(error) => {
                            let line = self.line(node);
                            self.diagnostics.push(Diagnostic::warning(line, format!("<docNumber>: {error}")));
                        }
                    }
                }
            }
            "docTitle" => {
                if document.title.is_empty() {
                    document.title = self.plain_text(node);
                }
            }
            "docAuthority" => {
                let text = self.plain_text(node);
                document.body = Body::from_name(&text)
                    .or_else(|| node.attribute("refersTo").and_then(body_from_code))
                    .or(document.body);
            }
            "docStatus" => {
                let text = self.plain_text(node).to_ascii_lowercase();
                let word = text.rsplit(':').next().unwrap_or_default().trim();
                document.distribution = match word {
                    "general" => Some(Distribution::General),
                    "limited" => Some(Distribution::Limited),
                    "restricted" => Some(Distribution::Restricted),
                    _ => document.distribution,
                };
            }
            "docDate" => {
                let date = self.date_attribute(node);
                if line_class.starts_with("adoption") {
                    adoption.present = true;
                    adoption.value.date = date.or(adoption.value.date);
                } else if document.issued.is_none() {
                    document.issued = date;
                }
            }
            "session" => {
                let text = self.plain_text(node);
                document.session = node
                    .attribute("value")
                    .and_then(Session::from_symbol_segment)
                    .or_else(|| Session::from_masthead(&text));
            }
            "docCommittee" => document.committee = Committee::from_name(&self.plain_text(node)),
            "docProponent" => {
                let sponsor = self.plain_text(node);
                document.sponsors.push(sponsor);
            }
            "inline" => match node.attribute("name").unwrap_or_default() {
                "jobNumber" => document.job_number = Some(self.plain_text(node)),
                "sponsorNote" => document.sponsor_note = Some(self.plain_text(node)),
                "adoptionMeeting" => {
                    adoption.present = true;
                    adoption.value.meeting = Some(self.plain_text(node));
                }
                "adoptionRoute" => {
                    adoption.present = true;
                    adoption.value.route = Some(self.plain_text(node));
                }
                _ => return false,
            },
            "docType" | "docStage" | "docPurpose" | "docJurisdiction" | "legislature" | "shortTitle" => {}
            _ => return false,
        }
        true
    }

    fn date_attribute(&mut self, node: Node<'_, '_>) -> Option<Date> {
        let text = node.attribute("date")?;
        match Date::parse(text.get(..10).unwrap_or(text), format_description!("[year]-[month]-[day]")) {
            Ok(date) => Some(date),
            Err(error) => {
                let line = self.line(node);
                self.diagnostics
                    .push(Diagnostic::warning(line, format!("the date {text:?} is not read: {error}")));
                None
            }
        }
    }

    /// Facts that only the FRBR identification gives, for documents whose preface does not say them.
    fn fill_from_identification(
        &mut self,
        meta: Node<'_, '_>,
        document: &mut Document,
        adoption: &mut AdoptionParts,
    ) {
        let Some(work) =
            child_element(meta, "identification").and_then(|node| child_element(node, "FRBRWork"))
        else {
            return;
        };
        if document.symbol.is_none()
            && let Some(symbol) = child_element(work, "FRBRnumber")
                .and_then(|number| number.attribute("showAs"))
                .and_then(|text| Symbol::parse(text).ok())
        {
            document.symbol = Some(symbol);
        }
        if document.body.is_none() {
            document.body = child_element(work, "FRBRauthor")
                .and_then(|author| author.attribute("href"))
                .and_then(body_from_code);
        }
        let adoption_date = work.children().find(|child| {
            child.is_element()
                && child.tag_name().name() == "FRBRdate"
                && child.attribute("name") == Some("adoption")
        });
        if !adoption.present
            && let Some(date) = adoption_date.and_then(|node| self.date_attribute(node))
        {
            adoption.present = true;
            adoption.value.date = Some(date);
        }
    }

    // -- Preamble and body ----------------------------------------------------------------------------

    fn read_preamble(&mut self, preamble: Node<'_, '_>, document: &mut Document) {
        let mut pending_heading = None;
        for child in preamble.children().filter(Node::is_element) {
            let name = child.tag_name().name();
            match name {
                "formula" => document.enacting_formula = Some(self.plain_text(child)),
                "recitals" | "citations" => self.read_preamble(child, document),
                "container" | "recital" | "citation" | "hcontainer" | "blockContainer" | "p" => {
                    if name == "p" && document.enacting_formula.is_none() && document.preamble.is_empty() {
                        let text = self.plain_text(child);
                        if is_enacting_formula(&text) {
                            document.enacting_formula = Some(text);
                            continue;
                        }
                    }
                    let fallback = ParagraphId::preambular(document.preamble.len() + 1);
                    let mut paragraph = self.read_paragraph(child, fallback);
                    paragraph.heading = paragraph.heading.or(pending_heading.take());
                    document.preamble.push(paragraph);
                }
                "crossHeading" | "subheading" | "heading" => pending_heading = Some(self.plain_text(child)),
                _ => self.skip(child, "the preamble"),
            }
        }
    }

    fn read_main_body(&mut self, body: Node<'_, '_>, document: &mut Document) {
        let mut pending_heading = None;
        for child in body.children().filter(Node::is_element) {
            let name = child.tag_name().name();
            let hcontainer_name = child.attribute("name").unwrap_or_default();
            if name == "crossHeading" || (name == "hcontainer" && hcontainer_name == "crossHeading") {
                pending_heading = Some(self.plain_text(child));
                continue;
            }
            if is_preambular_container(child) {
                let fallback = ParagraphId::preambular(document.preamble.len() + 1);
                let mut paragraph = self.read_paragraph(child, fallback);
                paragraph.heading = paragraph.heading.or(pending_heading.take());
                document.preamble.push(paragraph);
            } else if name == "paragraph" {
                let position = document.operative.len() + 1;
                let mut paragraph = self.read_operative(child, None, position);
                paragraph.heading = paragraph.heading.or(pending_heading.take());
                document.operative.push(paragraph);
            } else if PART_ELEMENTS.contains(&name) || name == "hcontainer" {
                let section = self.read_section(child, document.sections.len() + 1);
                document.sections.push(section);
            } else if name == "p" || name == "container" {
                self.read_loose_body_block(child, document, pending_heading.take());
            } else {
                self.skip(child, "the main body");
            }
        }
    }

    /// A block standing in the main body outside any paragraph, as other producers write the enacting
    /// formula or unnumbered paragraphs.
    fn read_loose_body_block(
        &mut self,
        block: Node<'_, '_>,
        document: &mut Document,
        heading: Option<String>,
    ) {
        let text = self.plain_text(block);
        if document.enacting_formula.is_none() && !document.has_paragraphs() && is_enacting_formula(&text) {
            document.enacting_formula = Some(text);
            return;
        }
        if document.operative.is_empty() && document.sections.is_empty() && starts_preambular_paragraph(&text)
        {
            let fallback = ParagraphId::preambular(document.preamble.len() + 1);
            let mut paragraph = self.read_paragraph(block, fallback);
            paragraph.heading = paragraph.heading.or(heading);
            document.preamble.push(paragraph);
        } else {
            let position = document.operative.len() + 1;
            let mut paragraph = self.read_operative(block, None, position);
            paragraph.heading = paragraph.heading.or(heading);
            document.operative.push(paragraph);
        }
    }

    fn read_operative(
        &mut self,
        node: Node<'_, '_>,
        section: Option<&ParagraphId>,
        position: usize,
    ) -> Paragraph {
        let number = child_element(node, "num").and_then(|num| parse_num(&normalise_node_text(num)).0);
        let own = ParagraphId::operative(number.unwrap_or(u32::try_from(position).unwrap_or(u32::MAX)));
        let fallback = match section {
            Some(section) => section.join(&own),
            None => own,
        };
        self.read_paragraph(node, fallback)
    }

    fn read_section(&mut self, part: Node<'_, '_>, position: usize) -> Section {
        let id = part
            .attribute("eId")
            .and_then(paragraph_id_from_element_id)
            .unwrap_or_else(|| ParagraphId::section(position));
        let mut section = Section {
            id: id.clone(),
            label: child_element(part, "num").map(|num| self.plain_text(num)).unwrap_or_default(),
            heading: child_element(part, "heading")
                .map(|heading| self.plain_text(heading))
                .unwrap_or_default(),
            preamble: Vec::new(),
            operative: Vec::new(),
        };
        let mut pending_heading = None;
        self.read_section_children(part, &mut section, &mut pending_heading);
        section
    }

    fn read_section_children(
        &mut self,
        node: Node<'_, '_>,
        section: &mut Section,
        pending: &mut Option<String>,
    ) {
        for child in node.children().filter(Node::is_element) {
            let name = child.tag_name().name();
            if name == "num" || name == "heading" {
                continue;
            }
            if name == "crossHeading" || name == "subheading" {
                *pending = Some(self.plain_text(child));
            } else if is_preambular_container(child) || name == "p" || name == "container" {
                let fallback = section.id.join(&ParagraphId::preambular(section.preamble.len() + 1));
                let mut paragraph = self.read_paragraph(child, fallback);
                paragraph.heading = paragraph.heading.or(pending.take());
                section.preamble.push(paragraph);
            } else if name == "intro" || name == "wrapUp" || name == "content" {
                self.read_section_children(child, section, pending);
            } else if name == "paragraph"
                || NESTED_PARAGRAPHS.contains(&name)
                || PART_ELEMENTS.contains(&name)
            {
                let position = section.operative.len() + 1;
                let id = section.id.clone();
                let mut paragraph = self.read_operative(child, Some(&id), position);
                paragraph.heading = paragraph.heading.or(pending.take());
                section.operative.push(paragraph);
            } else {
                self.skip(child, "a part of the main body");
            }
        }
    }

    /// Reads any paragraph-like element: its `<num>`, `<heading>`, text and nested sub-paragraphs.
    /// `fallback` is the id to use when the `eId` does not give one.
    fn read_paragraph(&mut self, node: Node<'_, '_>, fallback: ParagraphId) -> Paragraph {
        let num_text_found = child_element(node, "num").map(normalise_node_text);
        let (number, label) = num_text_found.as_deref().map(parse_num).unwrap_or((None, None));
        let id = node.attribute("eId").and_then(paragraph_id_from_element_id).unwrap_or(fallback);
        let mut parts =
            ParagraphParts { id, heading: None, text: TextCollector::default(), subparagraphs: Vec::new() };
        self.read_paragraph_children(node, &mut parts);
        let (text, footnote_refs) = parts.text.finish();
        Paragraph {
            id: parts.id,
            number,
            label,
            heading: parts.heading,
            text,
            footnote_refs,
            subparagraphs: parts.subparagraphs,
            source_line: Some(self.line(node)),
        }
    }

    fn read_paragraph_children(&mut self, node: Node<'_, '_>, parts: &mut ParagraphParts) {
        if node.tag_name().name() == "p" {
            self.collect_inline(node, &mut parts.text);
            return;
        }
        for child in node.children() {
            if child.is_text() {
                // Text directly inside a container (not valid AKN, but written by hand) is still text.
                parts.text.push_text(child.text().unwrap_or_default());
                continue;
            }
            if !child.is_element() {
                continue;
            }
            let name = child.tag_name().name();
            match name {
                "num" => {}
                "heading" | "subheading" if parts.heading.is_none() => {
                    parts.heading = Some(self.plain_text(child))
                }
                "p" if child.attribute("class") == Some("heading") && parts.heading.is_none() => {
                    parts.heading = Some(self.plain_text(child));
                }
                "p" | "block" | "listIntroduction" | "listWrapUp" | "tblock" => {
                    parts.text.push_break();
                    self.collect_inline(child, &mut parts.text);
                    parts.text.push_break();
                }
                _ if PARAGRAPH_WRAPPERS.contains(&name) => self.read_paragraph_children(child, parts),
                _ if NESTED_PARAGRAPHS.contains(&name) => {
                    let num = child_element(child, "num").map(normalise_node_text);
                    let label = num.as_deref().map(parse_num).and_then(|(number, label)| {
                        label.or_else(|| number.map(|number| number.to_string()))
                    });
                    let position = (parts.subparagraphs.len() + 1).to_string();
                    let fallback = parts.id.child(label.as_deref().unwrap_or(&position));
                    let subparagraph = self.read_paragraph(child, fallback);
                    parts.subparagraphs.push(subparagraph);
                }
                "authorialNote" | "noteRef" => self.mark_between_blocks(child, &mut parts.text),
                _ => self.skip(child, "a paragraph"),
            }
        }
    }

    /// A note standing between blocks rather than inside one.
    fn mark_between_blocks(&mut self, note: Node<'_, '_>, collector: &mut TextCollector) {
        let mark = if note.tag_name().name() == "authorialNote" {
            self.marks_by_position.get(&note.range().start).cloned()
        } else {
            self.reference_mark(note)
        };
        if let Some(mark) = mark {
            collector.push_mark(mark);
        }
    }

    // -- Conclusions and annexes ----------------------------------------------------------------------

    fn read_conclusions(
        &mut self,
        conclusions: Node<'_, '_>,
        document: &mut Document,
        adoption: &mut AdoptionParts,
    ) {
        for child in conclusions.children().filter(Node::is_element) {
            let name = child.tag_name().name();
            let container_name = child.attribute("name").unwrap_or_default();
            if name == "container" && container_name == "meetingLine" {
                let meeting_line = child
                    .children()
                    .find(|line| line.is_element() && line.attribute("class") == Some("meeting"))
                    .or_else(|| child_element(child, "p"));
                let meeting = meeting_line.map(|line| self.plain_text(line)).unwrap_or_default();
                let date = first_date_element(child).and_then(|date| self.date_attribute(date));
                document.meeting = Some(MeetingLine { meeting, date });
            } else if name == "container" && container_name == "adoptionRecord" {
                let mut collector = TextCollector::default();
                self.collect_inline(child, &mut collector);
                let (record, refs) = collector.finish();
                adoption.present = true;
                adoption.value.record = Some(record);
                adoption.value.record_footnote_refs = refs;
            } else if matches!(name, "p" | "container" | "blockContainer") {
                self.read_loose_conclusion(child, document, adoption);
            } else {
                self.skip(child, "the conclusions");
            }
        }
    }

    /// A line of the conclusions from another producer: a meeting line, its date, or an adoption record.
    fn read_loose_conclusion(
        &mut self,
        line: Node<'_, '_>,
        document: &mut Document,
        adoption: &mut AdoptionParts,
    ) {
        let date = first_date_element(line).and_then(|date| self.date_attribute(date));
        let mut collector = TextCollector::default();
        self.collect_inline(line, &mut collector);
        let (text, refs) = collector.finish();
        if text.starts_with("Adopted") {
            adoption.present = true;
            adoption.value.record = Some(text);
            adoption.value.record_footnote_refs = refs;
        } else if document.meeting.is_none() && text.contains("meeting") {
            let meeting = match text.find("meeting") {
                Some(end) => text[..end + "meeting".len()].to_string(),
                None => text.clone(),
            };
            document.meeting = Some(MeetingLine { meeting, date });
        } else if let (Some(meeting), Some(date)) = (document.meeting.as_mut(), date) {
            meeting.date = meeting.date.or(Some(date));
        } else if !text.is_empty() {
            let line_number = self.line(line);
            self.diagnostics.push(Diagnostic::info(
                line_number,
                format!(
                    "skipped a line of the conclusions that is neither meeting line nor record: {text:?}"
                ),
            ));
        }
    }

    fn read_attachments(&mut self, attachments: Node<'_, '_>, document: &mut Document) {
        for attachment in attachments.children().filter(Node::is_element) {
            if !matches!(attachment.tag_name().name(), "attachment" | "component") {
                self.skip(attachment, "the attachments");
                continue;
            }
            let annex_document = if DOCUMENT_TYPES.contains(&attachment.tag_name().name()) {
                Some(attachment)
            } else {
                attachment
                    .children()
                    .find(|child| child.is_element() && DOCUMENT_TYPES.contains(&child.tag_name().name()))
            };
            let Some(annex_document) = annex_document else {
                self.skip(attachment, "the attachments");
                continue;
            };
            let id = attachment
                .attribute("eId")
                .and_then(paragraph_id_from_element_id)
                .unwrap_or_else(|| ParagraphId::annex(document.annexes.len() + 1));
            let mut annex = Annex { id, heading: String::new(), blocks: Vec::new() };
            for part in annex_document.children().filter(Node::is_element) {
                match part.tag_name().name() {
                    "meta" => {}
                    "preface" => annex.heading = self.annex_heading(part),
                    "mainBody" | "body" | "preamble" | "conclusions" => {
                        self.read_annex_blocks(part, &mut annex)
                    }
                    _ => self.skip(part, "an annex"),
                }
            }
            document.annexes.push(annex);
        }
    }

    fn annex_heading(&mut self, preface: Node<'_, '_>) -> String {
        let heading = preface
            .descendants()
            .find(|node| node.is_element() && node.attribute("class") == Some("heading"))
            .or_else(|| {
                preface.descendants().find(|node| node.is_element() && node.tag_name().name() == "docTitle")
            })
            .or_else(|| preface.children().find(Node::is_element));
        heading.map(|node| self.plain_text(node)).unwrap_or_default()
    }

    /// The blocks of an annex, flattened: each paragraph, heading or list item becomes one block.
    fn read_annex_blocks(&mut self, node: Node<'_, '_>, annex: &mut Annex) {
        for child in node.children().filter(Node::is_element) {
            let name = child.tag_name().name();
            if is_hierarchical(name) {
                self.read_annex_hierarchy(child, annex);
            } else if matches!(name, "container" | "blockContainer" | "blockList" | "list") {
                self.read_annex_blocks(child, annex);
            } else if matches!(
                name,
                "p" | "block" | "tblock" | "table" | "formula" | "crossHeading" | "heading"
            ) {
                let mut collector = TextCollector::default();
                self.collect_inline(child, &mut collector);
                self.push_annex_block(annex, child, None, collector);
            } else {
                self.skip(child, "an annex");
            }
        }
    }

    /// A numbered paragraph, part or item of an annex: its heading (if any) and its own text are blocks,
    /// and what it nests follows them.
    fn read_annex_hierarchy(&mut self, element: Node<'_, '_>, annex: &mut Annex) {
        let mut label = child_element(element, "num").map(|num| annex_label(&normalise_node_text(num)));
        let heading = child_element(element, "heading");
        if let Some(heading) = heading {
            let mut collector = TextCollector::default();
            self.collect_inline(heading, &mut collector);
            self.push_annex_block(annex, element, label.take(), collector);
        }
        let mut own_text = TextCollector::default();
        let mut nested = Vec::new();
        for child in element.children().filter(Node::is_element) {
            let name = child.tag_name().name();
            if is_hierarchical(name) {
                nested.push(child);
            } else if matches!(name, "intro" | "content" | "p" | "blockList" | "list" | "blockContainer") {
                own_text.push_break();
                self.collect_inline(child, &mut own_text);
                own_text.push_break();
            } else if !matches!(name, "num" | "heading" | "subheading" | "wrapUp") {
                self.skip(child, "an annex");
            }
        }
        if heading.is_none() || own_text.length > 0 {
            self.push_annex_block(annex, element, label, own_text);
        }
        for child in nested {
            self.read_annex_hierarchy(child, annex);
        }
        if let Some(wrap_up) = child_element(element, "wrapUp") {
            let mut collector = TextCollector::default();
            self.collect_inline(wrap_up, &mut collector);
            self.push_annex_block(annex, wrap_up, None, collector);
        }
    }

    /// Adds a block; the element's `eId` gives its id unless an earlier block took it.
    fn push_annex_block(
        &mut self,
        annex: &mut Annex,
        element: Node<'_, '_>,
        label: Option<String>,
        collector: TextCollector,
    ) {
        let (text, footnote_refs) = collector.finish();
        let position = annex.blocks.len() + 1;
        let id = element
            .attribute("eId")
            .and_then(paragraph_id_from_element_id)
            .filter(|id| annex.blocks.iter().all(|block| &block.id != id))
            .unwrap_or_else(|| annex.id.block(position));
        let source_line = Some(self.line(element));
        annex.blocks.push(AnnexBlock { id, label, text, footnote_refs, source_line });
    }
}

/// The adoption facts gathered from the preface, the identification and the conclusions.
#[derive(Debug, Default)]
struct AdoptionParts {
    present: bool,
    value: Adoption,
}

impl AdoptionParts {
    fn finish(self) -> Option<Adoption> {
        self.present.then_some(self.value)
    }
}

fn child_element<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|child| child.is_element() && child.tag_name().name() == name)
}

fn descendant_named<'a, 'input>(
    node: Node<'a, 'input>,
    element: &str,
    name: &str,
) -> Option<Node<'a, 'input>> {
    node.descendants().find(|child| {
        child.is_element() && child.tag_name().name() == element && child.attribute("name") == Some(name)
    })
}

fn first_date_element<'a, 'input>(node: Node<'a, 'input>) -> Option<Node<'a, 'input>> {
    node.descendants().find(|child| {
        child.is_element()
            && matches!(child.tag_name().name(), "date" | "docDate")
            && child.attribute("date").is_some()
    })
}

/// Elements that nest paragraphs: AKN's hierarchy and list items.
fn is_hierarchical(name: &str) -> bool {
    NESTED_PARAGRAPHS.contains(&name) || PART_ELEMENTS.contains(&name)
}

fn is_preambular_container(node: Node<'_, '_>) -> bool {
    matches!(node.tag_name().name(), "hcontainer" | "container" | "recital")
        && node.attribute("name").is_some_and(|name| name.eq_ignore_ascii_case("preambularParagraph"))
}

/// "The General Assembly," and the like, as other producers write the enacting formula in a plain `<p>`.
fn is_enacting_formula(text: &str) -> bool {
    text.strip_prefix("The ")
        .and_then(|rest| rest.strip_suffix(','))
        .is_some_and(|name| Body::from_name(name).is_some())
}

/// A `<sup>` that holds nothing but a footnote number or symbol: a mark printed as superscript.
fn is_bare_mark(sup: Node<'_, '_>) -> bool {
    if sup.children().any(|child| child.is_element()) {
        return false;
    }
    let text: String = sup.children().filter_map(|child| child.text()).collect();
    let text = text.trim();
    !text.is_empty()
        && text.chars().count() <= 4
        && text.chars().all(|character| character.is_ascii_digit() || matches!(character, '*' | '†' | '‡'))
}

/// The label of an annex block as printed in another producer's `<num>`: `1.`, `(a)`, `a)` → `1`, `a`.
fn annex_label(text: &str) -> String {
    let text = text.trim();
    if let Some(inside) = text.strip_prefix('(').and_then(|rest| rest.strip_suffix(')')) {
        return inside.to_string();
    }
    text.strip_suffix('.').or_else(|| text.strip_suffix(')')).unwrap_or(text).to_string()
}

fn normalise(text: &str) -> String {
    let mut collector = TextCollector::default();
    collector.push_text(text);
    collector.finish().0
}

fn normalise_node_text(node: Node<'_, '_>) -> String {
    let text: String =
        node.descendants().filter_map(|child| child.is_text().then(|| child.text()).flatten()).collect();
    normalise(&text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::to_json;
    use crate::test_support::import_fixture as imported;

    fn read_back(xml: &str) -> Document {
        from_akn(xml).unwrap_or_else(|error| panic!("our own XML should read back: {error}\n{xml}")).0
    }

    /// Writing a document as AKN and reading it back gives the same JSON, byte for byte.
    fn assert_round_trip(document: &Document) {
        let xml = to_akn(document);
        let (again, diagnostics) = from_akn(&xml).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(to_json(&again, &[]), to_json(document, &[]), "round trip changed the document");
        assert!(diagnostics.is_empty(), "our own XML should read without diagnostics: {diagnostics:?}");
    }

    fn paragraph(id: &str, text: &str) -> Paragraph {
        Paragraph::new(ParagraphId::parse(id).unwrap(), text)
    }

    #[test]
    fn real_resolutions_survive_the_round_trip() {
        for name in [
            "A_RES_80_198.txt",
            "A_RES_72_163.txt",
            "A_C.3_80_L.49.txt",
            "A_RES_78_253.txt",
            "A_80_L.41.txt",
            "S_RES_0830_1993.txt",
            "A_RES_79_1.txt",
        ] {
            let document = imported(name);
            assert!(document.has_paragraphs(), "{name} should have paragraphs");
            assert_round_trip(&document);
        }
    }

    #[test]
    fn the_fixtures_exercise_sections_headings_annexes_and_footnotes() {
        assert!(!imported("A_RES_78_253.txt").sections.is_empty());
        assert!(imported("A_80_L.41.txt").paragraphs().iter().any(|paragraph| paragraph.heading.is_some()));
        assert!(!imported("A_RES_79_1.txt").annexes.is_empty());
        assert!(!imported("A_RES_80_198.txt").footnotes.is_empty());
    }

    #[test]
    fn the_xml_is_akn_3_with_the_documented_frbr_uris() {
        let xml = to_akn(&imported("A_RES_80_198.txt"));
        let tree = roxmltree::Document::parse(&xml).unwrap();
        let root = tree.root_element();
        assert_eq!(root.tag_name().name(), "akomaNtoso");
        assert_eq!(root.tag_name().namespace(), Some(AKN_NAMESPACE));
        let values = |element: &str| -> Vec<&str> {
            tree.descendants()
                .filter(|node| node.tag_name().name() == element)
                .filter_map(|node| node.attribute("value"))
                .collect()
        };
        let work = "/akn/un/statement/resolution/unga/2025-12-15/80-198";
        assert_eq!(values("FRBRuri")[..2], [work, &format!("{work}/eng@")]);
        assert_eq!(
            values("FRBRthis")[..3],
            [format!("{work}/!main"), format!("{work}/eng@/!main"), format!("{work}/eng@/!main.xml"),]
        );
        assert_eq!(values("FRBRcountry"), ["un"]);
        assert!(xml.contains(r#"<FRBRnumber value="80-198" showAs="A/RES/80/198"/>"#));
        assert!(xml.contains(r#"<FRBRlanguage language="eng"/>"#));
        assert!(xml.contains(r#"<statement name="resolution">"#));
        assert!(xml.contains("<docNumber>A/RES/80/198</docNumber>"));
        assert!(xml.contains(r#"<formula name="enactingFormula">"#));
        assert!(xml.contains(r#"<container name="preambularParagraph" eId="pp1">"#));
        assert!(xml.contains(r#"<paragraph eId="op1">"#));
        assert!(xml.contains("<p><i>Reaffirming</i> its previous resolutions"));
    }

    #[test]
    fn drafts_and_council_resolutions_get_their_own_uri_components() {
        let draft = to_akn(&imported("A_C.3_80_L.49.txt"));
        assert!(draft.contains(r#"<statement name="draftResolution">"#), "{draft}");
        assert!(draft.contains(r#"<FRBRuri value="/akn/un/statement/draftResolution/unga/"#));
        assert!(draft.contains(r#"/c3-80-l49"/>"#));
        let council = to_akn(&imported("S_RES_0830_1993.txt"));
        assert!(council.contains(r#"<FRBRuri value="/akn/un/statement/resolution/unsc/1993-05-26/830"/>"#));
    }

    #[test]
    fn ids_become_element_ids_and_come_back() {
        for id in ["pp3", "op4", "op4.b.ii", "sec2.op3.a", "annex1.p3", "annex.p1", "op11.1"] {
            let id = ParagraphId::parse(id).unwrap();
            assert_eq!(paragraph_id_from_element_id(&element_id(&id)), Some(id));
        }
        assert_eq!(element_id(&ParagraphId::parse("op4.b.ii").unwrap()), "op4__b__ii");
        assert_eq!(paragraph_id_from_element_id("para_1"), None);
    }

    #[test]
    fn a_footnote_mark_lands_inside_its_paragraph_at_its_offset() {
        let mut document = Document { title: "Test".into(), ..Document::default() };
        let mut recalling = paragraph("pp1", "Recalling the Convention against Torture, and its Protocol,");
        recalling.footnote_refs = vec![FootnoteRef { mark: "1".into(), at: 41 }];
        let mut decides = paragraph("op1", "Decides to remain seized of the matter.");
        decides.number = Some(1);
        decides.footnote_refs = vec![FootnoteRef { mark: "1".into(), at: 7 }];
        document.preamble = vec![recalling];
        document.operative = vec![decides];
        document.footnotes = vec![
            Footnote { mark: "1".into(), text: "United Nations, Treaty Series, vol. 1465.".into() },
            Footnote { mark: "2".into(), text: "Never cited.".into() },
        ];
        let xml = to_akn(&document);
        assert!(
            xml.contains(
                "<p><i>Recalling</i> the Convention against Torture,<authorialNote marker=\"1\" \
                 placement=\"bottom\" eId=\"fn_1\"><p>United Nations, Treaty Series, vol. 1465.</p>\
                 </authorialNote> and its Protocol,</p>"
            ),
            "{xml}"
        );
        assert!(xml.contains(r##"<i>Decides</i><noteRef href="#fn_1" marker="1"/> to remain"##), "{xml}");
        assert!(xml.contains(r#"<note eId="fn_2" marker="2">"#), "{xml}");
        assert_round_trip(&document);
    }

    #[test]
    fn marks_at_the_edges_of_words_and_text_keep_their_offsets() {
        let mut document = Document::default();
        let mut first = paragraph("op1", "Urges States, all of them,");
        first.number = Some(1);
        first.footnote_refs = vec![
            FootnoteRef { mark: "1".into(), at: 0 },
            FootnoteRef { mark: "2".into(), at: 6 },
            FootnoteRef { mark: "3".into(), at: 14 },
            FootnoteRef { mark: "4".into(), at: 26 },
            FootnoteRef { mark: "5".into(), at: 26 },
        ];
        document.operative = vec![first];
        document.footnotes = ["1", "2", "3", "4", "5"]
            .iter()
            .map(|mark| Footnote { mark: mark.to_string(), text: format!("Note {mark}.") })
            .collect();
        assert_round_trip(&document);
    }

    #[test]
    fn text_split_by_markup_and_indentation_is_normalised() {
        let xml = r#"<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
          <statement name="resolution"><mainBody>
            <paragraph eId="para_1"><num>1.</num><content>
              <p>
                <i>Decides</i>   to   remain
                seized<sup><authorialNote marker="7" eId="n1"><p> See  resolution
                 80/1. </p></authorialNote></sup>   of the matter.
              </p>
            </content></paragraph>
          </mainBody></statement></akomaNtoso>"#;
        let document = read_back(xml);
        let decides = &document.operative[0];
        assert_eq!(decides.id.as_str(), "op1");
        assert_eq!(decides.number, Some(1));
        assert_eq!(decides.text, "Decides to remain seized of the matter.");
        assert_eq!(decides.footnote_refs, vec![FootnoteRef { mark: "7".into(), at: 24 }]);
        assert_eq!(
            document.footnotes,
            vec![Footnote { mark: "7".into(), text: "See resolution 80/1.".into() }]
        );
    }

    #[test]
    fn malformed_xml_is_refused_with_its_line() {
        let xml =
            "<akomaNtoso>\n  <statement name=\"resolution\">\n    <mainBody>\n  </statement>\n</akomaNtoso>";
        match from_akn(xml) {
            Err(ImportError::Xml { line, .. }) => assert_eq!(line, 4),
            other => panic!("expected an XML error, got {other:?}"),
        }
    }

    #[test]
    fn an_unknown_element_is_a_diagnostic_not_an_error() {
        let xml = r#"<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <statement name="resolution">
    <mainBody>
      <paragraph><num>1.</num><content><p><i>Decides</i> to act.</p></content></paragraph>
      <somethingNew>Unheard of</somethingNew>
      <paragraph><num>2.</num><content><p><i>Requests</i> a report.</p></content></paragraph>
    </mainBody>
  </statement>
</akomaNtoso>"#;
        let (document, diagnostics) = from_akn(xml).unwrap();
        assert_eq!(document.operative.len(), 2);
        assert_eq!(document.operative[1].id.as_str(), "op2");
        assert_eq!(document.operative[1].text, "Requests a report.");
        let skipped: Vec<&Diagnostic> =
            diagnostics.iter().filter(|diagnostic| diagnostic.message.contains("<somethingNew>")).collect();
        assert_eq!(skipped.len(), 1, "{diagnostics:?}");
        assert_eq!(skipped[0].line, Some(5));
        assert_eq!(skipped[0].severity, plenary_core::Severity::Info);
    }

    #[test]
    fn a_real_akn4un_style_text_is_read() {
        let xml = r##"<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <statement name="deliberation">
    <meta>
      <identification source="#un">
        <FRBRWork>
          <FRBRthis value="/akn/un/statement/deliberation/unga/2014-12-18/69-150/!main"/>
          <FRBRuri value="/akn/un/statement/deliberation/unga/2014-12-18/69-150"/>
          <FRBRdate date="2014-12-18" name="adoption"/>
          <FRBRauthor href="#ga"/>
          <FRBRcountry value="un"/>
        </FRBRWork>
      </identification>
    </meta>
    <preface>
      <p class="symbol"><docNumber>A/RES/69/150</docNumber></p>
      <p class="title"><docTitle>Torture</docTitle></p>
    </preface>
    <preamble>
      <p>The General Assembly,</p>
      <recitals>
        <recital><p><i>Recalling</i> its resolutions,</p></recital>
      </recitals>
    </preamble>
    <mainBody>
      <paragraph eId="para_1">
        <num>1.</num>
        <intro><p><i>Urges</i> States:</p></intro>
        <subparagraph eId="para_1__subpara_a"><num>(a)</num><content><p>To act;</p></content></subparagraph>
      </paragraph>
    </mainBody>
    <conclusions>
      <p><i>73rd plenary meeting</i><br/><i><date date="2014-12-18">18 December 2014</date></i></p>
    </conclusions>
  </statement>
</akomaNtoso>"##;
        let (document, _) = from_akn(xml).unwrap();
        assert_eq!(document.symbol.as_ref().map(Symbol::as_str), Some("A/RES/69/150"));
        assert_eq!(document.body, Some(Body::GeneralAssembly));
        assert_eq!(document.kind, DocumentKind::Resolution);
        assert_eq!(
            document.adoption.and_then(|adoption| adoption.date),
            Date::from_ordinal_date(2014, 352).ok()
        );
        assert_eq!(document.enacting_formula.as_deref(), Some("The General Assembly,"));
        assert_eq!(document.preamble[0].id.as_str(), "pp1");
        assert_eq!(document.preamble[0].text, "Recalling its resolutions,");
        assert_eq!(document.operative[0].subparagraphs[0].id.as_str(), "op1.a");
        assert_eq!(document.operative[0].subparagraphs[0].label.as_deref(), Some("a"));
        let meeting = document.meeting.unwrap();
        assert_eq!(meeting.meeting, "73rd plenary meeting");
        assert!(meeting.date.is_some());
    }

    #[test]
    fn nothing_panics_on_odd_input() {
        for text in [
            "<a/>",
            "<akomaNtoso/>",
            "<akomaNtoso><statement/></akomaNtoso>",
            "<statement><mainBody><paragraph><num>)(</num><num/></paragraph></mainBody></statement>",
            "<doc><mainBody><p><noteRef/><authorialNote/><sup>1</sup></p></mainBody></doc>",
            "<doc><meta><notes><note/></notes></meta><preface><p><docDate date='x'/></p></preface></doc>",
            "<doc><attachments><attachment><doc><mainBody><part><num>(</num><heading/></part></mainBody></doc>\
             </attachment></attachments></doc>",
        ] {
            let _ = from_akn(text);
        }
    }

    #[test]
    fn absurdly_deep_nesting_is_refused_not_a_stack_overflow() {
        let depth = 100_000;
        let xml = format!(
            "<akomaNtoso><statement><mainBody><p>{}deep{}</p></mainBody></statement></akomaNtoso>",
            "<i>".repeat(depth),
            "</i>".repeat(depth)
        );
        assert!(matches!(from_akn(&xml), Err(ImportError::Limit { limit: "MAX_XML_DEPTH", .. })));
    }

    #[test]
    fn an_empty_document_round_trips() {
        assert_round_trip(&Document::default());
    }
}
