//! The shipped `unvotes` data (Voeten et al.: the General Assembly's roll calls of 1946–2019, `data/votes/`,
//! compiled in, zstd-packed): read into a `plenary_core::analysis::VoteHistory` for the voting analysis.

use std::io::Read;

use plenary_core::analysis::VoteHistory;

const VOTES: &[u8] = include_bytes!("../../../data/votes/un_votes.csv.zst");
const ROLL_CALLS: &[u8] = include_bytes!("../../../data/votes/un_roll_calls.csv.zst");
const ISSUES: &[u8] = include_bytes!("../../../data/votes/un_roll_call_issues.csv.zst");

/// The most one of the packed tables may unpack to (the votes are 18.9 MB).
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;

fn unpack(name: &str, packed: &[u8]) -> Result<String, String> {
    let decoder = ruzstd::decoding::StreamingDecoder::new(packed)
        .map_err(|error| format!("the shipped {name}: {error}"))?;
    let mut text = String::new();
    decoder
        .take(MAX_UNPACKED_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|error| format!("the shipped {name}: {error}"))?;
    if text.len() as u64 > MAX_UNPACKED_BYTES {
        return Err(format!("the shipped {name} unpack to more than {MAX_UNPACKED_BYTES} bytes"));
    }
    Ok(text)
}

/// The shipped history, read (a second of work in a release build: call it off the async workers).
pub fn shipped() -> Result<VoteHistory, String> {
    let votes = unpack("votes", VOTES)?;
    let roll_calls = unpack("roll calls", ROLL_CALLS)?;
    let issues = unpack("issues", ISSUES)?;
    VoteHistory::from_unvotes(&votes, &roll_calls, &issues).map_err(|error| error.to_string())
}
