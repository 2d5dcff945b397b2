//! The floor of a meeting, as two pages: the lists of speakers of the current item (who is waiting on each
//! list in order, who has the floor and for how long, with a timer), and the roll of presence with the
//! quorum. A delegation inscribes itself, withdraws, raises a point of order and marks itself present; the
//! chair orders the lists, gives the floor and rules on points of order; the secretariat keeps the lists
//! for any delegation (an observer state included) and marks any member present. Every form goes through
//! `acts::meeting_event`, so the pages can do nothing the API would refuse.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use plenary_core::dates::format_date;
use plenary_core::procedure::wording::capitalised;
use plenary_core::procedure::{Event, Meeting, SpeakerList, StateRef};
use plenary_core::states;
use plenary_store::{EventLog, MeetingEntry, Role, timestamp};
use serde::Deserialize;

use super::{Flash, Layout, PageError, Section, Viewer, refused, render, submit_from_form};
use crate::api::meetings::find;
use crate::app::App;
use crate::error::ApiError;

/// "10:00", "5:00", "1:02:03".
fn clock(seconds: u32) -> String {
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours > 0 { format!("{hours}:{minutes:02}:{seconds:02}") } else { format!("{minutes}:{seconds:02}") }
}

/// A state as the lists show it: its code (for forms and `data-` attributes) and its UN name.
pub struct StateView {
    pub code: String,
    pub name: String,
}

fn state_view(state: &StateRef) -> StateView {
    StateView { code: state.code().to_owned(), name: state.name().to_owned() }
}

/// One list of speakers of the item.
pub struct ListView {
    pub code: &'static str,
    pub title: &'static str,
    /// Who waits, in the order they will be called.
    pub waiting: Vec<StateView>,
    /// Who has spoken from it under this item, in order.
    pub spoken: String,
    /// The limit the rules set, as the chair's field explains it: "10:00, as the rules set".
    pub default_limit: String,
    /// Whether the viewer's delegation waits on it.
    pub own_waiting: bool,
}

/// Who has the floor now.
pub struct SpeakingView {
    pub state: String,
    pub list: &'static str,
    /// When the floor was given, as recorded: RFC 3339, and as people read it ("10:15:30 UTC").
    pub started: String,
    pub started_words: String,
    /// The limit in seconds (0: none) and as words ("10:00").
    pub limit: u32,
    pub limit_words: String,
    /// The time left when the page was made ("9:41 left", "over the limit by 0:12", "2:03 so far").
    pub remaining: String,
    pub over: bool,
}

#[derive(Template)]
#[template(path = "speakers.html")]
struct SpeakersPage {
    layout: Layout,
    flash: Flash,
    meeting: String,
    meeting_title: String,
    item: Option<String>,
    lists: Vec<ListView>,
    speaking: Option<SpeakingView>,
    /// The delegation whose point of order awaits the ruling, by name.
    point_of_order: Option<String>,
    /// The server's time when the page was made (RFC 3339), so the timer does not depend on the viewer's
    /// clock being right.
    now: String,
    is_chair: bool,
    is_secretariat: bool,
    /// The viewer's delegation, by name.
    own_state: Option<String>,
    /// Every state the secretariat may inscribe: the members of the body and the observer states.
    all_states: Vec<StateView>,
}

/// The stored time of the last `floor_given` of the meeting, if the floor is held now.
async fn floor_given_at<L: EventLog>(app: &App<L>, seq: Option<u64>) -> Result<Option<String>, ApiError> {
    let Some(seq) = seq else { return Ok(None) };
    let events = app.journal.log().read_range(seq, seq).await?;
    Ok(events.into_iter().next().map(|event| event.recorded_at))
}

/// The position in the log of the meeting's last `floor_given`.
fn last_floor_given(entry: &MeetingEntry) -> Option<u64> {
    entry
        .events
        .iter()
        .zip(&entry.seqs)
        .rev()
        .find(|(event, _)| matches!(event, Event::FloorGiven { .. }))
        .map(|(_, seq)| *seq)
}

fn meeting_title(meeting: &Meeting) -> String {
    format!("{} — {}", capitalised(&meeting.forum.title()), meeting.meeting)
}

/// Every state that may speak, in UN order: the members of the body, and the others as observers (in the
/// General Assembly the Holy See and the State of Palestine; in the Council every state not on it).
fn every_state() -> Vec<StateView> {
    states::all()
        .iter()
        .filter_map(|state| state.iso3.parse::<StateRef>().ok())
        .map(|state| state_view(&state))
        .collect()
}

/// `GET /meetings/{id}/speakers`.
pub async fn speakers<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    flash: Flash,
) -> Result<Response, PageError> {
    let now = app.now();
    let (mut page, seq) = {
        let state = app.journal.state().await;
        let entry = find(&state, &id)?;
        let meeting = &entry.meeting;
        let item = meeting.current_item();
        let own = viewer.0.state();
        let lists = SpeakerList::ALL
            .into_iter()
            .map(|list| {
                let floor = item.map(|item| &item.floor);
                let waiting = floor.map(|floor| floor.waiting(list)).unwrap_or_default();
                let spoken: Vec<&str> = floor
                    .map(|floor| floor.turns_on(list).map(|turn| turn.state.name()).collect())
                    .unwrap_or_default();
                let settings = &meeting.settings;
                let default_limit = match (settings.speaking_time(list, 1), settings.speaking_time(list, 2)) {
                    (None, _) => "no limit".to_owned(),
                    (Some(first), Some(second)) if first != second => format!(
                        "{} for a delegation's first statement under the item, {} for its second, as the rules set",
                        clock(first),
                        clock(second)
                    ),
                    (Some(limit), _) => format!("{}, as the rules set", clock(limit)),
                };
                ListView {
                    code: list.code(),
                    title: list.title(),
                    waiting: waiting.iter().map(state_view).collect(),
                    spoken: spoken.join(", "),
                    default_limit,
                    own_waiting: own.is_some_and(|own| waiting.contains(own)),
                }
            })
            .collect();
        let speaking = item.and_then(|item| item.floor.speaking.as_ref());
        let page = SpeakersPage {
            layout: viewer.layout(format!("Speakers — {}", meeting_title(meeting)), Section::Meetings),
            flash,
            meeting: id.clone(),
            meeting_title: meeting_title(meeting),
            item: item.map(|item| item.title.clone()),
            lists,
            speaking: speaking.map(|turn| SpeakingView {
                state: turn.state.name().to_owned(),
                list: turn.list.title(),
                started: String::new(),
                started_words: String::new(),
                limit: turn.time_limit.unwrap_or(0),
                limit_words: turn.time_limit.map(clock).unwrap_or_default(),
                remaining: String::new(),
                over: false,
            }),
            point_of_order: item
                .and_then(|item| item.floor.point_of_order.as_ref())
                .map(|state| state.name().to_owned()),
            now: timestamp(now),
            is_chair: viewer.0.role() == Some(Role::Chair),
            is_secretariat: viewer.0.role() == Some(Role::Secretariat),
            own_state: own.map(|state| state.name().to_owned()),
            all_states: every_state(),
        };
        (page, speaking.and_then(|_| last_floor_given(entry)))
    };
    // Read after the state's lock is let go: one stored event, for its time.
    if let (Some(speaking), Some(started)) = (&mut page.speaking, floor_given_at(&app, seq).await?) {
        let elapsed = time::OffsetDateTime::parse(&started, &time::format_description::well_known::Rfc3339)
            .map(|given| (now - given).whole_seconds().max(0))
            .unwrap_or(0);
        let elapsed = u32::try_from(elapsed).unwrap_or(u32::MAX);
        speaking.started_words = started.get(11..19).map(|clock| format!("{clock} UTC")).unwrap_or_default();
        speaking.started = started;
        speaking.over = speaking.limit > 0 && elapsed > speaking.limit;
        speaking.remaining = match speaking.limit {
            0 => format!("{} so far", clock(elapsed)),
            limit if elapsed <= limit => format!("{} left", clock(limit - elapsed)),
            limit => format!("over the limit by {}", clock(elapsed - limit)),
        };
    }
    Ok(render(&page))
}

#[derive(Debug, Deserialize)]
pub struct SpeakerForm {
    csrf_token: String,
    list: String,
    /// The state acted for: the secretariat names it; a delegation acts for its own (left out).
    #[serde(default)]
    state: String,
}

/// The state a form acts for: the one it names (the permission table decides whether the viewer may), or
/// the viewer's own delegation.
fn acting_for(viewer: &Viewer, named: &str) -> Result<StateRef, ApiError> {
    if named.trim().is_empty() {
        return viewer.0.state().cloned().ok_or_else(|| ApiError::bad_request("name the delegation"));
    }
    named.parse().map_err(ApiError::bad_request)
}

fn list_of(code: &str) -> Result<SpeakerList, ApiError> {
    code.parse().map_err(ApiError::bad_request)
}

/// The list and the delegation a speaker form names (inscribe, withdraw).
fn speaker_on_list(viewer: &Viewer, form: &SpeakerForm) -> Result<(SpeakerList, StateRef), ApiError> {
    Ok((list_of(&form.list)?, acting_for(viewer, &form.state)?))
}

fn speakers_page(id: &str) -> String {
    format!("/meetings/{id}/speakers")
}

/// `POST /meetings/{id}/speakers/inscribe`: a delegation puts its name on a list; the secretariat any
/// delegation's.
pub async fn inscribe<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<SpeakerForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let back = speakers_page(&id);
    let (list, state) = match speaker_on_list(&viewer, &form) {
        Ok(named) => named,
        Err(error) => return Ok(refused(&back, &error)),
    };
    let notice = format!("{} is inscribed on the list for {}.", state.name(), list.phrase());
    Ok(submit_from_form(&app, &viewer, &id, Event::SpeakerInscribed { list, state }, &back, &notice).await)
}

/// `POST /meetings/{id}/speakers/withdraw`: a delegation takes its name off a list.
pub async fn withdraw<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<SpeakerForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let back = speakers_page(&id);
    let (list, state) = match speaker_on_list(&viewer, &form) {
        Ok(named) => named,
        Err(error) => return Ok(refused(&back, &error)),
    };
    let notice = format!("{} is no longer on the list for {}.", state.name(), list.phrase());
    Ok(submit_from_form(&app, &viewer, &id, Event::SpeakerWithdrawn { list, state }, &back, &notice).await)
}

#[derive(Debug, Deserialize)]
pub struct OrderForm {
    csrf_token: String,
    list: String,
    /// Move one speaker: its code and `up` or `down`.
    #[serde(default)]
    state: String,
    #[serde(default)]
    direction: String,
    /// Or the whole order: codes or names separated by commas or new lines.
    #[serde(default)]
    order: String,
}

/// `POST /meetings/{id}/speakers/order`: the chair moves a speaker up or down, or writes out the order.
pub async fn order<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<OrderForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let back = speakers_page(&id);
    let list = match list_of(&form.list) {
        Ok(list) => list,
        Err(error) => return Ok(refused(&back, &error)),
    };
    let order = if form.order.trim().is_empty() {
        let waiting: Vec<StateRef> = {
            let state = app.journal.state().await;
            let entry = find(&state, &id)?;
            entry.meeting.current_item().map(|item| item.floor.waiting(list).to_vec()).unwrap_or_default()
        };
        match moved(waiting, &form.state, &form.direction) {
            Ok(order) => order,
            Err(error) => return Ok(refused(&back, &error)),
        }
    } else {
        let names = form.order.split([',', '\n', ';']).map(str::trim).filter(|name| !name.is_empty());
        match names.map(str::parse::<StateRef>).collect::<Result<Vec<_>, _>>() {
            Ok(order) => order,
            Err(error) => return Ok(refused(&back, &ApiError::bad_request(error))),
        }
    };
    let notice = format!("The list for {} is in the new order.", list.phrase());
    Ok(submit_from_form(&app, &viewer, &id, Event::SpeakersOrdered { list, order }, &back, &notice).await)
}

/// The list with `state` moved one place `up` or `down`.
fn moved(mut waiting: Vec<StateRef>, state: &str, direction: &str) -> Result<Vec<StateRef>, ApiError> {
    let state: StateRef = state.parse().map_err(ApiError::bad_request)?;
    let position = waiting
        .iter()
        .position(|waiting| *waiting == state)
        .ok_or_else(|| ApiError::bad_request(format!("{} is not waiting on this list", state.name())))?;
    match direction {
        "up" if position > 0 => waiting.swap(position, position - 1),
        "down" if position + 1 < waiting.len() => waiting.swap(position, position + 1),
        "up" | "down" => {}
        other => return Err(ApiError::bad_request(format!("unknown direction {other:?}: up or down"))),
    }
    Ok(waiting)
}

#[derive(Debug, Deserialize)]
pub struct FloorForm {
    csrf_token: String,
    list: String,
    /// A named delegation waiting on the list; left out, the next.
    #[serde(default)]
    state: String,
    /// The time limit: minutes ("10", "2.5") or minutes and seconds ("4:30"); left out, the rules'.
    #[serde(default)]
    limit: String,
}

/// "10" → 600, "2.5" → 150, "4:30" → 270; empty → none.
fn limit_seconds(text: &str) -> Result<Option<u32>, ApiError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let refused =
        || ApiError::bad_request(format!("{text:?} is not a time limit: write minutes (10) or 4:30"));
    let seconds = match text.split_once(':') {
        Some((minutes, seconds)) => {
            let minutes: u32 = minutes.trim().parse().map_err(|_| refused())?;
            let seconds: u32 = seconds.trim().parse().map_err(|_| refused())?;
            if seconds >= 60 {
                return Err(refused());
            }
            minutes.checked_mul(60).and_then(|minutes| minutes.checked_add(seconds)).ok_or_else(refused)?
        }
        None => {
            let minutes: f64 = text.parse().map_err(|_| refused())?;
            if !(minutes.is_finite() && minutes > 0.0 && minutes <= 600.0) {
                return Err(refused());
            }
            // Bounded above: the cast cannot overflow.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let seconds = (minutes * 60.0).round() as u32;
            seconds
        }
    };
    if seconds == 0 { Err(refused()) } else { Ok(Some(seconds)) }
}

/// `POST /meetings/{id}/speakers/floor`: the chair gives the floor to the next speaker on a list (or a
/// named one), with a time limit.
pub async fn give_floor<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<FloorForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let back = speakers_page(&id);
    let list = match list_of(&form.list) {
        Ok(list) => list,
        Err(error) => return Ok(refused(&back, &error)),
    };
    let state = match form.state.trim() {
        "" => None,
        named => match named.parse::<StateRef>() {
            Ok(state) => Some(state),
            Err(error) => return Ok(refused(&back, &ApiError::bad_request(error))),
        },
    };
    let time_limit = match limit_seconds(&form.limit) {
        Ok(limit) => limit,
        Err(error) => return Ok(refused(&back, &error)),
    };
    let event = Event::FloorGiven { list, state, time_limit };
    match crate::acts::meeting_event(&app, &viewer.0, &id, event).await {
        Ok(_) => {
            let state = app.journal.state().await;
            let speaker = find(&state, &id)?
                .meeting
                .current_item()
                .and_then(|item| item.floor.speaking.as_ref())
                .map(|turn| turn.state.name())
                .unwrap_or_default();
            Ok(super::see_other(&back, Some(&format!("{speaker} has the floor."))))
        }
        Err(error) => Ok(refused(&back, &error)),
    }
}

#[derive(Debug, Deserialize)]
pub struct PointOfOrderForm {
    csrf_token: String,
}

/// `POST /meetings/{id}/speakers/point-of-order`: a delegation raises a point of order.
pub async fn point_of_order<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<PointOfOrderForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let back = speakers_page(&id);
    let Some(by) = viewer.0.state().cloned() else {
        return Ok(refused(&back, &ApiError::forbidden("only a delegation raises a point of order")));
    };
    let notice = format!("{} has raised a point of order; the chair rules on it at once.", by.name());
    Ok(submit_from_form(&app, &viewer, &id, Event::PointOfOrderRaised { by }, &back, &notice).await)
}

#[derive(Debug, Deserialize)]
pub struct RulingForm {
    csrf_token: String,
    ruling: String,
}

/// `POST /meetings/{id}/speakers/ruling`: the chair rules on the point of order pending.
pub async fn ruling<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<RulingForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let back = speakers_page(&id);
    let event = Event::PointOfOrderRuled { ruling: form.ruling.trim().to_owned() };
    Ok(submit_from_form(&app, &viewer, &id, event, &back, "The ruling is recorded.").await)
}

/// One member on the roll.
pub struct RollLine {
    pub code: String,
    pub name: String,
    /// "present", "absent", or "not marked" before presence is tracked.
    pub status: &'static str,
    pub present: bool,
}

#[derive(Template)]
#[template(path = "presence.html")]
struct PresencePage {
    layout: Layout,
    flash: Flash,
    meeting: String,
    meeting_title: String,
    date: String,
    tracked: bool,
    roll: Vec<RollLine>,
    /// "112 present; quorum for a decision 97: quorum present".
    summary: String,
    has_quorum: bool,
    rule: u16,
    is_secretariat: bool,
    /// The viewer's delegation: its name and whether it is marked present.
    own: Option<(String, bool)>,
}

/// "112 present; quorum for a decision 97: quorum present".
pub fn quorum_summary(meeting: &Meeting) -> String {
    let (present, needed) = (meeting.present_count(), meeting.quorum_needed());
    let verdict = if meeting.has_quorum() { "quorum present" } else { "no quorum" };
    match meeting.present() {
        Some(_) => format!("{present} present; quorum for a decision {needed}: {verdict}"),
        None => format!(
            "presence not yet marked: the whole membership ({present}) is taken as present; quorum for a decision \
             {needed}: {verdict}"
        ),
    }
}

/// `GET /meetings/{id}/presence`.
pub async fn presence<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    flash: Flash,
) -> Result<Response, PageError> {
    let state = app.journal.state().await;
    let entry = find(&state, &id)?;
    let meeting = &entry.meeting;
    let present = meeting.present();
    let mut members: Vec<&StateRef> = meeting.members.iter().collect();
    members.sort_by_cached_key(|state| states::un_order_key(state.name()));
    let roll = members
        .into_iter()
        .map(|state| {
            let marked = present.map(|present| present.contains(state));
            RollLine {
                code: state.code().to_owned(),
                name: state.name().to_owned(),
                status: match marked {
                    Some(true) => "present",
                    Some(false) => "absent",
                    None => "not marked",
                },
                present: marked == Some(true),
            }
        })
        .collect();
    let own = viewer
        .0
        .state()
        .filter(|own| meeting.members.contains(*own))
        .map(|own| (own.name().to_owned(), present.is_some_and(|present| present.contains(own))));
    let page = PresencePage {
        layout: viewer.layout(format!("Presence — {}", meeting_title(meeting)), Section::Meetings),
        flash,
        meeting: id.clone(),
        meeting_title: meeting_title(meeting),
        date: format_date(meeting.date),
        tracked: present.is_some(),
        roll,
        summary: quorum_summary(meeting),
        has_quorum: meeting.has_quorum(),
        rule: meeting.forum.quorum_rule(),
        is_secretariat: viewer.0.role() == Some(Role::Secretariat),
        own,
    };
    drop(state);
    Ok(render(&page))
}

/// `POST /meetings/{id}/presence`: `act` is `present` or `absent` (a delegation for itself), `all` (every
/// member present) or `roll` (the members ticked `present`, the others absent) for the secretariat.
pub async fn mark_presence<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let field = |name: &str| pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str());
    viewer.check_form(field("csrf_token").unwrap_or_default())?;
    let back = format!("/meetings/{id}/presence");
    let members: Vec<StateRef> = {
        let state = app.journal.state().await;
        let mut members: Vec<StateRef> = find(&state, &id)?.meeting.members.iter().cloned().collect();
        members.sort_by_cached_key(|state| states::un_order_key(state.name()));
        members
    };
    let own = || {
        viewer.0.state().cloned().ok_or_else(|| ApiError::forbidden("only a delegation marks itself present"))
    };
    let act = field("act").unwrap_or_default();
    let markings: Vec<(Vec<StateRef>, bool)> = match act {
        "present" | "absent" => match own() {
            Ok(own) => vec![(vec![own], act == "present")],
            Err(error) => return Ok(refused(&back, &error)),
        },
        "all" => vec![(members.clone(), true)],
        "roll" => {
            let mut ticked = Vec::new();
            for (key, value) in &pairs {
                if key == "present" {
                    match value.parse::<StateRef>() {
                        Ok(state) => ticked.push(state),
                        Err(error) => return Ok(refused(&back, &ApiError::bad_request(error))),
                    }
                }
            }
            let absent: Vec<StateRef> =
                members.iter().filter(|state| !ticked.contains(state)).cloned().collect();
            [(ticked, true), (absent, false)].into_iter().filter(|(states, _)| !states.is_empty()).collect()
        }
        other => return Ok(refused(&back, &ApiError::bad_request(format!("unknown act {other:?}")))),
    };
    for (states, present) in markings {
        let event = Event::PresenceMarked { states, present };
        if let Err(error) = crate::acts::meeting_event(&app, &viewer.0, &id, event).await {
            return Ok(refused(&back, &error));
        }
    }
    let summary = {
        let state = app.journal.state().await;
        quorum_summary(&find(&state, &id)?.meeting)
    };
    Ok(super::see_other(&back, Some(&format!("Presence recorded: {summary}."))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_limits_are_read_in_minutes_or_minutes_and_seconds() {
        assert_eq!(limit_seconds("").ok(), Some(None));
        assert_eq!(limit_seconds("10").ok(), Some(Some(600)));
        assert_eq!(limit_seconds("2.5").ok(), Some(Some(150)));
        assert_eq!(limit_seconds(" 4:30 ").ok(), Some(Some(270)));
        for wrong in ["0", "-3", "4:75", "ten", "NaN", "1e9"] {
            assert!(limit_seconds(wrong).is_err(), "{wrong}");
        }
        assert_eq!(clock(600), "10:00");
        assert_eq!(clock(3723), "1:02:03");
    }

    #[test]
    fn a_speaker_moves_one_place_and_stays_within_the_list() {
        let list: Vec<StateRef> =
            ["SDN", "DNK", "USA"].iter().map(|code| code.parse().expect("a state")).collect();
        let codes =
            |list: Vec<StateRef>| list.iter().map(|state| state.code().to_owned()).collect::<Vec<_>>();
        assert_eq!(codes(moved(list.clone(), "DNK", "up").expect("moved")), ["DNK", "SDN", "USA"]);
        assert_eq!(codes(moved(list.clone(), "DNK", "down").expect("moved")), ["SDN", "USA", "DNK"]);
        assert_eq!(codes(moved(list.clone(), "SDN", "up").expect("moved")), ["SDN", "DNK", "USA"]);
        assert!(moved(list, "CHN", "up").is_err());
    }
}
