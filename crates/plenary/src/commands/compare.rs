//! `plenary compare OLD NEW --to text|md|html|json|docx`: what changed between two versions of a text.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use plenary_core::compare::compare;

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
        _ => {
            let old_name = name_of(&old.document, &args.old);
            let new_name = name_of(&new.document, &args.new);
            comparison.what_is_new().report(&old_name, &new_name).into_bytes()
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

fn name_of(document: &plenary_core::Document, path: &std::path::Path) -> String {
    document.symbol.as_ref().map_or_else(|| path.display().to_string(), |symbol| symbol.to_string())
}
