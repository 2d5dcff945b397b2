//! `plenary compare OLD NEW --to text|md|html|json|docx`: what changed between two versions of a text.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use plenary_core::compare::compare;
use plenary_import::comparison::{Version, to_html, to_markdown, to_terminal};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareTarget {
    Text,
    Md,
    Html,
    Json,
    Docx,
}

pub fn run(args: &CompareArgs) -> anyhow::Result<ExitCode> {
    let Some(old) = import_file(&args.old)? else { return Ok(exit_bad_input()) };
    let Some(new) = import_file(&args.new)? else { return Ok(exit_bad_input()) };
    let comparison = compare(&old.document, &new.document);
    let output: Vec<u8> = match args.to {
        CompareTarget::Json => {
            let mut json = serde_json::to_string_pretty(&comparison).context("writing JSON")?;
            json.push('\n');
            json.into_bytes()
        }
        CompareTarget::Text => {
            let old_name = name_of(&old.document, &args.old);
            let new_name = name_of(&new.document, &args.new);
            // Colour only for a person at a terminal who has not asked for none (https://no-color.org):
            // escape sequences in a file or a pipe are noise.
            let colour = args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
            to_terminal(&comparison, &old_name, &new_name, colour).into_bytes()
        }
        CompareTarget::Md => {
            let old_name = name_of(&old.document, &args.old);
            let new_name = name_of(&new.document, &args.new);
            to_markdown(&comparison, &old_name, &new_name).into_bytes()
        }
        CompareTarget::Html => {
            let old_name = name_of(&old.document, &args.old);
            let new_name = name_of(&new.document, &args.new);
            to_html(
                &comparison,
                Version { name: &old_name, document: &old.document },
                Version { name: &new_name, document: &new.document },
            )
            .into_bytes()
        }
        CompareTarget::Docx => {
            super::convert::refuse_binary_on_terminal(args.output.is_none())?;
            let date = revision_date(args.date.as_deref())?;
            plenary_import::docx::comparison_to_docx(
                &old.document,
                &new.document,
                &comparison,
                &args.author,
                &date,
            )
        }
    };
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
