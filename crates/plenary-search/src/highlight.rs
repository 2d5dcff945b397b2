//! Marks what a query matched in a paragraph: each exact phrase as one span from its first word to its
//! last (so "cruel, inhuman or degrading treatment" is marked whole, commas included), and the words of a
//! proximity query and prefixes where they occur.

use std::ops::Range;

use tantivy::tokenizer::TextAnalyzer;

use crate::query::Marks;
use crate::text::words;

/// The byte ranges of `text` that `marks` match, sorted and merged.
pub fn spans(analyzer: &mut TextAnalyzer, text: &str, marks: &Marks) -> Vec<Range<usize>> {
    let words = words(analyzer, text);
    let mut spans: Vec<Range<usize>> = Vec::new();
    for phrase in &marks.phrases {
        if phrase.is_empty() || phrase.len() > words.len() {
            continue;
        }
        for start in 0..=words.len() - phrase.len() {
            if words[start..start + phrase.len()]
                .iter()
                .zip(phrase)
                .all(|(word, wanted)| &word.text == wanted)
            {
                spans.push(words[start].at.start..words[start + phrase.len() - 1].at.end);
            }
        }
    }
    for word in &words {
        if marks.words.contains(&word.text)
            || marks.prefixes.iter().any(|prefix| word.text.starts_with(prefix.as_str()))
        {
            spans.push(word.at.clone());
        }
    }
    spans.sort_by_key(|span| (span.start, std::cmp::Reverse(span.end)));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// `text` as HTML with the spans in `<mark>`: the only markup; everything else is escaped.
pub fn to_html(text: &str, spans: &[Range<usize>]) -> String {
    let mut html = String::with_capacity(text.len() + spans.len() * 13);
    let mut at = 0;
    for span in spans {
        escape_into(&text[at..span.start], &mut html);
        html.push_str("<mark>");
        escape_into(&text[span.clone()], &mut html);
        html.push_str("</mark>");
        at = span.end;
    }
    escape_into(&text[at..], &mut html);
    html
}

fn escape_into(text: &str, html: &mut String) {
    for character in text.chars() {
        match character {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            other => html.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Query;
    use crate::text::analyzer;

    #[test]
    fn a_phrase_is_marked_whole_across_its_punctuation() {
        let text =
            "Condemns all forms of torture and other cruel, inhuman or degrading treatment or punishment";
        let mut analyzer = analyzer();
        let query = Query::parse("\"cruel, inhuman or degrading treatment\"", &mut analyzer).expect("query");
        let spans = spans(&mut analyzer, text, &query.marks());
        assert_eq!(
            to_html(text, &spans),
            "Condemns all forms of torture and other <mark>cruel, inhuman or degrading treatment</mark> or punishment"
        );
    }

    #[test]
    fn the_text_around_marks_is_escaped() {
        assert_eq!(
            to_html("a <b> & c", &[std::ops::Range { start: 6, end: 7 }]),
            "a &lt;b&gt; <mark>&amp;</mark> c"
        );
    }
}
