//! How paragraph text becomes words, the same way for the index, the query, the highlighter and the
//! clause comparison: split at every character that is not a letter or a digit, lower-cased, accents and
//! ligatures folded to ASCII. Typographic variants therefore never stop a match: curly and straight
//! quotes, the hyphens (-, ‐, ‑, –, —) and non-breaking spaces are all separators, so "non‑derogable" (with
//! a non-breaking hyphen) and "non-derogable" are the same two words, and "Secretary-General’s" matches
//! "Secretary-General's".

use std::ops::Range;

use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer, TokenStream};

/// The name the analyzer is registered under in the index.
pub const ANALYZER: &str = "plenary";

/// The analyzer of paragraph text: no stemming and no stop words, because agreed language is exact
/// wording ("calls upon" is not "called on").
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).filter(AsciiFoldingFilter).build()
}

/// A word of a text: its normalised form and where it stands in the text (bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub at: Range<usize>,
}

/// The words of `text`, in order.
pub fn words(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Word> {
    let mut stream = analyzer.token_stream(text);
    let mut words = Vec::new();
    while stream.advance() {
        let token = stream.token();
        words.push(Word { text: token.text.clone(), at: token.offset_from..token.offset_to });
    }
    words
}

/// The normalised words of `text` alone.
pub fn normalised(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    words(analyzer, text).into_iter().map(|word| word.text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typographic_variants_give_the_same_words() {
        let mut analyzer = analyzer();
        let plain = normalised(&mut analyzer, "the Secretary-General's report on non-derogable rights");
        let typeset = normalised(
            &mut analyzer,
            "the Secretary\u{2011}General\u{2019}s report\u{a0}on non\u{2010}derogable rights",
        );
        assert_eq!(plain, typeset);
        assert_eq!(plain, ["the", "secretary", "general", "s", "report", "on", "non", "derogable", "rights"]);
    }

    #[test]
    fn accents_and_ligatures_fold() {
        let mut analyzer = analyzer();
        assert_eq!(normalised(&mut analyzer, "Côte d’Ivoire ﬁnancing"), ["cote", "d", "ivoire", "financing"]);
    }
}
