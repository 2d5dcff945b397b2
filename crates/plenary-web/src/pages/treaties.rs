//! The treaty pages: the list of treaties, a treaty's page (its clause on entry into force, the parties over
//! time with the resolutions that call for it, a bar per regional group, every state's status as of any
//! date, and the secretariat's form to record an action), the map, the gap, the changes between two dates,
//! who accepts an optional procedure, and a state's page under every instrument. Each reads the same
//! register the API answers from (`crate::api::treaties`), and the form records through the same act.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use plenary_core::dates::{format_date, format_iso};
use plenary_core::treaties::procedures::Procedure;
use plenary_core::treaties::{Acceptance, Declaration, Delay, Gap, Standing, Status, Treaty, participants};
use plenary_store::EventLog;
use serde::Deserialize;

use super::pictures;
use super::{Flash, Layout, PageError, Section, Viewer, refused_act, render, see_other};
use crate::api::treaties::{
    AsOf, NewAction, SeriesEntry, as_of, parse_day, participant_treaties, read_action, series_of, treaty,
};
use crate::app::App;
use crate::error::ApiError;
use crate::permissions::{Action, check};

/// A treaty in the list.
pub struct TreatyRow {
    pub id: String,
    pub abbreviation: String,
    pub title: String,
    pub adopted: String,
    pub in_force: String,
    pub parties: usize,
    pub signatories: usize,
}

#[derive(Template)]
#[template(path = "treaties.html")]
struct TreatiesPage {
    layout: Layout,
    as_of: String,
    as_of_text: String,
    treaties: Vec<TreatyRow>,
}

/// `GET /treaties?as_of=…`.
pub async fn list<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Query(query): Query<AsOf>,
) -> Result<Response, PageError> {
    let as_of = as_of(&app, query.as_of.as_deref())?;
    let state = app.journal.state().await;
    let treaties = state
        .treaties
        .treaties()
        .map(|treaty| {
            let status = state.treaties.status(treaty, as_of);
            TreatyRow {
                id: treaty.id.to_string(),
                abbreviation: treaty.abbreviation.clone(),
                title: treaty.title.clone(),
                adopted: format_date(treaty.adopted),
                in_force: format_date(treaty.entry_into_force.date),
                parties: status.parties,
                signatories: status.signatories,
            }
        })
        .collect();
    Ok(render(&TreatiesPage {
        layout: viewer.layout("Treaties", Section::Treaties),
        as_of: format_iso(as_of),
        as_of_text: format_date(as_of),
        treaties,
    }))
}

/// A state's row in a status table.
pub struct StandingRow {
    pub code: String,
    pub name: String,
    /// `party`, `signatory`, `denounced`, `none` (for `data-status` and the styles).
    pub status: &'static str,
    /// "party", "signatory", "denounced", "no action".
    pub status_text: &'static str,
    pub letter: &'static str,
    pub signature: String,
    pub consent: String,
    pub in_force: String,
}

impl StandingRow {
    pub fn of(standing: &Standing) -> StandingRow {
        StandingRow {
            code: standing.code.to_owned(),
            name: standing.name.to_owned(),
            status: status_id(standing.status),
            status_text: standing.status.name(),
            letter: standing.status.letter(),
            signature: standing.signature.map(format_date).unwrap_or_default(),
            consent: match (standing.consent, standing.consent_type) {
                (Some(day), Some(kind)) => format!("{} ({})", format_date(day), kind.name()),
                _ => String::new(),
            },
            in_force: match (standing.in_force, standing.denounced) {
                (Some(day), _) => format_date(day),
                (None, Some(day)) => format!("denounced with effect from {}", format_date(day)),
                _ => String::new(),
            },
        }
    }
}

/// The status as its id: `party`, `signatory`, `denounced`, `none`.
pub fn status_id(status: Status) -> &'static str {
    match status {
        Status::Party => "party",
        Status::Signatory => "signatory",
        Status::Denounced => "denounced",
        Status::None => "none",
    }
}

/// The treaty's entry-into-force clause in words.
fn clause(treaty: &Treaty) -> String {
    let rule = &treaty.entry_into_force;
    let general = match rule.delay {
        Delay::DaysAfter(days) => format!("on the {} day after the deposit of", ordinal(u32::from(days))),
        Delay::MonthsAfter(months) => format!("{months} months after the deposit of"),
        Delay::FirstOfMonthFollowingMonths(months) => {
            format!("on the first day of the month following {months} months after the deposit of")
        }
    };
    let later = match rule.delay_for_later {
        Delay::DaysAfter(days) => {
            format!("on the {} day after the deposit of its own", ordinal(u32::from(days)))
        }
        Delay::MonthsAfter(1) => "one month after the deposit of its own".to_owned(),
        Delay::MonthsAfter(months) => format!("{months} months after the deposit of its own"),
        Delay::FirstOfMonthFollowingMonths(months) => {
            format!("on the first day of the month following {months} months after the deposit of its own")
        }
    };
    format!(
        "Article {}: it entered into force {general} the {} instrument of ratification or accession; for a \
         state that joins later, {later}.",
        rule.article,
        ordinal(u32::from(rule.instruments))
    )
}

/// "thirtieth", "twentieth" …: the ordinals the treaties' clauses use, in words.
fn ordinal(number: u32) -> String {
    plenary_core::body::ordinal_words(number).unwrap_or_else(|| format!("{number}th"))
}

/// An acceptance of a procedure, as listed.
pub struct AcceptanceRow {
    pub code: String,
    pub name: String,
    pub since: String,
}

impl AcceptanceRow {
    fn of(acceptance: &Acceptance) -> AcceptanceRow {
        AcceptanceRow {
            code: acceptance.code.to_owned(),
            name: acceptance.name.to_owned(),
            since: acceptance.since.map(format_date).unwrap_or_default(),
        }
    }
}

/// A procedure of the treaty with its count.
pub struct ProcedureLink {
    pub id: &'static str,
    pub name: &'static str,
    pub count: usize,
}

/// The optional procedures the register reads for a treaty, with their names.
fn procedures_of(treaty: &Treaty) -> &'static [(Procedure, &'static str, &'static str)] {
    match treaty.id.as_str() {
        "cat" => &[
            (
                Procedure::CatIndividualComplaints,
                "cat_individual_complaints",
                "Individual complaints (article 22)",
            ),
            (Procedure::CatInterState, "cat_inter_state", "Communications from other states (article 21)"),
            (
                Procedure::CatInquiry,
                "cat_inquiry",
                "Inquiries (article 20, unless excluded under article 28)",
            ),
        ],
        "cat_op" => {
            &[(Procedure::OpcatPostponement, "opcat_postponement", "Postponement declared (article 24)")]
        }
        _ => &[],
    }
}

/// A participant the secretariat's form offers.
pub struct Choice {
    pub code: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "treaty.html")]
struct TreatyPage {
    layout: Layout,
    flash: Flash,
    id: String,
    title: String,
    abbreviation: String,
    adopted: String,
    adopted_by: String,
    place: String,
    in_force: String,
    clause: String,
    protocol_to: Option<(String, String)>,
    as_of: String,
    as_of_text: String,
    today: String,
    parties: usize,
    member_parties: usize,
    signatories: usize,
    in_force_for: usize,
    chart: String,
    bars: String,
    series: Vec<SeriesEntry>,
    procedures: Vec<ProcedureLink>,
    states: Vec<StandingRow>,
    /// The secretariat's form: every participant.
    record_form: Option<Vec<Choice>>,
}

/// `GET /treaties/{id}?as_of=…`.
pub async fn show<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    flash: Flash,
    Path(id): Path<String>,
    Query(query): Query<AsOf>,
) -> Result<Response, PageError> {
    let as_of = as_of(&app, query.as_of.as_deref())?;
    let today = app.now().date();
    let series = series_of(&app, &id).await?;
    let state = app.journal.state().await;
    let register = &state.treaties;
    let treaty = treaty(register, &id)?;
    let status = register.status(treaty, as_of);
    let gap = register.gap(treaty, as_of);
    let page = TreatyPage {
        layout: viewer.layout(format!("{} ({})", treaty.short_name, treaty.abbreviation), Section::Treaties),
        flash,
        id: treaty.id.to_string(),
        title: treaty.title.clone(),
        abbreviation: treaty.abbreviation.clone(),
        adopted: format_date(treaty.adopted),
        adopted_by: treaty.adopted_by.clone(),
        place: treaty.place.clone(),
        in_force: format_date(treaty.entry_into_force.date),
        clause: clause(treaty),
        protocol_to: treaty
            .protocol_to
            .as_ref()
            .and_then(|parent| register.treaty(parent))
            .map(|parent| (parent.id.to_string(), parent.short_name.clone())),
        as_of: format_iso(as_of),
        as_of_text: format_date(as_of),
        today: format_iso(today),
        parties: status.parties,
        member_parties: status.member_parties,
        signatories: status.signatories,
        in_force_for: status.in_force_for,
        chart: pictures::parties_chart(register, treaty, &series, today),
        bars: pictures::group_bars(treaty, &gap),
        procedures: procedures_of(treaty)
            .iter()
            .map(|(procedure, id, name)| ProcedureLink {
                id,
                name,
                count: register.accepting(treaty, *procedure, as_of).len(),
            })
            .collect(),
        states: status.states.iter().map(StandingRow::of).collect(),
        series,
        record_form: check(&viewer.0, &Action::RecordTreatyAction).is_ok().then(|| {
            participants::all().map(|p| Choice { code: p.code.to_owned(), name: p.name.to_owned() }).collect()
        }),
    };
    Ok(render(&page))
}

#[derive(Debug, Deserialize)]
pub struct RecordForm {
    csrf_token: String,
    participant: String,
    action: String,
    date: String,
    #[serde(default)]
    effective: String,
}

/// `POST /treaties/{id}/actions`: the secretariat records a signature, consent or denunciation.
pub async fn record<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<RecordForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    crate::acts::may_record_treaty_action(&viewer.0)?;
    let back = format!("/treaties/{}", path_safe(&id));
    let new = NewAction {
        participant: form.participant,
        action: form.action,
        date: form.date,
        effective: Some(form.effective).filter(|effective| !effective.trim().is_empty()),
    };
    let recorded = match read_action(&app, &id, &new) {
        Ok(action) => {
            let name = participants::by_code(&action.participant).map_or("", |participant| participant.name);
            let words =
                format!("Recorded: {} by {name} on {}.", action.kind.name(), format_date(action.date));
            crate::acts::record_treaty_action(&app, &viewer.0, action).await.map(|_| words)
        }
        Err(error) => Err(error),
    };
    match recorded {
        Ok(words) => Ok(see_other(&back, Some(&words))),
        Err(error) => refused_act(&back, error),
    }
}

/// A treaty id as it goes into a path: ids are `[a-z0-9_]`, anything else is dropped.
fn path_safe(id: &str) -> String {
    id.chars().filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_').collect()
}

/// A regional group's part of the gap.
pub struct GroupRows {
    pub name: &'static str,
    pub members: usize,
    pub missing: Vec<StandingRow>,
}

#[derive(Template)]
#[template(path = "treaty_gap.html")]
struct GapPage {
    layout: Layout,
    id: String,
    abbreviation: String,
    as_of: String,
    as_of_text: String,
    member_parties: usize,
    missing: usize,
    bars: String,
    groups: Vec<GroupRows>,
}

/// `GET /treaties/{id}/gap?as_of=…`.
pub async fn gap<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(query): Query<AsOf>,
) -> Result<Response, PageError> {
    let as_of = as_of(&app, query.as_of.as_deref())?;
    let state = app.journal.state().await;
    let treaty = treaty(&state.treaties, &id)?;
    let gap: Gap = state.treaties.gap(treaty, as_of);
    let groups = gap
        .groups
        .iter()
        .map(|group| GroupRows {
            name: group.group.name(),
            members: group.members,
            missing: gap
                .missing
                .iter()
                .filter(|standing| group.missing.contains(&standing.code))
                .map(StandingRow::of)
                .collect(),
        })
        .collect();
    Ok(render(&GapPage {
        layout: viewer.layout(format!("{}: who is not yet a party", treaty.abbreviation), Section::Treaties),
        id: treaty.id.to_string(),
        abbreviation: treaty.abbreviation.clone(),
        as_of: format_iso(as_of),
        as_of_text: format_date(as_of),
        member_parties: gap.member_parties,
        missing: gap.missing.len(),
        bars: pictures::group_bars(treaty, &gap),
        groups,
    }))
}

#[derive(Template)]
#[template(path = "treaty_map.html")]
struct MapPage {
    layout: Layout,
    id: String,
    abbreviation: String,
    as_of: String,
    as_of_text: String,
    map: String,
    counts: Vec<(&'static str, &'static str, usize)>,
}

/// `GET /treaties/{id}/map?as_of=…`.
pub async fn map<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(query): Query<AsOf>,
) -> Result<Response, PageError> {
    let as_of = as_of(&app, query.as_of.as_deref())?;
    let state = app.journal.state().await;
    let treaty = treaty(&state.treaties, &id)?;
    let status = state.treaties.status(treaty, as_of);
    let members = members_of(&status.states);
    let count = |wanted: Status| members.iter().filter(|standing| standing.status == wanted).count();
    Ok(render(&MapPage {
        layout: viewer
            .layout(format!("{}: the map of the 193 members", treaty.abbreviation), Section::Treaties),
        id: treaty.id.to_string(),
        abbreviation: treaty.abbreviation.clone(),
        as_of: format_iso(as_of),
        as_of_text: format_date(as_of),
        map: pictures::tile_map(treaty, &members, as_of),
        counts: [Status::Party, Status::Signatory, Status::Denounced, Status::None]
            .into_iter()
            .map(|status| (status.letter(), status.name(), count(status)))
            .collect(),
    }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangesQuery {
    from: Option<String>,
    to: Option<String>,
}

/// A change as listed.
pub struct ChangeRow {
    pub date: String,
    pub code: String,
    pub name: String,
    pub action: &'static str,
}

#[derive(Template)]
#[template(path = "treaty_changes.html")]
struct ChangesPage {
    layout: Layout,
    id: String,
    abbreviation: String,
    from: String,
    to: String,
    from_text: String,
    to_text: String,
    changes: Vec<ChangeRow>,
}

/// `GET /treaties/{id}/changes?from=…&to=…` (by default the last twelve months).
pub async fn changes<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(query): Query<ChangesQuery>,
) -> Result<Response, PageError> {
    let to = match query.to.as_deref().filter(|to| !to.trim().is_empty()) {
        Some(to) => parse_day(&app, "to", to)?,
        None => app.now().date(),
    };
    let from = match query.from.as_deref().filter(|from| !from.trim().is_empty()) {
        Some(from) => parse_day(&app, "from", from)?,
        None => to.replace_year(to.year() - 1).unwrap_or(to),
    };
    if from > to {
        return Err(ApiError::bad_request(format!("from ({from}) is after to ({to})")).into());
    }
    let state = app.journal.state().await;
    let treaty = treaty(&state.treaties, &id)?;
    let changes = state
        .treaties
        .changes(Some(&treaty.id), from, to)
        .into_iter()
        .map(|change| ChangeRow {
            date: format_date(change.date),
            code: change.code.to_owned(),
            name: change.name.to_owned(),
            action: change.action,
        })
        .collect();
    Ok(render(&ChangesPage {
        layout: viewer.layout(format!("{}: what changed", treaty.abbreviation), Section::Treaties),
        id: treaty.id.to_string(),
        abbreviation: treaty.abbreviation.clone(),
        from: format_iso(from),
        to: format_iso(to),
        from_text: format_date(from),
        to_text: format_date(to),
        changes,
    }))
}

#[derive(Template)]
#[template(path = "treaty_procedure.html")]
struct ProcedurePage {
    layout: Layout,
    id: String,
    abbreviation: String,
    procedure: String,
    name: String,
    as_of: String,
    as_of_text: String,
    accepting: Vec<AcceptanceRow>,
}

/// `GET /treaties/{id}/procedures/{procedure}?as_of=…`.
pub async fn procedure<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path((id, procedure)): Path<(String, String)>,
    Query(query): Query<AsOf>,
) -> Result<Response, PageError> {
    let as_of = as_of(&app, query.as_of.as_deref())?;
    let state = app.journal.state().await;
    let treaty = treaty(&state.treaties, &id)?;
    let Some((found, procedure_id, name)) =
        procedures_of(treaty).iter().find(|(_, each, _)| *each == procedure)
    else {
        return Err(
            ApiError::not_found(format!("no procedure {procedure:?} of {}", treaty.abbreviation)).into()
        );
    };
    let accepting = state.treaties.accepting(treaty, *found, as_of).iter().map(AcceptanceRow::of).collect();
    Ok(render(&ProcedurePage {
        layout: viewer.layout(format!("{}: {name}", treaty.abbreviation), Section::Treaties),
        id: treaty.id.to_string(),
        abbreviation: treaty.abbreviation.clone(),
        procedure: (*procedure_id).to_owned(),
        name: (*name).to_owned(),
        as_of: format_iso(as_of),
        as_of_text: format_date(as_of),
        accepting,
    }))
}

/// A treaty on a state's page.
pub struct InstrumentRows {
    pub id: String,
    pub abbreviation: String,
    pub title: String,
    pub standing: StandingRow,
    pub declarations: Vec<DeclarationText>,
    pub history: Vec<HistoryRow>,
}

/// A declaration as the state's page shows it.
pub struct DeclarationText {
    pub heading: &'static str,
    pub date: String,
    pub text: String,
}

impl DeclarationText {
    fn of(declaration: &Declaration) -> DeclarationText {
        DeclarationText {
            heading: declaration.section.heading(),
            date: declaration.date.map(format_date).unwrap_or_default(),
            text: declaration.text.clone(),
        }
    }
}

/// An action with who recorded it.
pub struct HistoryRow {
    pub date: String,
    pub action: &'static str,
    pub recorded_at: String,
    pub recorded_by: String,
}

#[derive(Template)]
#[template(path = "state_treaties.html")]
struct StatePage {
    layout: Layout,
    code: String,
    name: String,
    as_of: String,
    as_of_text: String,
    parties: usize,
    instruments: Vec<InstrumentRows>,
}

/// `GET /states/{code}/treaties?as_of=…`.
pub async fn state<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(code): Path<String>,
    Query(query): Query<AsOf>,
) -> Result<Response, PageError> {
    let as_of = as_of(&app, query.as_of.as_deref())?;
    let state = app.journal.state().await;
    let found = participant_treaties(&state.treaties, &state.treaty_records, &code, as_of)?;
    let instruments: Vec<InstrumentRows> = found
        .instruments
        .iter()
        .map(|instrument| InstrumentRows {
            id: instrument.treaty.to_string(),
            abbreviation: instrument.abbreviation.clone(),
            title: instrument.title.clone(),
            standing: StandingRow::of(&instrument.standing),
            declarations: instrument.declarations.iter().map(DeclarationText::of).collect(),
            history: instrument
                .history
                .iter()
                .map(|recorded| HistoryRow {
                    date: format_date(recorded.action.date),
                    action: recorded.action.kind.name(),
                    recorded_at: recorded.recorded_at.clone(),
                    recorded_by: if recorded.recorded_by == crate::seed::SEED_ACTOR {
                        "the UN Treaty Collection's status pages, loaded at the first start".to_owned()
                    } else {
                        recorded.recorded_by.clone()
                    },
                })
                .collect(),
        })
        .collect();
    Ok(render(&StatePage {
        layout: viewer.layout(format!("{}: treaties", found.name), Section::Treaties),
        parties: instruments.iter().filter(|instrument| instrument.standing.status == "party").count(),
        code: found.code,
        name: found.name,
        as_of: format_iso(as_of),
        as_of_text: format_date(as_of),
        instruments,
    }))
}

/// `GET /treaties/{id}/parties.svg`: the step chart on its own.
pub async fn parties_svg<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = id.strip_suffix(".svg").unwrap_or(&id).to_owned();
    let today = app.now().date();
    let series = series_of(&app, &id).await?;
    let state = app.journal.state().await;
    let treaty = treaty(&state.treaties, &id)?;
    Ok(svg(pictures::parties_chart(&state.treaties, treaty, &series, today)))
}

/// `GET /treaties/{id}/map.svg?as_of=…`: the map on its own.
pub async fn map_svg<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path(id): Path<String>,
    Query(query): Query<AsOf>,
) -> Result<Response, PageError> {
    let as_of = as_of(&app, query.as_of.as_deref())?;
    let state = app.journal.state().await;
    let treaty = treaty(&state.treaties, &id)?;
    let status = state.treaties.status(treaty, as_of);
    let members = members_of(&status.states);
    Ok(svg(pictures::tile_map(treaty, &members, as_of)))
}

/// The member states' standings (the map's tiles), in UN order.
fn members_of(states: &[Standing]) -> Vec<&Standing> {
    states.iter().filter(|standing| standing.kind == participants::ParticipantKind::Member).collect()
}

fn svg(body: String) -> Response {
    ([(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")], body).into_response()
}
