//! `plenary search QUERY`: agreed-language search from the command line, in a server's data directory
//! (`DATA/search`, the projection `plenary serve` keeps, opened to read only) or in a stand-alone index
//! built by `plenary index`. Also where both search commands find their index.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use plenary_search::{FacetFilter, FacetName, IndexError, SearchIndex, SearchRequest, SearchResults, Sort};

use super::{exit_bad_input, print, report};

/// The directory inside a data directory that holds the server's search index.
pub const SEARCH_DIR: &str = "search";

/// Where the index is: a data directory (its `search` directory, the server's) or a stand-alone index.
#[derive(Debug, Args)]
pub struct IndexLocation {
    /// The data directory of a server (`plenary serve --data DIR`); its search index is DIR/search.
    /// The default when --index is not given: plenary-data.
    #[arg(long, conflicts_with = "index")]
    pub data: Option<PathBuf>,
    /// A stand-alone index built by `plenary index DIR --out INDEX`.
    #[arg(long)]
    pub index: Option<PathBuf>,
}

/// Search the paragraphs of every text for words, "exact phrases" ("…"~N for words near each other),
/// prefix* and AND / OR / NOT with parentheses. Results are grouped by document, each matched paragraph
/// shown with the match marked, then the counts of each facet. Exit code 2 for a malformed query.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query; put a phrase in double quotes for exact wording: '"calls upon all States"'.
    pub query: String,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Only paragraphs with this facet value (body, committee, session, year, stage, part, opening,
    /// addressee): --facet "body=Security Council". Values of one facet are alternatives.
    #[arg(long = "facet", value_name = "NAME=VALUE", value_parser = parse_filter)]
    pub facets: Vec<FacetFilter>,
    /// The order of the documents.
    #[arg(long, value_enum, default_value_t = Order::Relevance)]
    pub sort: Order,
    /// How many documents to show (at most 100).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u16).range(1..=100))]
    pub limit: u16,
    /// Search every version of every document, not only the current ones.
    #[arg(long)]
    pub all_versions: bool,
    /// The results as JSON (the API's shape).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Order {
    Relevance,
    Oldest,
    Newest,
}

impl Order {
    fn sort(self) -> Sort {
        match self {
            Order::Relevance => Sort::Relevance,
            Order::Oldest => Sort::Oldest,
            Order::Newest => Sort::Newest,
        }
    }
}

fn parse_filter(text: &str) -> Result<FacetFilter, String> {
    FacetFilter::parse(text).ok_or_else(|| {
        let names: Vec<&str> = FacetName::ALL.iter().map(|facet| facet.name()).collect();
        format!("{text:?} is not NAME=VALUE with NAME one of {}", names.join(", "))
    })
}

pub fn run(args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let index = open_index(&args.location)?;
    let mut request = SearchRequest::new(args.query.clone());
    request.filters.clone_from(&args.facets);
    request.sort = args.sort.sort();
    request.limit = usize::from(args.limit);
    request.all_versions = args.all_versions;
    let results = match index.search(&request) {
        Ok(results) => results,
        Err(IndexError::Query(error)) => {
            report(&format!("plenary: cannot read the query {:?}: {error}", args.query));
            return Ok(exit_bad_input());
        }
        Err(error) => return Err(error).context("searching"),
    };
    if args.json {
        print(&format!("{}\n", serde_json::to_string_pretty(&results).context("writing JSON")?));
    } else {
        print(&as_text(&results, std::io::stdout().is_terminal()));
    }
    Ok(ExitCode::SUCCESS)
}

/// Opens the index a command was pointed at, to read only, or says where none was found and how to get one.
pub fn open_index(location: &IndexLocation) -> anyhow::Result<SearchIndex> {
    let (path, missing) = match (&location.index, &location.data) {
        (Some(index), _) => (
            index.clone(),
            format!(
                "{}: no search index here; build one with `plenary index DIR --out {0}`",
                index.display()
            ),
        ),
        (None, data) => {
            let data = data.clone().unwrap_or_else(|| PathBuf::from("plenary-data"));
            (
                data.join(SEARCH_DIR),
                format!(
                    "{}: no search index here; `plenary serve --data {}` keeps one, or build a stand-alone one \
                     with `plenary index DIR --out INDEX` and give --index INDEX",
                    data.join(SEARCH_DIR).display(),
                    data.display()
                ),
            )
        }
    };
    anyhow::ensure!(is_index(&path), "{missing}");
    SearchIndex::open_read_only(&path).with_context(|| format!("opening {}", path.display()))
}

fn is_index(path: &Path) -> bool {
    path.join("meta.json").is_file()
}

/// The results for people: per document its symbol, title, year and stage, its paragraphs with the match
/// marked (bold on a terminal, else in [brackets]), then the facet counts.
fn as_text(results: &SearchResults, terminal: bool) -> String {
    let (open, close) = if terminal { ("\u{1b}[1m", "\u{1b}[0m") } else { ("[", "]") };
    let mut out =
        format!("{} paragraphs in {} documents match {}\n", results.total, results.documents, results.query);
    for (group, hits) in results.grouped() {
        let year = group.year.map(|year| format!("{year}, ")).unwrap_or_default();
        out.push_str(&format!("\n{}  {} ({year}{})\n", group.symbol, group.title, group.stage));
        for hit in hits {
            out.push_str(&format!("  {:<8} {}\n", hit.paragraph, marked(&hit.text, &hit.spans, open, close)));
        }
        if group.matches > hits.len() as u64 {
            out.push_str(&format!(
                "  … {} more paragraphs of this text match\n",
                group.matches - hits.len() as u64
            ));
        }
    }
    if results.documents > (results.offset + results.groups.len()) as u64 {
        out.push_str(&format!(
            "\n… {} more documents (--limit)\n",
            results.documents - (results.offset + results.groups.len()) as u64
        ));
    }
    for facet in results.facets.iter().filter(|facet| !facet.values.is_empty()) {
        let values: Vec<String> =
            facet.values.iter().map(|value| format!("{} {}", value.value, value.count)).collect();
        out.push_str(&format!("\n{}: {}", facet.label, values.join(", ")));
    }
    out.push('\n');
    out
}

/// `text` with each span (character offsets) between `open` and `close`.
fn marked(text: &str, spans: &[[usize; 2]], open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len() + spans.len() * 8);
    for (at, character) in text.chars().enumerate() {
        if spans.iter().any(|[start, _]| *start == at) {
            out.push_str(open);
        }
        out.push(character);
        if spans.iter().any(|[_, end]| *end == at + 1) {
            out.push_str(close);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::marked;

    #[test]
    fn spans_are_marked_by_characters_not_bytes() {
        let text = "Côte d’Ivoire calls upon all States";
        assert_eq!(marked(text, &[[0, 4], [14, 24]], "[", "]"), "[Côte] d’Ivoire [calls upon] all States");
    }
}
