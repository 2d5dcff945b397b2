//! The bodies that decide: the Plenary of the General Assembly, its six Main Committees and the Human
//! Rights Council, and the settings where the rules leave a point open.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::event::SpeakerList;
use super::majority::Majority;
use super::wording::capitalised;

/// A body that takes decisions by vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Forum {
    /// The General Assembly in plenary meeting: every member state.
    Plenary,
    /// One of the six Main Committees of the General Assembly (1 to 6): every member state.
    MainCommittee(u8),
    /// The Human Rights Council: 47 members elected for three-year terms; other states observe. It applies
    /// the rules of procedure of the Main Committees.
    HumanRightsCouncil,
}

impl Forum {
    /// The number of seats when no membership list is given: all 193 member states, or the Council's 47.
    pub fn default_size(self) -> u32 {
        match self {
            Forum::Plenary | Forum::MainCommittee(_) => 193,
            Forum::HumanRightsCouncil => 47,
        }
    }

    /// The majority a substantive question needs. Two thirds applies only in the Plenary, to important
    /// questions under Article 18(2), and then also to amendments to them and parts voted separately
    /// (rule 84). Main Committees and the Council always decide by a simple majority.
    pub fn majority(self, important_question: bool) -> Majority {
        match self {
            Forum::Plenary if important_question => Majority::TwoThirds,
            _ => Majority::Simple,
        }
    }

    /// How the record names the body as the subject of a sentence: "The Assembly rejected …".
    pub fn subject(self) -> &'static str {
        match self {
            Forum::Plenary => "The Assembly",
            Forum::MainCommittee(_) => "The Committee",
            Forum::HumanRightsCouncil => "The Council",
        }
    }

    /// The verb for a draft that carries: a Main Committee approves and recommends to the Plenary, which
    /// adopts; the Council adopts its own resolutions.
    pub fn carries_verb(self) -> &'static str {
        match self {
            Forum::MainCommittee(_) => "approved",
            Forum::Plenary | Forum::HumanRightsCouncil => "adopted",
        }
    }

    /// The title of the presiding officer, as the record names them: "the President ruled that …". The
    /// Plenary and the Council have a President, the Main Committees a Chair.
    pub fn presiding_title(self) -> &'static str {
        match self {
            Forum::Plenary | Forum::HumanRightsCouncil => "President",
            Forum::MainCommittee(_) => "Chair",
        }
    }

    /// The rule that requires a majority of the members present for a decision: rule 67 of the Plenary,
    /// rule 108 of the Main Committees (which the Council applies).
    pub fn quorum_rule(self) -> u16 {
        match self {
            Forum::Plenary => 67,
            Forum::MainCommittee(_) | Forum::HumanRightsCouncil => 108,
        }
    }

    /// The full name: "the General Assembly", "the Third Committee", "the Human Rights Council".
    pub fn title(self) -> String {
        match self {
            Forum::Plenary => "the General Assembly".to_owned(),
            Forum::MainCommittee(number) => {
                format!("the {} Committee", capitalised(&committee_ordinal(number)))
            }
            Forum::HumanRightsCouncil => "the Human Rights Council".to_owned(),
        }
    }
}

/// "first" … "sixth"; other numbers are not Main Committees and read as a plain number.
fn committee_ordinal(number: u8) -> String {
    const ORDINALS: [&str; 6] = ["first", "second", "third", "fourth", "fifth", "sixth"];
    ORDINALS
        .get(usize::from(number).wrapping_sub(1))
        .map_or_else(|| number.to_string(), |word| (*word).to_owned())
}

impl fmt::Display for Forum {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Forum::Plenary => formatter.write_str("plenary"),
            Forum::MainCommittee(number) => write!(formatter, "{}-committee", committee_ordinal(*number)),
            Forum::HumanRightsCouncil => formatter.write_str("human-rights-council"),
        }
    }
}

impl From<Forum> for String {
    fn from(forum: Forum) -> String {
        forum.to_string()
    }
}

impl TryFrom<String> for Forum {
    type Error = String;

    fn try_from(text: String) -> Result<Forum, String> {
        text.parse()
    }
}

impl FromStr for Forum {
    type Err = String;

    /// Reads `plenary`, `third-committee` (or `third committee`, `committee-3`, `C.3`) and
    /// `human-rights-council` (or `hrc`), in any case.
    fn from_str(text: &str) -> Result<Forum, String> {
        let key = text.trim().to_ascii_lowercase().replace(['_', ' ', '.'], "-");
        let committee_number = |word: &str| {
            (1..=6u8).find(|&number| committee_ordinal(number) == word || number.to_string() == word)
        };
        let forum = match key.as_str() {
            "plenary" | "general-assembly" | "ga" => Some(Forum::Plenary),
            "hrc" | "human-rights-council" | "council" => Some(Forum::HumanRightsCouncil),
            _ => key
                .strip_suffix("-committee")
                .or_else(|| key.strip_prefix("committee-"))
                .or_else(|| key.strip_prefix("c-"))
                .and_then(committee_number)
                .map(Forum::MainCommittee),
        };
        forum.ok_or_else(|| {
            format!(
                "unknown body {text:?}: expected plenary, first-committee … sixth-committee or human-rights-council"
            )
        })
    }
}

/// The points the rules leave open, each a setting with the default the specification chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Settings {
    /// Article 19 takes the vote from a member in arrears in the General Assembly; in practice the Main
    /// Committees apply it too [M]. Default: yes.
    pub article19_in_main_committees: bool,
    /// The Human Rights Council is not the General Assembly, so Article 19 does not reach it [I]. Default: no.
    pub article19_in_human_rights_council: bool,
    /// Whether a member without a vote under Article 19 still counts as present for the quorum. Nobody
    /// could tell us [I]; default: it does.
    pub article19_counts_for_quorum: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            article19_in_main_committees: true,
            article19_in_human_rights_council: false,
            article19_counts_for_quorum: true,
        }
    }
}

/// The time limit for explanations of vote: ten minutes (decision 34/401, paragraph 7).
pub const EXPLANATION_OF_VOTE_SECONDS: u32 = 10 * 60;
/// The time limits for the right of reply: ten minutes for a delegation's first statement on an item, five
/// for its second (decision 34/401, paragraphs 8 and 9).
pub const RIGHT_OF_REPLY_SECONDS: [u32; 2] = [10 * 60, 5 * 60];

impl Settings {
    /// The time limit the rules set for a speaker on `list`, in seconds, when the chair gives none;
    /// `reply` counts the delegation's statements in exercise of the right of reply on the item, this one
    /// included (1 or 2). The debate has no limit unless the body sets one (rule 72 / 114).
    pub fn speaking_time(&self, list: SpeakerList, reply: usize) -> Option<u32> {
        match list {
            SpeakerList::Debate => None,
            SpeakerList::BeforeTheVote | SpeakerList::AfterTheVote => Some(EXPLANATION_OF_VOTE_SECONDS),
            SpeakerList::RightOfReply => Some(RIGHT_OF_REPLY_SECONDS[if reply <= 1 { 0 } else { 1 }]),
        }
    }

    /// Whether Article 19 takes away the vote of members in arrears in this body.
    pub fn article19_applies(&self, forum: Forum) -> bool {
        match forum {
            Forum::Plenary => true,
            Forum::MainCommittee(_) => self.article19_in_main_committees,
            Forum::HumanRightsCouncil => self.article19_in_human_rights_council,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_read_and_written_in_words() {
        assert_eq!("third-committee".parse(), Ok(Forum::MainCommittee(3)));
        assert_eq!("C.3".parse(), Ok(Forum::MainCommittee(3)));
        assert_eq!("Sixth Committee".parse(), Ok(Forum::MainCommittee(6)));
        assert_eq!("hrc".parse(), Ok(Forum::HumanRightsCouncil));
        assert!("seventh-committee".parse::<Forum>().is_err());
        assert_eq!(Forum::MainCommittee(3).to_string(), "third-committee");
        assert_eq!(Forum::MainCommittee(3).title(), "the Third Committee");
    }

    #[test]
    fn two_thirds_applies_only_to_important_questions_in_plenary() {
        assert_eq!(Forum::Plenary.majority(true), Majority::TwoThirds);
        assert_eq!(Forum::Plenary.majority(false), Majority::Simple);
        assert_eq!(Forum::MainCommittee(1).majority(true), Majority::Simple);
        assert_eq!(Forum::HumanRightsCouncil.majority(true), Majority::Simple);
    }
}
