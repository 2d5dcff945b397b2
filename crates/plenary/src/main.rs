//! The `plenary` command line: one binary for every job that makes sense offline.

mod commands;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Plenary: resolutions from draft to official record.
#[derive(Debug, Parser)]
#[command(name = "plenary", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Convert(commands::convert::ConvertArgs),
    Check(commands::check::CheckArgs),
    Import(commands::import::ImportArgs),
    Index(commands::index::IndexArgs),
    Search(commands::search::SearchArgs),
    History(commands::history::HistoryArgs),
    Treaty(commands::treaty::TreatyArgs),
    Votes(commands::votes::VotesArgs),
    Compare(commands::compare::CompareArgs),
    Lineage(commands::lineage::LineageArgs),
    Tally(commands::tally::TallyArgs),
    Replay(commands::replay::ReplayArgs),
    Serve(commands::serve::ServeArgs),
    Verify(commands::serve::VerifyArgs),
    RotateLogKey(commands::rotate::RotateArgs),
    Witness(commands::witness::WitnessArgs),
    VerifyRecord(commands::verify_record::VerifyRecordArgs),
    Bench(commands::bench::BenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Convert(args) => commands::convert::run(&args),
        Command::Check(args) => commands::check::run(&args),
        Command::Import(args) => commands::import::run(&args),
        Command::Index(args) => commands::index::run(&args),
        Command::Search(args) => commands::search::run(&args),
        Command::History(args) => commands::history::run(&args),
        Command::Treaty(args) => commands::treaty::run(&args),
        Command::Votes(args) => commands::votes::run(&args),
        Command::Compare(args) => commands::compare::run(&args),
        Command::Lineage(args) => commands::lineage::run(&args),
        Command::Tally(args) => commands::tally::run(&args),
        Command::Replay(args) => commands::replay::run(&args),
        Command::Serve(args) => commands::serve::serve(&args),
        Command::Verify(args) => commands::serve::verify(&args),
        Command::RotateLogKey(args) => commands::rotate::run(&args),
        Command::Witness(args) => commands::witness::run(&args),
        Command::VerifyRecord(args) => commands::verify_record::run(&args),
        Command::Bench(args) => commands::bench::run(&args),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("plenary: {error:#}");
            }
            ExitCode::FAILURE
        }
    }
}
