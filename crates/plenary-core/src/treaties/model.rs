//! The values of the treaty register: what a treaty is, what a participant did, what it declared.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// A treaty's short id, as the UN Treaty Collection data names it: `cat`, `cat_op`, `iccpr`, `crc_op_ac`.
/// Lower-case ASCII letters, digits and underscores, 1 to 32 of them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "cat"))]
pub struct TreatyId(String);

impl TreatyId {
    pub const MAX_LEN: usize = 32;

    /// Reads an id, refusing anything that is not one.
    pub fn parse(id: &str) -> Result<TreatyId, String> {
        let well_formed = !id.is_empty()
            && id.len() <= Self::MAX_LEN
            && id.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_');
        if well_formed {
            Ok(TreatyId(id.to_owned()))
        } else {
            Err(format!(
                "{id:?} is not a treaty id (lower-case letters, digits and _, at most {} characters, e.g. cat)",
                Self::MAX_LEN
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TreatyId {
    type Error = String;
    fn try_from(id: String) -> Result<Self, String> {
        TreatyId::parse(&id)
    }
}

impl From<TreatyId> for String {
    fn from(id: TreatyId) -> String {
        id.0
    }
}

impl fmt::Display for TreatyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A treaty deposited with the Secretary-General.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Treaty {
    pub id: TreatyId,
    /// Its number in the UN Treaty Collection ("Multilateral Treaties Deposited with the
    /// Secretary-General"): `IV-9`.
    pub mtdsg_no: String,
    /// The chapter of that collection: `IV` (human rights).
    pub chapter: String,
    /// The full title: "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or
    /// Punishment".
    pub title: String,
    /// The name people use: "Convention against Torture".
    pub short_name: String,
    /// The abbreviation: `CAT`, `OPCAT`.
    pub abbreviation: String,
    /// Where it was opened for signature: "New York".
    pub place: String,
    /// The day the General Assembly adopted it.
    #[serde(with = "crate::dates::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub adopted: Date,
    /// The resolution that adopted it: `A/RES/39/46`.
    pub adopted_by: String,
    /// The treaty this one is a protocol to, if any: an optional protocol enters into force no earlier than
    /// its parent.
    pub protocol_to: Option<TreatyId>,
    /// When it enters into force, generally and for a state that joins later.
    pub entry_into_force: EntryIntoForce,
}

/// A treaty's entry-into-force clause, e.g. CAT article 27: "on the thirtieth day after the date of the
/// deposit … of the twentieth instrument of ratification or accession" and, for a state that joins later,
/// "on the thirtieth day after the date of the deposit of its own instrument".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntryIntoForce {
    /// The article that says so: 27 for CAT.
    pub article: u16,
    /// How many instruments of ratification or accession bring the treaty into force.
    pub instruments: u16,
    /// How long after the last of those the treaty enters into force.
    pub delay: Delay,
    /// How long after its own deposit the treaty enters into force for a state that joins once it is in force
    /// (one month for the two 2000 protocols to the children's convention, where the general delay is three).
    pub delay_for_later: Delay,
    /// The day it entered into force, as the depositary records it. The rule applied to the instruments in
    /// the register gives the same day unless an early instrument was deposited by a state that no longer
    /// exists (the German Democratic Republic, Czechoslovakia), whose rows the status pages no longer list.
    #[serde(with = "crate::dates::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
}

/// The time between a deposit and entry into force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "count", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Delay {
    /// "On the thirtieth day after the date of the deposit": the deposit's date plus that many days.
    DaysAfter(u16),
    /// "Three months after the date of the deposit": the same day that many months later (the month's last
    /// day when it has no such day).
    MonthsAfter(u8),
    /// "On the first day of the month following a period of three months after the date of the deposit"
    /// (the Migrant Workers Convention, article 87).
    FirstOfMonthFollowingMonths(u8),
}

impl Delay {
    /// The day a deposit made on `deposit` takes effect.
    pub fn after(self, deposit: Date) -> Date {
        match self {
            Delay::DaysAfter(days) => deposit.saturating_add(time::Duration::days(i64::from(days))),
            Delay::MonthsAfter(months) => add_months(deposit, months),
            Delay::FirstOfMonthFollowingMonths(months) => {
                let later = add_months(deposit, months);
                let (year, month) = match later.month() {
                    Month::December => (later.year() + 1, Month::January),
                    month => (later.year(), month.next()),
                };
                Date::from_calendar_date(year, month, 1).unwrap_or(later)
            }
        }
    }
}

/// `date` plus `months` calendar months, clamped to the month's last day (31 January + 1 month is
/// 28 or 29 February).
fn add_months(date: Date, months: u8) -> Date {
    let zero_based = i32::from(u8::from(date.month())) - 1 + i32::from(months);
    let year = date.year() + zero_based.div_euclid(12);
    let month =
        Month::try_from(u8::try_from(zero_based.rem_euclid(12) + 1).unwrap_or(1)).unwrap_or(Month::January);
    let last_day = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, date.day().min(last_day)).unwrap_or(date)
}

/// The six ways the UN Treaty Collection records a state's consent to be bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ConsentKind {
    Ratification,
    Accession,
    Succession,
    Acceptance,
    Approval,
    /// What an international organisation deposits in place of a ratification (the European Union to the
    /// disabilities convention).
    FormalConfirmation,
}

impl ConsentKind {
    pub const ALL: [ConsentKind; 6] = [
        ConsentKind::Ratification,
        ConsentKind::Accession,
        ConsentKind::Succession,
        ConsentKind::Acceptance,
        ConsentKind::Approval,
        ConsentKind::FormalConfirmation,
    ];

    /// The word as the UN Treaty Collection writes it: "ratification", "formal confirmation".
    pub fn name(self) -> &'static str {
        match self {
            ConsentKind::Ratification => "ratification",
            ConsentKind::Accession => "accession",
            ConsentKind::Succession => "succession",
            ConsentKind::Acceptance => "acceptance",
            ConsentKind::Approval => "approval",
            ConsentKind::FormalConfirmation => "formal confirmation",
        }
    }

    /// Reads [`ConsentKind::name`] back (or its snake-case form).
    pub fn parse(name: &str) -> Option<ConsentKind> {
        let name = name.trim().replace('_', " ");
        ConsentKind::ALL.into_iter().find(|kind| kind.name().eq_ignore_ascii_case(&name))
    }
}

/// What a participant did with a treaty, on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ActionKind {
    /// Signed it (not yet bound).
    Signature,
    /// A successor state took over its predecessor's signature.
    SuccessionToSignature,
    /// Consented to be bound, in one of the six forms.
    Consent { consent: ConsentKind },
    /// Denounced or withdrew from it; it stops binding the state on `effective` (for the optional protocol to
    /// the civil and political covenant, three months after the notification).
    Denunciation {
        #[serde(with = "crate::dates::iso_date")]
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
        effective: Date,
    },
}

impl ActionKind {
    /// The action in words: "signature", "ratification", "denunciation".
    pub fn name(&self) -> &'static str {
        match self {
            ActionKind::Signature => "signature",
            ActionKind::SuccessionToSignature => "succession to signature",
            ActionKind::Consent { consent } => consent.name(),
            ActionKind::Denunciation { .. } => "denunciation",
        }
    }
}

/// One action of one participant under one treaty: the unit the log records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TreatyAction {
    pub treaty: TreatyId,
    /// The participant's code (see [`super::participants`]): ISO 3166 alpha-3 for a state, `EUU` for the
    /// European Union.
    pub participant: String,
    /// The day the instrument was signed or deposited (for a denunciation, notified).
    #[serde(with = "crate::dates::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    #[serde(flatten)]
    pub kind: ActionKind,
}

/// Where in the UN Treaty Collection's status page a text stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DeclarationSection {
    /// "Declarations and Reservations" (made upon signature, ratification, accession or succession).
    DeclarationsAndReservations,
    /// Declarations recognising a committee's competence (CAT articles 21 and 22).
    DeclarationsUnderArticles,
    /// Objections to other participants' reservations.
    Objections,
    /// The page's end notes about the participant (successions, withdrawals of reservations, denunciations).
    Notes,
}

impl DeclarationSection {
    pub const ALL: [DeclarationSection; 4] = [
        DeclarationSection::DeclarationsAndReservations,
        DeclarationSection::DeclarationsUnderArticles,
        DeclarationSection::Objections,
        DeclarationSection::Notes,
    ];

    /// The id the shipped data uses: `declarations_and_reservations`.
    pub fn id(self) -> &'static str {
        match self {
            DeclarationSection::DeclarationsAndReservations => "declarations_and_reservations",
            DeclarationSection::DeclarationsUnderArticles => "declarations_under_articles",
            DeclarationSection::Objections => "objections",
            DeclarationSection::Notes => "notes",
        }
    }

    pub fn parse(id: &str) -> Option<DeclarationSection> {
        DeclarationSection::ALL.into_iter().find(|section| section.id() == id)
    }

    /// The heading people read: "Declarations and reservations".
    pub fn heading(self) -> &'static str {
        match self {
            DeclarationSection::DeclarationsAndReservations => "Declarations and reservations",
            DeclarationSection::DeclarationsUnderArticles => {
                "Declarations recognising the committee's competence"
            }
            DeclarationSection::Objections => "Objections",
            DeclarationSection::Notes => "Notes",
        }
    }
}

/// A declaration, reservation, objection or note of one participant under one treaty, with its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Declaration {
    pub treaty: TreatyId,
    pub participant: String,
    pub section: DeclarationSection,
    /// The date the text carries, where it carries one. Left out of the fact when there is none: a fact's
    /// JSON is read through the internally tagged `Fact`, whose buffered `null` the date format's reader
    /// does not take.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::dates::iso_date::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub date: Option<Date>,
    pub text: String,
    /// What it says about the optional procedures: accepted, excluded, postponed, withdrawn.
    pub procedures: Vec<super::procedures::ProcedureStance>,
}
