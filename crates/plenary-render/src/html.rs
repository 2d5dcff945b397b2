//! A resolution as HTML, laid out as the UN prints it: the masthead with the symbol, the sponsors of a
//! draft, the title, "The General Assembly," in italics, preambular paragraphs indented with their opening
//! phrase in italics, operative paragraphs numbered with theirs, sub-paragraphs lettered, footnote marks
//! linked to the footnotes, the meeting line, and the annexes. The web application's document page shows
//! this `<article>` inside its own page; [`page`] puts it in a page of its own.
//!
//! The masthead here is the compact one of a screen (the distribution and date on one line, the symbol
//! beside them); under it, the agenda items, the adoption line and route of an adopted text, a draft's
//! sponsors and the numbered title are the lines of the printed layout (`printed.rs`) that the plain-text,
//! Word and PDF writers share, in its words and order.
//!
//! [`escape`] is the one HTML escaper of the renderings (this page and the comparison page): askama's, the
//! same one the web pages' templates escape with, so a text reads the same inside the article and around it.

use std::fmt::Write as _;

use plenary_core::dates::format_date;
use plenary_core::vocabulary::{ParagraphPart, opening_phrase};
use plenary_core::{Document, FootnoteRef, Paragraph};

use crate::printed::{self, Block, Kind};

/// Escapes text for HTML content and attribute values with askama's escaper: `&` `<` `>` `"` `'` as
/// `&#38;` `&#60;` `&#62;` `&#34;` `&#39;`.
pub fn escape(text: &str) -> String {
    use askama::filters::Escaper as _;
    let mut escaped = String::with_capacity(text.len() + text.len() / 16);
    // Writing into a String cannot fail.
    let _ = askama::filters::Html.write_escaped_str(&mut escaped, text);
    escaped
}

/// A document in a page of its own: the [`resolution`] article under the document's symbol (or title).
pub fn page(document: &Document) -> String {
    let name = document.symbol.as_ref().map_or_else(|| document.title.clone(), ToString::to_string);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n</head>\n<body>\n{}</body>\n</html>\n",
        escape(&name),
        resolution(document)
    )
}

/// The whole document as an `<article>`.
pub fn resolution(document: &Document) -> String {
    let mut html = String::with_capacity(32 * 1024);
    html.push_str("<article id=\"document\" class=\"resolution\" lang=\"en\">\n<div class=\"masthead\">");
    let left = match (&document.distribution, document.issued) {
        (Some(distribution), Some(issued)) => {
            format!("Distr.: {} · {}", distribution.name(), format_date(issued))
        }
        (Some(distribution), None) => format!("Distr.: {}", distribution.name()),
        (None, Some(issued)) => format_date(issued),
        (None, None) => String::new(),
    };
    let _ = writeln!(
        html,
        "<span>{}</span><span class=\"symbol\">{}</span></div>",
        escape(&left),
        escape(&document.symbol.as_ref().map(ToString::to_string).unwrap_or_default())
    );
    if let Some(session) = &document.session {
        let _ = writeln!(html, "<p class=\"session\">{}</p>", escape(&session.masthead()));
    }
    // The agenda items, the adoption line and route, and the numbered title, in the words and order of the
    // printed layout ("Resolution adopted by the General Assembly on 19 December 2017", "[on the report of
    // the Third Committee (A/72/439/Add.1)]", "72/163. Torture …"); a draft's sponsors where it prints them.
    let mut title_written = false;
    for block in printed::blocks(document) {
        let Block::Line(line) = block else { continue };
        let class = match line.kind {
            Kind::AgendaItems => "agenda-item",
            Kind::AgendaTitle => "agenda-title",
            Kind::Adoption => "adoption",
            Kind::Route => "route",
            Kind::Sponsors if !document.sponsors.is_empty() => {
                let _ = writeln!(
                    html,
                    "<p class=\"sponsors\">{}: {}</p>",
                    escape(document.sponsor_note.as_deref().unwrap_or("Sponsors")),
                    escape(&document.sponsors.join(", "))
                );
                continue;
            }
            Kind::Title => {
                let _ = writeln!(html, "<h1 class=\"title\">{}</h1>", escape(&line.text));
                title_written = true;
                continue;
            }
            _ => continue,
        };
        let _ = writeln!(html, "<p class=\"{class}\">{}</p>", escape(&line.text));
    }
    if !title_written {
        let _ = writeln!(html, "<h1 class=\"title\">{}</h1>", escape(&document.title));
    }
    if let Some(formula) = &document.enacting_formula {
        let _ = writeln!(html, "<p class=\"formula\">{}</p>", escape(formula));
    }
    paragraphs(&mut html, &document.preamble, &document.operative);
    for section in &document.sections {
        let _ = writeln!(
            html,
            "<h2 class=\"section-heading\" id=\"{}\">{}<br>{}</h2>",
            escape(&section.id.to_string()),
            escape(&section.label),
            escape(&section.heading)
        );
        paragraphs(&mut html, &section.preamble, &section.operative);
    }
    if let Some(meeting) = &document.meeting {
        let when = meeting.date.map(|day| format!("<br>{}", escape(&format_date(day)))).unwrap_or_default();
        let _ = writeln!(html, "<p class=\"meeting-line\">{}{when}</p>", escape(&meeting.meeting));
    }
    for annex in &document.annexes {
        let _ = writeln!(
            html,
            "<section class=\"annex\" id=\"{}\"><h2 class=\"section-heading\">{}</h2>",
            escape(&annex.id.to_string()),
            escape(&annex.heading)
        );
        for block in &annex.blocks {
            let label =
                block.label.as_deref().map(|label| format!("<span class=\"num\">{}</span> ", escape(label)));
            let _ = writeln!(
                html,
                "<p class=\"para annex-block\" id=\"{}\">{}{}</p>",
                escape(&block.id.to_string()),
                label.unwrap_or_default(),
                marked(&block.text, &block.footnote_refs, 0)
            );
        }
        html.push_str("</section>\n");
    }
    if !document.footnotes.is_empty() {
        html.push_str("<section class=\"footnotes\" aria-label=\"Footnotes\"><ol>\n");
        for footnote in &document.footnotes {
            let _ = writeln!(
                html,
                "<li id=\"fn-{mark}\" value=\"{value}\">{}</li>",
                escape(&footnote.text),
                mark = escape(&footnote.mark),
                value = footnote.mark.parse::<u32>().unwrap_or(0)
            );
        }
        html.push_str("</ol></section>\n");
    }
    html.push_str("</article>\n");
    html
}

fn paragraphs(html: &mut String, preamble: &[Paragraph], operative: &[Paragraph]) {
    for paragraph in preamble {
        one(html, paragraph, ParagraphPart::Preambular, 0);
    }
    for paragraph in operative {
        one(html, paragraph, ParagraphPart::Operative, 0);
    }
}

fn one(html: &mut String, paragraph: &Paragraph, part: ParagraphPart, depth: usize) {
    if let Some(heading) = &paragraph.heading {
        let _ = writeln!(html, "<h3 class=\"para-heading\">{}</h3>", escape(heading));
    }
    let class = match (part, depth) {
        (ParagraphPart::Preambular, 0) => "para preambular".to_owned(),
        (ParagraphPart::Operative, 0) => "para operative".to_owned(),
        (_, depth) => format!("para sub depth-{depth}"),
    };
    let number = match (paragraph.number, &paragraph.label) {
        (Some(number), _) => format!("<span class=\"num\">{number}.</span>"),
        (None, Some(label)) => format!("<span class=\"num\">({})</span>", escape(label)),
        (None, None) => String::new(),
    };
    // Only a paragraph's own opening is italic; sub-paragraphs continue their parent's sentence.
    let italic = if depth == 0 {
        opening_phrase(&paragraph.text, part).map_or(0, |phrase| {
            let leading = paragraph.text.len() - paragraph.text.trim_start().len();
            paragraph.text[..leading + phrase.len()].chars().count()
        })
    } else {
        0
    };
    let _ = writeln!(
        html,
        "<p class=\"{class}\" id=\"{}\">{number}{}</p>",
        escape(&paragraph.id.to_string()),
        marked(&paragraph.text, &paragraph.footnote_refs, italic)
    );
    for sub in &paragraph.subparagraphs {
        one(html, sub, part, depth + 1);
    }
}

/// The text with its first `italic` characters in `<em>` and its footnote marks as linked superscripts
/// at the character offsets they followed.
fn marked(text: &str, marks: &[FootnoteRef], italic: usize) -> String {
    let mut html = String::with_capacity(text.len() + 64);
    let mut pending: Vec<&FootnoteRef> = marks.iter().collect();
    pending.sort_by_key(|mark| mark.at);
    let mut marks = pending.into_iter().peekable();
    if italic > 0 {
        html.push_str("<em>");
    }
    let mut count = 0;
    for character in text.chars() {
        while let Some(mark) = marks.next_if(|mark| mark.at == count) {
            push_mark(&mut html, &mark.mark);
        }
        if italic > 0 && count == italic {
            html.push_str("</em>");
        }
        html.push_str(&escape(character.encode_utf8(&mut [0; 4])));
        count += 1;
    }
    if italic > 0 && count <= italic {
        html.push_str("</em>");
    }
    for mark in marks {
        push_mark(&mut html, &mark.mark);
    }
    html
}

fn push_mark(html: &mut String, mark: &str) {
    let _ = write!(html, "<sup><a href=\"#fn-{0}\" aria-label=\"footnote {0}\">{0}</a></sup>", escape(mark));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::import_fixture;

    #[test]
    fn an_adopted_resolution_carries_its_adoption_line_route_agenda_item_and_number_as_printed() {
        let html = resolution(&import_fixture("A_RES_72_163.txt"));
        let expected = [
            "<p class=\"session\">Seventy-second session</p>",
            "<p class=\"agenda-item\">Agenda item 72 (a)</p>",
            "<p class=\"adoption\">Resolution adopted by the General Assembly on 19 December 2017</p>",
            "<p class=\"route\">[on the report of the Third Committee (A/72/439/Add.1)]</p>",
            "<h1 class=\"title\">72/163. Torture and other cruel, inhuman or degrading treatment or punishment</h1>",
            "<p class=\"formula\">The General Assembly,</p>",
        ];
        let lines: Vec<&str> = html.lines().skip(2).take(expected.len()).collect();
        assert_eq!(lines, expected, "{html}");
    }

    #[test]
    fn a_draft_has_its_sponsors_and_a_bare_title() {
        let html = resolution(&import_fixture("A_C.3_80_L.49.txt"));
        assert!(html.contains("<p class=\"sponsors\">"), "{html}");
        assert!(html.contains("<h1 class=\"title\">Torture and other cruel"), "{html}");
        assert!(!html.contains("class=\"adoption\""), "{html}");
    }
}
