//! Majorities: who counts, and when a question carries.
//!
//! Only yes and no count; abstaining and not voting are both "not voting" (rules 86 and 126). The two
//! thresholds live here, each in one function, because the exact boundary of the two-thirds rule and the
//! treatment of ties are points the specification marks as knowledge of the rules rather than a re-read
//! source: if they turn out to be wrong, this is the one place to change.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The majority a question needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Majority {
    /// More yes than no among the members present and voting (Charter Art. 18(3), rules 85 and 125).
    Simple,
    /// Two thirds of the members present and voting: important questions in the Plenary (Art. 18(2)), and
    /// amendments to them and parts of them voted separately (rule 84).
    TwoThirds,
}

impl Majority {
    /// Whether `yes` votes against `no` votes carry the question. Abstentions do not enter.
    pub fn is_met(self, yes: u32, no: u32) -> bool {
        match self {
            Majority::Simple => simple_majority_is_met(yes, no),
            Majority::TwoThirds => two_thirds_majority_is_met(yes, no),
        }
    }

    /// The smallest number of yes votes that carries the question when `voting` members vote yes or no.
    pub fn yes_needed(self, voting: u32) -> u32 {
        (0..=voting).find(|&yes| self.is_met(yes, voting - yes)).unwrap_or(voting + 1)
    }

    pub fn name(self) -> &'static str {
        match self {
            Majority::Simple => "simple",
            Majority::TwoThirds => "two-thirds",
        }
    }
}

impl fmt::Display for Majority {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

impl FromStr for Majority {
    type Err = String;

    fn from_str(text: &str) -> Result<Majority, String> {
        match text.trim().to_ascii_lowercase().replace(['_', ' '], "-").as_str() {
            "simple" => Ok(Majority::Simple),
            "two-thirds" | "2/3" => Ok(Majority::TwoThirds),
            other => Err(format!("unknown majority {other:?}: expected simple or two-thirds")),
        }
    }
}

/// Simple majority: adopted if and only if more members vote yes than no. An equally divided vote is
/// rejected (rules 95 and 133, outside elections), and so is a vote in which nobody voted yes or no.
pub fn simple_majority_is_met(yes: u32, no: u32) -> bool {
    yes > no
}

/// Two-thirds majority: adopted if and only if at least two thirds of those voting yes or no voted yes.
/// Exactly two thirds passes (100 to 50 carries, 99 to 50 does not); nobody voting carries nothing.
pub fn two_thirds_majority_is_met(yes: u32, no: u32) -> bool {
    let voting = u64::from(yes) + u64::from(no);
    voting > 0 && 3 * u64::from(yes) >= 2 * voting
}

/// How a member stood on one vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Choice {
    Yes,
    No,
    Abstain,
}

impl Choice {
    pub const ALL: [Choice; 3] = [Choice::Yes, Choice::No, Choice::Abstain];

    /// How the record lists members who made this choice.
    pub fn heading(self) -> &'static str {
        match self {
            Choice::Yes => "In favour",
            Choice::No => "Against",
            Choice::Abstain => "Abstaining",
        }
    }

    /// The words after "had intended …" in a correction note.
    pub fn intention(self) -> &'static str {
        match self {
            Choice::Yes => "to vote in favour",
            Choice::No => "to vote against",
            Choice::Abstain => "to abstain",
        }
    }
}

impl fmt::Display for Choice {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Choice::Yes => "yes",
            Choice::No => "no",
            Choice::Abstain => "abstain",
        })
    }
}

impl FromStr for Choice {
    type Err = String;

    /// Reads the spellings vote files use: `yes`/`no`/`abstain`, `Y`/`N`/`A`, and the numeric codes of the
    /// `unvotes` data (1 yes, 2 abstain, 3 no), in any case.
    fn from_str(text: &str) -> Result<Choice, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "yes" | "y" | "1" | "in favour" | "in favor" | "for" => Ok(Choice::Yes),
            "no" | "n" | "3" | "against" => Ok(Choice::No),
            "abstain" | "a" | "2" | "abstention" | "abstaining" => Ok(Choice::Abstain),
            other => Err(format!("unknown vote {other:?}: expected yes, no or abstain (Y, N or A)")),
        }
    }
}

/// The counts of one vote. `non_voting` is every member of the body that did not vote yes, no or abstain:
/// present but silent, absent, or without a vote under Article 19; so the four always add up to the
/// membership of the body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
    pub non_voting: u32,
}

impl Tally {
    /// The counts of these choices in a body of `members` members.
    ///
    /// # Panics
    /// Never for valid input; if more choices than members are given, `non_voting` saturates at zero and
    /// [`Tally::members`] reports the larger number, so callers must check membership first.
    pub fn count(choices: impl IntoIterator<Item = Choice>, members: u32) -> Tally {
        let mut tally = Tally::default();
        for choice in choices {
            tally.add(choice);
        }
        tally.non_voting = members.saturating_sub(tally.yes + tally.no + tally.abstain);
        tally
    }

    fn add(&mut self, choice: Choice) {
        match choice {
            Choice::Yes => self.yes += 1,
            Choice::No => self.no += 1,
            Choice::Abstain => self.abstain += 1,
        }
    }

    /// The members of the body: everyone who voted plus everyone who did not.
    pub fn members(&self) -> u32 {
        self.yes + self.no + self.abstain + self.non_voting
    }

    /// Members present and voting: the only ones a majority is counted among.
    pub fn present_and_voting(&self) -> u32 {
        self.yes + self.no
    }

    pub fn outcome(&self, majority: Majority) -> Outcome {
        if majority.is_met(self.yes, self.no) { Outcome::Adopted } else { Outcome::Rejected }
    }
}

/// Whether a question carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Outcome {
    Adopted,
    Rejected,
}

impl Outcome {
    pub fn is_adopted(self) -> bool {
        self == Outcome::Adopted
    }

    /// The word the record and the board use for this outcome of a question in a forum: a paragraph put to
    /// a separate vote is "retained" or "rejected"; a draft is "adopted", or "approved" in a Main Committee;
    /// an amendment or a motion is "adopted" or "rejected".
    pub fn word(self, question: &super::Question, forum: super::Forum) -> &'static str {
        match (self, question) {
            (Outcome::Rejected, _) => "rejected",
            (Outcome::Adopted, super::Question::Part(_)) => "retained",
            (Outcome::Adopted, super::Question::Proposal) => forum.carries_verb(),
            (Outcome::Adopted, _) => "adopted",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Outcome::Adopted => "adopted",
            Outcome::Rejected => "rejected",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(yes: u32, no: u32, abstain: u32, members: u32) -> Tally {
        let choices = [(Choice::Yes, yes), (Choice::No, no), (Choice::Abstain, abstain)]
            .into_iter()
            .flat_map(|(choice, count)| std::iter::repeat_n(choice, count as usize));
        Tally::count(choices, members)
    }

    #[test]
    fn worked_case_1_a_plenary_vote_that_is_not_an_important_question() {
        let result = tally(120, 10, 30, 193);
        assert_eq!(result.non_voting, 33);
        assert_eq!(result.members(), 193);
        assert_eq!(result.outcome(Majority::Simple), Outcome::Adopted);
    }

    #[test]
    fn worked_case_2_a_tie_is_rejected() {
        assert_eq!(tally(60, 60, 50, 193).outcome(Majority::Simple), Outcome::Rejected);
        assert_eq!(tally(0, 0, 150, 193).outcome(Majority::Simple), Outcome::Rejected);
    }

    #[test]
    fn worked_case_3_exactly_two_thirds_carries_and_one_less_does_not() {
        assert!(Majority::TwoThirds.is_met(100, 50));
        assert!(!Majority::TwoThirds.is_met(99, 50));
        assert!(Majority::Simple.is_met(99, 50), "a Main Committee needs only a simple majority");
        assert!(!Majority::TwoThirds.is_met(0, 0));
        assert_eq!(Majority::TwoThirds.yes_needed(150), 100);
        assert_eq!(Majority::Simple.yes_needed(150), 76);
    }

    #[test]
    fn worked_case_4_abstentions_neither_help_nor_hurt() {
        assert_eq!(tally(5, 4, 150, 193).outcome(Majority::Simple), Outcome::Adopted);
        assert_eq!(tally(4, 5, 150, 193).outcome(Majority::Simple), Outcome::Rejected);
    }

    #[test]
    fn worked_case_11_human_rights_council() {
        assert_eq!(tally(33, 6, 8, 47).outcome(Majority::Simple), Outcome::Adopted);
        let tie = tally(20, 20, 7, 47);
        assert_eq!(tie.non_voting, 0);
        assert_eq!(tie.outcome(Majority::Simple), Outcome::Rejected);
    }

    #[test]
    fn vote_spellings_of_real_files_are_read() {
        for (text, choice) in
            [("Y", Choice::Yes), ("abstain", Choice::Abstain), ("no", Choice::No), ("2", Choice::Abstain)]
        {
            assert_eq!(text.parse::<Choice>(), Ok(choice));
        }
        assert!("maybe".parse::<Choice>().is_err());
    }
}
