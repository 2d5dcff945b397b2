//! Agreed-language search from the command line: `plenary index` on the shipped resolutions (the torture
//! series A/RES/72/163, 74/143, the draft A/C.3/80/L.49 and A/RES/80/198 among them), then `plenary search`
//! and `plenary history` on that index, as a user runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

const TORTURE: &str = "\"cruel, inhuman or degrading treatment or punishment\"";

fn plenary(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plenary")).args(arguments).output().expect("the binary runs")
}

fn shipped() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/resolutions")
}

fn text_of(name: &str) -> String {
    shipped().join(name).display().to_string()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let directory = std::env::temp_dir().join(format!("plenary-search-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).expect("a scratch directory");
    directory
}

/// A data directory whose `search` directory is an index of the shipped resolutions, built once for the
/// tests of this module by `plenary index` (the path `plenary serve` keeps its index under).
fn data() -> &'static Path {
    static DATA: OnceLock<PathBuf> = OnceLock::new();
    DATA.get_or_init(|| {
        let data = scratch("data");
        let out = data.join("search");
        let output =
            plenary(&["index", &shipped().display().to_string(), "--out", &out.display().to_string()]);
        assert!(output.status.success(), "{}", stderr(&output));
        data
    })
}

fn index() -> String {
    data().join("search").display().to_string()
}

fn json(output: &Output) -> Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

fn symbols(values: &Value, key: &str) -> Vec<String> {
    values[key]
        .as_array()
        .expect("an array")
        .iter()
        .map(|value| value["symbol"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn index_reads_every_text_of_a_directory_and_replaces_an_index_whole() {
    let out = scratch("rebuilt").join("index");
    for _ in 0..2 {
        let output =
            plenary(&["index", &shipped().display().to_string(), "--out", &out.display().to_string()]);
        assert!(output.status.success(), "{}", stderr(&output));
        let summary = stdout(&output);
        assert!(summary.starts_with("indexed 10 texts, "), "{summary}");
        assert!(summary.contains("0 files left out"), "{summary}");
    }
    let mut sibling = out.clone().into_os_string();
    sibling.push(".tmp");
    assert!(!Path::new(&sibling).exists(), "the index is built beside its place and moved into it");
    let found = json(&plenary(&["search", "torture", "--index", &out.display().to_string(), "--json"]));
    assert!(found["total"].as_u64().unwrap_or(0) > 0);
}

#[test]
fn index_refuses_to_replace_a_directory_that_is_not_an_index() {
    let out = scratch("not-an-index");
    std::fs::write(out.join("notes.txt"), "mine").expect("a file");
    let output = plenary(&["index", &shipped().display().to_string(), "--out", &out.display().to_string()]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("holds something other than a search index; not replaced"),
        "{}",
        stderr(&output)
    );
    assert!(out.join("notes.txt").exists());
}

#[test]
fn an_exact_phrase_finds_the_torture_series_with_the_phrase_marked() {
    let found = json(&plenary(&["search", TORTURE, "--index", &index(), "--json"]));
    let mut documents = symbols(&found, "groups");
    documents.sort();
    assert_eq!(documents, ["A/C.3/80/L.49", "A/RES/72/163", "A/RES/74/143", "A/RES/80/198"]);
    assert_eq!(found["documents"], 4);
    let total = found["total"].as_u64().expect("total");
    let matches: u64 = found["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|group| group["matches"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(total, matches, "the paragraphs matched are the documents' matches added up");
    let hits = found["hits"].as_array().expect("hits");
    assert!(!hits.is_empty());
    for hit in hits {
        assert!(hit["symbol"].is_string() && hit["paragraph"].is_string() && hit["text"].is_string());
        let highlight = hit["highlight"].as_str().expect("highlight");
        assert!(
            highlight.contains("<mark>cruel, inhuman or degrading treatment or punishment</mark>"),
            "{highlight}"
        );
    }
    let years = found["facets"]
        .as_array()
        .expect("facets")
        .iter()
        .find(|facet| facet["facet"] == "year")
        .expect("the year facet");
    let by_year: u64 = years["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|value| value["count"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(by_year, total, "every matched paragraph has one year");
}

#[test]
fn the_data_directory_is_searched_through_its_search_directory_and_text_output_brackets_the_match() {
    let output = plenary(&[
        "search",
        "\"calls upon all States\"",
        "--data",
        &data().display().to_string(),
        "--limit",
        "2",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let first = text.lines().next().unwrap_or_default();
    assert!(first.contains("paragraphs in") && first.ends_with("match \"calls upon all States\""), "{first}");
    assert!(text.contains("[calls upon all States]"), "{text}");
    assert!(text.contains("\nBody: "), "facet counts follow the hits: {text}");
}

#[test]
fn facets_filter_the_results() {
    let adopted =
        json(&plenary(&["search", TORTURE, "--index", &index(), "--facet", "stage=adopted", "--json"]));
    let mut documents = symbols(&adopted, "groups");
    documents.sort();
    assert_eq!(documents, ["A/RES/72/163", "A/RES/74/143", "A/RES/80/198"]);
    assert!(adopted["hits"].as_array().expect("hits").iter().all(|hit| hit["stage"] == "adopted"));
    let of_2019 = json(&plenary(&["search", TORTURE, "--index", &index(), "--facet", "year=2019", "--json"]));
    assert_eq!(symbols(&of_2019, "groups"), ["A/RES/74/143"]);
    let unknown = plenary(&["search", TORTURE, "--index", &index(), "--facet", "colour=blue"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("NAME one of body, committee"), "{}", stderr(&unknown));
}

#[test]
fn a_malformed_query_exits_2_saying_what_and_where() {
    let output = plenary(&["search", "torture AND", "--index", &index()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("AND at character 9 has nothing after it"), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
}

#[test]
fn no_index_is_an_error_that_says_how_to_build_one() {
    let empty = scratch("empty-data");
    let output = plenary(&["search", "torture", "--data", &empty.display().to_string()]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("search: no search index here"), "{}", stderr(&output));
    assert!(stderr(&output).contains("plenary index DIR --out INDEX"), "{}", stderr(&output));
}

/// Operative paragraph 5 of A/RES/80/198 stands word for word in 72/163 and 74/143.
#[test]
fn a_paragraph_unchanged_since_2017_was_first_agreed_in_72_163() {
    let history = json(&plenary(&[
        "history",
        &text_of("A_RES_80_198.txt"),
        "--paragraph",
        "op5",
        "--index",
        &index(),
        "--json",
    ]));
    assert_eq!(history["first_agreed"]["symbol"], "A/RES/72/163");
    assert_eq!(history["first_agreed"]["paragraph"], "op5");
    assert_eq!(history["new_in_this_text"], false);
    let adopted: Vec<String> = history["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .filter(|version| version["stage"] == "adopted")
        .map(|version| version["symbol"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(adopted, ["A/RES/72/163", "A/RES/74/143", "A/RES/80/198"], "oldest first");
    let text = stdout(&plenary(&[
        "history",
        &text_of("A_RES_80_198.txt"),
        "--paragraph",
        "op5",
        "--index",
        &index(),
    ]));
    assert!(text.starts_with("First agreed in A/RES/72/163 (2017), op5\n"), "{text}");
}

/// Operative paragraph 6 of A/RES/80/198 came in with its draft, A/C.3/80/L.49.
#[test]
fn a_paragraph_new_in_80_198_says_so() {
    let history = json(&plenary(&[
        "history",
        &text_of("A_RES_80_198.txt"),
        "--paragraph",
        "op6",
        "--index",
        &index(),
        "--json",
    ]));
    assert_eq!(history["new_in_this_text"], true);
    assert!(
        history["first_agreed"].is_null() || history["first_agreed"]["symbol"] == "A/RES/80/198",
        "no earlier adopted text: {}",
        history["first_agreed"]
    );
    assert_eq!(symbols(&history, "versions"), ["A/C.3/80/L.49", "A/RES/80/198"]);
    let text = stdout(&plenary(&[
        "history",
        &text_of("A_RES_80_198.txt"),
        "--paragraph",
        "op6",
        "--index",
        &index(),
    ]));
    assert!(text.starts_with("New in this text"), "{text}");
}

/// A text the index does not hold is placed by its date: 80/198 against an index of 72/163 and 74/143.
#[test]
fn a_text_outside_the_index_is_placed_by_its_date() {
    let texts = scratch("two-texts");
    for name in ["A_RES_72_163.txt", "A_RES_74_143.txt"] {
        std::fs::copy(shipped().join(name), texts.join(name)).expect("a copy");
    }
    let out = texts.join("index");
    let built = plenary(&["index", &texts.display().to_string(), "--out", &out.display().to_string()]);
    assert!(built.status.success(), "{}", stderr(&built));
    let history = json(&plenary(&[
        "history",
        &text_of("A_RES_80_198.txt"),
        "--paragraph",
        "op5",
        "--index",
        &out.display().to_string(),
        "--json",
    ]));
    assert_eq!(history["first_agreed"]["symbol"], "A/RES/72/163");
    assert_eq!(symbols(&history, "versions"), ["A/RES/72/163", "A/RES/74/143"]);
    let new = json(&plenary(&[
        "history",
        &text_of("A_RES_80_198.txt"),
        "--paragraph",
        "op6",
        "--index",
        &out.display().to_string(),
        "--json",
    ]));
    assert_eq!(new["new_in_this_text"], true);
    assert!(new["first_agreed"].is_null());
}

#[test]
fn an_unknown_paragraph_exits_2_naming_the_paragraphs_there_are() {
    let output =
        plenary(&["history", &text_of("A_RES_80_198.txt"), "--paragraph", "op99", "--index", &index()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("has no paragraph op99; its paragraphs are pp1, pp2, pp3"), "{message}");
    assert!(message.contains("in all)"), "{message}");
}
