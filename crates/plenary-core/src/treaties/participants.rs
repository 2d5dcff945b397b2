//! The participants of the treaties: the UN Treaty Collection's spellings mapped explicitly to codes.
//!
//! A participant is a member state or an observer state (its ISO 3166-1 alpha-3 code, as in
//! [`crate::states`]) or one of the few other participants the human rights treaties have: the Cook Islands
//! and Niue (states in free association with New Zealand, not members of the United Nations) and the
//! European Union (a regional integration organisation, party to the disabilities convention).
//!
//! The mapping from UNTC's spellings is exact and explicit: a spelling is the state's UN name, or one of the
//! few spellings in [`UNTC_SPELLINGS`]. Nothing is guessed, because attributing a ratification to the wrong
//! state is worse than refusing an unknown name (the test over the shipped data fails on any name that does
//! not map).

use serde::Serialize;

use crate::states::{self, MemberState, RegionalGroup, StateStatus};

/// What kind of participant a code names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ParticipantKind {
    /// One of the 193 member states.
    Member,
    /// A non-member observer state (the Holy See, the State of Palestine).
    Observer,
    /// A state that is neither (the Cook Islands, Niue).
    OtherState,
    /// An international organisation (the European Union).
    Organisation,
}

/// A participant: its code, its name as the UN writes it, what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Participant {
    pub code: &'static str,
    pub name: &'static str,
    pub kind: ParticipantKind,
}

impl Participant {
    fn of_state(state: &'static MemberState) -> Participant {
        let kind = match state.status {
            StateStatus::Member => ParticipantKind::Member,
            StateStatus::Observer => ParticipantKind::Observer,
        };
        Participant { code: &state.iso3, name: &state.name, kind }
    }

    /// The regional group the participant is counted in: a member's first (Türkiye, which takes part in
    /// two, is counted in the Asia-Pacific Group, where it is a member; it takes part in WEOG for
    /// elections only); none for the others.
    pub fn regional_group(&self) -> Option<RegionalGroup> {
        states::by_iso3(self.code).and_then(|state| state.regional_groups.first().copied())
    }

    pub fn is_member(&self) -> bool {
        self.kind == ParticipantKind::Member
    }
}

/// The participants that are neither member nor observer states.
pub const OTHER_PARTICIPANTS: [Participant; 3] = [
    Participant { code: "COK", name: "Cook Islands", kind: ParticipantKind::OtherState },
    // The European Union has no ISO 3166-1 alpha-3 code; EUU is the code the World Bank and the UN's SDG
    // database give it.
    Participant { code: "EUU", name: "European Union", kind: ParticipantKind::Organisation },
    Participant { code: "NIU", name: "Niue", kind: ParticipantKind::OtherState },
];

/// The UN Treaty Collection's spellings that are not the UN name of the state they name.
pub const UNTC_SPELLINGS: [(&str, &str); 5] = [
    ("Bahamas (The)", "BHS"),
    ("Czech Republic", "CZE"),
    ("St. Kitts and Nevis", "KNA"),
    ("St. Lucia", "LCA"),
    ("St. Vincent and the Grenadines", "VCT"),
];

/// The participant UNTC names `name` (its spelling, footnote numbers removed), if the spelling is known.
pub fn by_untc_name(name: &str) -> Option<Participant> {
    let name = name.trim();
    if let Some((_, code)) = UNTC_SPELLINGS.iter().find(|(spelling, _)| *spelling == name) {
        return by_code(code);
    }
    if let Some(state) = states::all().iter().find(|state| state.name == name) {
        return Some(Participant::of_state(state));
    }
    OTHER_PARTICIPANTS.into_iter().find(|participant| participant.name == name)
}

/// The participant with this code (in any case).
pub fn by_code(code: &str) -> Option<Participant> {
    let code = code.trim();
    if let Some(state) = states::by_iso3(code) {
        return Some(Participant::of_state(state));
    }
    OTHER_PARTICIPANTS.into_iter().find(|participant| participant.code.eq_ignore_ascii_case(code))
}

/// Every participant the register can name: the members and observers in UN order, then the others.
pub fn all() -> impl Iterator<Item = Participant> {
    states::all().iter().map(Participant::of_state).chain(OTHER_PARTICIPANTS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untc_spellings_map_to_the_states_they_name() {
        assert_eq!(by_untc_name("Czech Republic").map(|p| p.name), Some("Czechia"));
        assert_eq!(by_untc_name("Bahamas (The)").map(|p| p.code), Some("BHS"));
        assert_eq!(by_untc_name("Denmark").map(|p| p.code), Some("DNK"));
        assert_eq!(
            by_untc_name("Türkiye").map(|p| p.regional_group()),
            Some(Some(RegionalGroup::AsiaPacific))
        );
    }

    #[test]
    fn non_members_stay_participants_of_their_kind() {
        assert_eq!(by_untc_name("Holy See").map(|p| p.kind), Some(ParticipantKind::Observer));
        assert_eq!(by_untc_name("State of Palestine").map(|p| p.code), Some("PSE"));
        assert_eq!(by_untc_name("Niue").map(|p| p.kind), Some(ParticipantKind::OtherState));
        assert_eq!(by_code("euu").map(|p| p.kind), Some(ParticipantKind::Organisation));
    }

    #[test]
    fn a_name_no_participant_bears_is_not_guessed() {
        assert_eq!(by_untc_name("Czechoslovakia"), None);
        assert_eq!(by_untc_name("Guinea Bissau"), None);
        assert_eq!(by_code("YUG"), None);
    }
}
