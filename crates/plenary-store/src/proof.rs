//! A vote's proof: the stored events of one vote, each with its inclusion proof in the tree of a signed
//! checkpoint, in one JSON file anyone can keep and check offline (`plenary verify-record`).
//!
//! The server builds it (`GET /api/meetings/{id}/votes/{vote}/proof`); [`verify`] checks it against the
//! log's public key and trusts nothing it does not recompute:
//!
//! - the checkpoint's signed note is signed by the key and names its log; its size and root are read from
//!   the signed text, never from the file's other fields;
//! - every event's hash is recomputed from its fields, its leaf from that hash, and its inclusion proof must
//!   lead from the leaf to the signed root at its position — so each event, byte for byte, is in the log;
//! - every event is of the meeting and the vote the file names, in the order the procedure allows (opened,
//!   ballots, locked, decided, corrections after);
//! - the tally is counted from the ballots (each state's last ballot counts, as the engine counts it) and
//!   must be the one the file's summary states.
//!
//! What a proof does not show: that the log holds no *other* event of the vote. The events between two of
//! the vote's are other streams' (accounts, documents), which are not published, so the file cannot carry
//! them; each event stands on its own hash and inclusion proof, and the chain is not recomputed. Nor can it
//! show the outcome: whether 108 to 18 adopts depends on the majority the meeting required, which is not in
//! the vote's events. A reader who wants both replays the meeting's log (`plenary verify` on the server, or
//! a monitor of the log).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use plenary_core::procedure::{Choice, Event, Method, Question, StateRef};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::checkpoint::{CheckpointError, LogVerifier};
use crate::envelope::StoredEvent;
use crate::fact::Fact;
use crate::tree::{self, Hash};

/// The `format` field of a vote's proof.
pub const FORMAT: &str = "plenary-vote-proof";
/// The version of the format this code writes and reads.
pub const VERSION: u32 = 1;

/// A vote's proof, as served and kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteProof {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// The meeting's id (`ga-72-73`).
    pub meeting: String,
    /// The vote's id (`6004`).
    pub vote: String,
    /// The log the server keeps and the key it signs with, as it says. A verifier checks against the key it
    /// was given, never this one.
    pub log: LogInfo,
    pub checkpoint: CheckpointInfo,
    /// What the server says the vote decided, for people; [`verify`] counts the ballots and compares.
    pub summary: Summary,
    /// The vote's stored events in log order, each with its proof.
    pub events: Vec<ProvedEvent>,
    /// Events of the vote recorded after the checkpoint (a correction noted since): left out until a
    /// checkpoint covers them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_yet_covered: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogInfo {
    /// The log's name, which its checkpoints begin with.
    pub origin: String,
    /// The verifier key (`name+id+base64`) checkpoints are signed with, as `/api/log/key` serves it.
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckpointInfo {
    /// The tree size the note signs.
    pub size: u64,
    /// The root the note signs, base64.
    pub root: String,
    /// When the server made the checkpoint (not signed: a checkpoint carries no time).
    pub recorded_at: String,
    /// The signed note: the only part a verifier trusts, once its signature checks.
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ProofSummary))]
pub struct Summary {
    /// The question put to the vote: `proposal`, `part:pp7`, `amendment:A1`.
    pub question: String,
    /// `recorded` or `non_recorded`.
    pub method: Method,
    /// The record's sentence: "The seventh preambular paragraph was retained by a recorded vote of 108 to
    /// 18, with 32 abstentions."
    pub text: String,
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
    /// `adopted` or `rejected`.
    pub outcome: String,
}

/// One stored event of the vote with its inclusion proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProvedEvent {
    /// Every field of the event as stored; its `hash` is recomputed from the others.
    #[serde(flatten)]
    pub event: StoredEvent,
    /// The leaf: SHA-256(0x00 ‖ the 32 bytes of `hash`), base64.
    pub leaf_hash: String,
    /// The RFC 9162 audit path from the leaf to the checkpoint's root, base64 hashes.
    pub proof: Vec<String>,
}

impl ProvedEvent {
    /// The event with its audit path (from [`crate::Journal::inclusion_proof`]).
    pub fn new(event: StoredEvent, path: &[Hash]) -> Result<ProvedEvent, tree::TreeError> {
        let leaf = tree::leaf_hash(&tree::entry(&event)?);
        Ok(ProvedEvent { leaf_hash: encode(&leaf), proof: path.iter().map(encode).collect(), event })
    }
}

/// Base64 of a hash, as the proof writes them.
pub fn encode(hash: &Hash) -> String {
    BASE64.encode(hash)
}

/// What checking a proof established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proved {
    pub meeting: String,
    pub vote: String,
    pub question: Question,
    pub method: Method,
    /// Counted from the ballots: each state's last ballot.
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
    /// The states whose ballot counts.
    pub voters: usize,
    /// Every event checked.
    pub events: usize,
    /// The log's name, from the signed checkpoint.
    pub origin: String,
    /// The signed tree's size and root.
    pub size: u64,
    pub root: Hash,
    /// When the vote opened and was decided, from the events (covered by their hashes).
    pub opened_at: String,
    pub decided_at: String,
    /// Corrections noted after the result: a state that says it meant to vote otherwise.
    pub corrections: Vec<(StateRef, Choice)>,
    /// Casts the engine refused, kept in the log.
    pub refused: usize,
}

/// Why a proof does not hold: what failed, naming the event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofFailure {
    #[error("not a vote proof: format {format:?} version {version} (expected {FORMAT:?} version {VERSION})")]
    Format { format: String, version: u32 },
    /// Every checkpoint error names the checkpoint.
    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
    #[error("the checkpoint's {field} field ({found}) is not what its signed note says ({signed})")]
    CheckpointField { field: &'static str, found: String, signed: String },
    #[error("the file holds no event")]
    NoEvents,
    #[error(
        "event {seq}: it comes after event {previous} in the file (events must be in log order, each once)"
    )]
    OutOfOrder { seq: u64, previous: u64 },
    #[error("event {seq} ({kind}): {failure}")]
    Event { seq: u64, kind: String, failure: EventFailure },
    #[error("the vote has no {0} event: the file does not prove a decided vote")]
    Missing(&'static str),
    #[error("the summary says {said} but the ballots in the file count {counted} (yes, no, abstentions)")]
    SummaryDisagrees { said: String, counted: String },
}

/// What is wrong with one event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventFailure {
    #[error("its content does not match its hash: it was changed after it was recorded")]
    ContentChanged,
    #[error("its hash is not 64 hexadecimal digits")]
    BadHash,
    #[error("its leaf_hash is not the leaf of its hash")]
    LeafMismatch,
    #[error("hash {0} of its inclusion proof is not base64 of 32 bytes")]
    BadProofHash(usize),
    #[error(
        "its inclusion proof does not lead to the checkpoint's root: it is not in the log at this position in the tree of {size} events"
    )]
    NotIncluded { size: u64 },
    #[error("its position is beyond the signed tree of {size} events")]
    BeyondCheckpoint { size: u64 },
    #[error("it is of stream {found:?}, not of meeting {expected:?}")]
    OtherStream { found: String, expected: String },
    #[error("its payload is not a meeting event: {0}")]
    NotAMeetingEvent(String),
    #[error("its payload is an event of meeting {0:?}")]
    OtherMeeting(String),
    #[error("its payload is a {0} event, not what its kind says")]
    KindMismatch(&'static str),
    #[error("it is not an event of vote {expected:?} (it belongs to {found})")]
    OtherVote { expected: String, found: String },
    #[error("{0}")]
    OutOfProcedure(String),
}

impl ProofFailure {
    fn event(event: &StoredEvent, failure: EventFailure) -> ProofFailure {
        ProofFailure::Event { seq: event.seq, kind: event.kind.clone(), failure }
    }
}

/// Checks a vote's proof against the log's key (see the module's documentation for what is checked and what
/// a proof cannot show).
pub fn verify(proof: &VoteProof, verifier: &LogVerifier) -> Result<Proved, ProofFailure> {
    if proof.format != FORMAT || proof.version != VERSION {
        return Err(ProofFailure::Format { format: proof.format.clone(), version: proof.version });
    }
    let signed = verifier.open(&proof.checkpoint.note)?;
    if proof.checkpoint.size != signed.size {
        return Err(ProofFailure::CheckpointField {
            field: "size",
            found: proof.checkpoint.size.to_string(),
            signed: signed.size.to_string(),
        });
    }
    if proof.checkpoint.root != encode(&signed.root) {
        return Err(ProofFailure::CheckpointField {
            field: "root",
            found: proof.checkpoint.root.clone(),
            signed: encode(&signed.root),
        });
    }
    if proof.events.is_empty() {
        return Err(ProofFailure::NoEvents);
    }
    let mut previous = 0;
    for proved in &proof.events {
        let event = &proved.event;
        if event.seq <= previous {
            return Err(ProofFailure::OutOfOrder { seq: event.seq, previous });
        }
        previous = event.seq;
        included(proved, signed.size, &signed.root).map_err(|failure| ProofFailure::event(event, failure))?;
    }
    let mut fold = VoteFold::new(&proof.meeting, &proof.vote);
    for proved in &proof.events {
        fold.apply(&proved.event).map_err(|failure| ProofFailure::event(&proved.event, failure))?;
    }
    let counted = fold.finish()?;
    let (yes, no, abstain) = counted.tally();
    let said = (proof.summary.yes, proof.summary.no, proof.summary.abstain);
    if said != (yes, no, abstain) {
        return Err(ProofFailure::SummaryDisagrees {
            said: format!("{}, {}, {}", said.0, said.1, said.2),
            counted: format!("{yes}, {no}, {abstain}"),
        });
    }
    Ok(Proved {
        meeting: proof.meeting.clone(),
        vote: proof.vote.clone(),
        question: counted.question,
        method: counted.method,
        yes,
        no,
        abstain,
        voters: counted.ballots.len(),
        events: proof.events.len(),
        origin: verifier.origin().to_owned(),
        size: signed.size,
        root: signed.root,
        opened_at: counted.opened_at,
        decided_at: counted.decided_at,
        corrections: counted.corrections,
        refused: counted.refused,
    })
}

/// Checks that one event is, byte for byte, event `seq` of the signed tree.
fn included(proved: &ProvedEvent, size: u64, root: &Hash) -> Result<(), EventFailure> {
    let event = &proved.event;
    if event.computed_hash() != event.hash {
        return Err(EventFailure::ContentChanged);
    }
    let entry = tree::entry(event).map_err(|_| EventFailure::BadHash)?;
    let leaf = tree::leaf_hash(&entry);
    if proved.leaf_hash != encode(&leaf) {
        return Err(EventFailure::LeafMismatch);
    }
    if event.seq == 0 || event.seq > size {
        return Err(EventFailure::BeyondCheckpoint { size });
    }
    let path = proved
        .proof
        .iter()
        .enumerate()
        .map(|(index, text)| {
            BASE64
                .decode(text)
                .ok()
                .and_then(|bytes| Hash::try_from(bytes.as_slice()).ok())
                .ok_or(EventFailure::BadProofHash(index + 1))
        })
        .collect::<Result<Vec<Hash>, EventFailure>>()?;
    tree::verify_inclusion(&path, size, root, event.seq, &leaf)
        .map_err(|_| EventFailure::NotIncluded { size })
}

/// Where a vote stands, as its events are read in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    NotOpened,
    Open,
    Locked,
    Decided,
}

/// The vote folded from its events: the engine's rules for one vote (ballots only while open, the last
/// ballot of a state counts, a correction only after the result).
#[derive(Debug)]
struct VoteFold<'a> {
    meeting: &'a str,
    vote: &'a str,
    stage: Stage,
    question: Question,
    method: Method,
    ballots: BTreeMap<StateRef, Choice>,
    corrections: Vec<(StateRef, Choice)>,
    refused: usize,
    opened_at: String,
    decided_at: String,
}

impl<'a> VoteFold<'a> {
    fn new(meeting: &'a str, vote: &'a str) -> VoteFold<'a> {
        VoteFold {
            meeting,
            vote,
            stage: Stage::NotOpened,
            question: Question::Proposal,
            method: Method::default(),
            ballots: BTreeMap::new(),
            corrections: Vec::new(),
            refused: 0,
            opened_at: String::new(),
            decided_at: String::new(),
        }
    }

    fn apply(&mut self, stored: &StoredEvent) -> Result<(), EventFailure> {
        let expected_stream = format!("meeting/{}", self.meeting);
        if stored.stream != expected_stream {
            return Err(EventFailure::OtherStream {
                found: stored.stream.clone(),
                expected: expected_stream,
            });
        }
        let fact: Fact = serde_json::from_str(&stored.payload)
            .map_err(|error| EventFailure::NotAMeetingEvent(error.to_string()))?;
        let Fact::Meeting { meeting, event } = fact else {
            return Err(EventFailure::NotAMeetingEvent(format!("a {} fact", fact.kind())));
        };
        if meeting != self.meeting {
            return Err(EventFailure::OtherMeeting(meeting));
        }
        if event.name() != stored.kind {
            return Err(EventFailure::KindMismatch(event.name()));
        }
        match event.vote() {
            Some(vote) if vote == self.vote => {}
            found => {
                return Err(EventFailure::OtherVote {
                    expected: self.vote.to_owned(),
                    found: found.map_or_else(|| "no vote".to_owned(), |vote| format!("vote {vote:?}")),
                });
            }
        }
        let out_of_order = |why: &str| Err(EventFailure::OutOfProcedure(why.to_owned()));
        match (&event, self.stage) {
            (Event::VoteOpened { question, method, .. }, Stage::NotOpened) => {
                self.question = question.clone();
                self.method = *method;
                self.opened_at.clone_from(&stored.recorded_at);
                self.stage = Stage::Open;
            }
            (Event::VoteOpened { .. }, _) => return out_of_order("the vote was already opened"),
            (_, Stage::NotOpened) => {
                return out_of_order(
                    "it comes before the vote was opened (the file must begin with vote_opened)",
                );
            }
            (Event::BallotCast { state, choice, .. }, Stage::Open) => {
                // While the vote is open a member may change its vote; the latest counts.
                self.ballots.insert(state.clone(), *choice);
            }
            (Event::BallotCast { .. }, _) => {
                return out_of_order("a ballot after the vote was locked, which the engine never records");
            }
            (Event::BallotRefused { .. }, _) => self.refused += 1,
            (Event::VoteLocked { .. }, Stage::Open) => self.stage = Stage::Locked,
            (Event::VoteLocked { .. }, _) => return out_of_order("the vote was already locked"),
            (Event::VoteDecided { .. }, Stage::Locked) => {
                self.decided_at.clone_from(&stored.recorded_at);
                self.stage = Stage::Decided;
            }
            (Event::VoteDecided { .. }, Stage::Open) => return out_of_order("a decision before the lock"),
            (Event::VoteDecided { .. }, _) => return out_of_order("the vote was already decided"),
            (Event::CorrectionNoted { state, intended, .. }, Stage::Decided) => {
                self.corrections.push((state.clone(), *intended));
            }
            (Event::CorrectionNoted { .. }, _) => return out_of_order("a correction before the result"),
            _ => return out_of_order("not an event of a vote"),
        }
        Ok(())
    }

    fn finish(self) -> Result<VoteFold<'a>, ProofFailure> {
        match self.stage {
            Stage::NotOpened => Err(ProofFailure::Missing("vote_opened")),
            Stage::Open => Err(ProofFailure::Missing("vote_locked")),
            Stage::Locked => Err(ProofFailure::Missing("vote_decided")),
            Stage::Decided => Ok(self),
        }
    }

    fn tally(&self) -> (u32, u32, u32) {
        let count = |wanted: Choice| {
            u32::try_from(self.ballots.values().filter(|choice| **choice == wanted).count())
                .unwrap_or(u32::MAX)
        };
        (count(Choice::Yes), count(Choice::No), count(Choice::Abstain))
    }
}

#[cfg(test)]
mod tests {
    use plenary_core::procedure::{Record, parse_log};

    use super::*;
    use crate::checkpoint::LogKey;
    use crate::envelope::GENESIS;
    use crate::state::State;
    use crate::tree::LogTree;

    const THE_2017_PLENARY: &str = include_str!("../../../data/meetings/2017-plenary-torture.jsonl");

    fn key() -> LogKey {
        LogKey::from_seed("plenary.test/record", &[42; 32]).expect("a key")
    }

    /// The 2017 plenary as a sealed log, folded, with its tree.
    fn the_2017_log() -> (Vec<StoredEvent>, State, LogTree) {
        let mut events = Vec::new();
        let mut previous = GENESIS.to_owned();
        for (index, logged) in parse_log(THE_2017_PLENARY).expect("the shipped log").into_iter().enumerate() {
            let fact = Fact::Meeting { meeting: "ga-72-73".into(), event: logged.event };
            let event = StoredEvent::seal(
                index as u64 + 1,
                fact.stream(),
                fact.kind().to_owned(),
                serde_json::to_string(&fact).expect("JSON"),
                "2017-12-19T15:00:00.000Z".into(),
                "secretariat".into(),
                previous,
            );
            previous = event.hash.clone();
            events.push(event);
        }
        let mut state = State::default();
        for event in &events {
            state.apply(event).expect("applies");
        }
        let tree = LogTree::over(&events).expect("a tree");
        (events, state, tree)
    }

    /// The proof of vote `vote` of the 2017 plenary, in the tree of the whole log, as the server builds it.
    fn proof_of(vote: &str) -> VoteProof {
        let (events, state, tree) = the_2017_log();
        let size = tree.size();
        let signed = key().sign(size, tree.root(size).expect("a root"));
        let entry = &state.meetings["ga-72-73"];
        let result = entry.meeting.vote(vote).and_then(|vote| vote.result).expect("decided");
        let text = Record::of(&entry.meeting)
            .items
            .iter()
            .flat_map(|item| &item.entries)
            .find(|record| record.vote.as_ref().is_some_and(|record| record.id == vote))
            .map(|record| record.text.clone())
            .expect("the vote's sentence");
        let proved = entry
            .vote_events(vote)
            .map(|(seq, _)| {
                let path = tree.inclusion_proof(seq, size).expect("a proof");
                ProvedEvent::new(events[seq as usize - 1].clone(), &path).expect("a proved event")
            })
            .collect();
        let question = entry.meeting.vote(vote).map(|vote| vote.question.to_string()).unwrap_or_default();
        VoteProof {
            format: FORMAT.into(),
            version: VERSION,
            meeting: "ga-72-73".into(),
            vote: vote.into(),
            log: LogInfo { origin: key().origin().into(), key: key().verifier_key().into() },
            checkpoint: CheckpointInfo {
                size,
                root: encode(&signed.root),
                recorded_at: "2017-12-19T15:00:10.000Z".into(),
                note: signed.note,
            },
            summary: Summary {
                question,
                method: Method::Recorded,
                text,
                yes: result.tally.yes,
                no: result.tally.no,
                abstain: result.tally.abstain,
                outcome: if result.outcome.is_adopted() { "adopted" } else { "rejected" }.into(),
            },
            events: proved,
            not_yet_covered: Vec::new(),
        }
    }

    fn first_ballot_of(proof: &VoteProof, state: &str) -> usize {
        proof
            .events
            .iter()
            .position(|proved| {
                proved.event.kind == "ballot_cast" && proved.event.payload.contains(&format!("\"{state}\""))
            })
            .expect("the state's ballot")
    }

    #[test]
    fn the_real_roll_call_6004_is_proved_from_its_events() {
        let proof = proof_of("6004");
        let proved = verify(&proof, &key().verifier()).expect("the proof holds");
        assert_eq!((proved.yes, proved.no, proved.abstain, proved.voters), (108, 18, 32, 158));
        assert_eq!(proved.events, 161, "opened, 158 ballots, locked, decided");
        assert_eq!(proved.question, Question::Part(plenary_core::procedure::Part::Preambular(7)));
        assert_eq!((proved.origin.as_str(), proved.size), ("plenary.test/record", 336));
        assert!(proof.summary.text.contains("108 to 18, with 32 abstentions"), "{}", proof.summary.text);
        // It reads back from its JSON as it was written.
        let json = serde_json::to_string(&proof).expect("JSON");
        assert_eq!(serde_json::from_str::<VoteProof>(&json).expect("reads"), proof);
        assert!(json.contains("\"seq\":") && json.contains("\"prev_hash\":"), "the events' fields, flat");
    }

    #[test]
    fn a_flipped_ballot_is_named_whether_or_not_its_hash_was_recomputed() {
        let mut proof = proof_of("6004");
        let sudan = first_ballot_of(&proof, "SDN");
        let seq = proof.events[sudan].event.seq;
        let event = &mut proof.events[sudan].event;
        event.payload = event.payload.replace("\"no\"", "\"yes\"");
        assert_eq!(
            verify(&proof, &key().verifier()),
            Err(ProofFailure::Event {
                seq,
                kind: "ballot_cast".into(),
                failure: EventFailure::ContentChanged
            })
        );
        // Resealed: the hash matches the forged content, but that leaf is not in the signed tree.
        let event = &mut proof.events[sudan].event;
        event.hash = event.computed_hash();
        proof.events[sudan].leaf_hash =
            encode(&tree::leaf_hash(&tree::entry(&proof.events[sudan].event).expect("an entry")));
        let failure = verify(&proof, &key().verifier()).expect_err("refused");
        assert_eq!(
            failure,
            ProofFailure::Event {
                seq,
                kind: "ballot_cast".into(),
                failure: EventFailure::NotIncluded { size: 336 }
            }
        );
        assert!(failure.to_string().starts_with(&format!("event {seq} (ballot_cast): ")), "{failure}");
    }

    #[test]
    fn another_key_a_changed_proof_hash_and_an_edited_checkpoint_are_named() {
        let proof = proof_of("6004");
        let other = LogKey::from_seed("plenary.test/record", &[7; 32]).expect("a key");
        assert!(matches!(
            verify(&proof, &other.verifier()),
            Err(ProofFailure::Checkpoint(CheckpointError::NotSignedByKey { .. }))
        ));

        let mut altered = proof.clone();
        let last = altered.events.len() - 1;
        let seq = altered.events[last].event.seq;
        let mut bytes = BASE64.decode(&altered.events[last].proof[0]).expect("base64");
        bytes[0] ^= 1;
        altered.events[last].proof[0] = BASE64.encode(bytes);
        assert_eq!(
            verify(&altered, &key().verifier()),
            Err(ProofFailure::Event {
                seq,
                kind: "vote_decided".into(),
                failure: EventFailure::NotIncluded { size: 336 }
            })
        );

        let mut resized = proof.clone();
        resized.checkpoint.note = resized.checkpoint.note.replacen("\n336\n", "\n337\n", 1);
        assert!(matches!(
            verify(&resized, &key().verifier()),
            Err(ProofFailure::Checkpoint(CheckpointError::BadSignature(_)))
        ));
        let mut claimed = proof;
        claimed.checkpoint.size = 400;
        assert!(matches!(
            verify(&claimed, &key().verifier()),
            Err(ProofFailure::CheckpointField { field: "size", .. })
        ));
    }

    #[test]
    fn events_of_another_vote_a_missing_decision_and_a_false_summary_are_refused() {
        let proof = proof_of("6004");
        // A ballot of 6005 slipped in among 6004's, in log order: a real event, in the log, of another vote.
        let other = proof_of("6005");
        let mut mixed = proof.clone();
        let foreign = other.events[1].clone();
        let seq = foreign.event.seq;
        mixed.events.insert(mixed.events.len() - 2, foreign);
        mixed.events.sort_by_key(|proved| proved.event.seq);
        assert!(matches!(
            verify(&mixed, &key().verifier()),
            Err(ProofFailure::Event { seq: found, failure: EventFailure::OtherVote { .. }, .. }) if found == seq
        ));

        let mut undecided = proof.clone();
        undecided.events.pop();
        assert_eq!(verify(&undecided, &key().verifier()), Err(ProofFailure::Missing("vote_decided")));

        // Sudan's ballot left out: every remaining event is in the log, but the count is not the summary's.
        let mut short = proof.clone();
        short.events.remove(first_ballot_of(&short, "SDN"));
        assert_eq!(
            verify(&short, &key().verifier()),
            Err(ProofFailure::SummaryDisagrees { said: "108, 18, 32".into(), counted: "108, 17, 32".into() })
        );

        let mut reversed = proof;
        reversed.events.swap(0, 1);
        assert!(matches!(verify(&reversed, &key().verifier()), Err(ProofFailure::OutOfOrder { .. })));
    }
}
