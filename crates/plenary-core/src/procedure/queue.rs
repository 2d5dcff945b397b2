//! The order of questions: which question the body takes up next, and which earlier decisions made moot.
//!
//! The order is the specification's, kept in one function ([`order`]) so that it can be changed in one
//! place:
//! 1. procedural motions, in the precedence of rule 79 / 119;
//! 2. motions for division that drew an objection (rule 89 / 129): if one fails, its parts are not voted on
//!    separately;
//! 3. amendments, in the chair's order (the one furthest removed in substance first; rule 90 / 130), each
//!    preceded by the amendments to it;
//! 4. the parts voted on separately, in the order of the text;
//! 5. the draft as a whole, as amended.
//!
//! A question made moot by an earlier decision is "not put to the vote" and recorded so; a draft whose
//! every operative paragraph failed is rejected as a whole with no final vote.

use std::collections::BTreeSet;

use serde::Serialize;

use super::error::ProcedureError;
use super::event::{AmendmentAction, Part, Question};
use super::majority::Outcome;
use super::meeting::{Amendment, Item};

/// How a question was settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Decision {
    /// Adopted without a vote: nobody asked for one.
    WithoutVote,
    ByVote {
        vote: String,
        outcome: Outcome,
    },
    /// Not put to the vote, because an earlier decision made it moot.
    NotPutToVote {
        because: NotPutBecause,
    },
    /// The draft as a whole, when every one of its operative paragraphs failed: rejected, and no final vote
    /// is taken.
    NoOperativeParagraphRemains,
}

/// Why a question was not put to the vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "because", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum NotPutBecause {
    /// The adoption of this amendment necessarily excluded it (rule 90 / 130).
    ExcludedBy { amendment: String },
    /// The amendment it amended was withdrawn.
    ParentWithdrawn { amendment: String },
    /// The paragraph was deleted by this amendment, so there is nothing left to retain.
    PartDeletedBy { amendment: String },
    /// A motion that ends consideration of the draft (adjourn the debate, no action) was adopted.
    ConsiderationEnded { motion: String },
}

/// Every question under the item, decided or not, in the order the body takes them up.
pub fn order(item: &Item) -> Vec<Question> {
    let Some(draft) = &item.draft else { return Vec::new() };
    let mut questions = Vec::new();

    let mut motions: Vec<_> = item.motions.iter().collect();
    motions.sort_by_key(|motion| motion.kind);
    questions.extend(motions.into_iter().map(|motion| Question::Motion(motion.id.clone())));

    let objected = item.divisions.iter().filter(|division| division.objected_by.is_some());
    questions.extend(objected.map(|division| Question::Division(division.id.clone())));

    for id in amendments_to_the_draft_in_order(item) {
        push_amendment_after_its_amendments(item, id, &mut questions);
    }

    let mut parts = BTreeSet::new();
    for division in &item.divisions {
        let in_effect = division.objected_by.is_none()
            || item
                .decision(&Question::Division(division.id.clone()))
                .is_some_and(|decision| decision.adopted());
        if in_effect {
            parts.extend(division.parts.iter().copied().filter(|part| draft.has_part(*part)));
        }
    }
    questions.extend(parts.into_iter().map(Question::Part));

    questions.push(Question::Proposal);
    questions
}

/// The next question to take up, once moot questions have been set aside by [`settle`].
pub fn next_question(item: &Item) -> Option<Question> {
    order(item).into_iter().find(|question| item.decision(question).is_none())
}

/// Records, in order, every question at the head of the queue that earlier decisions made moot, and the
/// rejection of a draft left with no operative paragraph; stops at the first question the body must take up.
pub fn settle(item: &mut Item) {
    while let Some(question) = next_question(item) {
        if let Some(because) = moot(item, &question) {
            item.record_decision(question, Decision::NotPutToVote { because });
        } else if question == Question::Proposal && no_operative_paragraph_remains(item) {
            item.record_decision(question, Decision::NoOperativeParagraphRemains);
        } else {
            break;
        }
    }
}

/// Refuses to take up a question that is not the next one.
pub fn check_is_next(item: &Item, question: &Question) -> Result<(), ProcedureError> {
    if item.draft.is_none() {
        return Err(ProcedureError::NoDraft);
    }
    match item.decision(question) {
        Some(Decision::ByVote { vote, .. }) => {
            return Err(ProcedureError::SecondVoteOnQuestion(vote.clone(), question.clone()));
        }
        Some(_) => return Err(ProcedureError::AlreadyDecided(question.clone())),
        None => {}
    }
    check_is_known(item, question)?;
    match next_question(item) {
        Some(next) if &next == question => Ok(()),
        next => Err(ProcedureError::OutOfOrder {
            question: question.clone(),
            expected: next
                .map_or_else(|| "none: every question has been decided".to_owned(), |next| next.to_string()),
        }),
    }
}

/// Refuses a question that is not among those before the body at all.
pub fn check_is_known(item: &Item, question: &Question) -> Result<(), ProcedureError> {
    if order(item).contains(question) {
        Ok(())
    } else {
        Err(ProcedureError::NotBeforeTheBody(question.clone()))
    }
}

/// Whether the adoption of `adopted` necessarily excludes `other` (rule 90 / 130): both delete or reword
/// the same paragraph of the draft. Additions never exclude each other. This is our reading of the rule;
/// the chair may rule otherwise, and this function is where to teach the engine a different reading.
pub fn excludes(adopted: &Amendment, other: &Amendment) -> bool {
    let alters = |amendment: &Amendment| {
        amendment.amends.is_none()
            && matches!(amendment.action, AmendmentAction::Delete | AmendmentAction::Reword)
    };
    adopted.id != other.id
        && alters(adopted)
        && alters(other)
        && adopted.parts.iter().any(|part| other.parts.contains(part))
}

fn amendments_to_the_draft_in_order(item: &Item) -> Vec<&str> {
    let to_the_draft =
        || item.amendments.iter().filter(|amendment| amendment.amends.is_none() && !amendment.withdrawn);
    let mut ids: Vec<&str> = Vec::new();
    if let Some(order) = &item.amendment_order {
        ids.extend(
            order.iter().map(String::as_str).filter(|id| to_the_draft().any(|amendment| amendment.id == *id)),
        );
    }
    // Amendments submitted after the chair's ruling follow in the order they came in.
    for amendment in to_the_draft() {
        if !ids.contains(&amendment.id.as_str()) {
            ids.push(&amendment.id);
        }
    }
    ids
}

/// An amendment to an amendment is voted on before the amendment it amends.
fn push_amendment_after_its_amendments(item: &Item, id: &str, questions: &mut Vec<Question>) {
    let children = item.amendments.iter().filter(|amendment| amendment.amends.as_deref() == Some(id));
    for child in children {
        if !child.withdrawn {
            push_amendment_after_its_amendments(item, &child.id, questions);
        }
    }
    questions.push(Question::Amendment(id.to_owned()));
}

fn moot(item: &Item, question: &Question) -> Option<NotPutBecause> {
    let adopted = |question: &Question| item.decision(question).is_some_and(|decision| decision.adopted());
    if let Some(motion) = item
        .motions
        .iter()
        .find(|motion| motion.kind.ends_consideration() && adopted(&Question::Motion(motion.id.clone())))
    {
        return Some(NotPutBecause::ConsiderationEnded { motion: motion.id.clone() });
    }
    let adopted_amendments =
        || item.amendments.iter().filter(|amendment| adopted(&Question::Amendment(amendment.id.clone())));
    match question {
        Question::Amendment(id) => {
            let amendment = item.amendment(id)?;
            if let Some(parent) = amendment.amends.as_deref().and_then(|parent| item.amendment(parent)) {
                if parent.withdrawn {
                    return Some(NotPutBecause::ParentWithdrawn { amendment: parent.id.clone() });
                }
            }
            let root = root_of(item, amendment);
            adopted_amendments()
                .find(|earlier| excludes(earlier, root))
                .map(|earlier| NotPutBecause::ExcludedBy { amendment: earlier.id.clone() })
        }
        Question::Part(part) => adopted_amendments()
            .find(|amendment| deletes(amendment, *part))
            .map(|amendment| NotPutBecause::PartDeletedBy { amendment: amendment.id.clone() }),
        Question::Motion(_) | Question::Division(_) | Question::Proposal => None,
    }
}

/// The amendment to the draft that an amendment (to an amendment …) ultimately amends.
fn root_of<'a>(item: &'a Item, amendment: &'a Amendment) -> &'a Amendment {
    let mut root = amendment;
    while let Some(parent) = root.amends.as_deref().and_then(|parent| item.amendment(parent)) {
        root = parent;
    }
    root
}

fn deletes(amendment: &Amendment, part: Part) -> bool {
    amendment.amends.is_none()
        && amendment.action == AmendmentAction::Delete
        && amendment.parts.contains(&part)
}

/// Whether every operative paragraph of the draft has gone, by failing in a separate vote or by deletion.
fn no_operative_paragraph_remains(item: &Item) -> bool {
    let Some(draft) = &item.draft else { return false };
    if draft.operative_paragraphs == 0 {
        return false;
    }
    draft.operative_parts().all(|part| {
        let failed = matches!(item.decision(&Question::Part(part)), Some(decision) if decision.was_put() && !decision.adopted());
        let deleted = item
            .amendments
            .iter()
            .any(|amendment| deletes(amendment, part) && item.decision(&Question::Amendment(amendment.id.clone())).is_some_and(|decision| decision.adopted()));
        failed || deleted
    })
}
