//! `plenary tally VOTES.csv`: the result of a recorded vote, counted from a file of per-state votes, worded
//! as the UN record words it, with the per-state listing.
//!
//! The file is read with `plenary_core::procedure::roll_call`; an `unvotes`-layout file is described by the
//! `un_roll_calls.csv` beside it when there is one, which gives each roll call its session, so that the
//! members are those of that session (see `plenary_core::membership`). Without it, and for a plain
//! `state,vote` file, the members are today's.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use plenary_core::membership::{self, MembershipError, MembershipHistory, Period, Seat};
use plenary_core::procedure::roll_call::{
    self, Electorate, Layout, RollCall, RollCallInfo, RollCallResult, Seating, VoteFile, VotesError,
};
use plenary_core::procedure::{Forum, Listing, Majority};
use serde::Serialize;

use super::{exit_bad_input, print, read_input, report};

/// Count a recorded vote from a CSV file of per-state votes and word the result as the UN record does.
#[derive(Debug, Args)]
pub struct TallyArgs {
    /// The votes: `rcid,country,country_code,vote` (the unvotes layout, with un_roll_calls.csv beside it
    /// for sessions and dates) or `state,vote` (ISO code or UN name; yes/no/abstain or Y/N/A).
    pub file: PathBuf,
    /// The roll call to count (its rcid), when the file holds several.
    #[arg(long, conflicts_with = "all")]
    pub roll_call: Option<u32>,
    /// Count every roll call in the file: one line each (JSON Lines with --json).
    #[arg(long)]
    pub all: bool,
    /// The body that voted: plenary, committee (or first-committee … sixth-committee) or hrc.
    #[arg(long, default_value = "plenary", value_parser = parse_body)]
    pub body: BodyArg,
    /// The majority needed: simple or two-thirds (two thirds only in the plenary, for important questions
    /// under Article 18(2)).
    #[arg(long, default_value = "simple", value_parser = parse_majority)]
    pub majority: Majority,
    /// The number of members of the body, instead of the membership history's (or the Council's 47).
    #[arg(long)]
    pub members: Option<u32>,
    /// A file listing the members of the Human Rights Council (one state per line): a vote by any other
    /// state is refused, and the members are counted from the list.
    #[arg(long)]
    pub membership: Option<PathBuf>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

/// The body as given on the command line: `committee` names any of the six Main Committees, which all
/// decide the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyArg {
    Forum(Forum),
    AnyMainCommittee,
}

impl BodyArg {
    /// The forum whose rules apply. The six Main Committees share theirs, so any one stands for all.
    fn forum(self) -> Forum {
        match self {
            BodyArg::Forum(forum) => forum,
            BodyArg::AnyMainCommittee => Forum::MainCommittee(1),
        }
    }

    fn name(self) -> String {
        match self {
            BodyArg::Forum(forum) => forum.to_string(),
            BodyArg::AnyMainCommittee => "committee".to_owned(),
        }
    }
}

fn parse_body(text: &str) -> Result<BodyArg, String> {
    if matches!(text.trim().to_ascii_lowercase().as_str(), "committee" | "main-committee") {
        return Ok(BodyArg::AnyMainCommittee);
    }
    text.parse().map(BodyArg::Forum)
}

fn parse_majority(text: &str) -> Result<Majority, String> {
    text.parse()
}

pub fn run(args: &TallyArgs) -> anyhow::Result<ExitCode> {
    let forum = args.body.forum();
    if args.majority != forum.majority(false) && args.majority != forum.majority(true) {
        return bad_input(&format!(
            "--majority {}: {} decides every question by a simple majority; two thirds applies only in the \
             plenary (Article 18(2))",
            args.majority,
            args.body.name()
        ));
    }
    if args.membership.is_some() && forum != Forum::HumanRightsCouncil {
        return bad_input(
            "--membership lists the members of the Human Rights Council (--body hrc); the plenary and the \
             Main Committees are every member state",
        );
    }
    let name = args.file.display().to_string();
    let text = read_text(&args.file)?;
    let file = match roll_call::parse_votes(&text) {
        Ok(file) => file,
        Err(error) => return bad_input(&format!("{name}: {error}")),
    };
    if args.roll_call.is_some() && file.layout == Layout::StateVote {
        return bad_input(&format!(
            "{name}: --roll-call chooses among the roll calls of an rcid,country,country_code,vote file; this \
             one is state,vote"
        ));
    }
    let infos = match roll_call_infos(&args.file, &file)? {
        Ok(infos) => infos,
        Err(message) => return bad_input(&message),
    };
    let listed = match &args.membership {
        Some(path) => Some(read_text(path)?),
        None => None,
    };
    let run = Run {
        args,
        file: &file,
        infos: &infos,
        history: membership::history(),
        today: time::OffsetDateTime::now_utc().date(),
        listed: listed.as_deref(),
    };
    let seating = Seating::new(&file, run.history);

    let roll_calls: Vec<&RollCall> = if args.all {
        file.roll_calls.iter().collect()
    } else {
        match file.roll_call(args.roll_call) {
            Ok(roll_call) => vec![roll_call],
            Err(error @ VotesError::RollCallRequired { .. }) => {
                return bad_input(&format!(
                    "{name}: {error} with --roll-call N, or count them all with --all"
                ));
            }
            Err(error) => return bad_input(&format!("{name}: {error}")),
        }
    };
    let mut out = String::new();
    for roll_call in roll_calls {
        let counted = match run.count(&seating, roll_call) {
            Ok(counted) => counted,
            Err(message) => return bad_input(&format!("{name}: {message}")),
        };
        if args.json {
            let line = if args.all {
                serde_json::to_string(&counted.to_json(args.body, false))
            } else {
                serde_json::to_string_pretty(&counted.to_json(args.body, true))
            };
            out.push_str(&line.context("writing JSON")?);
            out.push('\n');
        } else if args.all {
            counted.write_line(&mut out);
        } else {
            counted.write_text(&mut out);
        }
    }
    print(&out);
    Ok(ExitCode::SUCCESS)
}

fn bad_input(message: &str) -> anyhow::Result<ExitCode> {
    report(&format!("plenary tally: {message}"));
    Ok(exit_bad_input())
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    let bytes = read_input(path)?;
    String::from_utf8(bytes).with_context(|| format!("{}: not UTF-8 text", path.display()))
}

/// The descriptions of the roll calls from the `un_roll_calls.csv` beside an unvotes-layout file; none for a
/// plain file, standard input, or when there is no such file. The inner error is bad input.
fn roll_call_infos(
    path: &Path,
    file: &VoteFile,
) -> anyhow::Result<Result<HashMap<u32, RollCallInfo>, String>> {
    if file.layout != Layout::Unvotes || path.as_os_str() == "-" {
        return Ok(Ok(HashMap::new()));
    }
    let beside = path.parent().unwrap_or(Path::new(".")).join("un_roll_calls.csv");
    if !beside.is_file() {
        return Ok(Ok(HashMap::new()));
    }
    let text = read_text(&beside)?;
    Ok(roll_call::parse_roll_calls(&text).map_err(|error| format!("{}: {error}", beside.display())))
}

/// What every roll call of one run shares.
struct Run<'a> {
    args: &'a TallyArgs,
    file: &'a VoteFile,
    infos: &'a HashMap<u32, RollCallInfo>,
    history: &'static MembershipHistory,
    today: time::Date,
    /// The text of the --membership file.
    listed: Option<&'a str>,
}

/// One roll call, counted.
struct Counted<'a> {
    id: Option<u32>,
    info: Option<&'a RollCallInfo>,
    result: RollCallResult,
    votes: Vec<(&'static Seat, plenary_core::procedure::Choice)>,
}

impl<'a> Run<'a> {
    fn count(&self, seating: &Seating<'_, 'static>, roll_call: &RollCall) -> Result<Counted<'a>, String> {
        let info = roll_call.id.and_then(|id| self.infos.get(&id));
        let period = info.map_or(Period::day(self.today), RollCallInfo::period);
        let forum = self.args.body.forum();
        let listed = match self.listed {
            Some(text) => Some(members_listed(text, self.history, period)?),
            None => None,
        };
        let electorate = Electorate { forum, listed };
        let seated = seating.seat(roll_call, period, &electorate).map_err(|error| {
            let unseated =
                matches!(error, VotesError::State { source: MembershipError::NotAMember { .. }, .. });
            if unseated && info.is_none() && self.file.layout == Layout::Unvotes {
                format!(
                    "{error} (with no un_roll_calls.csv beside the file to give the roll call's session, it \
                     was counted against today's members)"
                )
            } else {
                error.to_string()
            }
        })?;
        let members = self.args.members.unwrap_or_else(|| electorate.members(self.history, period));
        let choices = seated.iter().map(|vote| vote.choice);
        let result =
            roll_call::decide(choices, members, forum, self.args.majority).map_err(|error| {
                match (self.args.members, forum) {
                    (Some(given), _) => format!("--members {given}: {error}"),
                    (None, Forum::HumanRightsCouncil) => {
                        format!("{error} (the Council has 47; give --members or --membership)")
                    }
                    (None, _) => error.to_string(),
                }
            })?;
        let votes = seated.iter().map(|vote| (vote.seat, vote.choice)).collect();
        Ok(Counted { id: roll_call.id, info, result, votes })
    }
}

/// The seats of a --membership file: one state per line (a name or an ISO code, or the first column of a
/// CSV); blank lines and lines starting with `#` are skipped, and so is a first line `state`.
fn members_listed(
    text: &str,
    history: &'static MembershipHistory,
    period: Period,
) -> Result<Vec<&'static Seat>, String> {
    let mut seats: Vec<&'static Seat> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let state = line.split(',').next().unwrap_or_default().trim();
        let is_header = index == 0 && matches!(state.to_ascii_lowercase().as_str(), "state" | "member_state");
        if state.is_empty() || state.starts_with('#') || is_header {
            continue;
        }
        let seat = history
            .resolve(state, period)
            .map_err(|error| format!("--membership line {}: {error}", index + 1))?;
        if !seats.iter().any(|listed| std::ptr::eq(*listed, seat)) {
            seats.push(seat);
        }
    }
    Ok(seats)
}

/// The public JSON shape: the counts first, under these names, then what else is known.
#[derive(Debug, Serialize)]
struct TallyJson<'a> {
    yes: u32,
    no: u32,
    abstain: u32,
    non_voting: u32,
    members: u32,
    majority: &'static str,
    outcome: String,
    wording: &'a str,
    body: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    roll_call: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<u16>,
    /// Approximate in the unvotes data.
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolution: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    listing: Option<Listing>,
}

impl Counted<'_> {
    fn listing(&self) -> Listing {
        Listing::from_votes(self.votes.iter().map(|(seat, choice)| (seat.name, *choice)))
    }

    fn to_json(&self, body: BodyArg, with_listing: bool) -> TallyJson<'_> {
        let tally = &self.result.tally;
        TallyJson {
            yes: tally.yes,
            no: tally.no,
            abstain: tally.abstain,
            non_voting: tally.non_voting,
            members: tally.members(),
            majority: self.result.majority.name(),
            outcome: self.result.outcome.to_string(),
            wording: &self.result.sentence,
            body: body.name(),
            roll_call: self.id,
            session: self.info.map(|info| info.session),
            date: self.info.map(|info| info.date.to_string()),
            resolution: self.info.and_then(|info| info.resolution.as_deref()),
            listing: with_listing.then(|| self.listing()),
        }
    }

    /// The sentence, the members line and the listing.
    fn write_text(&self, out: &mut String) {
        let tally = &self.result.tally;
        let majority = self.result.majority;
        let voting = tally.present_and_voting();
        let _ = writeln!(out, "{}", self.result.sentence);
        let _ = writeln!(
            out,
            "Members: {}; not voting: {}; majority: {majority} (needed {} of {voting} voting yes or no)",
            tally.members(),
            tally.non_voting,
            majority.yes_needed(voting),
        );
        out.push_str(&self.listing().to_text());
    }

    /// One line of --all: "roll call 6004 (session 72, 2017-12-19, R/72/163): adopted, 108-18-32, 35 of 193
    /// not voting".
    fn write_line(&self, out: &mut String) {
        let tally = &self.result.tally;
        let mut label = self.id.map_or_else(|| "the roll call".to_owned(), |id| format!("roll call {id}"));
        if let Some(info) = self.info {
            let _ = write!(label, " (session {}, {}", info.session, info.date);
            if let Some(resolution) = &info.resolution {
                let _ = write!(label, ", {resolution}");
            }
            label.push(')');
        }
        let _ = writeln!(
            out,
            "{label}: {}, {}-{}-{}, {} of {} not voting",
            self.result.outcome,
            tally.yes,
            tally.no,
            tally.abstain,
            tally.non_voting,
            tally.members()
        );
    }
}
