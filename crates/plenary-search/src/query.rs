//! The query language of the agreed-language search, parsed by hand into a small tree so that the same
//! tree drives the index (tantivy queries) and the highlighter:
//!
//! - words: `torture prevention` (every word must occur; `OR` between them for either);
//! - exact phrases: `"cruel, inhuman or degrading"` (typographic quotes “…” work as well);
//! - proximity: `"torture prevention"~5` (the words in order, at most 5 words apart);
//! - prefix: `degrad*`;
//! - boolean: `AND`, `OR`, `NOT` (or `-word`), and parentheses.
//!
//! A query is read under limits (length, clauses, nesting) and a malformed one is refused with what was
//! wrong and where, never guessed at.

use tantivy::tokenizer::TextAnalyzer;

use crate::text::normalised;

/// The longest query read, in bytes.
pub const MAX_QUERY_BYTES: usize = 1_000;
/// The most words, phrases and prefixes in one query.
pub const MAX_CLAUSES: usize = 64;
/// The deepest nesting of parentheses and `NOT`.
pub const MAX_DEPTH: usize = 16;
/// The widest proximity window, in words.
pub const MAX_SLOP: u32 = 50;
/// The shortest prefix before `*`: a one-letter prefix would expand to a large part of the dictionary.
pub const MIN_PREFIX_CHARS: usize = 3;

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// Every paragraph (an empty query, to browse by facets).
    All,
    /// One word.
    Word(String),
    /// Words in order; `slop` is how many words may stand between them in all (0: an exact phrase).
    Phrase {
        words: Vec<String>,
        slop: u32,
    },
    /// Words beginning with a prefix; after a phrase's words when the phrase ends in `*`.
    Prefix {
        words: Vec<String>,
        prefix: String,
    },
    And(Vec<Query>),
    Or(Vec<Query>),
    Not(Box<Query>),
}

/// Why a query cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the query is {0} bytes long; the longest is {MAX_QUERY_BYTES}")]
    TooLong(usize),
    #[error("the query has more than {MAX_CLAUSES} words and phrases")]
    TooManyClauses,
    #[error("the query nests deeper than {MAX_DEPTH} levels")]
    TooDeep,
    #[error("a quotation mark opened at character {} is never closed", .0 + 1)]
    UnclosedQuote(usize),
    #[error("a parenthesis opened at character {} is never closed", .0 + 1)]
    UnclosedParenthesis(usize),
    #[error("a closing parenthesis at character {} has no opening one", .0 + 1)]
    UnopenedParenthesis(usize),
    #[error("{operator} at character {} has nothing after it", .at + 1)]
    DanglingOperator { operator: String, at: usize },
    #[error("the prefix {0:?} is too short: give at least {MIN_PREFIX_CHARS} letters before *")]
    ShortPrefix(String),
    #[error("the proximity {0:?} is not a number of words from 0 to {MAX_SLOP}")]
    BadProximity(String),
}

/// What the highlighter marks: the positive phrases, words and prefixes of a query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    /// Exact phrases and single words, as normalised words.
    pub phrases: Vec<Vec<String>>,
    /// Words marked wherever they occur (the words of a proximity query).
    pub words: Vec<String>,
    pub prefixes: Vec<String>,
}

impl Query {
    /// Parses `text` into a query, its words normalised by `analyzer` (the index's own).
    pub fn parse(text: &str, analyzer: &mut TextAnalyzer) -> Result<Query, QueryError> {
        if text.len() > MAX_QUERY_BYTES {
            return Err(QueryError::TooLong(text.len()));
        }
        let tokens = lex(text)?;
        let mut parser = Parser { tokens, next: 0, clauses: 0, analyzer };
        if parser.tokens.is_empty() {
            return Ok(Query::All);
        }
        let query = parser.or(0)?;
        if let Some(token) = parser.tokens.get(parser.next) {
            return Err(match token.kind {
                Kind::Close => QueryError::UnopenedParenthesis(token.at),
                _ => QueryError::DanglingOperator { operator: "the query".into(), at: token.at },
            });
        }
        Ok(query.simplified())
    }

    /// The phrases, words and prefixes to mark in a matching paragraph (none under `NOT`).
    pub fn marks(&self) -> Marks {
        let mut marks = Marks::default();
        self.collect_marks(&mut marks);
        marks
    }

    fn collect_marks(&self, marks: &mut Marks) {
        match self {
            Query::All | Query::Not(_) => {}
            Query::Word(word) => marks.phrases.push(vec![word.clone()]),
            Query::Phrase { words, slop: 0 } => marks.phrases.push(words.clone()),
            Query::Phrase { words, .. } => marks.words.extend(words.iter().cloned()),
            Query::Prefix { words, prefix } => {
                marks.words.extend(words.iter().cloned());
                marks.prefixes.push(prefix.clone());
            }
            Query::And(parts) | Query::Or(parts) => parts.iter().for_each(|part| part.collect_marks(marks)),
        }
    }

    /// Without one-element groups and empty words (a query of punctuation only matches nothing).
    fn simplified(self) -> Query {
        match self {
            Query::And(parts) | Query::Or(parts) if parts.len() == 1 => {
                parts.into_iter().next().map_or(Query::All, Query::simplified)
            }
            Query::And(parts) => Query::And(parts.into_iter().map(Query::simplified).collect()),
            Query::Or(parts) => Query::Or(parts.into_iter().map(Query::simplified).collect()),
            Query::Not(inner) => Query::Not(Box::new(inner.simplified())),
            other => other,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Open,
    Close,
    And,
    Or,
    Not,
    /// A word, with `-` or `+` before it folded into `Not`/nothing by the lexer.
    Word(String),
    Phrase {
        text: String,
        slop: Option<String>,
        prefix: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    kind: Kind,
    /// Character position from 0 (errors print it from 1, as people count).
    at: usize,
}

/// Typographic quotation marks read as the plain one.
fn is_quote(character: char) -> bool {
    matches!(character, '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ff02}')
}

fn lex(text: &str) -> Result<Vec<Token>, QueryError> {
    let characters: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut index = 0;
    while index < characters.len() {
        let character = characters[index];
        if character.is_whitespace() {
            index += 1;
        } else if character == '(' {
            tokens.push(Token { kind: Kind::Open, at: index });
            index += 1;
        } else if character == ')' {
            tokens.push(Token { kind: Kind::Close, at: index });
            index += 1;
        } else if is_quote(character) {
            let start = index;
            let close = characters[index + 1..].iter().position(|c| is_quote(*c));
            let Some(close) = close.map(|offset| index + 1 + offset) else {
                return Err(QueryError::UnclosedQuote(start));
            };
            let phrase: String = characters[index + 1..close].iter().collect();
            index = close + 1;
            let mut slop = None;
            let mut prefix = false;
            if characters.get(index) == Some(&'~') {
                let digits: String =
                    characters[index + 1..].iter().take_while(|c| !c.is_whitespace() && **c != ')').collect();
                index += 1 + digits.chars().count();
                slop = Some(digits);
            } else if characters.get(index) == Some(&'*') {
                prefix = true;
                index += 1;
            }
            tokens.push(Token { kind: Kind::Phrase { text: phrase, slop, prefix }, at: start });
        } else {
            let start = index;
            let word: String = characters[index..]
                .iter()
                .take_while(|c| !c.is_whitespace() && **c != '(' && **c != ')' && !is_quote(**c))
                .collect();
            index += word.chars().count();
            let kind = match word.as_str() {
                "AND" | "&&" => Kind::And,
                "OR" | "||" => Kind::Or,
                "NOT" => Kind::Not,
                _ => match word.strip_prefix('-') {
                    Some(rest) if !rest.is_empty() => {
                        tokens.push(Token { kind: Kind::Not, at: start });
                        Kind::Word(rest.to_owned())
                    }
                    _ => Kind::Word(word.strip_prefix('+').unwrap_or(&word).to_owned()),
                },
            };
            // A `-` or `+` before a quotation mark or a parenthesis stands alone.
            match kind {
                Kind::Word(ref bare) if bare.is_empty() || bare == "-" => {
                    if word.starts_with('-') {
                        tokens.push(Token { kind: Kind::Not, at: start });
                    }
                }
                kind => tokens.push(Token { kind, at: start }),
            }
        }
    }
    Ok(tokens)
}

struct Parser<'a> {
    tokens: Vec<Token>,
    next: usize,
    clauses: usize,
    analyzer: &'a mut TextAnalyzer,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Kind> {
        self.tokens.get(self.next).map(|token| &token.kind)
    }

    fn at(&self) -> usize {
        self.tokens.get(self.next).or(self.tokens.last()).map_or(0, |token| token.at)
    }

    fn or(&mut self, depth: usize) -> Result<Query, QueryError> {
        let mut parts = vec![self.and(depth)?];
        while self.peek() == Some(&Kind::Or) {
            let at = self.at();
            self.next += 1;
            if matches!(self.peek(), None | Some(Kind::Close | Kind::Or | Kind::And)) {
                return Err(QueryError::DanglingOperator { operator: "OR".into(), at });
            }
            parts.push(self.and(depth)?);
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Query::Or(parts) })
    }

    fn and(&mut self, depth: usize) -> Result<Query, QueryError> {
        let mut parts = vec![self.unary(depth)?];
        loop {
            match self.peek() {
                Some(Kind::And) => {
                    let at = self.at();
                    self.next += 1;
                    if matches!(self.peek(), None | Some(Kind::Close | Kind::Or | Kind::And)) {
                        return Err(QueryError::DanglingOperator { operator: "AND".into(), at });
                    }
                    parts.push(self.unary(depth)?);
                }
                None | Some(Kind::Or | Kind::Close) => break,
                Some(_) => parts.push(self.unary(depth)?),
            }
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Query::And(parts) })
    }

    fn unary(&mut self, depth: usize) -> Result<Query, QueryError> {
        if depth > MAX_DEPTH {
            return Err(QueryError::TooDeep);
        }
        let at = self.at();
        let Some(kind) = self.peek().cloned() else {
            return Err(QueryError::DanglingOperator { operator: "the query".into(), at });
        };
        self.next += 1;
        match kind {
            Kind::Not => {
                if matches!(self.peek(), None | Some(Kind::Close | Kind::Or | Kind::And)) {
                    return Err(QueryError::DanglingOperator { operator: "NOT".into(), at });
                }
                Ok(Query::Not(Box::new(self.unary(depth + 1)?)))
            }
            Kind::Open => {
                if self.peek() == Some(&Kind::Close) {
                    return Err(QueryError::DanglingOperator { operator: "(".into(), at });
                }
                let inner = self.or(depth + 1)?;
                if self.peek() != Some(&Kind::Close) {
                    return Err(QueryError::UnclosedParenthesis(at));
                }
                self.next += 1;
                Ok(inner)
            }
            Kind::Close => Err(QueryError::UnopenedParenthesis(at)),
            Kind::And | Kind::Or => Err(QueryError::DanglingOperator { operator: "the query".into(), at }),
            Kind::Word(word) => self.word(&word),
            Kind::Phrase { text, slop, prefix } => self.phrase(&text, slop.as_deref(), prefix),
        }
    }

    fn count_clause(&mut self) -> Result<(), QueryError> {
        self.clauses += 1;
        if self.clauses > MAX_CLAUSES { Err(QueryError::TooManyClauses) } else { Ok(()) }
    }

    fn word(&mut self, word: &str) -> Result<Query, QueryError> {
        self.count_clause()?;
        if let Some(stem) = word.strip_suffix('*') {
            let mut words = normalised(self.analyzer, stem);
            let Some(prefix) = words.pop() else {
                return Err(QueryError::ShortPrefix(stem.to_owned()));
            };
            if prefix.chars().count() < MIN_PREFIX_CHARS {
                return Err(QueryError::ShortPrefix(stem.to_owned()));
            }
            return Ok(Query::Prefix { words, prefix });
        }
        // A word with hyphens or an apostrophe is several words in the index: a phrase of them.
        let mut words = normalised(self.analyzer, word);
        Ok(match words.len() {
            0 => Query::Or(Vec::new()),
            1 => Query::Word(words.remove(0)),
            _ => Query::Phrase { words, slop: 0 },
        })
    }

    fn phrase(&mut self, text: &str, slop: Option<&str>, prefix: bool) -> Result<Query, QueryError> {
        self.count_clause()?;
        let mut words = normalised(self.analyzer, text);
        if prefix {
            let Some(last) = words.pop() else {
                return Err(QueryError::ShortPrefix(text.to_owned()));
            };
            if last.chars().count() < MIN_PREFIX_CHARS && words.is_empty() {
                return Err(QueryError::ShortPrefix(text.to_owned()));
            }
            return Ok(Query::Prefix { words, prefix: last });
        }
        let slop = match slop {
            None => 0,
            Some(digits) => match digits.parse::<u32>() {
                Ok(slop) if slop <= MAX_SLOP => slop,
                _ => return Err(QueryError::BadProximity(digits.to_owned())),
            },
        };
        Ok(match words.len() {
            0 => Query::Or(Vec::new()),
            1 => Query::Word(words.remove(0)),
            _ => Query::Phrase { words, slop },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyzer;

    fn parse(text: &str) -> Result<Query, QueryError> {
        Query::parse(text, &mut analyzer())
    }

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|word| (*word).to_owned()).collect()
    }

    #[test]
    fn a_quoted_query_is_an_exact_phrase_whatever_its_quotation_marks() {
        let expected = Query::Phrase { words: words(&["cruel", "inhuman", "or", "degrading"]), slop: 0 };
        assert_eq!(parse("\"cruel, inhuman or degrading\""), Ok(expected.clone()));
        assert_eq!(parse("\u{201c}Cruel, inhuman or degrading\u{201d}"), Ok(expected));
    }

    #[test]
    fn words_are_all_required_unless_joined_by_or() {
        assert_eq!(
            parse("corruption AND torture"),
            Ok(Query::And(vec![Query::Word("corruption".into()), Query::Word("torture".into())]))
        );
        assert_eq!(parse("corruption torture"), parse("corruption AND torture"));
        assert_eq!(
            parse("torture OR -corruption"),
            Ok(Query::Or(vec![
                Query::Word("torture".into()),
                Query::Not(Box::new(Query::Word("corruption".into())))
            ]))
        );
    }

    #[test]
    fn proximity_prefix_and_hyphenated_words() {
        assert_eq!(
            parse("\"torture prevention\"~5"),
            Ok(Query::Phrase { words: words(&["torture", "prevention"]), slop: 5 })
        );
        assert_eq!(parse("degrad*"), Ok(Query::Prefix { words: Vec::new(), prefix: "degrad".into() }));
        assert_eq!(
            parse("non\u{2011}derogable"),
            Ok(Query::Phrase { words: words(&["non", "derogable"]), slop: 0 })
        );
    }

    #[test]
    fn positions_are_printed_as_people_count() {
        assert_eq!(
            parse("torture AND").map_err(|error| error.to_string()),
            Err("AND at character 9 has nothing after it".to_owned())
        );
    }

    #[test]
    fn malformed_queries_say_what_and_where() {
        assert_eq!(parse("\"torture and"), Err(QueryError::UnclosedQuote(0)));
        assert_eq!(parse("(torture OR corruption"), Err(QueryError::UnclosedParenthesis(0)));
        assert_eq!(parse("torture)"), Err(QueryError::UnopenedParenthesis(7)));
        assert_eq!(parse("torture AND"), Err(QueryError::DanglingOperator { operator: "AND".into(), at: 8 }));
        assert_eq!(parse("to*"), Err(QueryError::ShortPrefix("to".into())));
        assert_eq!(parse("\"a b\"~9999"), Err(QueryError::BadProximity("9999".into())));
        assert_eq!(parse(&"(".repeat(40)), Err(QueryError::TooDeep));
        assert_eq!(parse(&"x ".repeat(600)), Err(QueryError::TooLong(1200)));
        assert_eq!(parse(&"word ".repeat(100)), Err(QueryError::TooManyClauses));
    }
}
