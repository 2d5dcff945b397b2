//! The log's Merkle tree: Certificate Transparency's (RFC 6962 / RFC 9162 §2.1: leaf hashes
//! `SHA-256(0x00 || entry)`, node hashes `SHA-256(0x01 || left || right)`), kept as Go's checksum database
//! keeps it (`tlog_tiles::tlog`, ported from golang.org/x/mod/sumdb/tlog): every event adds its leaf hash and
//! the hashes of the subtrees it completes — one or two on average, at most 1 + log₂ n — so an append
//! stores O(log n) hashes and the head of any size, an inclusion proof or a consistency proof reads
//! O(log n) of them.
//!
//! The entry of event `seq` is leaf `seq - 1`, and its bytes are the event's chain hash (32 raw bytes).
//! That hash covers every field of the event (`envelope.rs`), so proving the hash in the tree proves the
//! event. Pure: the stores persist [`StoredHashes`], the journal keeps the whole tree in memory.

use tlog_tiles::HashReader;

use crate::envelope::StoredEvent;

/// A SHA-256 hash: a leaf's, a node's or a tree's root.
pub type Hash = [u8; 32];

/// What can go wrong asking the tree.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    #[error("the log has {size} events; there is no tree of {asked}")]
    BeyondHead { asked: u64, size: u64 },
    #[error("event {seq} is not in the tree of {size} events")]
    NotInTree { seq: u64, size: u64 },
    #[error("event {0}'s hash is not 64 hexadecimal digits")]
    BadEventHash(u64),
}

/// Why a proof did not check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error(
        "the inclusion proof does not lead from the event to the tree's root: the event is not in that tree"
    )]
    NotIncluded,
    #[error(
        "the consistency proof does not join the tree of {old} events to the tree of {new}: the later log does not extend the earlier one (it was rewritten or forked)"
    )]
    NotConsistent { old: u64, new: u64 },
    #[error(
        "a tree of {new} events cannot extend one of {old}: the log has shrunk (it was truncated or rewound)"
    )]
    Shrunk { old: u64, new: u64 },
}

/// The hashes an append stores: `hashes[i]` at stored index `first + i`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StoredHashes {
    pub first: u64,
    pub hashes: Vec<Hash>,
}

/// The tree over a log, in memory: every stored hash, in stored-index order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogTree {
    stored: Vec<Hash>,
    size: u64,
}

impl HashReader for LogTree {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<tlog_tiles::Hash>, tlog_tiles::tlog::Error> {
        indexes
            .iter()
            .map(|&index| {
                usize::try_from(index)
                    .ok()
                    .and_then(|index| self.stored.get(index))
                    .map(|hash| tlog_tiles::Hash(*hash))
                    .ok_or(tlog_tiles::tlog::Error::IndexesNotInTree)
            })
            .collect()
    }
}

/// The leaf entry of an event: its chain hash as 32 bytes.
pub fn entry(event: &StoredEvent) -> Result<Hash, TreeError> {
    let mut bytes = [0; 32];
    hex::decode_to_slice(&event.hash, &mut bytes).map_err(|_| TreeError::BadEventHash(event.seq))?;
    Ok(bytes)
}

/// The event whose append stored the hash at stored index `index`.
pub fn seq_of_stored(index: u64) -> u64 {
    let (level, n) = tlog_tiles::split_stored_hash_index(index);
    // The hash at `level` and position `n` was completed by the last leaf under it.
    (n + 1) << level
}

/// The leaf hash of an entry: `SHA-256(0x00 || entry)`.
pub fn leaf_hash(entry: &[u8]) -> Hash {
    tlog_tiles::record_hash(entry).0
}

impl LogTree {
    /// The tree over `events`, which must be the log from its first event, in order.
    pub fn over<'a>(events: impl IntoIterator<Item = &'a StoredEvent>) -> Result<LogTree, TreeError> {
        let mut tree = LogTree::default();
        for event in events {
            tree.push(&entry(event)?);
        }
        Ok(tree)
    }

    /// How many entries the tree holds.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Every stored hash, in stored-index order: what the stores hold.
    pub fn stored(&self) -> &[Hash] {
        &self.stored
    }

    /// Appends an entry and returns the hashes to store for it.
    pub fn push(&mut self, entry: &[u8]) -> StoredHashes {
        let first = self.stored.len() as u64;
        let hashes = tlog_tiles::stored_hashes(self.size, entry, self)
            .unwrap_or_else(|_| unreachable!("the tree holds every hash an append reads"));
        let hashes: Vec<Hash> = hashes.into_iter().map(|hash| hash.0).collect();
        self.stored.extend_from_slice(&hashes);
        self.size += 1;
        StoredHashes { first, hashes }
    }

    /// A growth of this tree by entries not yet durable: the hashes they will store and the root they
    /// will give, computed without changing the tree (see [`Growth`]).
    pub fn grow(&self) -> Growth<'_> {
        Growth {
            base: self,
            added: StoredHashes { first: self.stored.len() as u64, hashes: Vec::new() },
            size: self.size,
        }
    }

    /// Takes in the hashes of a [`Growth`] once they are durable.
    pub fn extend(&mut self, added: StoredHashes, size: u64) {
        debug_assert_eq!(added.first, self.stored.len() as u64, "a growth of another tree");
        self.stored.extend_from_slice(&added.hashes);
        self.size = size;
    }

    /// Forgets everything after the first `size` entries.
    pub fn truncate(&mut self, size: u64) {
        if size < self.size {
            self.stored.truncate(tlog_tiles::stored_hash_count(size) as usize);
            self.size = size;
        }
    }

    /// The root of the tree of the first `size` entries.
    pub fn root(&self, size: u64) -> Result<Hash, TreeError> {
        self.within(size)?;
        Ok(tlog_tiles::tree_hash(size, self).map_err(|_| self.beyond(size))?.0)
    }

    /// The leaf hash of event `seq`.
    pub fn leaf_hash(&self, seq: u64) -> Result<Hash, TreeError> {
        if seq == 0 || seq > self.size {
            return Err(TreeError::NotInTree { seq, size: self.size });
        }
        Ok(self.stored[tlog_tiles::stored_hash_index(0, seq - 1) as usize])
    }

    /// The inclusion proof (RFC 9162 §2.1.3) of event `seq` in the tree of `size` events.
    pub fn inclusion_proof(&self, seq: u64, size: u64) -> Result<Vec<Hash>, TreeError> {
        self.within(size)?;
        if seq == 0 || seq > size {
            return Err(TreeError::NotInTree { seq, size });
        }
        let proof = tlog_tiles::prove_record(size, seq - 1, self).map_err(|_| self.beyond(size))?;
        Ok(proof.into_iter().map(|hash| hash.0).collect())
    }

    /// The consistency proof (RFC 9162 §2.1.4) that the tree of `new` events extends the tree of `old`.
    pub fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>, TreeError> {
        self.within(new)?;
        if old > new {
            return Err(TreeError::BeyondHead { asked: old, size: new });
        }
        if old == 0 {
            // Every tree extends the empty one; RFC 9162 gives no proof for it.
            return Ok(Vec::new());
        }
        let proof = tlog_tiles::prove_tree(new, old, self).map_err(|_| self.beyond(new))?;
        Ok(proof.into_iter().map(|hash| hash.0).collect())
    }

    fn within(&self, size: u64) -> Result<(), TreeError> {
        if size > self.size { Err(self.beyond(size)) } else { Ok(()) }
    }

    fn beyond(&self, asked: u64) -> TreeError {
        TreeError::BeyondHead { asked, size: self.size }
    }
}

/// A tree grown by entries that are not durable yet: it reads the tree's hashes and holds the new ones,
/// so a failed append leaves nothing to undo.
#[derive(Debug)]
pub struct Growth<'a> {
    base: &'a LogTree,
    added: StoredHashes,
    size: u64,
}

impl HashReader for Growth<'_> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<tlog_tiles::Hash>, tlog_tiles::tlog::Error> {
        let base = self.base.stored.len() as u64;
        indexes
            .iter()
            .map(|&index| {
                let hash = if index < base {
                    self.base.stored.get(index as usize)
                } else {
                    self.added.hashes.get((index - base) as usize)
                };
                hash.map(|hash| tlog_tiles::Hash(*hash)).ok_or(tlog_tiles::tlog::Error::IndexesNotInTree)
            })
            .collect()
    }
}

impl Growth<'_> {
    pub fn push(&mut self, entry: &[u8]) {
        let hashes = tlog_tiles::stored_hashes(self.size, entry, self)
            .unwrap_or_else(|_| unreachable!("the growth holds every hash an append reads"));
        self.added.hashes.extend(hashes.into_iter().map(|hash| hash.0));
        self.size += 1;
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// The root of the grown tree.
    pub fn root(&self) -> Hash {
        tlog_tiles::tree_hash(self.size, self)
            .unwrap_or_else(|_| unreachable!("the growth holds its own head"))
            .0
    }

    /// The hashes to store, and the size they bring the tree to.
    pub fn finish(self) -> (StoredHashes, u64) {
        (self.added, self.size)
    }
}

/// Checks that `leaf` (a leaf hash) is event `seq` of the tree of `size` events whose root is `root`.
pub fn verify_inclusion(
    proof: &[Hash],
    size: u64,
    root: &Hash,
    seq: u64,
    leaf: &Hash,
) -> Result<(), ProofError> {
    if seq == 0 || seq > size {
        return Err(ProofError::NotIncluded);
    }
    let proof: Vec<tlog_tiles::Hash> = proof.iter().map(|hash| tlog_tiles::Hash(*hash)).collect();
    tlog_tiles::check_record(&proof, size, tlog_tiles::Hash(*root), seq - 1, tlog_tiles::Hash(*leaf))
        .map_err(|_| ProofError::NotIncluded)
}

/// Checks that the tree of `new` events with root `new_root` extends the tree of `old` with `old_root`.
pub fn verify_consistency(
    proof: &[Hash],
    old: u64,
    old_root: &Hash,
    new: u64,
    new_root: &Hash,
) -> Result<(), ProofError> {
    if old > new {
        return Err(ProofError::Shrunk { old, new });
    }
    if old == 0 {
        return if proof.is_empty() { Ok(()) } else { Err(ProofError::NotConsistent { old, new }) };
    }
    let proof: Vec<tlog_tiles::Hash> = proof.iter().map(|hash| tlog_tiles::Hash(*hash)).collect();
    tlog_tiles::check_tree(&proof, new, tlog_tiles::Hash(*new_root), old, tlog_tiles::Hash(*old_root))
        .map_err(|_| ProofError::NotConsistent { old, new })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The leaves of the Certificate Transparency test vectors (certificate-transparency-go, and the
    /// transparency-dev/merkle tests), and the published roots of the trees of the first 1 … 8 of them.
    const LEAVES: [&[u8]; 8] = [
        b"",
        &[0x00],
        &[0x10],
        &[0x20, 0x21],
        &[0x30, 0x31],
        &[0x40, 0x41, 0x42, 0x43],
        &[0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        &[0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];
    const ROOTS: [&str; 8] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    fn tree_of(count: usize) -> LogTree {
        let mut tree = LogTree::default();
        for index in 0..count {
            tree.push(format!("event {index}").as_bytes());
        }
        tree
    }

    #[test]
    fn the_roots_are_the_published_test_vectors() {
        let mut tree = LogTree::default();
        assert_eq!(
            hex::encode(tree.root(0).expect("the empty tree")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        for (size, (entry, expected)) in (1..).zip(LEAVES.iter().zip(ROOTS)) {
            tree.push(entry);
            assert_eq!(hex::encode(tree.root(size).expect("a root")), expected, "size {size}");
        }
        // Earlier sizes keep their roots as the tree grows.
        for (size, expected) in (1..).zip(ROOTS) {
            assert_eq!(hex::encode(tree.root(size).expect("a root")), expected, "size {size} of 8");
        }
    }

    #[test]
    fn every_event_is_proved_in_every_tree_and_a_forged_one_is_not() {
        let tree = tree_of(70);
        for size in 1..=70 {
            let root = tree.root(size).expect("a root");
            for seq in 1..=size {
                let proof = tree.inclusion_proof(seq, size).expect("a proof");
                let leaf = leaf_hash(format!("event {}", seq - 1).as_bytes());
                assert_eq!(verify_inclusion(&proof, size, &root, seq, &leaf), Ok(()), "{seq} in {size}");
                let forged = leaf_hash(b"a forged ballot");
                assert_eq!(verify_inclusion(&proof, size, &root, seq, &forged), Err(ProofError::NotIncluded));
            }
        }
    }

    #[test]
    fn every_tree_extends_every_earlier_one_and_a_rewritten_one_does_not() {
        let tree = tree_of(70);
        for new in 0..=70 {
            let new_root = tree.root(new).expect("a root");
            for old in 0..=new {
                let old_root = tree.root(old).expect("a root");
                let proof = tree.consistency_proof(old, new).expect("a proof");
                assert_eq!(
                    verify_consistency(&proof, old, &old_root, new, &new_root),
                    Ok(()),
                    "{old} → {new}"
                );
                if old > 0 {
                    let mut rewritten = tree.clone();
                    rewritten.truncate(old - 1);
                    rewritten.push(b"a forged ballot");
                    for index in old..new {
                        rewritten.push(format!("event {index}").as_bytes());
                    }
                    let forged_root = rewritten.root(new).expect("a root");
                    assert!(
                        verify_consistency(&proof, old, &old_root, new, &forged_root).is_err(),
                        "{old} → {new} rewritten"
                    );
                }
            }
        }
    }

    #[test]
    fn a_growth_stores_what_pushing_stores() {
        let full = tree_of(100);
        let mut tree = tree_of(37);
        let mut growth = tree.grow();
        for index in 37..100 {
            growth.push(format!("event {index}").as_bytes());
        }
        assert_eq!(growth.root(), full.root(100).expect("a root"));
        let (added, size) = growth.finish();
        tree.extend(added, size);
        assert_eq!(tree, full);
    }

    #[test]
    fn a_truncated_tree_grows_again_to_the_same_hashes() {
        let full = tree_of(100);
        let mut tree = full.clone();
        tree.truncate(37);
        assert_eq!(tree.size(), 37);
        assert_eq!(tree.root(37), full.root(37));
        for index in 37..100 {
            tree.push(format!("event {index}").as_bytes());
        }
        assert_eq!(tree, full);
    }

    #[test]
    fn an_append_stores_one_or_two_hashes_on_average() {
        let tree = tree_of(1 << 12);
        assert_eq!(tree.stored().len(), 2 * (1 << 12) - 1);
    }
}
