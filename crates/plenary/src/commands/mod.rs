//! The subcommands, one module each, and what they share: reading an input file or stdin, and exit codes.

pub mod check;
pub mod convert;

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

/// Exit code 2: the input was bad (unreadable, not a document, or read with errors).
pub fn exit_bad_input() -> ExitCode {
    ExitCode::from(2)
}

/// Reads a file, or standard input when the path is `-`.
pub fn read_input(path: &Path) -> anyhow::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).context("reading standard input")?;
        return Ok(bytes);
    }
    std::fs::read(path).with_context(|| format!("reading {}", path.display()))
}
