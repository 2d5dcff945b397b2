//! `plenary votes`: the voting analysis of the General Assembly's roll calls — the agreement and
//! similarity of two states, the matrix of every pair, and the cohesion of a group — over the shipped
//! `unvotes` data (1946–2019), or the `unvotes` files of a directory (`--votes DIR`).

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Subcommand};
use plenary_core::analysis::{Filter, VoteHistory};
use plenary_core::states::{self, RegionalGroup};

use super::{exit_bad_input, print, report};

/// Who votes with whom in the General Assembly, and how cohesive a group is.
#[derive(Debug, Args)]
pub struct VotesArgs {
    #[command(subcommand)]
    pub question: Question,
    /// A directory holding `un_votes.csv`, `un_roll_calls.csv` and `un_roll_call_issues.csv` (the
    /// `unvotes` layout); by default the data Plenary ships.
    #[arg(long, global = true)]
    pub votes: Option<PathBuf>,
}

/// Which roll calls to count.
#[derive(Debug, Args)]
pub struct Period {
    /// From this year (inclusive, by the roll call's date).
    #[arg(long)]
    pub from: Option<i32>,
    /// To this year (inclusive).
    #[arg(long)]
    pub to: Option<i32>,
    /// Only these sessions (repeatable).
    #[arg(long)]
    pub session: Vec<u16>,
    /// Only roll calls on this issue: me, nu, di, hr, co, ec.
    #[arg(long)]
    pub issue: Option<String>,
}

impl Period {
    fn filter(&self) -> Filter {
        Filter {
            from_year: self.from,
            to_year: self.to,
            sessions: self.session.clone(),
            issue: self.issue.clone(),
            ..Filter::default()
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Question {
    /// The agreement index (the share of roll calls both voted in where they voted alike) and the
    /// similarity index (yes 1, abstain ½, no 0) of two states. Codes as in the data (US, CN) or ISO3.
    Agreement {
        a: String,
        b: String,
        #[command(flatten)]
        period: Period,
        #[arg(long)]
        json: bool,
    },
    /// Every pair's agreement index, as CSV (one row per pair with its roll calls) or JSON.
    Matrix {
        #[command(flatten)]
        period: Period,
        #[arg(long)]
        json: bool,
    },
    /// Every state's position in a session: its scores on the first two principal components of the
    /// session's votes (a truncated SVD of the centred vote matrix; the United States below zero on the
    /// first). `--session all`: every session, with the time it took.
    Positions {
        #[arg(long)]
        session: String,
        #[arg(long)]
        json: bool,
    },
    /// The Agreement Index (Hix, Noury and Roland) of a group: a regional group (african, asia-pacific,
    /// eastern-european, grulac, weog) or codes separated by commas.
    Cohesion {
        #[arg(long)]
        group: String,
        #[command(flatten)]
        period: Period,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(args: &VotesArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let history = load(args)?;
    let loaded = started.elapsed();
    match &args.question {
        Question::Agreement { a, b, period, json } => {
            let (Some(first), Some(second)) = (find(&history, a), find(&history, b)) else {
                return Ok(exit_bad_input());
            };
            let figures = history.pair(first, second, &history.select(&period.filter()));
            if *json {
                let value = serde_json::json!({
                    "a": a, "b": b, "from": period.from, "to": period.to, "sessions": period.session,
                    "issue": period.issue, "roll_calls": figures.roll_calls, "agreed": figures.agreed,
                    "agreement": figures.agreement, "similarity": figures.similarity,
                });
                print(&format!("{}\n", serde_json::to_string_pretty(&value)?));
            } else {
                let share =
                    |value: Option<f64>| value.map_or_else(|| "–".to_owned(), |value| format!("{value:.4}"));
                print(&format!(
                    "{a} and {b}: {} roll calls voted in by both; agreement {} ({} alike), similarity {}\n",
                    figures.roll_calls,
                    share(figures.agreement),
                    figures.agreed,
                    share(figures.similarity)
                ));
            }
        }
        Question::Matrix { period, json } => {
            let computed = Instant::now();
            let selection = history.select(&period.filter());
            let matrix = history.matrix(&selection);
            let compute = computed.elapsed();
            let codes: Vec<(&str, &str)> = history.states().collect();
            if *json {
                let rows: Vec<serde_json::Value> = matrix
                    .iter()
                    .map(|row| {
                        serde_json::Value::Array(
                            row.iter().map(|figures| serde_json::json!(figures.agreement)).collect(),
                        )
                    })
                    .collect();
                let value = serde_json::json!({
                    "states": codes.iter().map(|(code, name)| serde_json::json!({"code": code, "name": name})).collect::<Vec<_>>(),
                    "roll_calls": selection.len(),
                    "agreement": rows,
                    "load_s": loaded.as_secs_f64(),
                    "compute_s": compute.as_secs_f64(),
                });
                print(&format!("{}\n", serde_json::to_string(&value)?));
            } else {
                let mut out = String::from("a,b,roll_calls,agreement,similarity\n");
                for (a, row) in matrix.iter().enumerate() {
                    for (b, figures) in row.iter().enumerate().skip(a + 1) {
                        let share =
                            |value: Option<f64>| value.map_or(String::new(), |value| format!("{value:.4}"));
                        out.push_str(&format!(
                            "{},{},{},{},{}\n",
                            codes[a].0,
                            codes[b].0,
                            figures.roll_calls,
                            share(figures.agreement),
                            share(figures.similarity)
                        ));
                    }
                }
                print(&out);
            }
        }
        Question::Positions { session, json } => {
            let sessions: Vec<u16> = if session == "all" {
                let mut all: Vec<u16> =
                    history.roll_calls().iter().map(|roll_call| roll_call.session).collect();
                all.sort_unstable();
                all.dedup();
                all
            } else {
                match session.parse() {
                    Ok(session) => vec![session],
                    Err(_) => {
                        report(&format!("plenary: {session:?} is not a session number (or all)"));
                        return Ok(exit_bad_input());
                    }
                }
            };
            let computed = Instant::now();
            let positions: Vec<(u16, Vec<plenary_core::analysis::Position>)> =
                sessions.iter().map(|&session| (session, history.positions(session))).collect();
            let seconds = computed.elapsed().as_secs_f64();
            if *json {
                let value = serde_json::json!({
                    "sessions": positions.iter().map(|(session, positions)| serde_json::json!({
                        "session": session, "positions": positions,
                    })).collect::<Vec<_>>(),
                    "compute_s": seconds,
                });
                print(&format!("{}\n", serde_json::to_string(&value)?));
            } else {
                let mut out = String::new();
                for (session, positions) in &positions {
                    out.push_str(&format!("session {session}: {} states\n", positions.len()));
                    let mut sorted: Vec<&plenary_core::analysis::Position> = positions.iter().collect();
                    sorted.sort_by(|a, b| a.first.total_cmp(&b.first));
                    for position in sorted {
                        out.push_str(&format!(
                            "  {:<4} {:<40} {:>8.3} {:>8.3}\n",
                            position.code, position.name, position.first, position.second
                        ));
                    }
                }
                let sessions = if positions.len() == 1 { "session" } else { "sessions" };
                out.push_str(&format!("{} {sessions} in {seconds:.2} s\n", positions.len()));
                print(&out);
            }
        }
        Question::Cohesion { group, period, json } => {
            let Some(members) = group_members(&history, group) else {
                report(&format!(
                    "plenary: {group:?} is neither a regional group (african, asia-pacific, eastern-european, grulac, \
                     weog) nor codes of the data separated by commas"
                ));
                return Ok(exit_bad_input());
            };
            let cohesion = history.cohesion(&members, &history.select(&period.filter()));
            if *json {
                let value = serde_json::json!({
                    "group": group, "members": members.len(), "roll_calls": cohesion.roll_calls,
                    "index": cohesion.index,
                });
                print(&format!("{}\n", serde_json::to_string_pretty(&value)?));
            } else {
                print(&format!(
                    "{group} ({} states): Agreement Index {} over {} roll calls\n",
                    members.len(),
                    cohesion.index.map_or_else(|| "–".to_owned(), |index| format!("{index:.4}")),
                    cohesion.roll_calls
                ));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn load(args: &VotesArgs) -> anyhow::Result<VoteHistory> {
    match &args.votes {
        None => plenary_web::vote_data::shipped().map_err(anyhow::Error::msg),
        Some(dir) => {
            // Read under the same bound as the shipped tables unpack under.
            let limit = plenary_web::vote_data::MAX_UNPACKED_BYTES;
            let read = |name: &str| -> anyhow::Result<String> {
                let path = dir.join(name);
                let file =
                    std::fs::File::open(&path).with_context(|| format!("reading {}", path.display()))?;
                let mut text = String::new();
                file.take(limit + 1)
                    .read_to_string(&mut text)
                    .with_context(|| format!("reading {}", path.display()))?;
                anyhow::ensure!(text.len() as u64 <= limit, "{}: larger than {limit} bytes", path.display());
                Ok(text)
            };
            VoteHistory::from_unvotes(
                &read("un_votes.csv")?,
                &read("un_roll_calls.csv")?,
                &read("un_roll_call_issues.csv")?,
            )
            .map_err(anyhow::Error::msg)
        }
    }
}

/// A state by the data's code (`US`), its ISO3 code (`USA`) or its name in the data.
fn find(history: &VoteHistory, wanted: &str) -> Option<usize> {
    let found = history.state(wanted).or_else(|| {
        let state = states::by_iso3(wanted)?;
        history.state(&state.iso2)
    });
    if found.is_none() {
        report(&format!("plenary: no state {wanted:?} in the votes (codes as in the data, US, CN, or ISO3)"));
    }
    found
}

/// The data's states in a regional group today (by their ISO 3166 code), or listed by code.
fn group_members(history: &VoteHistory, group: &str) -> Option<Vec<usize>> {
    let regional = match group.to_ascii_lowercase().as_str() {
        "african" => Some(RegionalGroup::African),
        "asia-pacific" => Some(RegionalGroup::AsiaPacific),
        "eastern-european" => Some(RegionalGroup::EasternEuropean),
        "grulac" => Some(RegionalGroup::LatinAmericanAndCaribbean),
        "weog" => Some(RegionalGroup::WesternEuropeanAndOthers),
        _ => None,
    };
    match regional {
        Some(regional) => Some(
            states::members()
                .filter(|state| state.regional_groups.first() == Some(&regional))
                .filter_map(|state| history.state(&state.iso2))
                .collect(),
        ),
        None => group.split(',').map(|code| history.state(code.trim())).collect(),
    }
}
