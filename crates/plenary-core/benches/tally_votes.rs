//! Benchmark of `plenary tally --all` without the terminal: the whole `unvotes` data (870,000 votes in 6,203
//! roll calls, 19 MB) read from `../shared/data/votes` (or `PLENARY_VOTES`), every roll call's voters
//! checked against the membership of its session, counted and worded as the record words it.
//!
//! Run with `cargo bench -p plenary-core --bench tally_votes`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use plenary_core::membership::{MembershipHistory, history};
use plenary_core::procedure::roll_call::{self, Electorate, RollCallInfo, Seating};
use plenary_core::procedure::{Forum, Majority};

fn votes_directory() -> Option<PathBuf> {
    let directory = std::env::var_os("PLENARY_VOTES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/votes"));
    directory.join("un_votes.csv").is_file().then_some(directory)
}

/// Reads, seats, counts and words every roll call; returns how many were adopted.
fn tally_all(votes_text: &str, roll_calls_text: &str, history: &'static MembershipHistory) -> usize {
    let file = roll_call::parse_votes(votes_text).unwrap_or_else(|error| panic!("un_votes.csv: {error}"));
    let infos: HashMap<u32, RollCallInfo> = roll_call::parse_roll_calls(roll_calls_text)
        .unwrap_or_else(|error| panic!("un_roll_calls.csv: {error}"));
    let seating = Seating::new(&file, history);
    let electorate = Electorate::new(Forum::Plenary);
    let mut adopted = 0;
    for call in &file.roll_calls {
        let info = call.id.and_then(|id| infos.get(&id)).unwrap_or_else(|| panic!("no session"));
        let period = info.period();
        let seated = seating.seat(call, period, &electorate).unwrap_or_else(|error| panic!("{error}"));
        let members = electorate.members(history, period);
        let result = roll_call::decide(
            seated.iter().map(|vote| vote.choice),
            members,
            Forum::Plenary,
            Majority::Simple,
        )
        .unwrap_or_else(|error| panic!("{error}"));
        std::hint::black_box(&result.sentence);
        adopted += usize::from(result.outcome.is_adopted());
    }
    adopted
}

#[allow(clippy::print_stderr)]
fn benchmarks(criterion: &mut Criterion) {
    let Some(directory) = votes_directory() else {
        eprintln!("no un_votes.csv at ../shared/data/votes (set PLENARY_VOTES); nothing measured");
        return;
    };
    let read = |name: &str| {
        std::fs::read_to_string(directory.join(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
    };
    let (votes_text, roll_calls_text) = (read("un_votes.csv"), read("un_roll_calls.csv"));
    let history = history();
    let mut group = criterion.benchmark_group("tally");
    group.sample_size(10);
    group.bench_function("tally all roll calls", |bencher| {
        bencher.iter(|| tally_all(&votes_text, &roll_calls_text, history))
    });
    group.finish();
}

criterion_group!(benches, benchmarks);
criterion_main!(benches);
