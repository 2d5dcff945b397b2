//! `plenary treaty`: the treaty register from the command line — every state's status under a treaty as of
//! a date, the members still missing by regional group, one state's standing under every instrument, what
//! changed between two dates, and who accepts an optional procedure.
//!
//! It reads the shipped UN Treaty Collection data, or, with `--data DIR` or `--database URL`, the register as
//! a deployment's log holds it (with the actions its secretariat recorded since).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use plenary_core::dates::{format_date, format_iso};
use plenary_core::treaties::procedures::Procedure;
use plenary_core::treaties::{Standing, Status, Treaty, TreatyRegister, parse_date, participants};
use plenary_store::{Journal, PostgresLog, SqliteLog, TreatyRecord};
use time::Date;

use super::serve::runtime;
use super::{exit_bad_input, print, report};

/// The treaty register: who is bound by the core human rights instruments, since when, and who is missing.
#[derive(Debug, Args)]
pub struct TreatyArgs {
    #[command(subcommand)]
    pub question: Question,
    #[command(flatten)]
    pub source: Source,
}

/// Where the register is read from.
#[derive(Debug, Args)]
pub struct Source {
    /// Read the register a deployment's data directory holds (its plenary.db), with what its secretariat
    /// recorded; by default the shipped UN Treaty Collection data (status as at 3 February 2026).
    #[arg(long, global = true)]
    pub data: Option<PathBuf>,
    /// Read the register of a PostgreSQL deployment.
    #[arg(long, global = true, conflicts_with = "data")]
    pub database: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Question {
    /// Every state's status under a treaty as of a date: party, signatory, denounced, none.
    Status {
        /// The treaty's id: cat, cat_op, iccpr, crc … (`plenary treaty list` names them).
        treaty: String,
        /// The day asked about, YYYY-MM-DD (default: today).
        #[arg(long)]
        as_of: Option<String>,
        /// As JSON (the API's shape).
        #[arg(long)]
        json: bool,
    },
    /// The member states not party to a treaty, by regional group.
    Gap {
        treaty: String,
        #[arg(long)]
        as_of: Option<String>,
        /// How to group the missing members.
        #[arg(long, value_enum, default_value_t = GapGrouping::Group)]
        by: GapGrouping,
        #[arg(long)]
        json: bool,
    },
    /// One state's standing under every treaty, and its declarations.
    State {
        /// The state's code: DNK, USA (ISO 3166-1 alpha-3), or a UN name.
        state: String,
        #[arg(long)]
        as_of: Option<String>,
        /// Print the texts of its declarations and reservations in full.
        #[arg(long)]
        declarations: bool,
        #[arg(long)]
        json: bool,
    },
    /// Every signature, consent and denunciation between two dates.
    Changes {
        /// A treaty's id, or every treaty's when left out.
        treaty: Option<String>,
        /// After this day (exclusive), YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// Up to this day (inclusive), YYYY-MM-DD (default: today).
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The parties accepting an optional procedure: cat_individual_complaints (CAT art. 22), cat_inter_state
    /// (art. 21), cat_inquiry (art. 20), opcat_postponement (OPCAT art. 24).
    Accepts {
        treaty: String,
        procedure: String,
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The treaties with their counts.
    List {
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GapGrouping {
    /// By regional group.
    Group,
    /// One list, signatories first.
    None,
}

pub fn run(args: &TreatyArgs) -> anyhow::Result<ExitCode> {
    let (register, records) = register(&args.source)?;
    let today = time::OffsetDateTime::now_utc().date();
    let day = |text: &Option<String>| -> anyhow::Result<Date> {
        match text {
            Some(text) => parse_date(text).map_err(anyhow::Error::msg),
            None => Ok(today),
        }
    };
    let find = |id: &str| -> Option<&Treaty> {
        let found = register.treaty_named(id);
        if found.is_none() {
            let ids: Vec<&str> = register.treaties().map(|treaty| treaty.id.as_str()).collect();
            report(&format!("plenary: no treaty {id:?}; the register holds {}", ids.join(", ")));
        }
        found
    };
    match &args.question {
        Question::Status { treaty, as_of, json } => {
            let Some(treaty) = find(treaty) else { return Ok(exit_bad_input()) };
            let status = register.status(treaty, day(as_of)?);
            if *json {
                print(&format!("{}\n", serde_json::to_string_pretty(&status)?));
            } else {
                let mut out = heading(treaty, status.as_of);
                out.push_str(&format!(
                    "{} parties ({} members), {} signatories not bound, in force for {}\n\n",
                    status.parties, status.member_parties, status.signatories, status.in_force_for
                ));
                for standing in &status.states {
                    out.push_str(&standing_line(standing));
                }
                print(&out);
            }
        }
        Question::Gap { treaty, as_of, by, json } => {
            let Some(treaty) = find(treaty) else { return Ok(exit_bad_input()) };
            let gap = register.gap(treaty, day(as_of)?);
            if *json {
                print(&format!("{}\n", serde_json::to_string_pretty(&gap)?));
            } else {
                let mut out = heading(treaty, gap.as_of);
                out.push_str(&format!(
                    "{} of 193 members are parties; {} are not\n",
                    gap.member_parties,
                    gap.missing.len()
                ));
                match by {
                    GapGrouping::Group => {
                        for group in &gap.groups {
                            out.push_str(&format!(
                                "\n{} ({} members): {}, {}, {} other\n",
                                group.group.name(),
                                group.members,
                                counted(group.parties, "party", "parties"),
                                counted(group.signatories, "signatory", "signatories"),
                                group.others
                            ));
                            for standing in
                                gap.missing.iter().filter(|standing| group.missing.contains(&standing.code))
                            {
                                out.push_str(&standing_line(standing));
                            }
                        }
                    }
                    GapGrouping::None => {
                        out.push('\n');
                        for standing in &gap.missing {
                            out.push_str(&standing_line(standing));
                        }
                    }
                }
                print(&out);
            }
        }
        Question::State { state, as_of, declarations, json } => {
            let Some(participant) = participants::by_code(state).or_else(|| {
                plenary_core::states::lookup(state).and_then(|found| participants::by_code(&found.iso3))
            }) else {
                report(&format!("plenary: no participant is called or coded {state:?}"));
                return Ok(exit_bad_input());
            };
            let as_of = day(as_of)?;
            let instruments: Vec<(&Treaty, Standing)> = register
                .treaties()
                .map(|treaty| (treaty, register.standing(treaty, participant, as_of)))
                .collect();
            if *json {
                let value = serde_json::json!({
                    "code": participant.code,
                    "name": participant.name,
                    "as_of": format_iso(as_of),
                    "instruments": instruments.iter().map(|(treaty, standing)| serde_json::json!({
                        "treaty": treaty.id,
                        "abbreviation": treaty.abbreviation,
                        "standing": standing,
                        "declarations": register.declarations_of(&treaty.id, participant.code),
                        "history": records.iter()
                            .filter(|record| record.action.treaty == treaty.id && record.action.participant == participant.code)
                            .map(|record| serde_json::json!({"seq": record.seq, "recorded_at": record.recorded_at, "recorded_by": record.recorded_by, "action": record.action}))
                            .collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                });
                print(&format!("{}\n", serde_json::to_string_pretty(&value)?));
            } else {
                let mut out = format!("{} as of {}\n\n", participant.name, format_date(as_of));
                for (treaty, standing) in &instruments {
                    out.push_str(&format!("{:<10} {}\n", treaty.abbreviation, status_and_dates(standing)));
                    for declaration in register.declarations_of(&treaty.id, participant.code) {
                        if *declarations {
                            out.push_str(&format!("           {}:\n", declaration.section.heading()));
                            for line in declaration
                                .text
                                .lines()
                                .map(str::trim_end)
                                .filter(|line| !line.trim().is_empty())
                            {
                                out.push_str(&format!("             {line}\n"));
                            }
                        } else {
                            out.push_str(&format!(
                                "           {}: {}\n",
                                declaration.section.heading(),
                                first_words(&declaration.text)
                            ));
                        }
                    }
                }
                print(&out);
            }
        }
        Question::Changes { treaty, from, to, json } => {
            let treaty = match treaty {
                Some(id) => match find(id) {
                    Some(treaty) => Some(treaty.id.clone()),
                    None => return Ok(exit_bad_input()),
                },
                None => None,
            };
            let (from, to) = (parse_date(from).map_err(anyhow::Error::msg)?, day(to)?);
            let changes = register.changes(treaty.as_ref(), from, to);
            if *json {
                print(&format!("{}\n", serde_json::to_string_pretty(&changes)?));
            } else {
                let mut out = format!(
                    "{} changes after {} up to {}\n\n",
                    changes.len(),
                    format_date(from),
                    format_date(to)
                );
                for change in &changes {
                    out.push_str(&format!(
                        "{:>17}  {:<10} {:<NAME_WIDTH$}  {}\n",
                        format_date(change.date),
                        change.treaty,
                        change.name,
                        change.action
                    ));
                }
                print(&out);
            }
        }
        Question::Accepts { treaty, procedure, as_of, json } => {
            let Some(treaty) = find(treaty) else { return Ok(exit_bad_input()) };
            let Ok(procedure) =
                serde_json::from_value::<Procedure>(serde_json::Value::String(procedure.clone()))
            else {
                report(&format!(
                    "plenary: no procedure {procedure:?} (cat_inquiry, cat_inter_state, cat_individual_complaints, \
                     opcat_postponement)"
                ));
                return Ok(exit_bad_input());
            };
            let as_of = day(as_of)?;
            let accepting = register.accepting(treaty, procedure, as_of);
            if *json {
                print(&format!("{}\n", serde_json::to_string_pretty(&accepting)?));
            } else {
                let mut out = heading(treaty, as_of);
                out.push_str(&format!("{} parties accept it\n\n", accepting.len()));
                for acceptance in &accepting {
                    let since = acceptance.since.map(format_date).unwrap_or_default();
                    out.push_str(format!("{:<NAME_WIDTH$}  {since}", acceptance.name).trim_end());
                    out.push('\n');
                }
                print(&out);
            }
        }
        Question::List { as_of, json } => {
            let as_of = day(as_of)?;
            let rows: Vec<serde_json::Value> = register
                .treaties()
                .map(|treaty| {
                    let status = register.status(treaty, as_of);
                    serde_json::json!({
                        "id": treaty.id, "abbreviation": treaty.abbreviation, "title": treaty.title,
                        "parties": status.parties, "signatories": status.signatories,
                    })
                })
                .collect();
            if *json {
                print(&format!("{}\n", serde_json::to_string_pretty(&rows)?));
            } else {
                let mut out = format!("as of {}\n\n", format_date(as_of));
                for treaty in register.treaties() {
                    let status = register.status(treaty, as_of);
                    out.push_str(&format!(
                        "{:<10} {:<10} {:>4} parties {:>4} signatories  {}\n",
                        treaty.id, treaty.abbreviation, status.parties, status.signatories, treaty.title
                    ));
                }
                print(&out);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn heading(treaty: &Treaty, as_of: Date) -> String {
    format!("{} ({}), as of {}\n", treaty.title, treaty.abbreviation, format_date(as_of))
}

/// The longest participant name (the United Kingdom's, 52 characters): the width of the name column.
const NAME_WIDTH: usize = 52;

/// "1 party", "2 parties".
fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The first line of a text, cut at 90 characters with "…" only when something was cut.
fn first_words(text: &str) -> String {
    let first = text.lines().map(str::trim).find(|line| !line.is_empty()).unwrap_or("");
    let cut: String = first.chars().take(90).collect();
    let more = cut.len() < first.len() || text.trim().lines().count() > 1;
    if more { format!("{cut}…") } else { cut }
}

/// "Denmark  party  signed 4 February 1985, ratification 27 May 1987, in force 26 June 1987".
fn standing_line(standing: &Standing) -> String {
    format!("{:<NAME_WIDTH$}  {}\n", standing.name, status_and_dates(standing))
}

/// "party      signed 4 February 1985, ratification 27 May 1987, in force 26 June 1987".
fn status_and_dates(standing: &Standing) -> String {
    let mut parts = Vec::new();
    if let Some(signed) = standing.signature {
        parts.push(format!("signed {}", format_date(signed)));
    }
    if let (Some(consent), Some(kind)) = (standing.consent, standing.consent_type) {
        parts.push(format!("{} {}", kind.name(), format_date(consent)));
    }
    if let Some(in_force) = standing.in_force {
        parts.push(format!("in force {}", format_date(in_force)));
    }
    if let Some(denounced) = standing.denounced {
        parts.push(format!("denounced with effect from {}", format_date(denounced)));
    }
    let status = match standing.status {
        Status::None => "none",
        other => other.name(),
    };
    format!("{status:<10} {}", parts.join(", ")).trim_end().to_owned()
}

/// The register: the shipped data, or a deployment's log folded.
fn register(source: &Source) -> anyhow::Result<(TreatyRegister, Vec<TreatyRecord>)> {
    let from_log = |state: &plenary_store::State| (state.treaties.clone(), state.treaty_records.clone());
    match (&source.data, &source.database) {
        (None, None) => Ok((plenary_web::treaty_data::register().map_err(anyhow::Error::msg)?, Vec::new())),
        (Some(data), _) => {
            let path = data.join("plenary.db");
            anyhow::ensure!(path.exists(), "{}: no database here", path.display());
            runtime()?.block_on(async {
                let log =
                    SqliteLog::open(&path).await.with_context(|| format!("opening {}", path.display()))?;
                let journal = Journal::open(log).await.context("opening the log")?;
                Ok(from_log(&*journal.state().await))
            })
        }
        (None, Some(url)) => runtime()?.block_on(async {
            let log = PostgresLog::connect(url).await.context("connecting to PostgreSQL")?;
            let journal = Journal::open(log).await.context("opening the log")?;
            Ok(from_log(&*journal.state().await))
        }),
    }
}
