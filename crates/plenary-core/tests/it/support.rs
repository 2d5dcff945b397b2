//! A small harness to drive the procedure engine with events written as they appear in a log.

use plenary_core::procedure::{Event, Meeting, ProcedureError, Record};
use plenary_core::states;

/// A meeting driven event by event; every event must be accepted unless the test says otherwise.
pub struct Chamber {
    pub meeting: Meeting,
}

impl Chamber {
    pub fn open(json: &str) -> Chamber {
        Chamber { meeting: Meeting::open(&event(json)).unwrap_or_else(|error| panic!("{json}: {error}")) }
    }

    /// The Plenary on the day of the 2017 torture vote, with an agenda item and a draft of `preambular`
    /// and `operative` paragraphs.
    pub fn plenary_with_draft(important: bool, preambular: u16, operative: u16) -> Chamber {
        let mut chamber = Chamber::open(
            r#"{"event":"meeting_opened","forum":"plenary","meeting":"73rd plenary meeting","date":"2017-12-19"}"#,
        );
        chamber.item_with_draft(important, preambular, operative);
        chamber
    }

    pub fn item_with_draft(&mut self, important: bool, preambular: u16, operative: u16) -> &mut Chamber {
        self.then(&format!(
            r#"{{"event":"item_opened","title":"Torture and other cruel, inhuman or degrading treatment or punishment","important_question":{important}}}"#
        ));
        self.then(&format!(
            r#"{{"event":"draft_tabled","symbol":"A/72/439/Add.1","title":"Torture and other cruel, inhuman or degrading treatment or punishment","preambular_paragraphs":{preambular},"operative_paragraphs":{operative},"sponsors":["Denmark"]}}"#
        ))
    }

    pub fn then(&mut self, json: &str) -> &mut Chamber {
        if let Err(error) = self.meeting.apply(&event(json)) {
            panic!("{json} was refused: {error}");
        }
        self
    }

    pub fn refused(&mut self, json: &str) -> ProcedureError {
        let before = self.meeting.clone();
        let error = self.meeting.apply(&event(json)).expect_err(json);
        assert_eq!(self.meeting, before, "a refused event must leave the meeting as it was");
        error
    }

    /// Casts `yes`, `no` and `abstain` ballots from the members of the body in UN order, skipping
    /// `skip` members first.
    pub fn cast(&mut self, vote: &str, yes: usize, no: usize, abstain: usize) -> &mut Chamber {
        let voters: Vec<String> = self.meeting.members.iter().map(|state| state.code().to_owned()).collect();
        let voters = in_un_order(voters);
        let choices = std::iter::repeat_n("yes", yes)
            .chain(std::iter::repeat_n("no", no))
            .chain(std::iter::repeat_n("abstain", abstain));
        for (state, choice) in voters.iter().zip(choices) {
            self.then(&format!(
                r#"{{"event":"ballot_cast","vote":"{vote}","state":"{state}","choice":"{choice}"}}"#
            ));
        }
        self
    }

    /// Opens a recorded vote on `question`, casts the ballots, locks and decides it.
    pub fn vote(&mut self, id: &str, question: &str, yes: usize, no: usize, abstain: usize) -> &mut Chamber {
        self.then(&format!(
            r#"{{"event":"vote_opened","vote":"{id}","question":"{question}","method":"recorded"}}"#
        ));
        self.cast(id, yes, no, abstain);
        self.then(&format!(r#"{{"event":"vote_locked","vote":"{id}"}}"#));
        self.then(&format!(r#"{{"event":"vote_decided","vote":"{id}"}}"#))
    }

    pub fn next(&self) -> Option<String> {
        self.meeting.next_question().map(|question| question.to_string())
    }

    pub fn record(&self) -> String {
        Record::of(&self.meeting).to_text()
    }
}

pub fn event(json: &str) -> Event {
    serde_json::from_str(json).unwrap_or_else(|error| panic!("{json}: {error}"))
}

/// ISO3 codes sorted in the English alphabetical order of UN names.
fn in_un_order(mut codes: Vec<String>) -> Vec<String> {
    codes.sort_by_cached_key(|code| {
        states::un_order_key(&states::by_iso3(code).map(|state| state.name.clone()).unwrap_or_default())
    });
    codes
}
