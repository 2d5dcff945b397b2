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

/// The name the pair analyzer is registered under.
pub const PAIRS: &str = "plenary_pairs";

/// The analyzer of the pair field: each two consecutive words as one term ("calls upon", "upon all"), at
/// the position of the first. An exact phrase of n words is then a phrase of its n − 1 pairs, which are
/// far rarer than its words: "requests the Secretary-General to submit" no longer walks the positions of
/// every "the" and "to" in the corpus.
pub fn pair_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(PairTokenizer { words: analyzer() })
}

/// Two words joined as one pair term.
pub fn pair(first: &str, second: &str) -> String {
    format!("{first} {second}")
}

#[derive(Clone)]
struct PairTokenizer {
    words: TextAnalyzer,
}

impl tantivy::tokenizer::Tokenizer for PairTokenizer {
    type TokenStream<'a> = PairStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairStream {
        let words = words(&mut self.words, text);
        let tokens = words
            .windows(2)
            .enumerate()
            .map(|(position, window)| tantivy::tokenizer::Token {
                offset_from: window[0].at.start,
                offset_to: window[1].at.end,
                position,
                text: pair(&window[0].text, &window[1].text),
                position_length: 1,
            })
            .collect();
        PairStream { tokens, next: 0 }
    }
}

struct PairStream {
    tokens: Vec<tantivy::tokenizer::Token>,
    next: usize,
}

impl TokenStream for PairStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &tantivy::tokenizer::Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod pair_tests {
    use super::*;

    #[test]
    fn pairs_are_consecutive_words_at_the_first_ones_position() {
        let mut analyzer = pair_analyzer();
        let mut stream = analyzer.token_stream("Calls upon all States");
        let mut pairs = Vec::new();
        while stream.advance() {
            pairs.push((stream.token().text.clone(), stream.token().position));
        }
        assert_eq!(
            pairs,
            [("calls upon".to_owned(), 0), ("upon all".to_owned(), 1), ("all states".to_owned(), 2)]
        );
    }
}
