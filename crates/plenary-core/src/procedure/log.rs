//! The event log as a file: JSON Lines, one event per line, with blank lines and `#` comments allowed so
//! that people can write and annotate logs by hand (see `docs/event-log.md`).

use std::fmt::Write as _;

use super::event::Event;
use super::meeting::{Meeting, replay};

/// An event of a log with the line it was written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedEvent {
    pub line: usize,
    pub event: Event,
}

/// Why a log could not be read or replayed, with the 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct LogError {
    pub line: usize,
    pub message: String,
}

/// Reads every event of a log, or says on which line the first unreadable one stands and why.
pub fn parse_log(text: &str) -> Result<Vec<LoggedEvent>, LogError> {
    let mut events = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let event = serde_json::from_str::<Event>(trimmed)
            .map_err(|error| LogError { line, message: format!("not a valid event: {}", plain(&error)) })?;
        events.push(LoggedEvent { line, event });
    }
    if events.is_empty() {
        return Err(LogError { line: 1, message: "the log holds no events".to_owned() });
    }
    Ok(events)
}

/// Reads and replays a log: the meeting it describes, or the first line the reader or the rules refuse.
pub fn replay_log(text: &str) -> Result<Meeting, LogError> {
    let events = parse_log(text)?;
    replay(events.iter().map(|logged| &logged.event)).map_err(|error| LogError {
        line: events.get(error.index).map_or(1, |logged| logged.line),
        message: format!("{} refused: {}", error.event, error.error),
    })
}

/// Writes events as a log, one per line.
pub fn write_log<'a>(events: impl IntoIterator<Item = &'a Event>) -> String {
    let mut text = String::new();
    for event in events {
        if let Ok(json) = serde_json::to_string(event) {
            let _ = writeln!(text, "{json}");
        }
    }
    text
}

/// serde_json appends " at line 1 column 57" to its messages; within one line only the column helps.
fn plain(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(position) => format!("{} (column {})", &message[..position], error.column()),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_skipped_and_errors_name_their_line() {
        let log = "# The 73rd plenary meeting\n\n{\"event\":\"meeting_opened\",\"forum\":\"plenary\",\
                   \"meeting\":\"73rd plenary meeting\",\"date\":\"2017-12-19\"}\n{\"event\":\"item_opened\"}\n";
        let error = parse_log(log).unwrap_err();
        assert_eq!(error.line, 4);
        assert!(error.message.contains("missing field `title`"), "{}", error.message);
    }

    #[test]
    fn a_refused_event_is_reported_on_its_line() {
        let log = "{\"event\":\"meeting_opened\",\"forum\":\"plenary\",\"meeting\":\"1st\",\"date\":\"2017-12-19\"}\n\
                   {\"event\":\"vote_locked\",\"vote\":\"V1\"}\n";
        let error = replay_log(log).unwrap_err();
        assert_eq!(error.to_string(), "line 2: vote_locked refused: there is no vote \"V1\"");
    }
}
