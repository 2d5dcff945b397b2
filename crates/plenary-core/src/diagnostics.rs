//! Diagnostics: what an importer could not read or place, with the line it stood on. Parsers never
//! fail on content; they return the value they could build and a list of these.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Severity {
    /// Worth knowing; nothing was lost or guessed.
    Info,
    /// Something was guessed or looks wrong in the source; every word was still placed.
    Warning,
    /// The text could not be read as the kind of document it claims to be.
    Error,
}

/// One problem found while reading a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Diagnostic {
    pub severity: Severity,
    /// The 1-based line of the source, where the problem has one.
    pub line: Option<u32>,
    pub message: String,
}

impl Diagnostic {
    pub fn info(line: impl Into<Option<u32>>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Info, line: line.into(), message: message.into() }
    }

    pub fn warning(line: impl Into<Option<u32>>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, line: line.into(), message: message.into() }
    }

    pub fn error(line: impl Into<Option<u32>>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, line: line.into(), message: message.into() }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(formatter, "line {line}: {}: {}", self.severity, self.message),
            None => write!(formatter, "{}: {}", self.severity, self.message),
        }
    }
}
