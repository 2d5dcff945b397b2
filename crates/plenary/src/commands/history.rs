//! `plenary history FILE --paragraph ID`: where a paragraph of a text was first agreed and how its clause
//! moved from text to text, from the index (`plenary search`'s). A text the index holds is looked up as
//! itself; any other text is placed by its date.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use plenary_core::compare::DiffOpKind;
use plenary_search::facets::{TextFacets, paragraphs};
use plenary_search::{ClauseVersion, History, is_agreed_language};

use super::search::{IndexLocation, open_index};
use super::{exit_bad_input, import_file, print, report};

/// How many paragraph ids an unknown id's error names.
const IDS_NAMED: usize = 12;

/// Where a paragraph of FILE was first agreed, and every text holding its clause, oldest first, with the
/// words changed from each to the next, and the texts of its series that dropped it. Exit code 2 when FILE
/// cannot be read or has no such paragraph.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The text (any format `plenary convert` reads).
    pub file: PathBuf,
    /// The paragraph's id: pp3, op4, op4.b, sec2.op3.
    #[arg(long)]
    pub paragraph: String,
    #[command(flatten)]
    pub location: IndexLocation,
    /// The history as JSON (the API's shape).
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &HistoryArgs) -> anyhow::Result<ExitCode> {
    let Some(imported) = import_file(&args.file)? else { return Ok(exit_bad_input()) };
    let document = imported.document;
    let held = paragraphs(&document);
    let Some(paragraph) = held.iter().find(|paragraph| paragraph.id == args.paragraph) else {
        let ids: Vec<&str> = held.iter().take(IDS_NAMED).map(|paragraph| paragraph.id.as_str()).collect();
        let more =
            if held.len() > IDS_NAMED { format!(", … ({} in all)", held.len()) } else { String::new() };
        report(&format!(
            "plenary: {} has no paragraph {}; its paragraphs are {}{more}",
            args.file.display(),
            args.paragraph,
            ids.join(", ")
        ));
        return Ok(exit_bad_input());
    };
    let index = open_index(&args.location)?;
    let name = document.symbol.as_ref().map(ToString::to_string).unwrap_or_else(|| {
        args.file.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default()
    });
    let id = plenary_store::document_id(&name);
    let in_index =
        index.current_version(&id).and_then(|version| index.history(&id, version, &paragraph.id, false));
    let history = match in_index {
        Some(history) => history,
        None => {
            let date = TextFacets::of(&document, is_agreed_language(&document)).date;
            index.history_of_text(&paragraph.text, date, false)
        }
    };
    if args.json {
        print(&format!("{}\n", serde_json::to_string_pretty(&history).context("writing JSON")?));
    } else {
        print(&as_text(&history));
    }
    Ok(ExitCode::SUCCESS)
}

/// The history for people: where it was first agreed, each version with its redline from the one before,
/// and the texts that dropped it.
fn as_text(history: &History) -> String {
    let mut out = match (&history.first_agreed, history.new_in_this_text) {
        (_, true) => "New in this text: no adopted text before it holds this clause\n".to_owned(),
        (Some(first), false) => {
            format!("First agreed in {}{}, {}\n", first.symbol, year(first), first.paragraph)
        }
        (None, false) => "Never agreed: no adopted text holds this clause\n".to_owned(),
    };
    out.push_str(&format!("\n{} texts hold it, oldest first:\n", history.versions.len()));
    for version in &history.versions {
        let wording = if version.verbatim {
            "verbatim".to_owned()
        } else {
            format!("similarity {:.2}", version.similarity)
        };
        out.push_str(&format!(
            "\n{}{}  {}  {}, {wording}\n",
            version.symbol,
            year(version),
            version.paragraph,
            version.stage
        ));
        out.push_str(&format!("  {}\n", redline(version)));
    }
    if !history.dropped.is_empty() {
        out.push_str("\nDropped by:\n");
        for dropped in &history.dropped {
            let year = dropped.year.map(|year| format!(" ({year})")).unwrap_or_default();
            out.push_str(&format!("  {}{year}, after {}\n", dropped.symbol, dropped.after));
        }
    }
    out
}

fn year(version: &ClauseVersion) -> String {
    version.year.map(|year| format!(" ({year})")).unwrap_or_default()
}

/// The version's words, with [-deleted-] and {+inserted+} words from the version before it.
fn redline(version: &ClauseVersion) -> String {
    if version.redline.is_empty() {
        return version.text.clone();
    }
    let mut out = String::new();
    for piece in &version.redline {
        match piece.op {
            DiffOpKind::Equal => out.push_str(&piece.text),
            DiffOpKind::Delete => out.push_str(&format!("[-{}-]", piece.text)),
            DiffOpKind::Insert => out.push_str(&format!("{{+{}+}}", piece.text)),
        }
    }
    out
}
