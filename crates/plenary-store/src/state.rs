//! The current state of everything: a pure fold over the log. Nothing here reads a clock or a database;
//! the journal feeds it stored events in order.

use std::collections::BTreeMap;

use plenary_core::procedure::{Event, Meeting, ProcedureError, StateRef};
use plenary_core::treaties::{RegisterError, TreatyAction, TreatyRegister};
use serde::Serialize;

use crate::envelope::{GENESIS, StoredEvent};
use crate::fact::{DocumentStatus, Fact, Role, Version};

/// Why a fact cannot be recorded now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(transparent)]
    Procedure(#[from] ProcedureError),
    #[error("there is no meeting {0:?}")]
    UnknownMeeting(String),
    #[error("a meeting {0:?} already exists")]
    MeetingExists(String),
    #[error("there is no document {0:?}")]
    UnknownDocument(String),
    #[error("a document {0:?} already exists")]
    DocumentExists(String),
    #[error("this version of {0:?} is already recorded")]
    VersionExists(String),
    #[error("an account {0:?} already exists")]
    AccountExists(String),
    #[error("there is no account {0:?}")]
    UnknownAccount(String),
    #[error("a delegation account must act for exactly one state, and only a delegation account has one")]
    DelegationWithoutState,
    #[error("{0} is already a sponsor of {1}")]
    AlreadyASponsor(String, String),
    #[error("{0} is not a sponsor of {1}")]
    NotASponsor(String, String),
    #[error("{0} has no version {1}")]
    UnknownVersion(String, usize),
    #[error("a comment needs a paragraph and 1 to {max} characters of text", max = MAX_COMMENT_CHARS)]
    BadComment,
    #[error(
        "{0} is {1}: its text never changes again (a revision is a new document, a correction a corrigendum issued by the secretariat)"
    )]
    TextIsFinal(String, DocumentStatus),
    #[error(
        "{0} is {1} and cannot become {2}: a document's life only goes forward (negotiation, issued, adopted)"
    )]
    StatusBackwards(String, DocumentStatus, DocumentStatus),
    #[error("{0} is adopted: its sponsors are final")]
    SponsorsAreFinal(String),
    #[error(transparent)]
    Treaty(#[from] RegisterError),
    #[error("this {kind} would be written as {bytes} bytes; an event may hold at most {limit}")]
    TooLarge { kind: &'static str, bytes: usize, limit: usize },
}

/// The longest comment on a paragraph, in characters.
pub const MAX_COMMENT_CHARS: usize = 2000;

/// A stored event the fold could not apply: the log itself is inconsistent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event {seq} ({kind}) cannot be applied: {reason}")]
pub struct Inconsistent {
    pub seq: u64,
    pub kind: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: String,
    pub role: Role,
    pub state: Option<StateRef>,
    pub name: String,
    #[serde(skip)]
    pub password_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentEntry {
    pub id: String,
    pub status: DocumentStatus,
    /// Every version, oldest first.
    pub versions: Vec<VersionEntry>,
    /// Sponsors in the order they joined (the sponsors the text was imported with come first).
    pub sponsors: Vec<StateRef>,
    /// The sponsors who hold the pen: the states the text was imported with as sponsors and the delegation
    /// that imported it, as long as they remain sponsors. A state that joins the sponsors later supports the
    /// text; it does not get to rewrite it.
    pub pen_holders: Vec<StateRef>,
    /// Comments on paragraphs, in the order they were made.
    pub comments: Vec<Comment>,
}

/// A comment on a paragraph of one version of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub version: usize,
    pub paragraph: String,
    pub state: Option<StateRef>,
    pub text: String,
    pub recorded_at: String,
    pub recorded_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionEntry {
    pub number: usize,
    pub version: Version,
    pub recorded_at: String,
    pub recorded_by: String,
    /// The symbol and title the version carries, read once when it is folded in: lists and searches show
    /// them without parsing the whole document again.
    pub symbol: Option<String>,
    pub title: String,
}

impl VersionEntry {
    fn new(number: usize, version: Version, event: &StoredEvent) -> VersionEntry {
        /// Only the two fields a list needs; serde skips the rest of the document.
        #[derive(serde::Deserialize, Default)]
        struct Heading {
            symbol: Option<String>,
            #[serde(default)]
            title: String,
        }
        let heading: Heading = serde_json::from_str(&version.content).unwrap_or_default();
        VersionEntry {
            number,
            version,
            recorded_at: event.recorded_at.clone(),
            recorded_by: event.actor.clone(),
            symbol: heading.symbol,
            title: heading.title,
        }
    }
}

impl DocumentEntry {
    pub fn latest(&self) -> Option<&VersionEntry> {
        self.versions.last()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingEntry {
    pub id: String,
    pub meeting: Meeting,
    /// The meeting's events in order, for the record and the log view.
    pub events: Vec<Event>,
    /// The position in the log of each of `events` (`seqs[i]` is the seq of `events[i]`): which stored
    /// events make up a vote, for its proof.
    pub seqs: Vec<u64>,
}

impl MeetingEntry {
    /// The positions of the events that carry vote `vote`'s id — its opening, ballots (and casts refused),
    /// lock, decision and any correction noted since — with the events, in order.
    pub fn vote_events<'a>(&'a self, vote: &'a str) -> impl Iterator<Item = (u64, &'a Event)> + 'a {
        self.seqs.iter().copied().zip(&self.events).filter(move |(_, event)| event.vote() == Some(vote))
    }
}

/// Everything, as of `head`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// The position of the last event applied; 0 for an empty log.
    pub head: u64,
    /// The hash of that event, which the next one must point to.
    pub last_hash: String,
    pub accounts: BTreeMap<String, Account>,
    pub documents: BTreeMap<String, DocumentEntry>,
    pub meetings: BTreeMap<String, MeetingEntry>,
    /// The treaties, their participants' actions and declarations.
    pub treaties: TreatyRegister,
    /// Every treaty action with who recorded it and when, in the log's order: a participant's history.
    pub treaty_records: Vec<TreatyRecord>,
}

/// A treaty action as the log holds it: the action, its position, when and by whom it was recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreatyRecord {
    pub seq: u64,
    pub recorded_at: String,
    pub recorded_by: String,
    pub action: TreatyAction,
}

impl Default for State {
    fn default() -> State {
        State {
            head: 0,
            last_hash: GENESIS.to_owned(),
            accounts: BTreeMap::new(),
            documents: BTreeMap::new(),
            meetings: BTreeMap::new(),
            treaties: TreatyRegister::default(),
            treaty_records: Vec::new(),
        }
    }
}

impl State {
    /// Whether `fact` may be recorded now, without changing anything.
    pub fn check(&self, fact: &Fact) -> Result<(), Refusal> {
        match fact {
            Fact::AccountCreated { account, role, state, .. } => {
                if self.accounts.contains_key(account) {
                    return Err(Refusal::AccountExists(account.clone()));
                }
                if (*role == Role::Delegation) != state.is_some() {
                    return Err(Refusal::DelegationWithoutState);
                }
                Ok(())
            }
            Fact::PasswordChanged { account, .. } => {
                self.accounts.get(account).map(|_| ()).ok_or_else(|| Refusal::UnknownAccount(account.clone()))
            }
            Fact::DocumentAdded { document, .. } => {
                if self.documents.contains_key(document) {
                    Err(Refusal::DocumentExists(document.clone()))
                } else {
                    Ok(())
                }
            }
            Fact::DocumentVersionAdded { document, version } => {
                let entry = self.document(document)?;
                if !entry.status.text_may_change() {
                    return Err(Refusal::TextIsFinal(document.clone(), entry.status));
                }
                if entry.versions.iter().any(|existing| existing.version.hash == version.hash) {
                    return Err(Refusal::VersionExists(document.clone()));
                }
                Ok(())
            }
            Fact::DocumentStatusChanged { document, status } => {
                let entry = self.document(document)?;
                if *status <= entry.status {
                    return Err(Refusal::StatusBackwards(document.clone(), entry.status, *status));
                }
                Ok(())
            }
            Fact::SponsorJoined { document, state } => {
                let entry = self.document(document)?;
                if entry.status == DocumentStatus::Adopted {
                    return Err(Refusal::SponsorsAreFinal(document.clone()));
                }
                if entry.sponsors.contains(state) {
                    return Err(Refusal::AlreadyASponsor(state.name().to_owned(), document.clone()));
                }
                Ok(())
            }
            Fact::SponsorWithdrew { document, state } => {
                let entry = self.document(document)?;
                if entry.status == DocumentStatus::Adopted {
                    return Err(Refusal::SponsorsAreFinal(document.clone()));
                }
                if !entry.sponsors.contains(state) {
                    return Err(Refusal::NotASponsor(state.name().to_owned(), document.clone()));
                }
                Ok(())
            }
            Fact::CommentAdded { document, version, paragraph, text, .. } => {
                let entry = self.document(document)?;
                if !entry.versions.iter().any(|each| each.number == *version) {
                    return Err(Refusal::UnknownVersion(document.clone(), *version));
                }
                let length = text.trim().chars().count();
                if paragraph.trim().is_empty() || length == 0 || length > MAX_COMMENT_CHARS {
                    return Err(Refusal::BadComment);
                }
                Ok(())
            }
            Fact::TreatyAdded { treaty } => Ok(self.treaties.check_treaty(treaty)?),
            Fact::TreatyActionRecorded { action } => Ok(self.treaties.check_action(action)?),
            Fact::TreatyDeclarationRecorded { declaration } => {
                Ok(self.treaties.check_declaration(declaration)?)
            }
            Fact::Meeting { meeting, event } => match (self.meetings.get(meeting), event) {
                (Some(_), Event::MeetingOpened { .. }) => Err(Refusal::MeetingExists(meeting.clone())),
                (None, Event::MeetingOpened { .. }) => {
                    Meeting::open(event).map(|_| ()).map_err(Refusal::from)
                }
                (None, _) => Err(Refusal::UnknownMeeting(meeting.clone())),
                (Some(entry), _) => {
                    let mut trial = entry.meeting.clone();
                    trial.apply(event).map_err(Refusal::from)
                }
            },
        }
    }

    /// Applies a stored event. It must come right after `head`.
    pub fn apply(&mut self, event: &StoredEvent) -> Result<(), Inconsistent> {
        let inconsistent = |reason: String| Inconsistent { seq: event.seq, kind: event.kind.clone(), reason };
        if event.seq != self.head + 1 {
            return Err(inconsistent(format!("expected event {} next", self.head + 1)));
        }
        let fact: Fact =
            serde_json::from_str(&event.payload).map_err(|error| inconsistent(error.to_string()))?;
        self.check(&fact).map_err(|refusal| inconsistent(refusal.to_string()))?;
        self.apply_checked(fact, event);
        self.head = event.seq;
        self.last_hash.clone_from(&event.hash);
        Ok(())
    }

    fn apply_checked(&mut self, fact: Fact, event: &StoredEvent) {
        let seq = event.seq;
        match fact {
            Fact::AccountCreated { account, role, state, name, password_hash } => {
                self.accounts
                    .insert(account.clone(), Account { id: account, role, state, name, password_hash });
            }
            Fact::PasswordChanged { account, password_hash } => {
                if let Some(entry) = self.accounts.get_mut(&account) {
                    entry.password_hash = password_hash;
                }
            }
            Fact::DocumentAdded { document, status, version } => {
                let sponsors = sponsors_of(&version);
                let mut pen_holders = sponsors.clone();
                let importer = self.accounts.get(&event.actor).and_then(|account| account.state.clone());
                if let Some(importer) = importer {
                    if !pen_holders.contains(&importer) {
                        pen_holders.push(importer);
                    }
                }
                let entry = VersionEntry::new(1, version, event);
                self.documents.insert(
                    document.clone(),
                    DocumentEntry {
                        id: document,
                        status,
                        versions: vec![entry],
                        sponsors,
                        pen_holders,
                        comments: Vec::new(),
                    },
                );
            }
            Fact::DocumentVersionAdded { document, version } => {
                if let Some(entry) = self.documents.get_mut(&document) {
                    let number = entry.versions.len() + 1;
                    entry.versions.push(VersionEntry::new(number, version, event));
                }
            }
            Fact::DocumentStatusChanged { document, status } => {
                if let Some(entry) = self.documents.get_mut(&document) {
                    entry.status = status;
                }
            }
            Fact::SponsorJoined { document, state } => {
                if let Some(entry) = self.documents.get_mut(&document) {
                    entry.sponsors.push(state);
                }
            }
            Fact::SponsorWithdrew { document, state } => {
                if let Some(entry) = self.documents.get_mut(&document) {
                    entry.sponsors.retain(|sponsor| *sponsor != state);
                    // A state that withdraws gives up the pen with its name.
                    entry.pen_holders.retain(|holder| *holder != state);
                }
            }
            Fact::CommentAdded { document, version, paragraph, state, text } => {
                if let Some(entry) = self.documents.get_mut(&document) {
                    entry.comments.push(Comment {
                        version,
                        paragraph,
                        state,
                        text,
                        recorded_at: event.recorded_at.clone(),
                        recorded_by: event.actor.clone(),
                    });
                }
            }
            Fact::TreatyAdded { treaty } => self.treaties.add_treaty(treaty),
            Fact::TreatyActionRecorded { action } => {
                self.treaty_records.push(TreatyRecord {
                    seq,
                    recorded_at: event.recorded_at.clone(),
                    recorded_by: event.actor.clone(),
                    action: action.clone(),
                });
                self.treaties.add_action(action);
            }
            Fact::TreatyDeclarationRecorded { declaration } => self.treaties.add_declaration(declaration),
            Fact::Meeting { meeting, event } => match self.meetings.get_mut(&meeting) {
                Some(entry) => {
                    // Checked just before: the engine accepts it.
                    if entry.meeting.apply(&event).is_ok() {
                        entry.events.push(event);
                        entry.seqs.push(seq);
                    }
                }
                None => {
                    if let Ok(opened) = Meeting::open(&event) {
                        self.meetings.insert(
                            meeting.clone(),
                            MeetingEntry {
                                id: meeting,
                                meeting: opened,
                                events: vec![event],
                                seqs: vec![seq],
                            },
                        );
                    }
                }
            },
        }
    }

    fn document(&self, id: &str) -> Result<&DocumentEntry, Refusal> {
        self.documents.get(id).ok_or_else(|| Refusal::UnknownDocument(id.to_owned()))
    }
}

/// The sponsors printed on a text (its masthead), as states; names that are not states are left out.
fn sponsors_of(version: &Version) -> Vec<StateRef> {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&version.content) else { return Vec::new() };
    let Some(names) = json.get("sponsors").and_then(serde_json::Value::as_array) else { return Vec::new() };
    let mut sponsors: Vec<StateRef> = Vec::new();
    for state in
        names.iter().filter_map(serde_json::Value::as_str).filter_map(|name| name.parse::<StateRef>().ok())
    {
        if !sponsors.contains(&state) {
            sponsors.push(state);
        }
    }
    sponsors
}
