//! Property tests: real texts mutated at random — lines deleted, swapped and duplicated, the text cut
//! anywhere, bytes inserted — never make the importer panic, and whatever it reads keeps every word.

use plenary_import::{conservation, import};
use proptest::prelude::*;

use crate::support::fixture_bytes;

const TEXTS: [&str; 5] = [
    "A_RES_72_163.txt",
    "A_RES_80_198.txt",
    "A_C.3_80_L.49.txt",
    "S_RES_0830_1993.txt",
    "S_RES_0541_1983.txt",
];

/// A mutation of a text, by line or by byte.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    SwapLines(usize, usize),
    DuplicateLine(usize),
    CutAt(usize),
    InsertBytes(usize, Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::CutAt),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Mutation::InsertBytes(at, bytes)),
    ]
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(48)
}

fn apply(bytes: &[u8], mutation: &Mutation) -> Vec<u8> {
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let count = lines.len();
    match mutation {
        Mutation::DeleteLine(at) => {
            lines.remove(at % count);
            lines.join(&b'\n')
        }
        Mutation::SwapLines(a, b) => {
            lines.swap(a % count, b % count);
            lines.join(&b'\n')
        }
        Mutation::DuplicateLine(at) => {
            let line = lines[at % count];
            lines.insert(at % count, line);
            lines.join(&b'\n')
        }
        Mutation::CutAt(at) => bytes[..at % (bytes.len() + 1)].to_vec(),
        Mutation::InsertBytes(at, inserted) => {
            let at = at % (bytes.len() + 1);
            [&bytes[..at], inserted.as_slice(), &bytes[at..]].concat()
        }
    }
}

proptest! {
    // 48 cases in the everyday test run; PROPTEST_CASES=20000 for a long hunt (as `.ci/run` does in release).
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn mutated_texts_never_panic_and_lose_no_word(
        text in 0..TEXTS.len(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let mut bytes = fixture_bytes(TEXTS[text]);
        for mutation in &mutations {
            bytes = apply(&bytes, mutation);
        }
        if let Ok(imported) = import(&bytes) {
            let account = conservation::account_bytes(&bytes, &imported);
            prop_assert!(account.is_exact(), "{:?}", account);
        }
    }
}
