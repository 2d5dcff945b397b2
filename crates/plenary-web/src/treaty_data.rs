//! The shipped treaty status data (`data/treaties/`, compiled in): the 18 core human rights instruments, the
//! UN Treaty Collection's participants and their declarations as at 3 February 2026. The first start records
//! it as facts (`seed.rs`); `plenary treaty` reads it directly when no data directory is named.

use std::io::Read;

use plenary_core::treaties::{ShippedTreaties, TreatyRegister, read_shipped};

const TREATIES: &str = include_str!("../../../data/treaties/treaties.csv");
const PARTICIPANTS: &str = include_str!("../../../data/treaties/participants.csv");
const DECLARATIONS: &[u8] = include_bytes!("../../../data/treaties/declarations.csv.zst");

/// The most the declarations may unpack to (they are 2.2 MB): a bound on what the compiled-in archive may
/// cost, like the corpus's.
pub const MAX_DECLARATIONS_BYTES: u64 = 16 * 1024 * 1024;

/// The shipped tables, read. Rows that could not be used are in `problems` (none, in what is shipped: a test
/// says so).
pub fn shipped() -> Result<ShippedTreaties, String> {
    let decoder = ruzstd::decoding::StreamingDecoder::new(DECLARATIONS)
        .map_err(|error| format!("the shipped declarations: {error}"))?;
    let mut declarations = String::new();
    decoder
        .take(MAX_DECLARATIONS_BYTES + 1)
        .read_to_string(&mut declarations)
        .map_err(|error| format!("the shipped declarations: {error}"))?;
    if declarations.len() as u64 > MAX_DECLARATIONS_BYTES {
        return Err(format!("the shipped declarations unpack to more than {MAX_DECLARATIONS_BYTES} bytes"));
    }
    Ok(read_shipped(TREATIES, PARTICIPANTS, &declarations))
}

/// The shipped data folded into a register, as the log would fold it, for a reader without a data directory.
pub fn register() -> Result<TreatyRegister, String> {
    TreatyRegister::from_shipped(shipped()?).map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_tables_read_without_a_problem_and_fold_into_a_register() {
        let shipped = shipped().expect("the shipped tables");
        assert_eq!(shipped.problems, Vec::<String>::new());
        assert_eq!(shipped.treaties.len(), 18);
        let register = register().expect("a register");
        assert_eq!(register.treaties().count(), 18);
    }
}
