//! `plenary verify-record FILE --key KEY`: checks a vote's proof, as downloaded from the record page, offline
//! and against the log's public key — a journalist proving that a published result is in the log.
//!
//! Exit 0: everything held, and what is proved is printed. Exit 1: the proof does not hold (the message
//! names the event and the check that failed). Exit 2: the file or the key could not be read.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use plenary_core::procedure::Method;
use plenary_store::proof::{self, Proved, VoteProof};

use super::{exit_bad_input, print, read_verifier_key, report};

/// The largest proof file read: a vote of the whole membership changing their votes many times is a few
/// megabytes.
pub const MAX_PROOF_BYTES: u64 = 64 * 1024 * 1024;

/// Check a vote's proof file (downloaded from a record page, or from /api/meetings/ID/votes/VOTE/proof)
/// offline: the checkpoint's signature, every event's hash and inclusion proof, and the tally its ballots
/// give.
#[derive(Debug, Args)]
pub struct VerifyRecordArgs {
    /// The proof file (JSON); `-` reads standard input.
    pub file: PathBuf,
    /// The log's public key (`name+id+base64`, as /api/log/key serves it), or a file holding it. Take it
    /// from a source you trust — never from the proof file itself.
    #[arg(long)]
    pub key: String,
}

pub fn run(args: &VerifyRecordArgs) -> anyhow::Result<ExitCode> {
    let name = args.file.display().to_string();
    let verifier = match read_verifier_key(&args.key) {
        Ok(verifier) => verifier,
        Err(error) => {
            report(&format!("{error:#}"));
            return Ok(exit_bad_input());
        }
    };
    let bytes = match read_limited(&args.file) {
        Ok(bytes) => bytes,
        Err(message) => {
            report(&message);
            return Ok(exit_bad_input());
        }
    };
    let bundle: VoteProof = match serde_json::from_slice(&bytes) {
        Ok(bundle) => bundle,
        Err(error) => {
            report(&format!("{name}: not a vote proof: the JSON does not read as one ({error})"));
            return Ok(exit_bad_input());
        }
    };
    if bundle.format != proof::FORMAT || bundle.version != proof::VERSION {
        report(&format!(
            "{name}: not a vote proof: format {:?} version {} (this plenary reads {:?} version {})",
            bundle.format,
            bundle.version,
            proof::FORMAT,
            proof::VERSION
        ));
        return Ok(exit_bad_input());
    }
    match proof::verify(&bundle, &verifier) {
        Ok(proved) => {
            print(&describe(&proved, &bundle, verifier.verifier_key()));
            Ok(ExitCode::SUCCESS)
        }
        Err(failure) => {
            report(&format!("{name}: the proof does not hold: {failure}"));
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Reads the file (or standard input), refusing more than [`MAX_PROOF_BYTES`].
fn read_limited(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let name = path.display();
    let reader: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(|error| format!("reading {name}: {error}"))?)
    };
    let mut bytes = Vec::new();
    reader
        .take(MAX_PROOF_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| format!("reading {name}: {error}"))?;
    if bytes.len() as u64 > MAX_PROOF_BYTES {
        return Err(format!(
            "{name}: larger than the {} MB a vote proof may have",
            MAX_PROOF_BYTES / (1024 * 1024)
        ));
    }
    Ok(bytes)
}

fn plural(count: impl Into<u64>, one: &str, many: &str) -> String {
    let count = count.into();
    format!("{count} {}", if count == 1 { one } else { many })
}

/// What was proved, and what was not.
fn describe(proved: &Proved, bundle: &VoteProof, key: &str) -> String {
    let method = match proved.method {
        Method::Recorded => "recorded",
        Method::NonRecorded => "non-recorded",
    };
    let mut text = format!(
        "Vote {} of meeting {} ({}, {method}): {} in favour, {} against, {} — all {} are in the log of {} at \
         size {}.\n",
        proved.vote,
        proved.meeting,
        proved.question,
        proved.yes,
        proved.no,
        plural(proved.abstain, "abstention", "abstentions"),
        plural(proved.events as u64, "event", "events"),
        proved.origin,
        proved.size,
    );
    text.push_str(&format!(
        "  The checkpoint of that size (root {}) is signed by {key}; the server says it signed it at {} (a \
         checkpoint carries no time of its own).\n",
        proof::encode(&proved.root),
        bundle.checkpoint.recorded_at,
    ));
    text.push_str(&format!(
        "  The vote opened at {} and was decided at {} (times in the events, covered by their hashes); the \
         ballots of {} count.\n",
        proved.opened_at,
        proved.decided_at,
        plural(proved.voters as u64, "state", "states"),
    ));
    for (state, intended) in &proved.corrections {
        text.push_str(&format!(
            "  Noted after the result (the tally never changes): {} had intended {}.\n",
            state.name(),
            intended.intention()
        ));
    }
    if proved.refused > 0 {
        text.push_str(&format!(
            "  {} refused by the rules and kept in the log.\n",
            plural(proved.refused as u64, "cast", "casts")
        ));
    }
    if !bundle.not_yet_covered.is_empty() {
        text.push_str(&format!(
            "  Not in this file: {} of the vote recorded after the checkpoint (at {}); download the proof again \
             once a later checkpoint covers them.\n",
            plural(bundle.not_yet_covered.len() as u64, "event", "events"),
            bundle.not_yet_covered.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
        ));
    }
    text.push_str(&format!(
        "  Not proved by this file: that the log holds no other event of this vote, and the outcome ({} as the \
         server says), which depends on the majority the meeting required.\n",
        bundle.summary.outcome
    ));
    text
}
