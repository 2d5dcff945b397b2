//! The voting analysis on the whole `unvotes` data shipped in `data/votes` (870,109 votes in 6,203 roll
//! calls). Every expected figure is counted here by a plain pass over the CSV rows, or is the peer's
//! (`agreement_pandas.py`: US–China 0.1675 over all roll calls).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::LazyLock;

use plenary_core::analysis::{Filter, VoteHistory};

fn unpacked(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/votes").join(name);
    let packed = std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let mut text = String::new();
    ruzstd::decoding::StreamingDecoder::new(packed.as_slice())
        .expect("a zstd stream")
        .read_to_string(&mut text)
        .expect("UTF-8");
    text
}

struct Data {
    votes: String,
    roll_calls: String,
    issues: String,
}

static DATA: LazyLock<Data> = LazyLock::new(|| Data {
    votes: unpacked("un_votes.csv.zst"),
    roll_calls: unpacked("un_roll_calls.csv.zst"),
    issues: unpacked("un_roll_call_issues.csv.zst"),
});

static HISTORY: LazyLock<VoteHistory> = LazyLock::new(|| {
    VoteHistory::from_unvotes(&DATA.votes, &DATA.roll_calls, &DATA.issues).expect("the data reads")
});

/// Each roll call's year, from the roll calls' CSV, read plainly.
fn years() -> BTreeMap<u32, i32> {
    DATA.roll_calls
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split(',');
            let rcid = fields.next()?.parse().ok()?;
            let date = fields.nth(2)?;
            Some((rcid, date.get(..4)?.parse().ok()?))
        })
        .collect()
}

/// A pair's votes by roll call, read plainly: `rcid,country,country_code,vote` (no field of these rows
/// holds a comma inside quotes, except country names, which are matched on the code after them).
fn votes_of(code: &str) -> BTreeMap<u32, String> {
    DATA.votes
        .lines()
        .skip(1)
        .filter_map(|line| {
            let rcid = line.split(',').next()?.parse().ok()?;
            let mut tail = line.rsplitn(3, ',');
            let vote = tail.next()?;
            let row_code = tail.next()?;
            (row_code == code).then(|| (rcid, vote.to_owned()))
        })
        .collect()
}

/// (roll calls both voted in, agreement, similarity) by a plain count, within the years.
fn plain(a: &str, b: &str, from: i32, to: i32) -> (u32, f64, f64) {
    let years = years();
    let (a, b) = (votes_of(a), votes_of(b));
    let value = |vote: &str| -> f64 {
        match vote {
            "yes" => 1.0,
            "abstain" => 0.5,
            _ => 0.0,
        }
    };
    let (mut both, mut alike, mut difference) = (0u32, 0u32, 0.0f64);
    for (rcid, vote) in &a {
        let Some(other) = b.get(rcid) else { continue };
        if !years.get(rcid).is_some_and(|year| (from..=to).contains(year)) {
            continue;
        }
        both += 1;
        alike += u32::from(vote == other);
        difference += (value(vote) - value(other)).abs();
    }
    (both, f64::from(alike) / f64::from(both), 1.0 - difference / f64::from(both))
}

fn figures(a: &str, b: &str, from: i32, to: i32) -> (u32, f64, f64) {
    let history = &*HISTORY;
    let filter = Filter { from_year: Some(from), to_year: Some(to), ..Filter::default() };
    let pair = history.pair(history.state(a).expect(a), history.state(b).expect(b), &history.select(&filter));
    (pair.roll_calls, pair.agreement.expect("common roll calls"), pair.similarity.expect("common roll calls"))
}

#[test]
fn us_china_over_all_roll_calls_is_the_peers_0_1675() {
    let (roll_calls, agreement, similarity) = figures("US", "CN", 1946, 2019);
    let (plain_roll_calls, plain_agreement, plain_similarity) = plain("US", "CN", 1946, 2019);
    assert_eq!(roll_calls, plain_roll_calls);
    assert_eq!(format!("{agreement:.4}"), "0.1675");
    assert!((agreement - plain_agreement).abs() < 1e-12);
    assert!((similarity - plain_similarity).abs() < 1e-12);
}

#[test]
fn three_more_pairs_and_periods_equal_a_plain_count() {
    for (a, b, from, to) in [("US", "IL", 1991, 2019), ("GB", "FR", 1946, 2019), ("IN", "RU", 1992, 2010)] {
        let (roll_calls, agreement, similarity) = figures(a, b, from, to);
        let (plain_roll_calls, plain_agreement, plain_similarity) = plain(a, b, from, to);
        assert_eq!(roll_calls, plain_roll_calls, "{a}–{b} {from}–{to}");
        assert!(
            (agreement - plain_agreement).abs() < 1e-12,
            "{a}–{b} {from}–{to}: {agreement} {plain_agreement}"
        );
        assert!((similarity - plain_similarity).abs() < 1e-12, "{a}–{b} {from}–{to}");
    }
}

#[test]
fn the_data_holds_its_870109_votes_in_6203_roll_calls() {
    let history = &*HISTORY;
    assert_eq!(history.roll_calls().len(), 6203);
    assert_eq!(history.states().count(), 200);
    let matrix = history.matrix(&history.select(&Filter::default()));
    let votes: u32 = (0..matrix.len()).map(|state| matrix[state][state].roll_calls).sum();
    assert_eq!(votes, 870_109, "each state's own roll calls add up to every vote");
}

#[test]
fn in_recent_sessions_the_united_states_and_israel_stand_at_one_end_of_the_first_dimension() {
    let history = &*HISTORY;
    for session in [70, 72, 74] {
        let mut positions = history.positions(session);
        assert!(positions.len() > 180, "session {session}: {} states placed", positions.len());
        positions.sort_by(|a, b| a.first.total_cmp(&b.first));
        let end: Vec<&str> = positions.iter().take(3).map(|position| position.code.as_str()).collect();
        assert!(end.contains(&"US") && end.contains(&"IL"), "session {session}: the end is {end:?}");
        // And the other end is far from them.
        let (us, last) = (positions[0].first, positions[positions.len() - 1].first);
        assert!(last - us > 1.0, "session {session}: the first dimension spans {us} to {last}");
    }
}
