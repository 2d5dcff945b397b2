//! The web application: pages rendered on the server (askama templates in `templates/`), forms that work
//! without JavaScript, and one small script for the live board. Every page reads the same state as the API
//! and every form goes through the same functions the API handlers call, so a page can do nothing the API
//! would refuse. The names the browser tests rely on are listed in `docs/web.md`.

mod account;
mod agreed;
mod assets;
mod board;
mod chair;
mod chamber;
mod compare;
mod delegation;
mod documents;
mod draft;
mod errors;
mod flash;
mod floor;
mod hall;
mod home;
mod pictures;
mod question;
mod record;
mod search;
mod secretariat;
mod treaties;

pub use flash::Flash;

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use plenary_store::EventLog;

use crate::app::App;
use crate::auth::{Actor, session_actor};
use crate::error::ApiError;

/// Every page of the application.
pub fn routes<L: EventLog>(app: Arc<App<L>>) -> Router<Arc<App<L>>> {
    Router::new()
        .route("/", get(home::home::<L>))
        .route("/static/{file}", get(assets::asset))
        .route("/sign-in", get(account::form).post(account::sign_in::<L>))
        .route("/sign-out", post(account::sign_out::<L>))
        .route("/documents", get(documents::list::<L>))
        .route("/documents/import", get(documents::import_form).post(documents::import::<L>))
        .route("/documents/{id}", get(documents::show::<L>))
        .route("/documents/{id}/edit", get(documents::edit_form::<L>).post(documents::edit::<L>))
        .route("/documents/{id}/sponsorship", post(documents::sponsorship::<L>))
        .route("/documents/{id}/comments", post(documents::comment::<L>))
        .route(
            "/documents/{id}/versions",
            post(documents::add_version::<L>).layer(DefaultBodyLimit::max(documents::ADD_VERSION_FORM_LIMIT)),
        )
        .route("/documents/{id}/issue", post(documents::issue::<L>))
        .route("/search", get(search::page::<L>))
        .route("/documents/{id}/paragraphs/{pid}/history", get(agreed::history::<L>))
        .route("/compare", get(compare::page::<L>))
        .route("/treaties", get(treaties::list::<L>))
        .route("/treaties/{id}", get(treaties::show::<L>))
        .route("/treaties/{id}/actions", post(treaties::record::<L>))
        .route("/treaties/{id}/gap", get(treaties::gap::<L>))
        .route("/treaties/{id}/map", get(treaties::map::<L>))
        .route("/treaties/{id}/changes", get(treaties::changes::<L>))
        .route("/treaties/{id}/procedures/{procedure}", get(treaties::procedure::<L>))
        .route("/treaties/{id}/parties.svg", get(treaties::parties_svg::<L>))
        .route("/treaties/{id}/map.svg", get(treaties::map_svg::<L>))
        .route("/states/{code}/treaties", get(treaties::state::<L>))
        .route("/meetings", get(chamber::list::<L>).post(secretariat::open_meeting::<L>))
        .route("/meetings/{id}", get(chamber::meeting::<L>))
        .route("/meetings/{id}/item", post(secretariat::take_up_item::<L>))
        .route("/meetings/{id}/draft", post(secretariat::table_draft::<L>))
        .route("/meetings/{id}/open-vote", post(chair::open_vote::<L>))
        .route("/meetings/{id}/take-it", post(chair::take_it::<L>))
        .route("/meetings/{id}/amendment", post(delegation::amendment::<L>))
        .route("/meetings/{id}/division", post(delegation::division::<L>))
        .route("/meetings/{id}/motion", post(delegation::motion::<L>))
        .route("/meetings/{id}/floor", post(delegation::floor::<L>))
        .route("/meetings/{id}/speakers", get(floor::speakers::<L>))
        .route("/meetings/{id}/speakers/inscribe", post(floor::inscribe::<L>))
        .route("/meetings/{id}/speakers/withdraw", post(floor::withdraw::<L>))
        .route("/meetings/{id}/speakers/order", post(floor::order::<L>))
        .route("/meetings/{id}/speakers/floor", post(floor::give_floor::<L>))
        .route("/meetings/{id}/speakers/point-of-order", post(floor::point_of_order::<L>))
        .route("/meetings/{id}/speakers/ruling", post(floor::ruling::<L>))
        .route("/meetings/{id}/presence", get(floor::presence::<L>).post(floor::mark_presence::<L>))
        .route("/meetings/{id}/record", get(record::page::<L>))
        .route("/meetings/{id}/record/{format}", get(record::export_record::<L>))
        .route("/meetings/{id}/votes/{vote}", get(board::page::<L>))
        .route("/meetings/{id}/votes/{vote}/hall", get(hall::page::<L>))
        .route("/meetings/{id}/votes/{vote}/ballot", post(board::ballot::<L>))
        .route("/meetings/{id}/votes/{vote}/lock", post(board::lock::<L>))
        .route("/meetings/{id}/votes/{vote}/decide", post(board::decide::<L>))
        .route("/meetings/{id}/votes/{vote}/record/{format}", get(record::export::<L>))
        .layer(axum::middleware::from_fn(flash::clear_after_showing))
        // Any path no route matches (the API's included: the fallback leaves those to the API's JSON 404).
        .fallback(errors::not_found::<L>)
        .layer(axum::middleware::from_fn_with_state(app, errors::styled::<L>))
}

/// Who is looking at a page: the session's account, or the public. Unlike [`Actor`] as the API extracts
/// it, reading the session never refuses; forms check their CSRF token with [`Viewer::check_form`].
#[derive(Debug, Clone)]
pub struct Viewer(pub Actor);

impl<L: EventLog> FromRequestParts<Arc<App<L>>> for Viewer {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App<L>>) -> Result<Viewer, PageError> {
        Ok(Viewer(session_actor(parts, app).await?))
    }
}

impl Viewer {
    /// A form that changes something must send back the session's CSRF token: a page of another site
    /// cannot read it. (The session cookie is also SameSite=Strict.)
    pub fn check_form(&self, sent: &str) -> Result<(), PageError> {
        match self.0.csrf_token() {
            None => Err(PageError::from(ApiError::not_signed_in())),
            Some(token) if constant_time_equal(token.as_bytes(), sent.as_bytes()) => Ok(()),
            Some(_) => Err(PageError::from(crate::auth::csrf_refused(
                "this form is out of date or came from another site: reload the page and try again",
            ))),
        }
    }

    /// What the page header shows about the viewer.
    pub fn layout(&self, title: impl Into<String>, current: Section) -> Layout {
        let (signed_in, csrf_token) = match &self.0 {
            Actor::Public => (None, String::new()),
            Actor::Account { id, role, state, csrf_token, .. } => {
                let who = match state {
                    Some(state) => format!("{} ({})", state.name(), role.name()),
                    None => format!("{id} ({})", role.name()),
                };
                (Some(who), csrf_token.clone())
            }
        };
        Layout { title: title.into(), signed_in, csrf_token, current }
    }
}

fn constant_time_equal(left: &[u8], right: &[u8]) -> bool {
    left.len() == right.len() && left.iter().zip(right).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// The part of the site a page belongs to, marked in the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Home,
    Documents,
    Search,
    Compare,
    Treaties,
    Meetings,
    Account,
}

/// What every page's frame needs: the title, who is signed in, the token forms send back.
#[derive(Debug, Clone)]
pub struct Layout {
    pub title: String,
    pub signed_in: Option<String>,
    pub csrf_token: String,
    pub current: Section,
}

impl Layout {
    /// `aria-current="page"` for the navigation link of the page's own section.
    pub fn current_if(&self, section: Section) -> &'static str {
        if self.current == section { "page" } else { "false" }
    }
}

/// Renders a template as an HTML response.
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(error) => {
            tracing::error!(%error, "rendering a page");
            (StatusCode::INTERNAL_SERVER_ERROR, "the page could not be rendered").into_response()
        }
    }
}

/// After a form: back to a page, with a message for it (Post/Redirect/Get, so a reload does not resubmit).
/// The message goes in the flash cookie, never in the URL.
pub fn see_other(path: &str, notice: Option<&str>) -> Response {
    match notice {
        Some(notice) => flash::redirect_with_notice(path, notice),
        None => Redirect::to(path).into_response(),
    }
}

/// A form refused by the rules or the permissions: back to the page it came from, with the reason shown
/// in its alert.
pub fn refused(path: &str, error: &ApiError) -> Response {
    flash::redirect_with_error(path, &error.message)
}

/// After an act refused by the gate: an error page when the viewer may not do it at all (not signed in,
/// forbidden), else back to the page it came from with the reason.
pub fn refused_act(path: &str, error: ApiError) -> Result<Response, PageError> {
    if matches!(error.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
        Err(PageError(error))
    } else {
        Ok(refused(path, &error))
    }
}

/// Records one procedure event from a form and returns to `back`: with `notice` when the engine and the
/// permission matrix accept it, with their reason when they refuse it.
pub async fn submit_from_form<L: EventLog>(
    app: &App<L>,
    viewer: &Viewer,
    meeting: &str,
    event: plenary_core::procedure::Event,
    back: &str,
    notice: &str,
) -> Response {
    match crate::acts::meeting_event(app, &viewer.0, meeting, event).await {
        Ok(_) => see_other(back, Some(notice)),
        Err(error) => refused(back, &error),
    }
}

/// What a vote's status is called on the pages (and in `data-` attributes).
pub fn vote_status_name(status: plenary_core::procedure::VoteStatus) -> &'static str {
    use plenary_core::procedure::VoteStatus;
    match status {
        VoteStatus::Open => "open",
        VoteStatus::Locked => "locked",
        VoteStatus::Decided => "decided",
    }
}

/// An error page: the API's error, as HTML.
#[derive(Debug)]
pub struct PageError(pub ApiError);

impl From<ApiError> for PageError {
    fn from(error: ApiError) -> PageError {
        PageError(error)
    }
}

impl From<plenary_store::StoreError> for PageError {
    fn from(error: plenary_store::StoreError) -> PageError {
        PageError(error.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub(crate) struct ErrorPage<'a> {
    layout: Layout,
    status: u16,
    message: &'a str,
    sign_in: bool,
}

impl IntoResponse for PageError {
    /// The error page as the public would see it; the pages' error layer (`errors::styled`) renders it
    /// again for the viewer as signed in, from the message this response carries in its extensions.
    fn into_response(self) -> Response {
        // The API's words for a missing session name its endpoint; a person at a form is told what to do.
        let signed_out = self.0.status == StatusCode::UNAUTHORIZED;
        let message = if signed_out { errors::SIGNED_OUT.to_owned() } else { self.0.message };
        let mut response = errors::page(&Viewer(Actor::Public), self.0.status, &message, signed_out);
        response.extensions_mut().insert(errors::Explained { message, sign_in: signed_out });
        response
    }
}
