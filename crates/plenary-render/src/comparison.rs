//! Comparisons rendered for people to read: a redline for the terminal, a Markdown report and a
//! self-contained HTML page. Each takes a [`Comparison`] from `plenary_core::compare` and returns text;
//! none touches a file or the terminal (the command line decides whether colour is wanted).
//!
//! All three say the same things in the same order. "What is new" comes first, because it answers the
//! question every delegation asks first; then the units that changed, in the reading order of the new
//! version, each headed by its id and what happened to it ("op12 (was op11), modified, moved"), with the
//! word-level redline inside. Unchanged units are counted, not repeated, except on the HTML page, which is
//! meant to be read through and so shows the whole new text with the changes in place.

use std::collections::HashMap;

use plenary_core::Document;
use plenary_core::compare::{
    Brief, Change, ChangeKind, Comparison, DiffOpKind, UnitPart, UnitRef, WhatIsNew,
};
use plenary_core::vocabulary::{ParagraphPart, opening_phrase};

use plenary_import::markdown::{escape_inline, escape_line_start};

use crate::html::escape;

/// Writes a comparison for a terminal: the "what is new" summary, then every unit that changed or moved
/// with its word-level redline. With `colour`, deleted words are red and struck through and inserted words
/// green and underlined (ANSI); without it they are marked `[-deleted-]{+inserted+}`, as `wdiff` does.
pub fn to_terminal(comparison: &Comparison, old_name: &str, new_name: &str, colour: bool) -> String {
    let style = TerminalStyle { colour };
    let what_is_new = comparison.what_is_new();
    let mut output = visible_controls(&what_is_new.report(old_name, new_name));
    let shown: Vec<&Change> = comparison.changes.iter().filter(|change| is_shown(change)).collect();
    output.push('\n');
    if shown.is_empty() {
        output.push_str("No paragraph changed.\n");
        return output;
    }
    output.push_str(&format!(
        "The changes, in the order of {}{}. Deleted words are shown {}, inserted words {}.\n",
        visible_controls(new_name),
        not_shown_note(comparison.changes.len() - shown.len()),
        style.deleted("like this"),
        style.inserted("like this"),
    ));
    for change in shown {
        output.push('\n');
        output.push_str(&style.heading(&visible_controls(&heading(change))));
        output.push('\n');
        if let Some(label) = named_unit(change).and_then(printed_label) {
            output.push_str(&visible_controls(&label));
            output.push(' ');
        }
        for piece in &change.diff {
            let text = visible_controls(&piece.text);
            match piece.op {
                DiffOpKind::Equal => output.push_str(&text),
                DiffOpKind::Delete => output.push_str(&style.deleted(&text)),
                DiffOpKind::Insert => output.push_str(&style.inserted(&text)),
            }
        }
        output.push('\n');
    }
    output
}

/// Writes a comparison as a Markdown report: "what is new" as a section, then every unit that changed or
/// moved, with deleted words `~~struck through~~` and inserted words `**in bold**`.
pub fn to_markdown(comparison: &Comparison, old_name: &str, new_name: &str) -> String {
    let what_is_new = comparison.what_is_new();
    let mut output = format!(
        "# {} compared with {}\n\n## What is new\n\n",
        escape_inline(new_name),
        escape_inline(old_name)
    );
    output.push_str(&escape_inline(&counts_sentence(&what_is_new)));
    output.push_str("\n\n");
    let briefs = |output: &mut String, title: &str, briefs: &[Brief]| {
        if briefs.is_empty() {
            return;
        }
        output.push_str(&format!("### {title}\n\n"));
        for brief in briefs {
            output.push_str(&format!(
                "- {}: {}\n",
                escape_inline(&brief_name(brief)),
                escape_inline(&brief.opening)
            ));
        }
        output.push('\n');
    };
    briefs(&mut output, "Added", &what_is_new.added);
    briefs(&mut output, "Deleted", &what_is_new.deleted);
    if !what_is_new.most_changed.is_empty() {
        output.push_str("### Most changed\n\n");
        for item in &what_is_new.most_changed {
            output.push_str(&format!(
                "- {}, {:.0}% of its words: {}\n",
                escape_inline(&brief_name(&item.unit)),
                item.changed * 100.0,
                escape_inline(&item.unit.opening)
            ));
        }
        output.push('\n');
    }
    briefs(&mut output, "Moved", &what_is_new.moved);
    if !what_is_new.reference_updates.is_empty() {
        output.push_str("### References updated (no change of substance)\n\n");
        for update in &what_is_new.reference_updates {
            output.push_str(&format!(
                "- {}: {} → {}\n",
                escape_inline(&brief_name(&update.unit)),
                escape_inline(&update.from.join(", ")),
                escape_inline(&update.to.join(", "))
            ));
        }
        output.push('\n');
    }
    let shown: Vec<&Change> = comparison.changes.iter().filter(|change| is_shown(change)).collect();
    output.push_str("## Changes\n\n");
    if shown.is_empty() {
        output.push_str("No paragraph changed.\n");
        return output;
    }
    output.push_str(&format!(
        "In the order of {}{}. Deleted words are ~~struck through~~, inserted words **in bold**.\n\n",
        escape_inline(new_name),
        escape_inline(&not_shown_note(comparison.changes.len() - shown.len())),
    ));
    for change in shown {
        output.push_str(&format!("### {}\n\n", escape_inline(&heading(change))));
        output.push_str(&markdown_redline(change));
        output.push_str("\n\n");
    }
    // One line break ends the file, not a blank line.
    output.pop();
    output
}

/// One side of a comparison, a document with the name the renderings call it by: its symbol (or its file
/// name). The HTML page heads itself with the document's title, and places the "moved from here" marks by
/// its reading order.
#[derive(Debug, Clone, Copy)]
pub struct NamedDocument<'a> {
    pub name: &'a str,
    pub document: &'a Document,
}

/// Writes a comparison as one self-contained HTML page (inline CSS, no script, nothing fetched): a header
/// naming both versions, the "what is new" summary, a legend, the whole new text with the changes in place
/// (`<del>` struck through, `<ins>` underlined, deleted paragraphs where they stood, moved ones linked to
/// where they stood), and a side-by-side table of the modified, added and deleted units.
pub fn to_html(comparison: &Comparison, old: NamedDocument<'_>, new: NamedDocument<'_>) -> String {
    let what_is_new = comparison.what_is_new();
    let mut page = String::with_capacity(64 * 1024);
    page.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str(&format!(
        "<title>{} compared with {}</title>\n<style>\n{}{STYLE}</style>\n</head>\n<body>\n",
        escape_html(new.name),
        escape_html(old.name),
        colour_variables(),
    ));
    html_header(&mut page, old, new);
    page.push_str("<main>\n");
    html_summary(&mut page, &what_is_new);
    html_legend(&mut page);
    html_inline_redline(&mut page, comparison, old.document, new.name);
    html_side_by_side(&mut page, comparison, old.name, new.name);
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

/// The body of [`to_html`] without the page around it — "what is new", the legend, the new text with its
/// changes in place (`#redline`) and the side-by-side table — for a page that has its own header (the web
/// application's compare page). Its styles are [`html_style`].
pub fn to_html_fragment(comparison: &Comparison, old: NamedDocument<'_>, new: NamedDocument<'_>) -> String {
    let what_is_new = comparison.what_is_new();
    let mut fragment = String::with_capacity(64 * 1024);
    html_summary(&mut fragment, &what_is_new);
    html_legend(&mut fragment);
    html_inline_redline(&mut fragment, comparison, old.document, new.name);
    html_side_by_side(&mut fragment, comparison, old.name, new.name);
    fragment
}

/// The style sheet of the comparison page, with its colour variables (every pair of text and background
/// colours checked for WCAG AA contrast by this module's tests). The web application builds on it.
pub fn html_style() -> String {
    format!("{}{STYLE}", colour_variables())
}

// What the three renderers share.

/// Whether a change is shown on its own: all but the units that stayed word for word where they were.
fn is_shown(change: &Change) -> bool {
    change.kind != ChangeKind::Unchanged || change.moved
}

/// The unit a change is known by: the new one, or the old one for a deletion.
fn named_unit(change: &Change) -> Option<&UnitRef> {
    change.new.as_ref().or(change.old.as_ref())
}

/// How a change is headed: "op12 (was op11), modified, moved"; "op50, modified, references only".
fn heading(change: &Change) -> String {
    let mut heading = named_unit(change).map(|unit| unit.id.to_string()).unwrap_or_default();
    if let Some(was) = renumbered_from(change) {
        heading.push_str(&format!(" (was {was})"));
    }
    heading.push_str(", ");
    heading.push_str(kind_name(change.kind));
    if change.references_only {
        heading.push_str(", references only");
    }
    if change.moved {
        heading.push_str(", moved");
    }
    heading
}

/// The old id of a paired unit whose id changed (renumbered, moved, or both).
fn renumbered_from(change: &Change) -> Option<&str> {
    match (&change.old, &change.new) {
        (Some(old), Some(new)) if old.id != new.id => Some(old.id.as_str()),
        _ => None,
    }
}

fn kind_name(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Unchanged => "unchanged",
        ChangeKind::Modified => "modified",
        ChangeKind::Added => "added",
        ChangeKind::Deleted => "deleted",
    }
}

/// A unit's number or label as printed: "12." for numbers (and capital letters), "(b)" and "(ii)" for
/// the letters and roman numerals of sub-paragraphs.
fn printed_label(unit: &UnitRef) -> Option<String> {
    let label = unit.label.as_deref().filter(|label| !label.is_empty())?;
    if label.chars().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()) {
        Some(format!("{label}."))
    } else {
        Some(format!("({label})"))
    }
}

/// A summary entry's name: its id, and the id it had before when that differs.
fn brief_name(brief: &Brief) -> String {
    match &brief.was {
        Some(was) => format!("{} (was {was})", brief.id),
        None => brief.id.to_string(),
    }
}

fn counts_sentence(what_is_new: &WhatIsNew) -> String {
    let counts = &what_is_new.summary;
    format!(
        "{} paragraphs and sub-paragraphs compared: {} unchanged, {} modified ({} only in references), \
         {} added, {} deleted; {} moved.",
        counts.unchanged + counts.modified + counts.added + counts.deleted,
        counts.unchanged,
        counts.modified,
        what_is_new.references_only,
        counts.added,
        counts.deleted,
        counts.moved,
    )
}

/// The note that says how many unchanged units the list leaves out, so that no reader takes the list for
/// the whole text.
fn not_shown_note(unchanged: usize) -> String {
    match unchanged {
        0 => String::new(),
        1 => "; the one unchanged paragraph is not shown".to_string(),
        count => format!("; the {count} unchanged paragraphs and sub-paragraphs are not shown"),
    }
}

/// Replaces control characters (other than line breaks and tabs) with their visible pictures (U+2400…).
/// The texts come from outside: an escape character in one must not reach a terminal, where it could move
/// the cursor or rewrite what is on screen, nor an HTML page, where it is not allowed.
fn visible_controls(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{FFFD}'),
            '\u{7f}' => '\u{2421}',
            '\u{80}'..='\u{9f}' => '\u{FFFD}',
            _ => c,
        })
        .collect()
}

// The terminal.

struct TerminalStyle {
    colour: bool,
}

impl TerminalStyle {
    /// Red and struck through (SGR 31 and 9), or wdiff's `[-…-]`.
    fn deleted(&self, text: &str) -> String {
        if self.colour { format!("\x1b[31;9m{text}\x1b[0m") } else { format!("[-{text}-]") }
    }

    /// Green and underlined (SGR 32 and 4), or wdiff's `{+…+}`.
    fn inserted(&self, text: &str) -> String {
        if self.colour { format!("\x1b[32;4m{text}\x1b[0m") } else { format!("{{+{text}+}}") }
    }

    fn heading(&self, text: &str) -> String {
        if self.colour { format!("\x1b[1m{text}\x1b[0m") } else { text.to_string() }
    }
}

// Markdown.

/// Between a marker and a word that would stop Markdown from reading the marker as one: an empty HTML
/// comment, which renders as nothing.
const MARKDOWN_SEPARATOR: &str = "<!-- -->";

/// A unit's line of Markdown: its label and the redline, deleted pieces in `~~`, inserted pieces in `**`.
fn markdown_redline(change: &Change) -> String {
    let mut line = MarkdownLine::default();
    if let Some(label) = named_unit(change).and_then(printed_label) {
        line.push_plain(&label);
        line.push_plain(" ");
    }
    for piece in &change.diff {
        match piece.op {
            DiffOpKind::Equal => line.push_plain(&piece.text),
            DiffOpKind::Delete => line.push_marked(&piece.text, "~~"),
            DiffOpKind::Insert => line.push_marked(&piece.text, "**"),
        }
    }
    // A line opening "12. " would start a numbered list and renumber the paragraphs.
    escape_line_start(&line.text)
}

/// A line of Markdown being built, which keeps its emphasis markers readable as markers.
///
/// CommonMark reads `**` and `~~` as markers only where they "flank" their text: an opening marker must
/// not be followed by a space, and when it is followed by punctuation it must follow a space or
/// punctuation; a closing one the other way round. Redline pieces often begin with punctuation right after
/// a word ("torture" + ", and"), so spaces at the edges of a piece are written outside its markers and an
/// empty comment separates a marker from a word where the rule would otherwise fail.
#[derive(Default)]
struct MarkdownLine {
    text: String,
    /// The last marker closed after punctuation: a word may not follow it directly.
    closed_after_punctuation: bool,
}

impl MarkdownLine {
    fn push_plain(&mut self, text: &str) {
        let escaped = escape_inline(&one_line(text));
        let Some(first) = escaped.chars().next() else { return };
        if self.closed_after_punctuation && !first.is_whitespace() && !is_punctuation(first) {
            self.text.push_str(MARKDOWN_SEPARATOR);
        }
        self.closed_after_punctuation = false;
        self.text.push_str(&escaped);
    }

    fn push_marked(&mut self, text: &str, marker: &str) {
        let text = one_line(text);
        let content = text.trim();
        if content.is_empty() {
            // A deleted space leaves nothing to show; an inserted one is simply a space of the new text.
            if marker == "**" {
                self.push_plain(&text);
            }
            return;
        }
        let leading = &text[..text.len() - text.trim_start().len()];
        let trailing = &text[text.trim_end().len()..];
        self.push_plain(leading);
        let escaped = escape_inline(content);
        let before = self.text.chars().next_back();
        let first = escaped.chars().next();
        if before.is_some_and(|c| !c.is_whitespace() && !is_punctuation(c))
            && first.is_some_and(is_punctuation)
        {
            self.text.push_str(MARKDOWN_SEPARATOR);
        }
        self.text.push_str(marker);
        self.text.push_str(&escaped);
        self.text.push_str(marker);
        self.closed_after_punctuation = escaped.chars().next_back().is_some_and(is_punctuation);
        self.push_plain(trailing);
    }
}

/// Punctuation and symbols in the sense of CommonMark's flanking rules.
fn is_punctuation(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// A unit's text on one line: a line break inside a paragraph would let a following "- " or "1. " open
/// a list.
fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

// HTML.

/// The page's colours. Every pair of text and background colour used together has a contrast ratio of
/// at least 4.5:1 (WCAG AA for body text), checked by a test; and no change is shown by colour alone:
/// deletions are struck through, insertions underlined, moves labelled in words.
const PAGE_BACKGROUND: &str = "#ffffff";
const TEXT_COLOUR: &str = "#1b1b1b";
const MUTED_COLOUR: &str = "#595959";
const LINK_COLOUR: &str = "#1a4f8b";
const DELETED_COLOUR: &str = "#a4161a";
const DELETED_BACKGROUND: &str = "#fde7e7";
const INSERTED_COLOUR: &str = "#0b6b2f";
const INSERTED_BACKGROUND: &str = "#e2f3e6";
const MOVED_COLOUR: &str = "#5b2a86";
const MOVED_BACKGROUND: &str = "#efe7f8";
const MODIFIED_COLOUR: &str = "#7a4f00";
const MODIFIED_BACKGROUND: &str = "#fff4d6";
const PANEL_BACKGROUND: &str = "#f5f5f3";

/// The pairs of text and background colours the page puts together.
#[cfg(test)]
const COLOUR_PAIRS: &[(&str, &str)] = &[
    (TEXT_COLOUR, PAGE_BACKGROUND),
    (MUTED_COLOUR, PAGE_BACKGROUND),
    (LINK_COLOUR, PAGE_BACKGROUND),
    (TEXT_COLOUR, PANEL_BACKGROUND),
    (MUTED_COLOUR, PANEL_BACKGROUND),
    (LINK_COLOUR, PANEL_BACKGROUND),
    (DELETED_COLOUR, DELETED_BACKGROUND),
    (INSERTED_COLOUR, INSERTED_BACKGROUND),
    (MOVED_COLOUR, MOVED_BACKGROUND),
    (LINK_COLOUR, MOVED_BACKGROUND),
    (MODIFIED_COLOUR, MODIFIED_BACKGROUND),
];

fn colour_variables() -> String {
    format!(
        ":root {{ color-scheme: light; --page: {PAGE_BACKGROUND}; --text: {TEXT_COLOUR}; \
         --muted: {MUTED_COLOUR}; --link: {LINK_COLOUR}; --deleted: {DELETED_COLOUR}; \
         --deleted-bg: {DELETED_BACKGROUND}; --inserted: {INSERTED_COLOUR}; \
         --inserted-bg: {INSERTED_BACKGROUND}; --moved: {MOVED_COLOUR}; --moved-bg: {MOVED_BACKGROUND}; \
         --modified: {MODIFIED_COLOUR}; --modified-bg: {MODIFIED_BACKGROUND}; --panel: {PANEL_BACKGROUND}; }}\n"
    )
}

/// The page's style. Serif for the resolution's words, as the UN prints them; sans-serif for what the
/// comparison says about them. One column that narrows to a phone's width; the side-by-side table becomes
/// a stack of old above new there. Screen readers do not announce `<del>` and `<ins>` by default, so
/// visually hidden words say where each begins and ends.
const STYLE: &str = r#"* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--text);
  font: 1.0625rem/1.6 Georgia, "Times New Roman", Times, serif; }
header, main { max-width: 62rem; margin: 0 auto; padding: 1rem 1.25rem; }
header { border-bottom: 1px solid #c8c8c8; }
h1, h2, h3, nav, .eyebrow, .versions dt, .meta, .counts, .legend, .note, th, td::before, .placeholder {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.25rem 0 0.75rem; }
h2 { font-size: 1.3rem; margin: 2.5rem 0 0.75rem; padding-bottom: 0.25rem; border-bottom: 1px solid #c8c8c8; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 0.5rem; }
a { color: var(--link); }
.eyebrow { margin: 0; color: var(--muted); font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.06em; }
.versions { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 0.75rem; margin: 0; }
.versions div { background: var(--panel); padding: 0.6rem 0.8rem; border-radius: 0.4rem; }
.versions dt { color: var(--muted); font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.05em; }
.versions dd { margin: 0; }
.symbol { font-weight: 700; }
nav ul { list-style: none; padding: 0; margin: 0.9rem 0 0; display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; }
.counts { list-style: none; padding: 0; margin: 0 0 1rem; display: flex; flex-wrap: wrap; gap: 0.5rem; }
.counts li { background: var(--panel); border-radius: 0.4rem; padding: 0.4rem 0.8rem; }
.counts strong { font-size: 1.3rem; margin-right: 0.25rem; }
.briefs li { margin-bottom: 0.3rem; }
.briefs .id, .meta .id, th .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
del { color: var(--deleted); background: var(--deleted-bg); text-decoration: line-through;
  text-decoration-thickness: 0.09em; }
ins { color: var(--inserted); background: var(--inserted-bg); text-decoration: underline;
  text-decoration-thickness: 0.08em; text-underline-offset: 0.18em; }
del + ins { margin-left: 0.2em; }
del::before, del::after, ins::before, ins::after { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip-path: inset(100%); white-space: nowrap; }
del::before { content: " [deletion: "; } del::after { content: " end of deletion] "; }
ins::before { content: " [insertion: "; } ins::after { content: " end of insertion] "; }
.badge { display: inline-block; font-size: 0.8rem; line-height: 1.4; padding: 0 0.45em; border-radius: 0.3em;
  border: 1px solid currentColor; white-space: nowrap; }
.badge.modified { color: var(--modified); background: var(--modified-bg); }
.badge.added { color: var(--inserted); background: var(--inserted-bg); }
.badge.deleted { color: var(--deleted); background: var(--deleted-bg); }
.badge.moved { color: var(--moved); background: var(--moved-bg); }
.badge.moved a { color: var(--link); }
.legend { padding-left: 1.2rem; }
.legend li { margin-bottom: 0.35rem; }
.text { max-width: 46rem; }
.unit { margin: 0 0 0.9rem; overflow-wrap: anywhere; }
.unit p { margin: 0; }
.unit.changed { border-left: 0.3rem solid var(--modified); padding-left: 0.75rem; margin-left: -1.05rem; }
.unit.changed.added { border-left-color: var(--inserted); }
.unit.changed.deleted { border-left-color: var(--deleted); }
.unit.changed.moved { border-left-style: double; border-left-color: var(--moved); }
.depth-1 { padding-left: 2.5rem; } .depth-2 { padding-left: 5rem; } .depth-3 { padding-left: 7.5rem; }
.unit.changed.depth-1 { padding-left: 3.25rem; } .unit.changed.depth-2 { padding-left: 5.75rem; }
.unit.changed.depth-3 { padding-left: 8.25rem; }
.num { margin-right: 0.25em; }
.meta { font-size: 0.85rem; color: var(--muted); margin-bottom: 0.15rem; }
.meta .badge { margin-left: 0.3rem; }
.meta .jump { margin-left: 0.6rem; }
.placeholder { font-size: 0.85rem; color: var(--moved); background: var(--moved-bg); padding: 0.3rem 0.6rem;
  border-radius: 0.3rem; margin: 0 0 0.9rem; }
.placeholder a { color: var(--link); }
.note { color: var(--muted); font-size: 0.9rem; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: 0.6rem 0.6rem; border-top: 1px solid #c8c8c8; overflow-wrap: anywhere; }
thead th { font-size: 0.85rem; color: var(--muted); border-top: none; }
thead th:first-child { width: 8rem; }
th[scope="row"] { font-weight: 400; font-size: 0.85rem; }
th[scope="row"] .badge { margin-top: 0.25rem; }
td.absent { color: var(--muted); font-style: italic; }
@media (max-width: 40rem) {
  body { font-size: 1rem; }
  header, main { padding: 0.75rem 0.9rem; }
  .unit.changed { margin-left: 0; }
  .depth-1 { padding-left: 1.25rem; } .depth-2 { padding-left: 2.5rem; } .depth-3 { padding-left: 3.75rem; }
  .unit.changed.depth-1 { padding-left: 2rem; } .unit.changed.depth-2 { padding-left: 3.25rem; }
  .unit.changed.depth-3 { padding-left: 4.5rem; }
  table, tbody, tr, th, td { display: block; width: auto; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(100%); }
  th[scope="row"] { width: auto; border-top: 2px solid #8a8a8a; }
  td { border-top: none; padding-top: 0.2rem; }
  td::before { content: attr(data-label); display: block; font-size: 0.8rem; color: var(--muted); }
}
@media print {
  nav, .jump { display: none; }
  .unit, tr { break-inside: avoid; }
}
"#;

fn html_header(page: &mut String, old: NamedDocument<'_>, new: NamedDocument<'_>) {
    page.push_str("<header>\n<p class=\"eyebrow\">Comparison of two versions</p>\n");
    page.push_str(&format!(
        "<h1>What changed in {} since {}</h1>\n<dl class=\"versions\">\n",
        escape_html(new.name),
        escape_html(old.name)
    ));
    for (role, version) in [("Old version", old), ("New version", new)] {
        page.push_str(&format!(
            "<div><dt>{role}</dt><dd><span class=\"symbol\">{}</span>",
            escape_html(version.name)
        ));
        if !version.document.title.is_empty() {
            page.push_str(&format!("<br>{}", escape_html(&version.document.title)));
        }
        page.push_str("</dd></div>\n");
    }
    page.push_str("</dl>\n<nav aria-label=\"On this page\"><ul>\n");
    page.push_str("<li><a href=\"#what-is-new\">What is new</a></li>\n");
    page.push_str("<li><a href=\"#legend\">How to read the changes</a></li>\n");
    page.push_str("<li><a href=\"#redline\">The new text with its changes</a></li>\n");
    page.push_str("<li><a href=\"#side-by-side\">Side by side</a></li>\n");
    page.push_str("</ul></nav>\n</header>\n");
}

fn html_summary(page: &mut String, what_is_new: &WhatIsNew) {
    let counts = &what_is_new.summary;
    page.push_str("<section id=\"what-is-new\" aria-labelledby=\"what-is-new-heading\">\n");
    page.push_str("<h2 id=\"what-is-new-heading\">What is new</h2>\n<ul class=\"counts\">\n");
    page.push_str(&format!("<li><strong>{}</strong> unchanged</li>\n", counts.unchanged));
    page.push_str(&format!(
        "<li><strong>{}</strong> modified ({} only in references)</li>\n",
        counts.modified, what_is_new.references_only
    ));
    page.push_str(&format!("<li><strong>{}</strong> added</li>\n", counts.added));
    page.push_str(&format!("<li><strong>{}</strong> deleted</li>\n", counts.deleted));
    page.push_str(&format!("<li><strong>{}</strong> moved</li>\n", counts.moved));
    page.push_str("</ul>\n");
    page.push_str(&format!(
        "<p class=\"note\">{} paragraphs and sub-paragraphs compared; a moved paragraph is also counted as \
         unchanged or modified.</p>\n",
        counts.unchanged + counts.modified + counts.added + counts.deleted
    ));
    let briefs = |page: &mut String, title: &str, briefs: &[Brief], side: &str| {
        if briefs.is_empty() {
            return;
        }
        page.push_str(&format!("<h3>{title}</h3>\n<ul class=\"briefs\">\n"));
        for brief in briefs {
            page.push_str(&format!(
                "<li>{}: {}</li>\n",
                html_brief_name(brief, side),
                escape_html(&brief.opening)
            ));
        }
        page.push_str("</ul>\n");
    };
    briefs(page, "Added", &what_is_new.added, "new");
    briefs(page, "Deleted", &what_is_new.deleted, "old");
    if !what_is_new.most_changed.is_empty() {
        page.push_str("<h3>Most changed</h3>\n<ul class=\"briefs\">\n");
        for item in &what_is_new.most_changed {
            page.push_str(&format!(
                "<li>{}, {:.0}% of its words: {}</li>\n",
                html_brief_name(&item.unit, "new"),
                item.changed * 100.0,
                escape_html(&item.unit.opening)
            ));
        }
        page.push_str("</ul>\n");
    }
    briefs(page, "Moved", &what_is_new.moved, "new");
    if !what_is_new.reference_updates.is_empty() {
        page.push_str("<h3>References updated (no change of substance)</h3>\n<ul class=\"briefs\">\n");
        for update in &what_is_new.reference_updates {
            page.push_str(&format!(
                "<li>{}: {} → {}</li>\n",
                html_brief_name(&update.unit, "new"),
                escape_html(&update.from.join(", ")),
                escape_html(&update.to.join(", "))
            ));
        }
        page.push_str("</ul>\n");
    }
    page.push_str("</section>\n");
}

/// A summary entry's id as a link to the unit in the redline, and the id it had before.
fn html_brief_name(brief: &Brief, side: &str) -> String {
    let id = escape_html(brief.id.as_str());
    let mut name = format!("<a class=\"id\" href=\"#{side}-{id}\">{id}</a>");
    if let Some(was) = &brief.was {
        name.push_str(&format!(" (was {})", escape_html(was.as_str())));
    }
    name
}

fn html_legend(page: &mut String) {
    page.push_str("<section id=\"legend\" aria-labelledby=\"legend-heading\">\n");
    page.push_str("<h2 id=\"legend-heading\">How to read the changes</h2>\n<ul class=\"legend\">\n");
    page.push_str("<li><del>Deleted words</del> are struck through, in red.</li>\n");
    page.push_str("<li><ins>Inserted words</ins> are underlined, in green.</li>\n");
    page.push_str(
        "<li>A changed paragraph has a bar in the margin and a line above it saying what happened: \
         <span class=\"badge modified\">modified</span> <span class=\"badge added\">added</span> \
         <span class=\"badge deleted\">deleted</span> <span class=\"badge moved\">moved</span>. A moved \
         paragraph links to the place it left, which is marked in the text.</li>\n",
    );
    page.push_str(
        "<li>Unchanged paragraphs are shown plainly, so that the new text can be read whole. Paragraph ids \
         (pp3 for the third preambular paragraph, op4.b for sub-paragraph (b) of operative paragraph 4) are \
         those of the new version, or of the old one for deleted paragraphs.</li>\n",
    );
    page.push_str("</ul>\n</section>\n");
}

/// The whole new text in reading order with the changes in place: deleted units where they stood, and a
/// mark where each moved unit stood in the old text.
fn html_inline_redline(page: &mut String, comparison: &Comparison, old: &Document, new_name: &str) {
    page.push_str("<section id=\"redline\" aria-labelledby=\"redline-heading\">\n");
    page.push_str("<h2 id=\"redline-heading\">The new text with its changes</h2>\n");
    page.push_str(&format!(
        "<p class=\"note\">Every paragraph of {}, in order, with what was deleted from the old text where \
         it stood.</p>\n<div class=\"text\">\n",
        escape_html(new_name)
    ));
    let moved_away = moved_away_marks(comparison, old);
    for (index, change) in comparison.changes.iter().enumerate() {
        for moved in moved_away.get(&index).into_iter().flatten() {
            html_moved_away(page, moved);
        }
        html_unit(page, change);
    }
    for moved in moved_away.get(&comparison.changes.len()).into_iter().flatten() {
        html_moved_away(page, moved);
    }
    page.push_str("</div>\n</section>\n");
}

/// Where to mark the places moved units left: for each moved unit, the index of the first change after
/// its old place (a change that did not move, whose old unit comes later in the old text), or the end.
fn moved_away_marks<'a>(comparison: &'a Comparison, old: &Document) -> HashMap<usize, Vec<&'a Change>> {
    let positions = reading_positions(old);
    let old_position =
        |change: &Change| change.old.as_ref().and_then(|unit| positions.get(unit.id.as_str()).copied());
    let mut marks: HashMap<usize, Vec<&Change>> = HashMap::new();
    for change in comparison.changes.iter().filter(|change| change.moved && change.new.is_some()) {
        let slot = old_position(change)
            .and_then(|moved_from| {
                comparison.changes.iter().position(|other| {
                    !other.moved && old_position(other).is_some_and(|position| position > moved_from)
                })
            })
            .unwrap_or(comparison.changes.len());
        marks.entry(slot).or_default().push(change);
    }
    marks
}

/// Every unit id of a document in reading order, as the comparison walks it: preamble, operative part
/// (each paragraph followed by its sub-paragraphs), then the parts of an omnibus text, then annexes.
fn reading_positions(document: &Document) -> HashMap<&str, usize> {
    let parts = std::iter::once((&document.preamble, &document.operative))
        .chain(document.sections.iter().map(|section| (&section.preamble, &section.operative)));
    let paragraph_ids = parts
        .flat_map(|(preamble, operative)| preamble.iter().chain(operative))
        .flat_map(|paragraph| paragraph.walk())
        .map(|paragraph| paragraph.id.as_str());
    let block_ids = document.annexes.iter().flat_map(|annex| &annex.blocks).map(|block| block.id.as_str());
    paragraph_ids.chain(block_ids).enumerate().map(|(position, id)| (id, position)).collect()
}

fn html_moved_away(page: &mut String, change: &Change) {
    let (Some(old), Some(new)) = (&change.old, &change.new) else { return };
    let old_id = escape_html(old.id.as_str());
    let new_id = escape_html(new.id.as_str());
    page.push_str(&format!(
        "<p class=\"placeholder\" id=\"old-{old_id}\"><span class=\"id\">{old_id}</span> of the old text \
         stood here; it moved to <a href=\"#new-{new_id}\">{new_id}</a>.</p>\n"
    ));
}

fn html_unit(page: &mut String, change: &Change) {
    let Some(unit) = named_unit(change) else { return };
    let side = if change.new.is_some() { "new" } else { "old" };
    let id = escape_html(unit.id.as_str());
    let mut classes = format!("unit {}", kind_name(change.kind));
    if is_shown(change) {
        classes.push_str(" changed");
    }
    if change.moved {
        classes.push_str(" moved");
    }
    let depth = subparagraph_depth(unit);
    if depth > 0 {
        classes.push_str(&format!(" depth-{}", depth.min(3)));
    }
    page.push_str(&format!("<div class=\"{classes}\" id=\"{side}-{id}\">\n"));
    if is_shown(change) {
        page.push_str(&format!("<p class=\"meta\"><span class=\"id\">{id}</span>"));
        if let Some(was) = renumbered_from(change)
            && !change.moved
        {
            page.push_str(&format!(" (was {})", escape_html(was)));
        }
        page.push_str(&format!(" <span class=\"badge {0}\">{0}</span>", kind_name(change.kind)));
        if change.references_only {
            page.push_str(" <span class=\"badge modified\">references only</span>");
        }
        if let (true, Some(old)) = (change.moved, &change.old) {
            let old_id = escape_html(old.id.as_str());
            page.push_str(&format!(
                " <span class=\"badge moved\">moved from <a href=\"#old-{old_id}\">{old_id}</a></span>"
            ));
        }
        if change.kind != ChangeKind::Unchanged {
            page.push_str(&format!(" <a class=\"jump\" href=\"#side-{side}-{id}\">side by side</a>"));
        }
        page.push_str("</p>\n");
    }
    page.push_str("<p>");
    push_html_label(page, unit);
    // An unchanged unit is shown as it now reads; its redline can still hold typographic variants (a
    // hyphen for a non-breaking hyphen), which are not changes.
    let shown = if change.kind == ChangeKind::Unchanged { Shown::NewText } else { Shown::Redline };
    page.push_str(&html_redline(change, shown));
    page.push_str("</p>\n</div>\n");
}

/// How deep a sub-paragraph stands: 1 for `op4.b`, 2 for `op4.b.ii` (and the same inside `sec2.`).
fn subparagraph_depth(unit: &UnitRef) -> usize {
    if unit.part != UnitPart::Subparagraph {
        return 0;
    }
    let segments = unit.id.as_str().split('.').filter(|segment| !segment.starts_with("sec")).count();
    segments.saturating_sub(1)
}

fn push_html_label(page: &mut String, unit: &UnitRef) {
    if let Some(label) = printed_label(unit) {
        page.push_str(&format!("<span class=\"num\">{}</span> ", escape_html(&label)));
    }
}

/// Which pieces of a redline to show, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// Every piece: the new text with deletions struck through in place.
    Redline,
    /// The old text, its deleted pieces marked.
    OldSide,
    /// The new text, its inserted pieces marked.
    NewSide,
    /// The new text, nothing marked.
    NewText,
}

/// A change's redline as HTML, with the opening phrase of each side in italics, as the UN prints it.
fn html_redline(change: &Change, shown: Shown) -> String {
    let old_italic_end = change.old.as_ref().map_or(0, opening_phrase_end);
    let new_italic_end = change.new.as_ref().map_or(0, opening_phrase_end);
    let mut old_offset = 0;
    let mut new_offset = 0;
    let mut html = String::new();
    for piece in &change.diff {
        let length = piece.text.len();
        match piece.op {
            DiffOpKind::Equal => {
                // Equal text is the same on both sides, but each side has its own opening phrase.
                if shown == Shown::OldSide {
                    push_italicised(&mut html, &piece.text, old_offset, old_italic_end);
                } else {
                    push_italicised(&mut html, &piece.text, new_offset, new_italic_end);
                }
                old_offset += length;
                new_offset += length;
            }
            DiffOpKind::Delete => {
                if matches!(shown, Shown::Redline | Shown::OldSide) {
                    html.push_str("<del>");
                    push_italicised(&mut html, &piece.text, old_offset, old_italic_end);
                    html.push_str("</del>");
                }
                old_offset += length;
            }
            DiffOpKind::Insert => {
                match shown {
                    Shown::Redline | Shown::NewSide => {
                        html.push_str("<ins>");
                        push_italicised(&mut html, &piece.text, new_offset, new_italic_end);
                        html.push_str("</ins>");
                    }
                    Shown::NewText => push_italicised(&mut html, &piece.text, new_offset, new_italic_end),
                    Shown::OldSide => {}
                }
                new_offset += length;
            }
        }
    }
    html
}

/// Where the italics of a unit's opening phrase end, in bytes of its text; 0 when it has none (only
/// preambular and operative paragraphs open with one).
fn opening_phrase_end(unit: &UnitRef) -> usize {
    let part = match unit.part {
        UnitPart::Preambular => ParagraphPart::Preambular,
        UnitPart::Operative => ParagraphPart::Operative,
        UnitPart::Subparagraph | UnitPart::Annex => return 0,
    };
    let start = unit.text.len() - unit.text.trim_start().len();
    opening_phrase(&unit.text, part).map_or(0, |phrase| start + phrase.len())
}

/// A piece that begins `offset` bytes into its side's text, escaped, with what of it falls before
/// `italic_end` in italics.
fn push_italicised(html: &mut String, text: &str, offset: usize, italic_end: usize) {
    let italic_length = italic_end.saturating_sub(offset).min(text.len());
    match (text.get(..italic_length), text.get(italic_length..)) {
        (Some(italic), Some(rest)) if !italic.is_empty() => {
            html.push_str("<em>");
            html.push_str(&escape_html(italic));
            html.push_str("</em>");
            html.push_str(&escape_html(rest));
        }
        _ => html.push_str(&escape_html(text)),
    }
}

fn html_side_by_side(page: &mut String, comparison: &Comparison, old_name: &str, new_name: &str) {
    let old_name = escape_html(old_name);
    let new_name = escape_html(new_name);
    page.push_str("<section id=\"side-by-side\" aria-labelledby=\"side-by-side-heading\">\n");
    page.push_str("<h2 id=\"side-by-side-heading\">Side by side</h2>\n");
    let rows: Vec<&Change> =
        comparison.changes.iter().filter(|change| change.kind != ChangeKind::Unchanged).collect();
    if rows.is_empty() {
        page.push_str("<p>No paragraph was modified, added or deleted.</p>\n</section>\n");
        return;
    }
    page.push_str(
        "<p class=\"note\">The modified, added and deleted paragraphs, the old text beside the new.</p>\n",
    );
    page.push_str(&format!(
        "<table>\n<thead><tr><th scope=\"col\">Paragraph</th><th scope=\"col\">Old: {old_name}</th>\
         <th scope=\"col\">New: {new_name}</th></tr></thead>\n<tbody>\n"
    ));
    for change in rows {
        let Some(unit) = named_unit(change) else { continue };
        let side = if change.new.is_some() { "new" } else { "old" };
        let id = escape_html(unit.id.as_str());
        page.push_str(&format!(
            "<tr id=\"side-{side}-{id}\"><th scope=\"row\"><a class=\"id\" href=\"#{side}-{id}\">{id}</a>"
        ));
        if let Some(was) = renumbered_from(change) {
            page.push_str(&format!(" (was {})", escape_html(was)));
        }
        page.push_str(&format!("<br><span class=\"badge {0}\">{0}</span>", kind_name(change.kind)));
        if change.moved {
            page.push_str(" <span class=\"badge moved\">moved</span>");
        }
        page.push_str("</th>\n");
        for (unit, shown, label) in [
            (&change.old, Shown::OldSide, format!("Old: {old_name}")),
            (&change.new, Shown::NewSide, format!("New: {new_name}")),
        ] {
            match unit {
                Some(unit) => {
                    page.push_str(&format!("<td data-label=\"{label}\">"));
                    push_html_label(page, unit);
                    page.push_str(&html_redline(change, shown));
                    page.push_str("</td>\n");
                }
                None => {
                    let absent = if shown == Shown::OldSide { "Not in the old text" } else { "Deleted" };
                    page.push_str(&format!("<td class=\"absent\" data-label=\"{label}\">{absent}</td>\n"));
                }
            }
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

/// Text made safe for HTML content and attribute values, its control characters made visible first.
fn escape_html(text: &str) -> String {
    escape(&visible_controls(text))
}

#[cfg(test)]
mod tests {
    use plenary_core::ParagraphId;
    use plenary_core::compare::{DiffOp, Summary, compare};

    use super::*;
    use crate::test_support::import_fixture;

    fn compare_fixtures(old: &str, new: &str) -> (Document, Document, Comparison) {
        let old = import_fixture(old);
        let new = import_fixture(new);
        let comparison = compare(&old, &new);
        (old, new, comparison)
    }

    fn council_790_to_830() -> Comparison {
        compare_fixtures("S_RES_0790_1992.txt", "S_RES_0830_1993.txt").2
    }

    fn html_of(old: &str, new: &str) -> String {
        let (old_document, new_document, comparison) = compare_fixtures(old, new);
        let old_name = old_document.symbol.as_ref().map(ToString::to_string).unwrap_or_default();
        let new_name = new_document.symbol.as_ref().map(ToString::to_string).unwrap_or_default();
        to_html(
            &comparison,
            NamedDocument { name: &old_name, document: &old_document },
            NamedDocument { name: &new_name, document: &new_document },
        )
    }

    /// A comparison of one modified preambular paragraph, built by hand to hold awkward characters.
    fn one_modified_paragraph(pieces: &[(DiffOpKind, &str)]) -> Comparison {
        let side = |new_side: bool| -> String {
            pieces
                .iter()
                .filter(|(op, _)| match op {
                    DiffOpKind::Equal => true,
                    DiffOpKind::Delete => !new_side,
                    DiffOpKind::Insert => new_side,
                })
                .map(|(_, text)| *text)
                .collect()
        };
        let unit = |text: String| UnitRef {
            id: ParagraphId::parse("pp1").unwrap(),
            part: UnitPart::Preambular,
            label: None,
            text,
        };
        Comparison {
            summary: Summary { modified: 1, ..Summary::default() },
            changes: vec![Change {
                kind: ChangeKind::Modified,
                moved: false,
                old: Some(unit(side(false))),
                new: Some(unit(side(true))),
                diff: pieces.iter().map(|(op, text)| DiffOp { op: *op, text: (*text).to_string() }).collect(),
                references_only: false,
                similarity: Some(0.5),
            }],
        }
    }

    /// The text with the marked pieces of one kind cut out and the markers of the other removed.
    fn without_marked(text: &str, cut_open: &str, cut_close: &str, keep: [&str; 2]) -> String {
        let mut rest = text;
        let mut kept = String::new();
        while let Some(start) = rest.find(cut_open) {
            kept.push_str(&rest[..start]);
            let after = &rest[start + cut_open.len()..];
            let end = after.find(cut_close).expect("every marked piece is closed");
            rest = &after[end + cut_close.len()..];
        }
        kept.push_str(rest);
        kept.replace(keep[0], "").replace(keep[1], "")
    }

    #[test]
    fn the_terminal_redline_of_830_marks_the_new_mandate_date_the_new_report_and_the_capital_o_in_wdiff_style()
     {
        let output = to_terminal(&council_790_to_830(), "S/RES/790 (1992)", "S/RES/830 (1993)", false);
        assert!(output.starts_with("What is new in S/RES/830 (1993) compared with S/RES/790 (1992)"));
        assert!(output.contains("\npp1, modified, references only\nHaving considered the report"));
        assert!(output.contains("Observer Force ([-S/24821-]{+S/25809+}),"));
        assert!(output.contains("\nop1.a, modified\n(a) [-To-]{+TO+} call upon the parties concerned"));
        assert!(output.contains("\nop1.b, modified, references only\n(b) To renew the mandate"));
        assert!(output.contains("that is, until [-31 May 1993-]{+30 November 1993+};"));
        assert!(!output.contains('\x1b'), "no escape sequences without colour");
    }

    #[test]
    fn the_terminal_counts_unchanged_paragraphs_and_does_not_print_them() {
        let output = to_terminal(&council_790_to_830(), "S/RES/790 (1992)", "S/RES/830 (1993)", false);
        assert!(output.contains("the 2 unchanged paragraphs and sub-paragraphs are not shown"));
        assert!(!output.contains("To request the Secretary-General to submit"), "op1.c is unchanged");
    }

    #[test]
    fn in_colour_deletions_are_red_and_struck_through_and_insertions_green_and_underlined() {
        let output = to_terminal(&council_790_to_830(), "S/RES/790 (1992)", "S/RES/830 (1993)", true);
        assert!(output.contains("until \x1b[31;9m31 May 1993\x1b[0m\x1b[32;4m30 November 1993\x1b[0m;"));
        assert!(output.contains("\x1b[1mop1.b, modified, references only\x1b[0m"));
        assert!(!output.contains("[-") && !output.contains("{+"));
    }

    #[test]
    fn the_terminal_prints_every_changed_unit_whole_on_both_sides() {
        let (_, _, comparison) = compare_fixtures("A_RES_72_163.txt", "A_RES_74_143.txt");
        let plain = to_terminal(&comparison, "A/RES/72/163", "A/RES/74/143", false);
        let new_side = without_marked(&plain, "[-", "-]", ["{+", "+}"]);
        let old_side = without_marked(&plain, "{+", "+}", ["[-", "-]"]);
        let coloured = to_terminal(&comparison, "A/RES/72/163", "A/RES/74/143", true);
        let coloured_new_side = without_marked(&coloured, "\x1b[31;9m", "\x1b[0m", ["\x1b[32;4m", "\x1b[0m"]);
        let mut checked = 0;
        for change in comparison.changes.iter().filter(|change| change.kind == ChangeKind::Modified) {
            let (Some(old), Some(new)) = (&change.old, &change.new) else {
                panic!("a modified unit has two sides")
            };
            assert!(new_side.contains(&new.text), "{} is not printed whole: {}", new.id, new.text);
            assert!(old_side.contains(&old.text), "{} (old) is not printed whole: {}", old.id, old.text);
            assert!(coloured_new_side.contains(&new.text), "{} is not printed whole in colour", new.id);
            checked += 1;
        }
        assert_eq!(checked, 12);
    }

    #[test]
    fn the_terminal_heads_each_unit_with_its_ids_and_what_happened_to_it() {
        let (_, _, comparison) = compare_fixtures("A_RES_72_163.txt", "A_RES_74_143.txt");
        let output = to_terminal(&comparison, "A/RES/72/163", "A/RES/74/143", false);
        // The collaboration on interview principles moved up from op41 and was rewritten.
        assert!(output.contains("\nop15 (was op41), modified, moved\n15. "));
        // Renumbered after the new op39 was inserted, and rewritten.
        assert!(output.contains("\nop30 (was op29), modified\n30. Also calls upon all States to adopt a "));
        assert!(output.contains("\npp9, added\n{+Recognizing also that the prevalence of corruption"));
        assert!(output.contains(
            "\npp9, deleted\n[-Taking note of the launching of the Alliance for Torture-Free Trade,-]"
        ));
        assert!(output.contains("\nop51 (was op50), modified, references only\n"));
    }

    #[test]
    fn escape_characters_in_a_text_never_reach_the_terminal() {
        let comparison = one_modified_paragraph(&[
            (DiffOpKind::Equal, "Noting \x1b[2J"),
            (DiffOpKind::Insert, "\x1b]0;title\x07"),
        ]);
        let output = to_terminal(&comparison, "old", "new", false);
        assert!(!output.contains('\x1b') && !output.contains('\x07'));
        assert!(output.contains("Noting \u{241b}[2J{+\u{241b}]0;title\u{2407}+}"));
    }

    #[test]
    fn the_markdown_report_of_830_strikes_deletions_and_bolds_insertions() {
        let markdown = to_markdown(&council_790_to_830(), "S/RES/790 (1992)", "S/RES/830 (1993)");
        assert!(
            markdown.starts_with("# S/RES/830 (1993) compared with S/RES/790 (1992)\n\n## What is new\n\n")
        );
        assert!(
            markdown
                .contains("### References updated (no change of substance)\n\n- pp1: S/24821 → S/25809\n")
        );
        assert!(markdown.contains("\n## Changes\n"));
        assert!(markdown.contains("### op1.b, modified, references only\n\n(b) To renew the mandate"));
        assert!(markdown.contains("that is, until ~~31 May 1993~~**30 November 1993**;"));
        assert!(markdown.contains("Observer Force (~~S/24821~~**S/25809**),"));
        assert!(markdown.contains("(a) ~~To~~**TO** call upon"));
    }

    #[test]
    fn markdown_numbers_operative_paragraphs_without_starting_a_list() {
        let (_, _, comparison) = compare_fixtures("A_RES_72_163.txt", "A_RES_74_143.txt");
        let markdown = to_markdown(&comparison, "A/RES/72/163", "A/RES/74/143");
        assert!(markdown.contains("### op15 (was op41), modified, moved\n\n15\\. "));
        assert!(markdown.contains("### op39, added\n\n39\\. **Emphasizes the importance of the Committee"));
        assert!(markdown.contains(
            "### pp9, deleted\n\n~~Taking note of the launching of the Alliance for Torture-Free Trade,~~\n"
        ));
    }

    #[test]
    fn markdown_escapes_the_syntax_in_the_texts_and_keeps_its_markers_readable() {
        let comparison = one_modified_paragraph(&[
            (DiffOpKind::Equal, "Noting *stars* and _under_ <b>tags</b> & ~tilde"),
            (DiffOpKind::Insert, ", and"),
            (DiffOpKind::Equal, " torture"),
            (DiffOpKind::Delete, ", "),
            (DiffOpKind::Equal, "other"),
        ]);
        let markdown = to_markdown(&comparison, "old", "new");
        assert!(markdown.contains("Noting \\*stars\\* and \\_under\\_ \\<b>tags\\</b> & \\~tilde"));
        // "tilde**, and**" would not be bold: a marker between a letter and a comma opens nothing.
        assert!(markdown.contains("\\~tilde<!-- -->**, and** torture<!-- -->~~,~~ other"), "{markdown}");
    }

    #[test]
    fn the_html_page_is_self_contained_valid_html5_with_landmarks() {
        let html = html_of("A_RES_72_163.txt", "A_RES_74_143.txt");
        assert!(html.starts_with("<!doctype html>\n<html lang=\"en\">"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("<meta name=\"viewport\""));
        assert!(html.contains("<header>") && html.contains("</header>"));
        assert!(html.contains("<main>") && html.contains("</main>"));
        assert!(!html.contains("<script"), "no script is needed");
        assert!(!html.contains("src="), "nothing is embedded from elsewhere");
        assert!(!html.contains("url(") && !html.contains("@import"), "the style fetches nothing");
        for link in html.split("href=\"").skip(1) {
            assert!(link.starts_with('#'), "every link stays on the page: {}", &link[..40.min(link.len())]);
        }
        assert!(html.trim_end().ends_with("</html>"));
    }

    #[test]
    fn every_link_on_the_html_page_has_its_target() {
        let html = html_of("A_RES_72_163.txt", "A_RES_74_143.txt");
        let ids: Vec<&str> = html.split(" id=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
        let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "ids are unique");
        for target in html.split("href=\"#").skip(1).filter_map(|rest| rest.split('"').next()) {
            assert!(unique.contains(target), "no element has the id {target}");
        }
    }

    #[test]
    fn the_html_page_names_both_versions_and_shows_the_changes_with_del_and_ins() {
        let html = html_of("A_RES_72_163.txt", "A_RES_74_143.txt");
        assert!(html.contains("<title>A/RES/74/143 compared with A/RES/72/163</title>"));
        assert!(html.contains("<h1>What changed in A/RES/74/143 since A/RES/72/163</h1>"));
        assert!(html.contains("Torture and other cruel, inhuman or degrading treatment or punishment"));
        assert!(html.contains("<del>") && html.contains("<ins>"));
        // The deleted preambular paragraph stands where it stood, struck through, its opening in italics.
        assert!(html.contains(
            "<div class=\"unit deleted changed\" id=\"old-pp9\">\n<p class=\"meta\"><span class=\"id\">pp9</span> \
             <span class=\"badge deleted\">deleted</span>"
        ));
        assert!(html.contains(
            "<del><em>Taking note</em> of the launching of the Alliance for Torture-Free Trade,</del>"
        ));
        // Operative numbers are printed.
        assert!(html.contains("<span class=\"num\">39.</span> <ins><em>Emphasizes</em> the importance"));
    }

    #[test]
    fn a_moved_paragraph_links_to_the_place_it_left_which_is_marked_in_the_text() {
        let html = html_of("A_RES_72_163.txt", "A_RES_74_143.txt");
        assert!(
            html.contains("<span class=\"badge moved\">moved from <a href=\"#old-op41\">op41</a></span>")
        );
        let mark = html.find("id=\"old-op41\"").expect("op41's old place is marked");
        let moved_to = html.find("id=\"new-op15\"").expect("op15 is in the text");
        assert!(html[mark..].contains("it moved to <a href=\"#new-op15\">op15</a>"));
        // op41 stood after op40, which is now op42, and before op42, now op43.
        let after = html.find("id=\"new-op42\"").expect("op42 is in the text");
        let before = html.find("id=\"new-op43\"").expect("op43 is in the text");
        assert!(moved_to < after && after < mark && mark < before);
    }

    #[test]
    fn the_inline_redline_holds_the_whole_new_text_in_reading_order() {
        let (old, new, comparison) = compare_fixtures("A_RES_72_163.txt", "A_RES_74_143.txt");
        let html = to_html(
            &comparison,
            NamedDocument { name: "A/RES/72/163", document: &old },
            NamedDocument { name: "A/RES/74/143", document: &new },
        );
        let start = html.find("<section id=\"redline\"").expect("the redline section");
        let end = html[start..].find("</section>").expect("its end") + start;
        let new_text = without_marked(&html[start..end], "<del>", "</del>", ["", ""]);
        let mut plain = String::new();
        let mut in_tag = false;
        for c in new_text.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => plain.push(c),
                _ => {}
            }
        }
        let plain = plain
            .replace("&#60;", "<")
            .replace("&#62;", ">")
            .replace("&#34;", "\"")
            .replace("&#39;", "'")
            .replace("&#38;", "&");
        let mut from = 0;
        for change in &comparison.changes {
            let Some(unit) = &change.new else { continue };
            let found = plain[from..]
                .find(&unit.text)
                .unwrap_or_else(|| panic!("{} is missing or out of order", unit.id));
            from += found + unit.text.len();
        }
    }

    #[test]
    fn the_html_page_escapes_the_texts() {
        let comparison = one_modified_paragraph(&[
            (DiffOpKind::Equal, "Noting <script>alert(1)</script> & \"quotes\""),
            (DiffOpKind::Insert, " <b>&amp;</b>"),
        ]);
        let document = Document { title: "Rules & <tags>".to_string(), ..Document::default() };
        let html = to_html(
            &comparison,
            NamedDocument { name: "A/<old>", document: &document },
            NamedDocument { name: "A/&new", document: &document },
        );
        assert!(!html.contains("<script>") && !html.contains("<b>"));
        assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;quotes&#34;"));
        assert!(html.contains("<ins> &#60;b&#62;&#38;amp;&#60;/b&#62;</ins>"));
        assert!(html.contains("Rules &#38; &#60;tags&#62;"));
        assert!(html.contains("<title>A/&#38;new compared with A/&#60;old&#62;</title>"));
    }

    /// The WCAG contrast ratio of two `#rrggbb` colours.
    fn contrast(first: &str, second: &str) -> f64 {
        let luminance = |hex: &str| {
            let channel = |at: usize| {
                let value = f64::from(u8::from_str_radix(&hex[at..at + 2], 16).unwrap()) / 255.0;
                if value <= 0.04045 { value / 12.92 } else { ((value + 0.055) / 1.055).powf(2.4) }
            };
            0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
        };
        let (a, b) = (luminance(first), luminance(second));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    #[test]
    fn every_colour_on_the_page_has_a_contrast_of_at_least_4_5_to_1() {
        for (text, background) in COLOUR_PAIRS {
            let ratio = contrast(text, background);
            assert!(ratio >= 4.5, "{text} on {background}: {ratio:.2}");
        }
    }
}
