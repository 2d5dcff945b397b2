//! `plenary convert FILE --to json|akn|md|text`: reads a document in any supported format (detected from
//! its content) and writes it in another.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use plenary_core::Severity;
use plenary_import::OutputFormat;

use super::{exit_bad_input, read_input};

/// Convert a resolution text to JSON, Akoma Ntoso, Markdown or plain text.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The file to read (PDF-extracted text, clean text, Markdown, Akoma Ntoso, JSON); `-` reads stdin.
    pub file: PathBuf,
    /// The format to write.
    #[arg(long, value_enum, default_value_t = Target::Text)]
    pub to: Target,
    /// Write here instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Write the output even when the input was read with errors.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Target {
    Json,
    Akn,
    Md,
    Text,
}

pub fn run(args: &ConvertArgs) -> anyhow::Result<ExitCode> {
    let bytes = read_input(&args.file)?;
    let name = args.file.display();
    let imported = match plenary_import::import(&bytes) {
        Ok(imported) => imported,
        Err(error) => {
            report(&format!("{name}: {error}"));
            return Ok(exit_bad_input());
        }
    };
    for diagnostic in &imported.diagnostics {
        if diagnostic.severity >= Severity::Warning {
            report(&format!("{name}: {diagnostic}"));
        }
    }
    if imported.has_errors() && !args.force {
        report(&format!("{name}: not converted because of the errors above (use --force to convert anyway)"));
        return Ok(exit_bad_input());
    }
    let format = match args.to {
        Target::Json => OutputFormat::Json,
        Target::Akn => OutputFormat::AkomaNtoso,
        Target::Md => OutputFormat::Markdown,
        Target::Text => OutputFormat::Text,
    };
    let output = plenary_import::write(&imported.document, &imported.diagnostics, format);
    match &args.output {
        Some(path) => std::fs::write(path, output).with_context(|| format!("writing {}", path.display()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(output.as_bytes()).context("writing to standard output")?;
            stdout.flush().context("writing to standard output")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::print_stderr)]
fn report(line: &str) {
    eprintln!("{line}");
}
