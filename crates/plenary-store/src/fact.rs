//! What can happen in Plenary, as events the log records: accounts, document versions, sponsorship, and
//! everything that happens in a meeting (the procedure engine's events).

use std::fmt;
use std::str::FromStr;

use plenary_core::procedure::{Event, StateRef};
use plenary_core::treaties::{Declaration, Treaty, TreatyAction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One thing that happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Fact {
    AccountCreated {
        account: String,
        role: Role,
        /// The state a delegation account acts for; none for other roles.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        state: Option<StateRef>,
        name: String,
        /// An argon2 PHC string; never the password.
        password_hash: String,
    },
    PasswordChanged {
        account: String,
        password_hash: String,
    },
    /// A new document, with its first version.
    DocumentAdded {
        document: String,
        status: DocumentStatus,
        version: Version,
    },
    /// A new version of a document: a revision, an oral revision written in, the adopted text.
    DocumentVersionAdded {
        document: String,
        version: Version,
    },
    /// A draft in negotiation is issued, or an issued text adopted. The life of a document only goes
    /// forward (see `DocumentStatus`).
    DocumentStatusChanged {
        document: String,
        status: DocumentStatus,
    },
    SponsorJoined {
        document: String,
        state: StateRef,
    },
    SponsorWithdrew {
        document: String,
        state: StateRef,
    },
    /// A comment on one paragraph of a version, in an informal round of negotiation.
    CommentAdded {
        document: String,
        /// The version commented on (from 1).
        version: usize,
        /// The paragraph's id in that version: `pp3`, `op4.b`.
        paragraph: String,
        /// The state a delegation commented for; none for the secretariat or the chair.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        state: Option<StateRef>,
        text: String,
    },
    /// Something that happened in a meeting: the procedure engine's event.
    Meeting {
        meeting: String,
        event: Event,
    },
    /// A treaty entered in the register: its title, adoption and entry-into-force clause.
    TreatyAdded {
        treaty: Treaty,
    },
    /// A participant signed, consented to be bound by or denounced a treaty (the depositary's record, or the
    /// secretariat recording a new instrument).
    TreatyActionRecorded {
        action: TreatyAction,
    },
    /// A participant's declaration, reservation, objection or note under a treaty, with its text.
    TreatyDeclarationRecorded {
        declaration: Declaration,
    },
}

/// The most a document version's event may hold once written: the web's 8 MB cap on a version's JSON, with
/// room for the fact around it.
pub const MAX_DOCUMENT_FACT_BYTES: usize = 9 * 1024 * 1024;
/// The most any other event may hold once written. The longest real ones — an amendment's or an oral
/// revision's text, a comment of 2,000 characters — are a few kilobytes; every event stays in the log for
/// ever, so a request cannot make one larger.
pub const MAX_FACT_BYTES: usize = 64 * 1024;

impl Fact {
    /// The most this fact may hold once written (see [`MAX_FACT_BYTES`]).
    pub fn max_written_bytes(&self) -> usize {
        match self {
            Fact::DocumentAdded { .. } | Fact::DocumentVersionAdded { .. } => MAX_DOCUMENT_FACT_BYTES,
            _ => MAX_FACT_BYTES,
        }
    }

    /// The stream the fact belongs to: `account/dnk`, `document/a-res-72-163`, `meeting/ga-72-73`.
    pub fn stream(&self) -> String {
        match self {
            Fact::AccountCreated { account, .. } | Fact::PasswordChanged { account, .. } => {
                format!("account/{account}")
            }
            Fact::DocumentAdded { document, .. }
            | Fact::DocumentVersionAdded { document, .. }
            | Fact::DocumentStatusChanged { document, .. }
            | Fact::SponsorJoined { document, .. }
            | Fact::SponsorWithdrew { document, .. }
            | Fact::CommentAdded { document, .. } => format!("document/{document}"),
            Fact::Meeting { meeting, .. } => format!("meeting/{meeting}"),
            Fact::TreatyAdded { treaty } => format!("treaty/{}", treaty.id),
            Fact::TreatyActionRecorded { action } => format!("treaty/{}", action.treaty),
            Fact::TreatyDeclarationRecorded { declaration } => format!("treaty/{}", declaration.treaty),
        }
    }

    /// The kind as stored: the fact's name, or the procedure event's for meetings (`ballot_cast`).
    pub fn kind(&self) -> &'static str {
        match self {
            Fact::AccountCreated { .. } => "account_created",
            Fact::PasswordChanged { .. } => "password_changed",
            Fact::DocumentAdded { .. } => "document_added",
            Fact::DocumentVersionAdded { .. } => "document_version_added",
            Fact::DocumentStatusChanged { .. } => "document_status_changed",
            Fact::SponsorJoined { .. } => "sponsor_joined",
            Fact::SponsorWithdrew { .. } => "sponsor_withdrew",
            Fact::CommentAdded { .. } => "comment_added",
            Fact::Meeting { event, .. } => event.name(),
            Fact::TreatyAdded { .. } => "treaty_added",
            Fact::TreatyActionRecorded { .. } => "treaty_action_recorded",
            Fact::TreatyDeclarationRecorded { .. } => "treaty_declaration_recorded",
        }
    }
}

/// What an account may do is decided by its role (see the web crate's permission matrix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    Secretariat,
    Chair,
    /// Bound to exactly one state; acts for it only.
    Delegation,
    Observer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Secretariat, Role::Chair, Role::Delegation, Role::Observer];

    pub fn name(self) -> &'static str {
        match self {
            Role::Secretariat => "secretariat",
            Role::Chair => "chair",
            Role::Delegation => "delegation",
            Role::Observer => "observer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(text: &str) -> Result<Role, String> {
        Role::ALL.into_iter().find(|role| role.name() == text.trim()).ok_or_else(|| {
            format!("unknown role {text:?}: expected secretariat, chair, delegation or observer")
        })
    }
}

/// Where a document stands in its life, which decides who may read it and whether its text may change.
/// The life only goes forward: negotiation, then issued, then adopted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DocumentStatus {
    /// In negotiation: delegations, the chair and the secretariat see it; observers and the public do not.
    /// The only stage at which its text may change (a new version by a sponsor holding the pen).
    Negotiation,
    /// Issued by the secretariat under its symbol: everyone sees it, and its text never changes again. A
    /// revision is a new document ("Rev.1"), a correction a corrigendum ("Corr.1").
    Issued,
    /// Adopted (a resolution or decision): everyone sees it; its text and its sponsors are final.
    Adopted,
}

impl DocumentStatus {
    pub fn name(self) -> &'static str {
        match self {
            DocumentStatus::Negotiation => "negotiation",
            DocumentStatus::Issued => "issued",
            DocumentStatus::Adopted => "adopted",
        }
    }

    /// Whether the text may still change: only while it is negotiated.
    pub fn text_may_change(self) -> bool {
        self == DocumentStatus::Negotiation
    }
}

impl fmt::Display for DocumentStatus {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

/// One immutable version of a document: the document in Plenary's public JSON shape, addressed by the
/// SHA-256 of that JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    /// SHA-256 of `content`, hex.
    pub hash: String,
    /// How the version is known: "A/C.3/80/L.49", "Rev.1", "as orally revised".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The format it was imported from: `pdf-text`, `docx`, `akn` …
    pub source_format: String,
    /// The document as Plenary's JSON (`docs/formats.md`), diagnostics included.
    pub content: String,
}

impl Version {
    /// A version of this JSON content; its hash is computed here, so a version always matches its hash.
    pub fn new(content: String, label: Option<String>, source_format: String) -> Version {
        let hash = hex::encode(Sha256::digest(content.as_bytes()));
        Version { hash, label, source_format, content }
    }
}

/// A document id from a symbol: `A/RES/72/163` → `a-res-72-163`, `S/RES/830 (1993)` → `s-res-830-1993`.
pub fn document_id(symbol: &str) -> String {
    let mut id = String::new();
    for character in symbol.chars() {
        if character.is_ascii_alphanumeric() {
            id.push(character.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_ids_come_from_symbols() {
        assert_eq!(document_id("A/RES/72/163"), "a-res-72-163");
        assert_eq!(document_id("A/C.3/80/L.49"), "a-c-3-80-l-49");
        assert_eq!(document_id("S/RES/830 (1993)"), "s-res-830-1993");
    }

    #[test]
    fn meeting_facts_carry_the_procedure_event() {
        let fact: Fact = serde_json::from_str(
            r#"{"kind":"meeting","meeting":"ga-72-73","event":{"event":"ballot_cast","vote":"6004","state":"DNK","choice":"yes"}}"#,
        )
        .expect("a fact");
        assert_eq!(fact.kind(), "ballot_cast");
        assert_eq!(fact.stream(), "meeting/ga-72-73");
    }
}
