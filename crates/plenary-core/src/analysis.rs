//! Voting analysis over recorded votes: who votes with whom (the agreement index and the similarity index),
//! and how cohesive a group is (the Agreement Index of Hix, Noury and Roland).
//!
//! The votes are held as three bit sets per state over the roll calls (yes, no, abstain), so a pair's figures
//! over any selection of roll calls are a few population counts over 100 machine words, and the matrix of
//! every pair over 78 years of roll calls is milliseconds. Pure: the caller reads the files and gives their
//! text.
//!
//! Definitions (as in the literature built on Voeten's `unvotes` data):
//! - **agreement index**: of the roll calls both states voted in (yes, no or abstain; absence is no vote),
//!   the share where they voted alike;
//! - **similarity index**: yes 1, abstain ½, no 0; one minus the mean absolute difference over the same roll
//!   calls (an abstention is half agreement);
//! - **Agreement Index** (Hix, Noury and Roland) of a group on one roll call, with Y, N, A its members'
//!   votes: (max(Y, N, A) − ½ (Y + N + A − max(Y, N, A))) / (Y + N + A); of a group over roll calls, the mean.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::Date;

/// A vote cast on a roll call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ballot {
    Yes,
    No,
    Abstain,
}

impl Ballot {
    pub fn parse(text: &str) -> Option<Ballot> {
        let text = text.trim();
        let is = |word: &str| text.eq_ignore_ascii_case(word);
        if is("yes") || is("y") || text == "1" {
            Some(Ballot::Yes)
        } else if is("no") || is("n") || text == "3" {
            Some(Ballot::No)
        } else if is("abstain") || is("a") || text == "2" {
            Some(Ballot::Abstain)
        } else {
            None
        }
    }
}

/// One roll call: what was voted on, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RollCall {
    pub rcid: u32,
    pub session: u16,
    #[serde(with = "crate::dates::iso_date")]
    pub date: Date,
    pub important: bool,
    /// A vote on an amendment.
    pub amendment: bool,
    /// A separate vote on a paragraph.
    pub paragraph: bool,
    /// The resolution's symbol as the data writes it (`R/72/163`).
    pub resolution: String,
    pub short: String,
    /// The issue codes: `me` (the Palestinian conflict), `nu` (nuclear weapons), `di` (arms control), `hr`
    /// (human rights), `co` (colonialism), `ec` (economic development).
    pub issues: Vec<String>,
}

/// A set of roll calls, by position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    words: Vec<u64>,
}

impl Selection {
    fn empty(roll_calls: usize) -> Selection {
        Selection { words: vec![0; roll_calls.div_ceil(64)] }
    }

    fn insert(&mut self, index: usize) {
        if let Some(word) = self.words.get_mut(index / 64) {
            *word |= 1 << (index % 64);
        }
    }

    /// How many roll calls it holds.
    pub fn len(&self) -> u32 {
        self.words.iter().map(|word| word.count_ones()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Which roll calls to count: every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// From this year (inclusive), by the roll call's date.
    pub from_year: Option<i32>,
    /// To this year (inclusive).
    pub to_year: Option<i32>,
    pub sessions: Vec<u16>,
    /// One of the issue codes.
    pub issue: Option<String>,
    pub rcids: Vec<u32>,
    pub important_only: bool,
}

/// A pair's figures over a selection.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PairFigures {
    /// The roll calls both voted in.
    pub roll_calls: u32,
    /// Those where they voted alike.
    pub agreed: u32,
    /// `agreed / roll_calls`; none without a common roll call.
    pub agreement: Option<f64>,
    /// One minus the mean absolute difference (yes 1, abstain ½, no 0).
    pub similarity: Option<f64>,
}

/// Every state's votes on every roll call.
#[derive(Debug, Clone)]
pub struct VoteHistory {
    roll_calls: Vec<RollCall>,
    /// The data's state codes (`US`, `CN`; the Federal Republic of Germany has none in `unvotes`, kept as
    /// the empty code) and names, in the order they first appear.
    codes: Vec<String>,
    names: Vec<String>,
    /// Per state, per ballot, a bit per roll call (words of 64).
    ballots: Vec<[Vec<u64>; 3]>,
    by_rcid: BTreeMap<u32, usize>,
}

/// The most roll calls a history holds (the `unvotes` data has 6,203): each state keeps a bit per roll call
/// for each ballot, so the memory is states × roll calls.
pub const MAX_ROLL_CALLS: usize = 100_000;
/// The most states (the data has 200 codes and names).
pub const MAX_STATES: usize = 1_000;

/// A row that could not be read, with its line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file} line {line}: {message}")]
pub struct HistoryError {
    pub file: &'static str,
    pub line: u64,
    pub message: String,
}

#[derive(Deserialize)]
struct RollCallRow {
    rcid: u32,
    session: u16,
    importantvote: Option<u8>,
    date: String,
    unres: String,
    amend: Option<u8>,
    para: Option<u8>,
    short: String,
}

#[derive(Deserialize)]
struct IssueRow {
    rcid: u32,
    short_name: String,
}

fn slot(ballot: Ballot) -> usize {
    match ballot {
        Ballot::Yes => 0,
        Ballot::No => 1,
        Ballot::Abstain => 2,
    }
}

impl VoteHistory {
    /// Reads the `unvotes` layout: `un_votes.csv` (`rcid,country,country_code,vote`), `un_roll_calls.csv`
    /// and `un_roll_call_issues.csv`. A vote on a roll call the roll calls do not list, a vote that is not
    /// yes, no or abstain, or a malformed row is an error with its file and line.
    pub fn from_unvotes(votes: &str, roll_calls: &str, issues: &str) -> Result<VoteHistory, HistoryError> {
        let mut history = VoteHistory {
            roll_calls: Vec::new(),
            codes: Vec::new(),
            names: Vec::new(),
            ballots: Vec::new(),
            by_rcid: BTreeMap::new(),
        };
        let error = |file: &'static str, line: u64, message: String| HistoryError { file, line, message };
        let mut reader = csv::Reader::from_reader(roll_calls.as_bytes());
        for row in reader.deserialize::<RollCallRow>() {
            let line = history.roll_calls.len() as u64 + 2;
            let row = row.map_err(|problem| error("un_roll_calls.csv", line, problem.to_string()))?;
            let date = Date::parse(&row.date, &time::format_description::well_known::Iso8601::DATE)
                .map_err(|_| error("un_roll_calls.csv", line, format!("{:?} is not a date", row.date)))?;
            if history.roll_calls.len() == MAX_ROLL_CALLS {
                return Err(error(
                    "un_roll_calls.csv",
                    line,
                    format!("more than MAX_ROLL_CALLS ({MAX_ROLL_CALLS}) roll calls"),
                ));
            }
            history.by_rcid.insert(row.rcid, history.roll_calls.len());
            history.roll_calls.push(RollCall {
                rcid: row.rcid,
                session: row.session,
                date,
                important: row.importantvote == Some(1),
                amendment: row.amend == Some(1),
                paragraph: row.para == Some(1),
                resolution: row.unres,
                short: row.short,
                issues: Vec::new(),
            });
        }
        let mut reader = csv::Reader::from_reader(issues.as_bytes());
        for (index, row) in reader.deserialize::<IssueRow>().enumerate() {
            let row = row
                .map_err(|problem| error("un_roll_call_issues.csv", index as u64 + 2, problem.to_string()))?;
            if let Some(&at) = history.by_rcid.get(&row.rcid) {
                history.roll_calls[at].issues.push(row.short_name);
            }
        }
        let words = history.roll_calls.len().div_ceil(64);
        // 870,109 rows: read by hand, borrowing from the text (a state is known by its code and name: the
        // data leaves the code empty for three states, the Federal Republic of Germany, the Yemen Arab
        // Republic and Zanzibar).
        let mut state_of: rustc_hash::FxHashMap<(&str, &str), usize> = rustc_hash::FxHashMap::default();
        let mut last_roll_call: Option<(u32, usize)> = None;
        let mut lines = votes.lines().enumerate();
        match lines.next() {
            Some((_, header)) if header.trim() == "rcid,country,country_code,vote" => {}
            _ => {
                return Err(error(
                    "un_votes.csv",
                    1,
                    "the header is not rcid,country,country_code,vote".into(),
                ));
            }
        }
        for (index, line) in lines {
            let line_number = index as u64 + 1;
            if line.trim().is_empty() {
                continue;
            }
            let malformed =
                || error("un_votes.csv", line_number, format!("{line:?} is not rcid,country,code,vote"));
            let (rcid, rest) = line.split_once(',').ok_or_else(malformed)?;
            let mut from_the_end = rest.rsplitn(3, ',');
            let (Some(vote), Some(code), Some(country)) =
                (from_the_end.next(), from_the_end.next(), from_the_end.next())
            else {
                return Err(malformed());
            };
            let rcid: u32 = rcid.trim().parse().map_err(|_| malformed())?;
            // The rows come roll call by roll call: look a roll call up once.
            let at = match last_roll_call {
                Some((last, at)) if last == rcid => at,
                _ => {
                    let at = *history.by_rcid.get(&rcid).ok_or_else(|| {
                        error("un_votes.csv", line_number, format!("roll call {rcid} is not listed"))
                    })?;
                    last_roll_call = Some((rcid, at));
                    at
                }
            };
            let ballot = Ballot::parse(vote).ok_or_else(|| {
                error("un_votes.csv", line_number, format!("{vote:?} is not yes, no or abstain"))
            })?;
            let state = match state_of.get(&(code, country)) {
                Some(&state) => state,
                None => {
                    let state = history.codes.len();
                    if state == MAX_STATES {
                        return Err(error(
                            "un_votes.csv",
                            line_number,
                            format!("more than MAX_STATES ({MAX_STATES}) states"),
                        ));
                    }
                    history.codes.push(code.to_owned());
                    history.names.push(country.trim_matches('"').replace("\"\"", "\""));
                    history.ballots.push([vec![0; words], vec![0; words], vec![0; words]]);
                    state_of.insert((code, country), state);
                    state
                }
            };
            history.ballots[state][slot(ballot)][at / 64] |= 1 << (at % 64);
        }
        Ok(history)
    }

    pub fn roll_calls(&self) -> &[RollCall] {
        &self.roll_calls
    }

    /// The states' codes and names, in the order they first appear in the votes.
    pub fn states(&self) -> impl Iterator<Item = (&str, &str)> {
        self.codes.iter().map(String::as_str).zip(self.names.iter().map(String::as_str))
    }

    /// The state with this code in the data (`US`), or this name (`Federal Republic of Germany`).
    pub fn state(&self, code_or_name: &str) -> Option<usize> {
        let wanted = code_or_name.trim();
        self.codes
            .iter()
            .position(|code| !code.is_empty() && code.eq_ignore_ascii_case(wanted))
            .or_else(|| self.names.iter().position(|name| name.eq_ignore_ascii_case(wanted)))
    }

    /// The roll calls `filter` selects.
    pub fn select(&self, filter: &Filter) -> Selection {
        let mut selection = Selection::empty(self.roll_calls.len());
        for (index, roll_call) in self.roll_calls.iter().enumerate() {
            let year = roll_call.date.year();
            let chosen = filter.from_year.is_none_or(|from| year >= from)
                && filter.to_year.is_none_or(|to| year <= to)
                && (filter.sessions.is_empty() || filter.sessions.contains(&roll_call.session))
                && filter
                    .issue
                    .as_ref()
                    .is_none_or(|issue| roll_call.issues.iter().any(|each| each == issue))
                && (filter.rcids.is_empty() || filter.rcids.contains(&roll_call.rcid))
                && (!filter.important_only || roll_call.important);
            if chosen {
                selection.insert(index);
            }
        }
        selection
    }

    /// The agreement and similarity of states `a` and `b` (positions from [`VoteHistory::state`]) over the
    /// selected roll calls.
    pub fn pair(&self, a: usize, b: usize, selection: &Selection) -> PairFigures {
        let (Some(a), Some(b)) = (self.ballots.get(a), self.ballots.get(b)) else {
            return PairFigures { roll_calls: 0, agreed: 0, agreement: None, similarity: None };
        };
        let (mut both, mut agreed, mut half_apart, mut apart) = (0u32, 0u32, 0u32, 0u32);
        for (word, mask) in selection.words.iter().enumerate() {
            let [ay, an, aa] = [a[0][word] & mask, a[1][word] & mask, a[2][word] & mask];
            let [by, bn, ba] = [b[0][word], b[1][word], b[2][word]];
            both += ((ay | an | aa) & (by | bn | ba)).count_ones();
            agreed += (ay & by).count_ones() + (an & bn).count_ones() + (aa & ba).count_ones();
            apart += (ay & bn).count_ones() + (an & by).count_ones();
            half_apart += (ay & ba).count_ones()
                + (aa & by).count_ones()
                + (an & ba).count_ones()
                + (aa & bn).count_ones();
        }
        let share = |part: f64| (both > 0).then(|| part / f64::from(both));
        PairFigures {
            roll_calls: both,
            agreed,
            agreement: share(f64::from(agreed)),
            similarity: share(f64::from(apart) + 0.5 * f64::from(half_apart)).map(|mean| 1.0 - mean),
        }
    }

    /// Every pair's figures over the selection, as a square matrix in the states' order.
    pub fn matrix(&self, selection: &Selection) -> Vec<Vec<PairFigures>> {
        let count = self.codes.len();
        // Each pair is computed once and mirrored.
        let upper: Vec<Vec<PairFigures>> =
            (0..count).map(|a| (a..count).map(|b| self.pair(a, b, selection)).collect()).collect();
        (0..count)
            .map(|a| (0..count).map(|b| if a <= b { upper[a][b - a] } else { upper[b][a - b] }).collect())
            .collect()
    }

    /// The Agreement Index of the group `members` (positions) on each selected roll call where at least one
    /// of them voted, and its mean over them.
    pub fn cohesion(&self, members: &[usize], selection: &Selection) -> Cohesion {
        let mut per_roll_call = Vec::new();
        for (index, roll_call) in self.roll_calls.iter().enumerate() {
            let (word, bit) = (index / 64, 1u64 << (index % 64));
            if selection.words.get(word).is_none_or(|mask| mask & bit == 0) {
                continue;
            }
            let mut counts = [0u32; 3];
            for &member in members {
                if let Some(ballots) = self.ballots.get(member) {
                    for (slot, count) in counts.iter_mut().enumerate() {
                        if ballots[slot][word] & bit != 0 {
                            *count += 1;
                        }
                    }
                }
            }
            let total: u32 = counts.iter().sum();
            if total == 0 {
                continue;
            }
            let most = counts.iter().copied().max().unwrap_or(0);
            let index = (f64::from(most) - 0.5 * f64::from(total - most)) / f64::from(total);
            per_roll_call.push((roll_call.rcid, index));
        }
        let mean = (!per_roll_call.is_empty())
            .then(|| per_roll_call.iter().map(|(_, index)| index).sum::<f64>() / per_roll_call.len() as f64);
        Cohesion { roll_calls: per_roll_call.len() as u32, index: mean, per_roll_call }
    }
}

/// A state's position in one session: its scores on the first two principal components of the session's
/// votes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Position {
    pub code: String,
    pub name: String,
    /// The roll calls of the session it voted in.
    pub roll_calls: u32,
    pub first: f64,
    pub second: f64,
}

/// How many power iterations a component gets: the leading components of a session's votes separate
/// well, and 200 steps settle them far below the precision printed.
const POWER_STEPS: usize = 200;

impl VoteHistory {
    /// The states' positions in `session`: each roll call of the session a column (yes 1, abstain ½,
    /// no 0; a state that did not vote takes the roll call's mean, so absence says nothing), centred; the
    /// positions are the states' scores on the first two principal components (a truncated singular value
    /// decomposition, by power iteration on the states' covariance). The first component is turned so that
    /// the United States scores below zero. States with fewer than a tenth of the session's roll calls are
    /// left out.
    pub fn positions(&self, session: u16) -> Vec<Position> {
        let columns: Vec<usize> =
            (0..self.roll_calls.len()).filter(|&index| self.roll_calls[index].session == session).collect();
        if columns.is_empty() {
            return Vec::new();
        }
        let value = |state: usize, index: usize| -> Option<f64> {
            let (word, bit) = (index / 64, 1u64 << (index % 64));
            let ballots = &self.ballots[state];
            if ballots[0][word] & bit != 0 {
                Some(1.0)
            } else if ballots[2][word] & bit != 0 {
                Some(0.5)
            } else if ballots[1][word] & bit != 0 {
                Some(0.0)
            } else {
                None
            }
        };
        let states: Vec<usize> = (0..self.codes.len())
            .filter(|&state| {
                let voted = columns.iter().filter(|&&index| value(state, index).is_some()).count();
                voted * 10 >= columns.len() && voted > 0
            })
            .collect();
        // The centred matrix, states × roll calls.
        let mut matrix: Vec<Vec<f64>> = vec![vec![0.0; columns.len()]; states.len()];
        for (column, &index) in columns.iter().enumerate() {
            let cast: Vec<Option<f64>> = states.iter().map(|&state| value(state, index)).collect();
            let (sum, count) =
                cast.iter().flatten().fold((0.0, 0usize), |(sum, count), value| (sum + value, count + 1));
            let mean = if count > 0 { sum / count as f64 } else { 0.0 };
            for (row, value) in cast.iter().enumerate() {
                matrix[row][column] = value.unwrap_or(mean) - mean;
            }
        }
        // The states' covariance, and its two leading eigenvectors.
        let covariance: Vec<Vec<f64>> = (0..states.len())
            .map(|a| {
                (0..states.len())
                    .map(|b| matrix[a].iter().zip(&matrix[b]).map(|(x, y)| x * y).sum())
                    .collect()
            })
            .collect();
        let first = leading_vector(&covariance, None);
        let second = leading_vector(&covariance, Some(&first));
        let scale = |vector: &[f64]| {
            let eigenvalue: f64 = (0..vector.len())
                .map(|a| vector[a] * (0..vector.len()).map(|b| covariance[a][b] * vector[b]).sum::<f64>())
                .sum();
            eigenvalue.max(0.0).sqrt()
        };
        let (first_scale, second_scale) = (scale(&first), scale(&second));
        let us = states.iter().position(|&state| self.codes[state] == "US");
        let flip = if us.is_some_and(|us| first[us] > 0.0) { -1.0 } else { 1.0 };
        states
            .iter()
            .enumerate()
            .map(|(row, &state)| Position {
                code: self.codes[state].clone(),
                name: self.names[state].clone(),
                roll_calls: columns.iter().filter(|&&index| value(state, index).is_some()).count() as u32,
                first: flip * first[row] * first_scale,
                second: second[row] * second_scale,
            })
            .collect()
    }
}

/// The unit eigenvector of the largest eigenvalue of the symmetric `matrix`, orthogonal to `besides`, by
/// power iteration from a fixed start (so the same votes give the same positions).
fn leading_vector(matrix: &[Vec<f64>], besides: Option<&[f64]>) -> Vec<f64> {
    let size = matrix.len();
    let mut vector: Vec<f64> = (0..size).map(|index| 1.0 + (index % 7) as f64 / 7.0).collect();
    let orthogonalise = |vector: &mut Vec<f64>| {
        if let Some(other) = besides {
            let along: f64 = vector.iter().zip(other).map(|(x, y)| x * y).sum();
            for (value, other) in vector.iter_mut().zip(other) {
                *value -= along * other;
            }
        }
        let norm = vector.iter().map(|value| value * value).sum::<f64>().sqrt();
        if norm > 0.0 {
            for value in vector.iter_mut() {
                *value /= norm;
            }
        }
    };
    orthogonalise(&mut vector);
    for _ in 0..POWER_STEPS {
        let mut next: Vec<f64> =
            (0..size).map(|a| (0..size).map(|b| matrix[a][b] * vector[b]).sum()).collect();
        orthogonalise(&mut next);
        vector = next;
    }
    vector
}

/// A group's cohesion over roll calls.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohesion {
    pub roll_calls: u32,
    /// The mean Agreement Index.
    pub index: Option<f64>,
    /// Each roll call's index.
    pub per_roll_call: Vec<(u32, f64)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLL_CALLS: &str = "rcid,session,importantvote,date,unres,amend,para,short,descr\n\
        1,1,0,1946-01-01,R/1/1,0,0,A,a\n2,1,0,1946-02-01,R/1/2,0,0,B,b\n3,2,1,1947-01-01,R/2/3,1,0,C,c\n";
    const ISSUES: &str = "rcid,short_name,issue\n3,hr,Human rights\n";
    // Three roll calls; US and CN vote alike once (roll call 1), apart on 2 (yes/no), half apart on 3.
    const VOTES: &str = "rcid,country,country_code,vote\n\
        1,United States,US,yes\n1,China,CN,yes\n1,France,FR,no\n\
        2,United States,US,yes\n2,China,CN,no\n2,France,FR,yes\n\
        3,United States,US,no\n3,China,CN,abstain\n";

    fn history() -> VoteHistory {
        VoteHistory::from_unvotes(VOTES, ROLL_CALLS, ISSUES).expect("the example reads")
    }

    #[test]
    fn agreement_counts_alike_votes_and_similarity_counts_an_abstention_as_half() {
        let history = history();
        let (us, cn) = (history.state("US").expect("US"), history.state("cn").expect("CN"));
        let figures = history.pair(us, cn, &history.select(&Filter::default()));
        assert_eq!((figures.roll_calls, figures.agreed), (3, 1));
        assert_eq!(figures.agreement, Some(1.0 / 3.0));
        // Differences 0, 1 and ½: one minus their mean.
        assert_eq!(figures.similarity, Some(1.0 - 1.5 / 3.0));
    }

    #[test]
    fn a_filter_selects_by_year_session_issue_and_roll_call() {
        let history = history();
        let only = |filter: Filter| history.select(&filter).len();
        assert_eq!(only(Filter { from_year: Some(1947), ..Filter::default() }), 1);
        assert_eq!(only(Filter { sessions: vec![1], ..Filter::default() }), 2);
        assert_eq!(only(Filter { issue: Some("hr".into()), ..Filter::default() }), 1);
        assert_eq!(only(Filter { rcids: vec![2, 3], ..Filter::default() }), 2);
        assert_eq!(only(Filter { important_only: true, ..Filter::default() }), 1);
    }

    #[test]
    fn cohesion_is_hix_noury_and_rolands_index() {
        let history = history();
        let group: Vec<usize> = ["US", "CN", "FR"].iter().filter_map(|code| history.state(code)).collect();
        let cohesion = history.cohesion(&group, &history.select(&Filter::default()));
        // Roll call 1: Y 2, N 1 → (2 − ½·1)/3 = ½. Roll call 2: the same. Roll call 3: N 1, A 1 → (1 − ½)/2 = ¼.
        assert_eq!(cohesion.per_roll_call, [(1, 0.5), (2, 0.5), (3, 0.25)]);
        assert_eq!(cohesion.index, Some(1.25 / 3.0));
    }

    #[test]
    fn more_states_than_the_limit_is_an_error_not_an_allocation() {
        let mut votes = String::from("rcid,country,country_code,vote\n");
        for state in 0..=MAX_STATES {
            votes.push_str(&format!("1,State {state},S{state},yes\n"));
        }
        let error = VoteHistory::from_unvotes(&votes, ROLL_CALLS, ISSUES).expect_err("too many states");
        assert_eq!(error.line, MAX_STATES as u64 + 2);
        assert!(error.message.contains("MAX_STATES"));
    }

    #[test]
    fn a_vote_on_an_unlisted_roll_call_is_an_error_with_its_line() {
        let votes = "rcid,country,country_code,vote\n9,United States,US,yes\n";
        let error = VoteHistory::from_unvotes(votes, ROLL_CALLS, ISSUES).expect_err("roll call 9 is unknown");
        assert_eq!((error.file, error.line), ("un_votes.csv", 2));
    }
}
