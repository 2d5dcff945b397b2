//! `TreatyRegister`: the treaties, every participant's actions and declarations, folded from the log's
//! facts, and the questions asked of them — who is bound as of a date, since when, who is missing, what
//! changed, who accepts a procedure.
//!
//! Every question takes the date it is asked about: the register holds the whole history, so "as of 19
//! December 2017" is the same walk as "today".

use std::collections::BTreeMap;

use serde::Serialize;
use thiserror::Error;
use time::Date;

use super::participants::{self, Participant, ParticipantKind};
use super::procedures::{Procedure, Stance};
use super::{ActionKind, ConsentKind, Declaration, Treaty, TreatyAction, TreatyId};
use crate::states::RegionalGroup;

/// Why the register refuses a fact. Checked before anything is written; applying a checked fact cannot fail.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RegisterError {
    #[error("the treaty {0} is already in the register")]
    TreatyExists(TreatyId),
    #[error("no treaty {0} in the register")]
    UnknownTreaty(TreatyId),
    #[error("no participant has the code {0:?}")]
    UnknownParticipant(String),
    #[error("{participant}: {action} of {treaty} on {date}, before the treaty was adopted on {adopted}")]
    BeforeAdoption { treaty: TreatyId, participant: String, action: &'static str, date: Date, adopted: Date },
    #[error("{participant} is already bound by {treaty} on {date} (since {since})")]
    AlreadyBound { treaty: TreatyId, participant: String, date: Date, since: Date },
    #[error("{participant} already signed {treaty} (on {signed})")]
    AlreadySigned { treaty: TreatyId, participant: String, signed: Date },
    #[error("{participant} is not bound by {treaty} on {date}: there is nothing to denounce")]
    NotBound { treaty: TreatyId, participant: String, date: Date },
    #[error("a denunciation takes effect on or after its notification ({effective} is before {date})")]
    EffectBeforeNotice { date: Date, effective: Date },
}

/// A participant's standing under one treaty on one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Status {
    /// Consented to be bound (the treaty may not yet be in force for it: see `in_force`).
    Party,
    /// Signed, not (yet) bound.
    Signatory,
    /// Was a party and denounced the treaty.
    Denounced,
    /// Took no action.
    None,
}

impl Status {
    /// The word people read: "party", "signatory", "denounced", "no action".
    pub fn name(self) -> &'static str {
        match self {
            Status::Party => "party",
            Status::Signatory => "signatory",
            Status::Denounced => "denounced",
            Status::None => "no action",
        }
    }

    /// The letter that stands for it on a map, so colour is never the only sign.
    pub fn letter(self) -> &'static str {
        match self {
            Status::Party => "P",
            Status::Signatory => "S",
            Status::Denounced => "D",
            Status::None => "–",
        }
    }
}

/// One participant under one treaty as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Standing {
    pub code: &'static str,
    pub name: &'static str,
    pub kind: ParticipantKind,
    pub status: Status,
    /// The signature standing on the date, if any.
    #[serde(with = "crate::dates::iso_date::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub signature: Option<Date>,
    /// The consent binding it on the date (or, denounced, the last one it gave).
    #[serde(with = "crate::dates::iso_date::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub consent: Option<Date>,
    pub consent_type: Option<ConsentKind>,
    /// The day the treaty entered (or enters) into force for it, by the treaty's rule.
    #[serde(with = "crate::dates::iso_date::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub in_force: Option<Date>,
    /// The day a denunciation took effect.
    #[serde(with = "crate::dates::iso_date::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub denounced: Option<Date>,
}

/// Every member's, observer's and acting participant's standing under a treaty as of a date.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TreatyStatus {
    pub treaty: TreatyId,
    #[serde(with = "crate::dates::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub as_of: Date,
    /// Participants bound on the date (members, observers and others).
    pub parties: usize,
    /// Participants that signed and are not bound.
    pub signatories: usize,
    /// Parties for which the treaty is in force on the date.
    pub in_force_for: usize,
    /// Member states that are parties.
    pub member_parties: usize,
    /// The members and observers in UN order, then the other participants that acted.
    pub states: Vec<Standing>,
}

/// The members not party to a treaty as of a date, by regional group.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Gap {
    pub treaty: TreatyId,
    #[serde(with = "crate::dates::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub as_of: Date,
    /// Members (of 193) that are parties.
    pub member_parties: usize,
    /// Members that are not: signatories first, then those that took no action, each in UN order.
    pub missing: Vec<Standing>,
    pub groups: Vec<GroupGap>,
}

/// One regional group's share of the gap.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupGap {
    pub group: RegionalGroup,
    pub members: usize,
    pub parties: usize,
    pub signatories: usize,
    /// Members that took no action or denounced.
    pub others: usize,
    /// The codes of the members not party, in UN order.
    pub missing: Vec<&'static str>,
}

/// One step of the parties-over-time line: on `date` the count became `parties`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartiesStep {
    #[serde(with = "crate::dates::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    pub parties: usize,
}

/// An action in the register with the participant it names.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    pub treaty: TreatyId,
    pub code: &'static str,
    pub name: &'static str,
    #[serde(with = "crate::dates::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// "signature", "ratification", "denunciation" …
    pub action: &'static str,
    #[serde(flatten)]
    pub kind: ActionKind,
}

/// A participant that accepts a procedure as of a date, and since when.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Acceptance {
    pub code: &'static str,
    pub name: &'static str,
    pub kind: ParticipantKind,
    /// The day the acceptance took effect, where the texts give it (else the consent's).
    #[serde(with = "crate::dates::iso_date::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub since: Option<Date>,
}

/// The treaties and their history. Built only by applying checked facts, in the log's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreatyRegister {
    treaties: BTreeMap<TreatyId, Treaty>,
    /// The treaties in the order they were recorded: the shipped data's, the UN Treaty Collection's.
    order: Vec<TreatyId>,
    /// Per treaty, per participant code, the actions in date order (the log's order among equal dates).
    actions: BTreeMap<TreatyId, BTreeMap<&'static str, Vec<TreatyAction>>>,
    /// Per treaty, per participant code, the declarations in the log's order.
    declarations: BTreeMap<TreatyId, BTreeMap<&'static str, Vec<Declaration>>>,
}

impl TreatyRegister {
    pub fn is_empty(&self) -> bool {
        self.treaties.is_empty()
    }

    /// The treaties in the order they were recorded (the shipped ones in the UN Treaty Collection's order:
    /// CERD, ICESCR, its protocol, ICCPR …).
    pub fn treaties(&self) -> impl Iterator<Item = &Treaty> {
        self.order.iter().filter_map(|id| self.treaties.get(id))
    }

    /// The treaty with this id.
    pub fn treaty(&self, id: &TreatyId) -> Option<&Treaty> {
        self.treaties.get(id)
    }

    /// The treaty whose id is `id`, as text (a request's or a command line's).
    pub fn treaty_named(&self, id: &str) -> Option<&Treaty> {
        TreatyId::parse(id).ok().and_then(|id| self.treaties.get(&id))
    }

    /// A register holding the shipped tables, each treaty, action and declaration checked and applied in
    /// the order the first start records them, as the log's fold does.
    pub fn from_shipped(shipped: super::ShippedTreaties) -> Result<TreatyRegister, RegisterError> {
        let mut register = TreatyRegister::default();
        for treaty in shipped.treaties {
            register.check_treaty(&treaty)?;
            register.add_treaty(treaty);
        }
        for action in shipped.actions {
            register.check_action(&action)?;
            register.add_action(action);
        }
        for declaration in shipped.declarations {
            register.check_declaration(&declaration)?;
            register.add_declaration(declaration);
        }
        Ok(register)
    }

    pub fn check_treaty(&self, treaty: &Treaty) -> Result<(), RegisterError> {
        if self.treaties.contains_key(&treaty.id) {
            return Err(RegisterError::TreatyExists(treaty.id.clone()));
        }
        if let Some(parent) = &treaty.protocol_to {
            if !self.treaties.contains_key(parent) {
                return Err(RegisterError::UnknownTreaty(parent.clone()));
            }
        }
        Ok(())
    }

    pub fn add_treaty(&mut self, treaty: Treaty) {
        self.order.push(treaty.id.clone());
        self.treaties.insert(treaty.id.clone(), treaty);
    }

    /// Whether `action` can join the history: the treaty and the participant exist, the date is not before
    /// the treaty's adoption, and, walked in date order with the participant's other actions, it makes
    /// sense (no second signature, no consent while bound, no denunciation while not bound).
    pub fn check_action(&self, action: &TreatyAction) -> Result<(), RegisterError> {
        let treaty = self
            .treaties
            .get(&action.treaty)
            .ok_or_else(|| RegisterError::UnknownTreaty(action.treaty.clone()))?;
        let participant = participants::by_code(&action.participant)
            .ok_or_else(|| RegisterError::UnknownParticipant(action.participant.clone()))?;
        if action.date < treaty.adopted {
            return Err(RegisterError::BeforeAdoption {
                treaty: treaty.id.clone(),
                participant: participant.name.to_owned(),
                action: action.kind.name(),
                date: action.date,
                adopted: treaty.adopted,
            });
        }
        if let ActionKind::Denunciation { effective } = action.kind {
            if effective < action.date {
                return Err(RegisterError::EffectBeforeNotice { date: action.date, effective });
            }
        }
        let mut timeline = self.actions_of(&action.treaty, participant.code).to_vec();
        let at = timeline.partition_point(|earlier| earlier.date <= action.date);
        timeline.insert(at, action.clone());
        walk(treaty, participant, &timeline).map(|_| ())
    }

    pub fn add_action(&mut self, action: TreatyAction) {
        let Some(participant) = participants::by_code(&action.participant) else { return };
        let timeline =
            self.actions.entry(action.treaty.clone()).or_default().entry(participant.code).or_default();
        let at = timeline.partition_point(|earlier| earlier.date <= action.date);
        timeline.insert(at, action);
    }

    pub fn check_declaration(&self, declaration: &Declaration) -> Result<(), RegisterError> {
        if !self.treaties.contains_key(&declaration.treaty) {
            return Err(RegisterError::UnknownTreaty(declaration.treaty.clone()));
        }
        participants::by_code(&declaration.participant)
            .map(|_| ())
            .ok_or_else(|| RegisterError::UnknownParticipant(declaration.participant.clone()))
    }

    pub fn add_declaration(&mut self, declaration: Declaration) {
        let Some(participant) = participants::by_code(&declaration.participant) else { return };
        self.declarations
            .entry(declaration.treaty.clone())
            .or_default()
            .entry(participant.code)
            .or_default()
            .push(declaration);
    }

    /// A participant's actions under a treaty, in date order.
    pub fn actions_of(&self, treaty: &TreatyId, code: &str) -> &[TreatyAction] {
        self.actions
            .get(treaty)
            .and_then(|by_participant| by_participant.get(code))
            .map_or(&[], Vec::as_slice)
    }

    /// A participant's declarations under a treaty, in the order they were recorded.
    pub fn declarations_of(&self, treaty: &TreatyId, code: &str) -> &[Declaration] {
        self.declarations
            .get(treaty)
            .and_then(|by_participant| by_participant.get(code))
            .map_or(&[], Vec::as_slice)
    }

    /// The day the treaty entered into force by its rule: the deposit of its `instruments`-th instrument of
    /// ratification, accession, acceptance, approval or formal confirmation in the register, plus the
    /// delay, and no earlier than the treaty it is a protocol to. `None` while too few are deposited.
    pub fn entry_into_force_by_rule(&self, treaty: &TreatyId) -> Option<Date> {
        let definition = self.treaties.get(treaty)?;
        let mut deposits: Vec<Date> = self
            .actions
            .get(treaty)?
            .values()
            .flatten()
            .filter(|action| {
                matches!(action.kind, ActionKind::Consent { consent } if consent != ConsentKind::Succession)
            })
            .map(|action| action.date)
            .collect();
        deposits.sort();
        let nth = *deposits.get(usize::from(definition.entry_into_force.instruments).checked_sub(1)?)?;
        let date = definition.entry_into_force.delay.after(nth);
        let parent = definition.protocol_to.as_ref().and_then(|parent| self.treaties.get(parent));
        Some(parent.map_or(date, |parent| date.max(parent.entry_into_force.date)))
    }

    /// The day the treaty enters into force for a participant that consented on `consent` in the form
    /// `kind`: the treaty's own day for an instrument deposited in time to count towards it; for a later one,
    /// the rule for later states (CAT article 27 (2): the thirtieth day after its own deposit). A succession
    /// is taken to apply from the later of the notification and the treaty's entry into force: the
    /// successor is bound from its independence, a date the status pages do not carry.
    pub fn in_force_for(treaty: &Treaty, consent: Date, kind: ConsentKind) -> Date {
        let general = treaty.entry_into_force.date;
        if kind == ConsentKind::Succession {
            return consent.max(general);
        }
        if treaty.entry_into_force.delay.after(consent) <= general {
            general
        } else {
            treaty.entry_into_force.delay_for_later.after(consent).max(general)
        }
    }

    /// One participant's standing under a treaty as of `as_of`.
    pub fn standing(&self, treaty: &Treaty, participant: Participant, as_of: Date) -> Standing {
        let actions = self.actions_of(&treaty.id, participant.code);
        let upto = actions.partition_point(|action| action.date <= as_of);
        let mut position = walk(treaty, participant, &actions[..upto]).unwrap_or_default();
        // A denunciation notified but not yet effective leaves the state bound until it takes effect.
        if let Some((effective, consent)) = position.denouncing {
            if effective > as_of {
                position.consent = Some(consent);
            } else {
                position.denounced = Some(effective);
            }
        }
        let status = if position.consent.is_some() {
            Status::Party
        } else if position.denounced.is_some() {
            Status::Denounced
        } else if position.signature.is_some() {
            Status::Signatory
        } else {
            Status::None
        };
        let consent = position.consent.or(position.last_consent);
        Standing {
            code: participant.code,
            name: participant.name,
            kind: participant.kind,
            status,
            signature: position.signature,
            consent: consent.map(|(date, _)| date),
            consent_type: consent.map(|(_, kind)| kind),
            in_force: position.consent.map(|(date, kind)| Self::in_force_for(treaty, date, kind)),
            denounced: position.denounced,
        }
    }

    /// Every member's and observer's standing (UN order), then the other participants that acted.
    pub fn status(&self, treaty: &Treaty, as_of: Date) -> TreatyStatus {
        let acted = self.actions.get(&treaty.id);
        let states: Vec<Standing> = participants::all()
            .filter(|participant| {
                participant.kind != ParticipantKind::OtherState
                    && participant.kind != ParticipantKind::Organisation
                    || acted.is_some_and(|acted| acted.contains_key(participant.code))
            })
            .map(|participant| self.standing(treaty, participant, as_of))
            .collect();
        let parties = states.iter().filter(|standing| standing.status == Status::Party).count();
        TreatyStatus {
            treaty: treaty.id.clone(),
            as_of,
            parties,
            signatories: states.iter().filter(|standing| standing.status == Status::Signatory).count(),
            in_force_for: states
                .iter()
                .filter(|standing| standing.in_force.is_some_and(|day| day <= as_of))
                .count(),
            member_parties: states
                .iter()
                .filter(|standing| {
                    standing.status == Status::Party && standing.kind == ParticipantKind::Member
                })
                .count(),
            states,
        }
    }

    /// The members not party as of `as_of`, and the count per regional group.
    pub fn gap(&self, treaty: &Treaty, as_of: Date) -> Gap {
        let members: Vec<(Participant, Standing)> = participants::all()
            .filter(Participant::is_member)
            .map(|participant| (participant, self.standing(treaty, participant, as_of)))
            .collect();
        let groups = RegionalGroup::ALL
            .into_iter()
            .map(|group| {
                let in_group: Vec<&Standing> = members
                    .iter()
                    .filter(|(participant, _)| participant.regional_group() == Some(group))
                    .map(|(_, standing)| standing)
                    .collect();
                let count =
                    |status: Status| in_group.iter().filter(|standing| standing.status == status).count();
                let (parties, signatories) = (count(Status::Party), count(Status::Signatory));
                GroupGap {
                    group,
                    members: in_group.len(),
                    parties,
                    signatories,
                    others: in_group.len() - parties - signatories,
                    missing: in_group
                        .iter()
                        .filter(|standing| standing.status != Status::Party)
                        .map(|standing| standing.code)
                        .collect(),
                }
            })
            .collect();
        let mut missing: Vec<Standing> = members
            .iter()
            .map(|(_, standing)| standing)
            .filter(|standing| standing.status != Status::Party)
            .cloned()
            .collect();
        missing.sort_by_key(|standing| standing.status != Status::Signatory);
        Gap {
            treaty: treaty.id.clone(),
            as_of,
            member_parties: members.len() - missing.len(),
            missing,
            groups,
        }
    }

    /// The number of parties after every day it changed, oldest first.
    pub fn parties_over_time(&self, treaty: &TreatyId) -> Vec<PartiesStep> {
        let mut deltas: BTreeMap<Date, i64> = BTreeMap::new();
        let (Some(definition), Some(by_participant)) = (self.treaties.get(treaty), self.actions.get(treaty))
        else {
            return Vec::new();
        };
        for (code, actions) in by_participant {
            let Some(participant) = participants::by_code(code) else { continue };
            let Ok(position) = walk(definition, participant, actions) else { continue };
            for (start, end) in position.periods {
                *deltas.entry(start).or_default() += 1;
                if let Some(end) = end {
                    *deltas.entry(end).or_default() -= 1;
                }
            }
        }
        let mut parties: i64 = 0;
        deltas
            .into_iter()
            .filter(|(_, delta)| *delta != 0)
            .map(|(date, delta)| {
                parties += delta;
                PartiesStep { date, parties: usize::try_from(parties).unwrap_or(0) }
            })
            .collect()
    }

    /// Every action dated after `from` and up to `to` (inclusive), of one treaty or all, oldest first.
    pub fn changes(&self, treaty: Option<&TreatyId>, from: Date, to: Date) -> Vec<Change> {
        let mut changes: Vec<Change> = self
            .actions
            .iter()
            .filter(|(id, _)| treaty.is_none_or(|treaty| treaty == *id))
            .flat_map(|(_, by_participant)| by_participant.values().flatten())
            .filter(|action| action.date > from && action.date <= to)
            .filter_map(|action| {
                let participant = participants::by_code(&action.participant)?;
                Some(Change {
                    treaty: action.treaty.clone(),
                    code: participant.code,
                    name: participant.name,
                    date: action.date,
                    action: action.kind.name(),
                    kind: action.kind,
                })
            })
            .collect();
        changes.sort_by(|a, b| {
            (a.date, crate::states::un_order_key(a.name), &a.treaty).cmp(&(
                b.date,
                crate::states::un_order_key(b.name),
                &b.treaty,
            ))
        });
        changes
    }

    /// The parties that accept `procedure` as of `as_of`: for an acceptance by declaration (CAT articles 21
    /// and 22), those whose declarations accept it and have not withdrawn it; for the inquiry procedure
    /// (article 20), every party that has not excluded it, or has withdrawn its exclusion; for OPCAT's
    /// article 24, the parties that made a postponement declaration (`Excludes`).
    pub fn accepting(&self, treaty: &Treaty, procedure: Procedure, as_of: Date) -> Vec<Acceptance> {
        let accepted_by_default = procedure == Procedure::CatInquiry;
        participants::all()
            .filter_map(|participant| {
                let standing = self.standing(treaty, participant, as_of);
                if standing.status != Status::Party {
                    return None;
                }
                let mut stances: Vec<(Option<Date>, Stance)> = self
                    .declarations_of(&treaty.id, participant.code)
                    .iter()
                    .flat_map(|declaration| declaration.procedures.iter())
                    .filter(|stance| stance.procedure == procedure)
                    .filter(|stance| stance.since.is_none_or(|since| since <= as_of))
                    .map(|stance| (stance.since, stance.stance))
                    .collect();
                // Undated stances were made with the consent: they come first.
                stances.sort_by_key(|(since, _)| *since);
                let (mut accepts, mut since) = (accepted_by_default, standing.consent);
                if procedure == Procedure::OpcatPostponement {
                    accepts = false;
                }
                for (date, stance) in stances {
                    let now_accepts = match (procedure, stance) {
                        (Procedure::OpcatPostponement, Stance::Excludes) => true,
                        (Procedure::OpcatPostponement, _) => false,
                        (_, Stance::Accepts | Stance::WithdrawsExclusion) => true,
                        (_, Stance::Excludes | Stance::WithdrawsAcceptance) => false,
                    };
                    if now_accepts && !accepts {
                        since = date.or(standing.consent);
                    }
                    accepts = now_accepts;
                }
                accepts.then_some(Acceptance {
                    code: participant.code,
                    name: participant.name,
                    kind: participant.kind,
                    since,
                })
            })
            .collect()
    }
}

/// What a participant's actions, walked in date order, leave standing.
#[derive(Debug, Clone, Default)]
struct Position {
    signature: Option<Date>,
    /// The consent binding it now.
    consent: Option<(Date, ConsentKind)>,
    /// The consent given before the last denunciation.
    last_consent: Option<(Date, ConsentKind)>,
    /// A denunciation notified: the day it takes effect and the consent it ends.
    denouncing: Option<(Date, (Date, ConsentKind))>,
    denounced: Option<Date>,
    /// The periods it was bound: from a consent to the day a denunciation took effect.
    periods: Vec<(Date, Option<Date>)>,
}

/// Walks a participant's actions in date order, refusing one that makes no sense where it stands.
fn walk(
    treaty: &Treaty,
    participant: Participant,
    actions: &[TreatyAction],
) -> Result<Position, RegisterError> {
    let mut position = Position::default();
    for action in actions {
        let bound_since = position.consent.map(|(since, _)| since);
        match action.kind {
            ActionKind::Signature | ActionKind::SuccessionToSignature => {
                if let Some(signed) = position.signature {
                    return Err(RegisterError::AlreadySigned {
                        treaty: treaty.id.clone(),
                        participant: participant.name.to_owned(),
                        signed,
                    });
                }
                position.signature = Some(action.date);
            }
            ActionKind::Consent { consent } => {
                // Bound, or still bound until a notified denunciation takes effect (Trinidad and Tobago
                // re-acceded to the first optional protocol on the day its denunciation took effect).
                let still_bound = bound_since.or(position
                    .denouncing
                    .filter(|(effective, _)| *effective > action.date)
                    .map(|(_, (since, _))| since));
                if let Some(since) = still_bound {
                    return Err(RegisterError::AlreadyBound {
                        treaty: treaty.id.clone(),
                        participant: participant.name.to_owned(),
                        date: action.date,
                        since,
                    });
                }
                if let Some((effective, _)) = position.denouncing.take() {
                    position.denounced = Some(effective);
                }
                position.consent = Some((action.date, consent));
                position.periods.push((action.date, None));
            }
            ActionKind::Denunciation { effective } => {
                let Some(consent) = position.consent.take() else {
                    return Err(RegisterError::NotBound {
                        treaty: treaty.id.clone(),
                        participant: participant.name.to_owned(),
                        date: action.date,
                    });
                };
                position.last_consent = Some(consent);
                position.denouncing = Some((effective, consent));
                if let Some(period) = position.periods.last_mut() {
                    period.1 = Some(effective);
                }
            }
        }
    }
    // A walk that ends with a denunciation notified keeps its consent in `denouncing`: `standing` decides
    // by the date asked about whether it still binds.
    Ok(position)
}
