//! Signed checkpoints: the head of the log's Merkle tree (its size and root hash) signed with the
//! deployment's Ed25519 key, in the C2SP `tlog-checkpoint` format inside a C2SP signed note — the format
//! of Go's checksum database, Sigstore's Rekor and the static CT logs, so their witnesses and tools read it.
//!
//! ```text
//! plenary.example/record
//! 1042
//! 3Bkf8N1QeW6pV0d2t4S2K2dA0YtV8m3WmQ9zvHq7x0Q=
//!
//! — plenary.example/record AbCdEf…=
//! ```
//!
//! The key's name is the log's origin. A private key is kept in the Go note format
//! (`PRIVATE+KEY+<name>+<key id>+<base64>`), the public one as a verifier key (`<name>+<key id>+<base64>`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use signed_note::{Note, Signer, StandardSigner, StandardVerifier, VerifierList};
use tlog_tiles::Checkpoint;

use crate::tree::Hash;

/// The signature type byte of Ed25519 in signed notes.
const ED25519: u8 = 0x01;

/// A checkpoint larger than this is not read (a real one is about 200 bytes).
pub const MAX_CHECKPOINT_BYTES: usize = 16 * 1024;

/// What can be wrong with a key or a checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("not a private log key (expected PRIVATE+KEY+<name>+<id>+<base64>)")]
    MalformedPrivateKey,
    #[error("not a verifier key (expected <name>+<key id>+<base64 Ed25519 key>)")]
    MalformedVerifierKey,
    #[error("the log's name {0:?} cannot name a key: it must be non-empty, without spaces or '+'")]
    InvalidName(String),
    #[error("not a signed checkpoint: {0}")]
    Malformed(String),
    #[error("the checkpoint is not signed by {key} (its signatures are by: {signers})")]
    NotSignedByKey { key: String, signers: String },
    #[error(
        "the checkpoint's signature by {0} is wrong: its text was changed after it was signed, or it was signed by another key of the same name"
    )]
    BadSignature(String),
    #[error("the checkpoint is for the log {found:?}, not {expected:?}")]
    WrongOrigin { expected: String, found: String },
}

/// The deployment's signing key.
pub struct LogKey {
    signer: StandardSigner,
    private_key: String,
    verifier_key: String,
    origin: String,
}

impl std::fmt::Debug for LogKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the private key.
        formatter.debug_struct("LogKey").field("verifier_key", &self.verifier_key).finish_non_exhaustive()
    }
}

impl LogKey {
    /// A new random key for the log named `origin` (e.g. `un.example/ga-record`).
    pub fn generate(origin: &str) -> Result<LogKey, CheckpointError> {
        Self::from_seed(origin, &rand::random::<[u8; 32]>())
    }

    /// The key with this 32-byte Ed25519 seed: for tests that need a fixed key.
    pub fn from_seed(origin: &str, seed: &[u8; 32]) -> Result<LogKey, CheckpointError> {
        if !signed_note::is_key_name_valid(origin) {
            return Err(CheckpointError::InvalidName(origin.to_owned()));
        }
        let signing = ed25519_dalek::SigningKey::from_bytes(seed);
        let public = [&[ED25519][..], signing.verifying_key().as_bytes()].concat();
        let private = [&[ED25519][..], seed].concat();
        let text = format!(
            "PRIVATE+KEY+{origin}+{:08x}+{}",
            signed_note::key_id(origin, &public),
            BASE64.encode(private)
        );
        Self::from_private(&text)
    }

    /// Reads a private key in the Go note format.
    pub fn from_private(text: &str) -> Result<LogKey, CheckpointError> {
        let text = text.trim();
        let signer = StandardSigner::new(text).map_err(|_| CheckpointError::MalformedPrivateKey)?;
        // PRIVATE+KEY+<name>+<id>+<base64>: the base64 may itself hold '+'.
        let seed = text
            .splitn(5, '+')
            .nth(4)
            .and_then(|encoded| BASE64.decode(encoded).ok())
            .and_then(|bytes| <[u8; 32]>::try_from(bytes.get(1..)?).ok())
            .ok_or(CheckpointError::MalformedPrivateKey)?;
        let public = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key();
        let origin = signer.name().to_owned();
        let verifier_key = signed_note::new_ed25519_verifier_key(&origin, &public);
        Ok(LogKey { signer, private_key: text.to_owned(), verifier_key, origin })
    }

    /// The private key's text, to be written where only the service can read it.
    pub fn private_key(&self) -> &str {
        &self.private_key
    }

    /// The public key as a verifier key: what witnesses and readers are given.
    pub fn verifier_key(&self) -> &str {
        &self.verifier_key
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn verifier(&self) -> LogVerifier {
        LogVerifier::parse(&self.verifier_key).unwrap_or_else(|_| unreachable!("our own verifier key parses"))
    }

    /// Signs the tree head of `size` entries with root `root`.
    pub fn sign(&self, size: u64, root: Hash) -> SignedCheckpoint {
        let body = Checkpoint::new(&self.origin, size, tlog_tiles::Hash(root), "")
            .unwrap_or_else(|_| unreachable!("a valid key name is a valid origin"))
            .to_bytes();
        let mut note =
            Note::new(&body, &[]).unwrap_or_else(|_| unreachable!("a checkpoint is a note's text"));
        note.add_sigs(&[&self.signer]).unwrap_or_else(|_| unreachable!("Ed25519 signing does not fail"));
        let note = String::from_utf8(note.to_bytes()).unwrap_or_else(|_| unreachable!("a note is UTF-8"));
        SignedCheckpoint { size, root, note }
    }
}

impl LogKey {
    /// Adds this key's signature to a signed note, keeping the signatures it has: a handover checkpoint
    /// signed by the old key and the new one when the key is rotated.
    pub fn cosign(&self, note: &str) -> Result<String, CheckpointError> {
        let mut parsed = Note::from_bytes(note.as_bytes())
            .map_err(|error| CheckpointError::Malformed(format!("{error}")))?;
        parsed.add_sigs(&[&self.signer]).map_err(|error| CheckpointError::Malformed(format!("{error}")))?;
        String::from_utf8(parsed.to_bytes()).map_err(|_| CheckpointError::Malformed("not UTF-8".into()))
    }
}

/// A public log key, to check checkpoints with.
#[derive(Clone)]
pub struct LogVerifier {
    verifier_key: String,
    origin: String,
    verifier: StandardVerifier,
}

impl std::fmt::Debug for LogVerifier {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_tuple("LogVerifier").field(&self.verifier_key).finish()
    }
}

impl LogVerifier {
    /// Reads a verifier key (`<name>+<key id>+<base64>`), as `plenary serve` prints it and
    /// `/api/log/key` serves it.
    pub fn parse(text: &str) -> Result<LogVerifier, CheckpointError> {
        let text = text.trim();
        let verifier = StandardVerifier::new(text).map_err(|_| CheckpointError::MalformedVerifierKey)?;
        let origin = signed_note::Verifier::name(&verifier).to_owned();
        Ok(LogVerifier { verifier_key: text.to_owned(), origin, verifier })
    }

    pub fn verifier_key(&self) -> &str {
        &self.verifier_key
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Checks a signed checkpoint: well formed, signed by this key, for this log. Other signatures (a
    /// witness's cosignature) are allowed and ignored.
    pub fn open(&self, note: &str) -> Result<SignedCheckpoint, CheckpointError> {
        if note.len() > MAX_CHECKPOINT_BYTES {
            return Err(CheckpointError::Malformed(format!(
                "{} bytes, more than the {MAX_CHECKPOINT_BYTES} a checkpoint may have",
                note.len()
            )));
        }
        let parsed = Note::from_bytes(note.as_bytes())
            .map_err(|error| CheckpointError::Malformed(format!("{error}")))?;
        let known = VerifierList::new(vec![Box::new(self.verifier.clone())]);
        match parsed.verify(&known) {
            Ok(_) => {}
            Err(signed_note::NoteError::UnverifiedNote) => {
                return Err(CheckpointError::NotSignedByKey {
                    key: self.verifier_key.clone(),
                    signers: signers(note),
                });
            }
            Err(signed_note::NoteError::InvalidSignature { name, .. }) => {
                return Err(CheckpointError::BadSignature(name));
            }
            Err(error) => return Err(CheckpointError::Malformed(format!("{error}"))),
        }
        let checkpoint = Checkpoint::from_bytes(parsed.text())
            .map_err(|_| CheckpointError::Malformed("the signed text is not a checkpoint".into()))?;
        if checkpoint.origin() != self.origin {
            return Err(CheckpointError::WrongOrigin {
                expected: self.origin.clone(),
                found: checkpoint.origin().to_owned(),
            });
        }
        Ok(SignedCheckpoint { size: checkpoint.size(), root: checkpoint.hash().0, note: note.to_owned() })
    }
}

/// Reads a checkpoint's size and root without checking its signature: for a journal opened without a key.
pub fn read_unverified(note: &str) -> Result<SignedCheckpoint, CheckpointError> {
    let parsed =
        Note::from_bytes(note.as_bytes()).map_err(|error| CheckpointError::Malformed(format!("{error}")))?;
    let checkpoint = Checkpoint::from_bytes(parsed.text())
        .map_err(|_| CheckpointError::Malformed("the signed text is not a checkpoint".into()))?;
    Ok(SignedCheckpoint { size: checkpoint.size(), root: checkpoint.hash().0, note: note.to_owned() })
}

/// The names on a note's signature lines, for a message.
fn signers(note: &str) -> String {
    let names: Vec<&str> = note
        .lines()
        .filter_map(|line| line.strip_prefix("— "))
        .filter_map(|line| line.split(' ').next())
        .collect();
    if names.is_empty() { "nobody".into() } else { names.join(", ") }
}

/// A checkpoint as signed: the tree's size and root, and the signed note that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCheckpoint {
    pub size: u64,
    pub root: Hash,
    /// The signed note, as served and stored.
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key, text and signature of the Go `sumdb/note` tests (golang.org/x/mod/sumdb/note,
    /// note_test.go), which the C2SP signed-note specification's examples follow.
    const GO_PRIVATE_KEY: &str =
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    const GO_VERIFIER_KEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    const GO_SIGNATURE: &str = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    #[test]
    fn the_go_note_key_reads_and_gives_its_published_verifier_key() {
        let key = LogKey::from_private(GO_PRIVATE_KEY).expect("the Go test key");
        assert_eq!(key.verifier_key(), GO_VERIFIER_KEY);
        assert_eq!(key.origin(), "PeterNeumann");
    }

    #[test]
    fn a_note_signed_as_go_signs_it_has_the_published_signature() {
        let key = LogKey::from_private(GO_PRIVATE_KEY).expect("the Go test key");
        let text = "If you think cryptography is the answer to your problem,\n\
                    then you don't know what your problem is.\n";
        let mut note = Note::new(text.as_bytes(), &[]).expect("a note");
        note.add_sigs(&[&key.signer]).expect("signed");
        let signed = String::from_utf8(note.to_bytes()).expect("UTF-8");
        assert_eq!(signed, format!("{text}\n{GO_SIGNATURE}"));
    }

    #[test]
    fn a_checkpoint_opens_with_its_key_and_not_with_another() {
        let key = LogKey::from_seed("plenary.example/record", &[7; 32]).expect("a key");
        let root = tlog_tiles::record_hash(b"the first event").0;
        let signed = key.sign(1042, root);
        let opened = key.verifier().open(&signed.note).expect("opens");
        assert_eq!((opened.size, opened.root), (1042, root));
        assert!(signed.note.starts_with("plenary.example/record\n1042\n"), "{}", signed.note);
        assert!(signed.note.contains("\n\n— plenary.example/record "), "{}", signed.note);

        let other = LogKey::from_seed("plenary.example/record", &[8; 32]).expect("a key");
        assert!(matches!(other.verifier().open(&signed.note), Err(CheckpointError::NotSignedByKey { .. })));
    }

    #[test]
    fn a_cosigned_checkpoint_opens_with_either_key() {
        let old = LogKey::from_seed("plenary.example/record", &[7; 32]).expect("a key");
        let new = LogKey::from_seed("plenary.example/record", &[8; 32]).expect("a key");
        let signed = old.sign(1042, tlog_tiles::record_hash(b"the first event").0);
        let handover = new.cosign(&signed.note).expect("cosigned");
        assert_eq!(old.verifier().open(&handover).map(|opened| opened.size), Ok(1042));
        assert_eq!(new.verifier().open(&handover).map(|opened| opened.size), Ok(1042));
        assert_eq!(handover.matches("\n— plenary.example/record ").count(), 2, "{handover}");
    }

    #[test]
    fn a_checkpoint_whose_size_or_root_was_edited_is_refused() {
        let key = LogKey::from_seed("plenary.example/record", &[7; 32]).expect("a key");
        let signed = key.sign(1042, tlog_tiles::record_hash(b"the first event").0);
        let shrunk = signed.note.replacen("\n1042\n", "\n1041\n", 1);
        assert_eq!(
            key.verifier().open(&shrunk),
            Err(CheckpointError::BadSignature("plenary.example/record".into()))
        );
    }
}
