//! `plenary compare OLD NEW --to text|md|html|json|docx`: what changed between two versions of a text.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use plenary_core::compare::compare;
use plenary_render::{Compared, ComparisonFormat, NamedDocument};

use super::{exit_bad_input, import_file};

/// Compare two versions of a resolution: a redline, a summary of what is new, or a Word file with
/// tracked changes.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The old version (last session's resolution, an earlier draft).
    pub old: PathBuf,
    /// The new version.
    pub new: PathBuf,
    /// The output format.
    #[arg(long, value_enum, default_value_t = CompareTarget::Text)]
    pub to: CompareTarget,
    /// Write here instead of standard output (required for docx on a terminal).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// The author of the tracked changes in a Word file.
    #[arg(long, default_value = "Plenary")]
    pub author: String,
    /// The date of the tracked changes in a Word file, in RFC 3339 (`2026-11-29T00:00:00Z`); now by default.
    #[arg(long)]
    pub date: Option<String>,
}

/// The renderings `--to` names; each is one of `plenary_render::ComparisonFormat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareTarget {
    Text,
    Md,
    Html,
    Json,
    Docx,
}

impl CompareTarget {
    pub fn format(self) -> ComparisonFormat {
        match self {
            CompareTarget::Text => ComparisonFormat::Text,
            CompareTarget::Md => ComparisonFormat::Markdown,
            CompareTarget::Html => ComparisonFormat::Html,
            CompareTarget::Json => ComparisonFormat::Json,
            CompareTarget::Docx => ComparisonFormat::Docx,
        }
    }
}

pub fn run(args: &CompareArgs) -> anyhow::Result<ExitCode> {
    let Some(old) = import_file(&args.old)? else { return Ok(exit_bad_input()) };
    let Some(new) = import_file(&args.new)? else { return Ok(exit_bad_input()) };
    let comparison = compare(&old.document, &new.document);
    let format = args.to.format();
    if format.is_binary() {
        super::convert::refuse_binary_on_terminal(args.output.is_none())?;
    }
    let (old_name, new_name) = (name_of(&old.document, &args.old), name_of(&new.document, &args.new));
    // Only the tracked changes of a Word file carry a date; no other rendering reads the clock.
    let date = if format.has_revisions() { revision_date(args.date.as_deref())? } else { String::new() };
    let compared = Compared {
        comparison: &comparison,
        old: NamedDocument { name: &old_name, document: &old.document },
        new: NamedDocument { name: &new_name, document: &new.document },
        // Colour only for a person at a terminal who has not asked for none (https://no-color.org):
        // escape sequences in a file or a pipe are noise.
        colour: args.output.is_none()
            && std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()),
        author: &args.author,
        date: &date,
    };
    let output = format.render(&compared);
    match &args.output {
        Some(path) => std::fs::write(path, &output).with_context(|| format!("writing {}", path.display()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&output).context("writing to standard output")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The date the revisions of a Word file carry: the one given, checked, or the present moment (to the
/// second, in UTC), which only the command line may read.
fn revision_date(given: Option<&str>) -> anyhow::Result<String> {
    use time::format_description::well_known::Rfc3339;
    match given {
        Some(date) => {
            if time::OffsetDateTime::parse(date, &Rfc3339).is_err() {
                anyhow::bail!(
                    "--date {date:?} is not an RFC 3339 date and time such as 2026-11-29T00:00:00Z"
                );
            }
            Ok(date.to_string())
        }
        None => {
            let now = time::OffsetDateTime::now_utc().replace_nanosecond(0).context("reading the clock")?;
            now.format(&Rfc3339).context("formatting the present date")
        }
    }
}

fn name_of(document: &plenary_core::Document, path: &std::path::Path) -> String {
    document.symbol.as_ref().map_or_else(|| path.display().to_string(), |symbol| symbol.to_string())
}
