//! Test vectors of the log's Merkle tree for an independent check (`.ci/tree_check.py`, which
//! reimplements RFC 6962 §2.1 and the RFC 9162 §2.1.3.2 / §2.1.4.2 verifiers with Python's hashlib).
//!
//! The leaves are event hashes as the journal makes them: the events of `data/meetings/*.jsonl` sealed into
//! one hash chain, continued by synthetic ballots up to `--max` events. A [`LogTree`] is built over them
//! as the journal builds it, and for `--sizes` distinct tree sizes (the edges 1, 2, 3 …, every power of two
//! and its neighbours up to `--max`, the rest drawn at random, mostly up to 4,096 and a few up to `--max`)
//! it writes the root, the inclusion proof of a random event and the consistency proof from a random older
//! size, as JSON on standard output:
//!
//! ```text
//! {"seed": …, "leaves": ["<entry hex>", …], "empty_root": "…",
//!  "trees": [{"size": n, "root": "…",
//!             "inclusion": {"seq": s, "leaf_hash": "…", "proof": ["…", …]},
//!             "consistency": {"old": m, "old_root": "…", "proof": ["…", …]}}, …]}
//! ```
//!
//! Run: `cargo run --release -p plenary-store --example tree_vectors -- --seed 7 | python3 .ci/tree_check.py`.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::ExitCode;

use plenary_store::StoredEvent;
use plenary_store::envelope::GENESIS;
use plenary_store::tree::{Hash, LogTree};
use serde_json::{Value, json};

/// SplitMix64: a small seedable generator, so a seed gives the same vectors on every machine.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }
}

struct Options {
    seed: u64,
    sizes: usize,
    max: u64,
}

fn options() -> Result<Options, String> {
    let mut options = Options { seed: 11, sizes: 1_000, max: 70_000 };
    let mut arguments = std::env::args().skip(1);
    while let Some(flag) = arguments.next() {
        let value = arguments.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number: u64 = value.parse().map_err(|_| format!("{flag} {value}: not a number"))?;
        match flag.as_str() {
            "--seed" => options.seed = number,
            "--sizes" => options.sizes = usize::try_from(number).map_err(|_| "--sizes: too large")?,
            "--max" => options.max = number.max(1),
            _ => return Err(format!("unknown option {flag} (--seed N, --sizes N, --max N)")),
        }
    }
    Ok(options)
}

/// The events of the example meetings, then synthetic ballots, sealed into one chain of `count` events.
fn events(count: u64) -> Result<Vec<StoredEvent>, String> {
    let directory = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/meetings");
    let mut files: Vec<_> = std::fs::read_dir(&directory)
        .map_err(|error| format!("{}: {error}", directory.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "jsonl"))
        .collect();
    files.sort();
    let mut payloads = Vec::new();
    for path in &files {
        let stem = path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
        for line in text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')) {
            let kind = serde_json::from_str::<Value>(line)
                .ok()
                .and_then(|event| event["event"].as_str().map(str::to_owned))
                .unwrap_or_else(|| "event".to_owned());
            payloads.push((format!("meeting/{stem}"), kind, line.to_owned()));
        }
    }
    const CHOICES: [&str; 3] = ["yes", "no", "abstain"];
    let mut sealed = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    let mut previous = GENESIS.to_owned();
    for seq in 1..=count {
        let (stream, kind, payload) = match payloads.get((seq - 1) as usize) {
            Some(real) => real.clone(),
            None => (
                "meeting/tree-vectors".to_owned(),
                "ballot_cast".to_owned(),
                json!({ "event": "ballot_cast", "vote": "V1", "state": format!("S{:03}", seq % 193),
                        "choice": CHOICES[(seq % 3) as usize] })
                .to_string(),
            ),
        };
        let millis = seq % 1000;
        let event = StoredEvent::seal(
            seq,
            stream,
            kind,
            payload,
            format!("2026-12-04T10:{:02}:{:02}.{millis:03}Z", (seq / 60_000) % 60, (seq / 1000) % 60),
            "chair".to_owned(),
            previous,
        );
        previous = event.hash.clone();
        sealed.push(event);
    }
    Ok(sealed)
}

/// The sizes to check: the edges, then random ones until there are `count`.
fn sizes(random: &mut SplitMix, count: usize, max: u64) -> BTreeSet<u64> {
    let mut sizes: BTreeSet<u64> = (1..=8).chain([max]).filter(|&size| size <= max).collect();
    let mut power = 1u64;
    while power <= max {
        sizes.extend([power - 1, power, power + 1].into_iter().filter(|&size| size >= 1 && size <= max));
        power *= 2;
    }
    let typical = max.min(4_096);
    while sizes.len() < count && (sizes.len() as u64) < max {
        // One in fifty beyond the typical range, up to the largest tree.
        let size = if random.next() % 50 == 0 { random.between(1, max) } else { random.between(1, typical) };
        sizes.insert(size);
    }
    sizes
}

/// An index in `1..=size`: often an edge (the first, the last, a power of two), else at random.
fn pick(random: &mut SplitMix, size: u64) -> u64 {
    let below = if size > 1 { 1 << (63 - (size - 1).leading_zeros()) } else { 1 };
    match random.next() % 8 {
        0 => 1,
        1 => size,
        2 => below,
        3 => size.saturating_sub(1).max(1),
        _ => random.between(1, size),
    }
}

fn hex_all(hashes: &[Hash]) -> Vec<String> {
    hashes.iter().map(hex::encode).collect()
}

fn vectors(options: &Options) -> Result<Value, String> {
    let events = events(options.max)?;
    let tree = LogTree::over(&events).map_err(|error| error.to_string())?;
    let mut random = SplitMix(options.seed);
    let mut trees = Vec::new();
    for size in sizes(&mut random, options.sizes, options.max) {
        let seq = pick(&mut random, size);
        let old = pick(&mut random, size);
        let text = |error: plenary_store::tree::TreeError| error.to_string();
        trees.push(json!({
            "size": size,
            "root": hex::encode(tree.root(size).map_err(text)?),
            "inclusion": {
                "seq": seq,
                "leaf_hash": hex::encode(tree.leaf_hash(seq).map_err(text)?),
                "proof": hex_all(&tree.inclusion_proof(seq, size).map_err(text)?),
            },
            "consistency": {
                "old": old,
                "old_root": hex::encode(tree.root(old).map_err(text)?),
                "proof": hex_all(&tree.consistency_proof(old, size).map_err(text)?),
            },
        }));
    }
    Ok(json!({
        "seed": options.seed,
        "leaves": events.iter().map(|event| event.hash.clone()).collect::<Vec<_>>(),
        "empty_root": hex::encode(tree.root(0).map_err(|error| error.to_string())?),
        "trees": trees,
    }))
}

fn main() -> ExitCode {
    let result = options().and_then(|options| vectors(&options)).and_then(|vectors| {
        let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
        serde_json::to_writer(&mut stdout, &vectors).map_err(|error| error.to_string())?;
        writeln!(stdout).and_then(|()| stdout.flush()).map_err(|error| error.to_string())
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "tree_vectors: {error}");
            ExitCode::FAILURE
        }
    }
}
