//! `plenary convert FILE --to json|akn|md|text|html|docx|pdf`: reads a document in any supported format (detected
//! from its content) and writes it in another.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use plenary_core::Severity;
use plenary_render::DocumentFormat;

use super::{exit_bad_input, read_input};

/// Convert a resolution text to JSON, Akoma Ntoso, Markdown, plain text, HTML, a Word file or a PDF.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The file to read (PDF-extracted text, clean text, Markdown, Akoma Ntoso, JSON, .docx); `-` reads
    /// stdin.
    pub file: PathBuf,
    /// The format to write.
    #[arg(long, value_enum, default_value_t = Target::Text)]
    pub to: Target,
    /// Write here instead of standard output (required for docx and pdf on a terminal).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Write the output even when the input was read with errors.
    #[arg(long)]
    pub force: bool,
}

/// The formats `--to` names; each is one of `plenary_render::DocumentFormat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Target {
    Json,
    Akn,
    Md,
    Text,
    /// A page of HTML laid out as the UN prints the text.
    Html,
    /// A Word file laid out as the UN prints the text.
    Docx,
    /// A PDF (A4) laid out as the UN prints the text.
    Pdf,
}

impl Target {
    pub fn format(self) -> DocumentFormat {
        match self {
            Target::Json => DocumentFormat::Json,
            Target::Akn => DocumentFormat::AkomaNtoso,
            Target::Md => DocumentFormat::Markdown,
            Target::Text => DocumentFormat::Text,
            Target::Html => DocumentFormat::Html,
            Target::Docx => DocumentFormat::Docx,
            Target::Pdf => DocumentFormat::Pdf,
        }
    }
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
    let format = args.to.format();
    if format.is_binary() {
        refuse_binary_on_terminal(args.output.is_none())?;
    }
    let output = format.render(&imported.document, &imported.diagnostics);
    write_output(args.output.as_deref(), &output)?;
    Ok(ExitCode::SUCCESS)
}

/// A Word file or a PDF is binary: printed on a terminal it is garbage and can upset the terminal itself.
pub fn refuse_binary_on_terminal(to_stdout: bool) -> anyhow::Result<()> {
    if to_stdout && std::io::stdout().is_terminal() {
        anyhow::bail!(
            "a .docx or .pdf file is binary and is not written to a terminal: give a file with -o FILE \
             (or redirect standard output)"
        );
    }
    Ok(())
}

/// Writes the output to the file, or to standard output.
pub fn write_output(path: Option<&std::path::Path>, output: &[u8]) -> anyhow::Result<()> {
    match path {
        Some(path) => std::fs::write(path, output).with_context(|| format!("writing {}", path.display()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(output).context("writing to standard output")?;
            stdout.flush().context("writing to standard output")?;
        }
    }
    Ok(())
}

#[allow(clippy::print_stderr)]
fn report(line: &str) {
    eprintln!("{line}");
}
