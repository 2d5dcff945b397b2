//! `plenary replay LOG`: runs a meeting's event log through the procedure engine and prints the record.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use plenary_core::procedure::{Record, replay_log};

use super::{exit_bad_input, print, read_input, report};

/// Replay a meeting's event log (JSON Lines, see docs/event-log.md) and print the record in UN wording.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The event log, or `-` for standard input.
    pub log: PathBuf,
    /// Print the record as JSON.
    #[arg(long)]
    pub json: bool,
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
    if args.json {
        print(&format!("{}\n", serde_json::to_string_pretty(&record).context("writing JSON")?));
    } else {
        print(&record.to_text());
    }
    Ok(ExitCode::SUCCESS)
}
