//! `plenary replay LOG [--to text|json|csv|unvotes-csv|pdf] [-o FILE]`: runs a meeting's event log through
//! the procedure engine and writes the record: as text, as JSON, as the table of every recorded vote with a
//! row per member (`plenary_render::vote_export`), or as a PDF set in Times (`plenary_render::record_pdf`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use plenary_core::procedure::{Record, replay_log};
use plenary_render::record_pdf;
use plenary_render::vote_export::{self, VoteTable};

use super::convert::{refuse_binary_on_terminal, write_output};
use super::{exit_bad_input, read_input, report};

/// Replay a meeting's event log (JSON Lines, see docs/event-log.md) and write the record in UN wording.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The event log, or `-` for standard input.
    pub log: PathBuf,
    /// The format to write.
    #[arg(long, value_enum, default_value_t = RecordFormat::Text)]
    pub to: RecordFormat,
    /// Print the record as JSON (the same as `--to json`).
    #[arg(long, conflicts_with = "to")]
    pub json: bool,
    /// Write here instead of standard output (required for pdf on a terminal).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// The formats of the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RecordFormat {
    /// The record in UN wording, with the listing of each recorded vote.
    Text,
    Json,
    /// Every recorded vote, a row per member of the body per vote, in the UN Digital Library's columns.
    Csv,
    /// The same rows in the `unvotes` columns (`rcid,country,country_code,vote`).
    UnvotesCsv,
    /// The whole record set in Times: headings, every sentence, each recorded vote's listing.
    Pdf,
}

pub fn run(args: &ReplayArgs) -> anyhow::Result<ExitCode> {
    let name = args.log.display();
    let Ok(text) = String::from_utf8(read_input(&args.log)?) else {
        report(&format!("{name}: not a UTF-8 text file, so not an event log"));
        return Ok(exit_bad_input());
    };
    let meeting = match replay_log(&text) {
        Ok(meeting) => meeting,
        Err(error) => {
            report(&format!("{name}: {error}"));
            return Ok(exit_bad_input());
        }
    };
    let record = Record::of(&meeting);
    let format = if args.json { RecordFormat::Json } else { args.to };
    let votes = || vote_export::recorded_votes(&meeting, &record);
    let output = match format {
        RecordFormat::Text => record.to_text().into_bytes(),
        RecordFormat::Json => {
            format!("{}\n", serde_json::to_string_pretty(&record).context("writing JSON")?).into_bytes()
        }
        RecordFormat::Csv => vote_export::vote_table(&meeting, &votes(), VoteTable::DigitalLibrary),
        RecordFormat::UnvotesCsv => vote_export::vote_table(&meeting, &votes(), VoteTable::Unvotes),
        RecordFormat::Pdf => {
            refuse_binary_on_terminal(args.output.is_none())?;
            record_pdf::record_pdf(&meeting, &record, &votes())
        }
    };
    write_output(args.output.as_deref(), &output)?;
    Ok(ExitCode::SUCCESS)
}
