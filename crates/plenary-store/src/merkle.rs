//! The Merkle tree of Certificate Transparency (RFC 9162 §2.1, the same hashing as RFC 6962) over a log's
//! entries: leaf and node hashes with their domain-separation prefixes, the tree head of any size, the
//! inclusion proof of an entry and the consistency proof between two sizes, the verification of both as
//! RFC 9162 §2.1.3.2 and §2.1.4.2 give it, and the frontier that keeps a growing tree's head in O(log n).
//!
//! Pure: no storage, no clock. It is the ground the signed checkpoints of the record are built on (issue
//! 11); a reader who trusts a tree head can check any entry against it without trusting the server.

use sha2::{Digest, Sha256};

/// A SHA-256 hash: a leaf's, a node's or a tree head.
pub type Hash = [u8; 32];

/// The hash of an entry: `SHA-256(0x00 || entry)`.
pub fn leaf_hash(entry: &[u8]) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x00]);
    hasher.update(entry);
    hasher.finalize().into()
}

/// The hash of an inner node: `SHA-256(0x01 || left || right)`. The prefixes keep a leaf from ever being
/// taken for a node (the second-preimage attack RFC 9162 §2.1.1 closes).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x01]);
    hasher.update(left);
    hasher.update(right);
    hasher.finalize().into()
}

/// The head of the empty tree: the hash of nothing.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// The largest power of two smaller than `n` (for `n > 1`): where RFC 9162 splits a tree of `n` leaves.
fn split(n: usize) -> usize {
    debug_assert!(n > 1);
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// The tree head (`MTH`) over leaf hashes.
pub fn root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => empty_root(),
        1 => leaves[0],
        n => {
            let k = split(n);
            node_hash(&root(&leaves[..k]), &root(&leaves[k..]))
        }
    }
}

/// The inclusion proof (audit path, `PATH(m, D[n])`) of leaf `index` in the tree over `leaves`; `None`
/// when there is no such leaf.
pub fn inclusion_proof(leaves: &[Hash], index: usize) -> Option<Vec<Hash>> {
    if index >= leaves.len() {
        return None;
    }
    let mut proof = Vec::new();
    path(leaves, index, &mut proof);
    Some(proof)
}

fn path(leaves: &[Hash], index: usize, proof: &mut Vec<Hash>) {
    if leaves.len() <= 1 {
        return;
    }
    let k = split(leaves.len());
    if index < k {
        path(&leaves[..k], index, proof);
        proof.push(root(&leaves[k..]));
    } else {
        path(&leaves[k..], index - k, proof);
        proof.push(root(&leaves[..k]));
    }
}

/// The consistency proof (`PROOF(m, D[n])`) that the tree of the first `old_size` leaves is a prefix of the
/// tree over `leaves`; `None` when `old_size` is larger than the tree. Empty for `old_size` 0 or the whole
/// tree.
pub fn consistency_proof(leaves: &[Hash], old_size: usize) -> Option<Vec<Hash>> {
    if old_size > leaves.len() {
        return None;
    }
    let mut proof = Vec::new();
    if old_size > 0 && old_size < leaves.len() {
        subproof(old_size, leaves, true, &mut proof);
    }
    Some(proof)
}

fn subproof(m: usize, leaves: &[Hash], whole: bool, proof: &mut Vec<Hash>) {
    let n = leaves.len();
    if m == n {
        if !whole {
            proof.push(root(leaves));
        }
        return;
    }
    let k = split(n);
    if m <= k {
        subproof(m, &leaves[..k], whole, proof);
        proof.push(root(&leaves[k..]));
    } else {
        subproof(m - k, &leaves[k..], false, proof);
        proof.push(root(&leaves[..k]));
    }
}

/// Why a proof does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("entry {index} is not in a tree of {size} entries")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("a tree of {new} entries cannot extend one of {old}")]
    SizesOutOfOrder { old: u64, new: u64 },
    #[error("the proof has {0} hashes, which no proof for these sizes has")]
    WrongLength(usize),
    #[error("the proof leads to a tree head other than the one given")]
    RootMismatch,
}

/// Checks that the entry whose leaf hash is `leaf` is entry `index` of the tree of `size` entries whose
/// head is `root` (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(
    index: u64,
    size: u64,
    leaf: &Hash,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let (mut fn_, mut sn) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if sn == 0 {
            return Err(ProofError::WrongLength(proof.len()));
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(p, &r);
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    if sn != 0 {
        return Err(ProofError::WrongLength(proof.len()));
    }
    if r == *root { Ok(()) } else { Err(ProofError::RootMismatch) }
}

/// Checks that the tree of `new_size` entries with head `new_root` extends the tree of `old_size` entries
/// with head `old_root`: the log was appended to, never rewritten (RFC 9162 §2.1.4.2).
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    if old_size > new_size {
        return Err(ProofError::SizesOutOfOrder { old: old_size, new: new_size });
    }
    if old_size == new_size {
        if !proof.is_empty() {
            return Err(ProofError::WrongLength(proof.len()));
        }
        return if old_root == new_root { Ok(()) } else { Err(ProofError::RootMismatch) };
    }
    if old_size == 0 {
        // The empty tree is a prefix of every tree; there is nothing to prove.
        return if proof.is_empty() { Ok(()) } else { Err(ProofError::WrongLength(proof.len())) };
    }
    let Some((first, rest)) = proof.split_first() else {
        return Err(ProofError::WrongLength(0));
    };
    // When the old tree is a complete subtree, its head is the first node of the path.
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if old_size.is_power_of_two() {
        path.push(*old_root);
    }
    path.push(*first);
    path.extend_from_slice(rest);
    let (mut fn_, mut sn) = (old_size - 1, new_size - 1);
    while fn_ & 1 == 1 {
        fn_ >>= 1;
        sn >>= 1;
    }
    let (mut fr, mut sr) = (path[0], path[0]);
    for c in &path[1..] {
        if sn == 0 {
            return Err(ProofError::WrongLength(proof.len()));
        }
        if fn_ & 1 == 1 || fn_ == sn {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    if sn != 0 {
        return Err(ProofError::WrongLength(proof.len()));
    }
    if fr == *old_root && sr == *new_root { Ok(()) } else { Err(ProofError::RootMismatch) }
}

/// The right edge of a growing tree: the heads of its complete subtrees, largest first. Appending an entry
/// merges equal-sized subtrees (at most log2 n hashes) and the head of the whole tree folds them (at most
/// log2 n more), so a log keeps its tree head without re-reading its entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frontier {
    size: u64,
    /// `(number of leaves, head)` of each complete subtree, left to right; sizes strictly decreasing
    /// powers of two whose sum is `size`.
    subtrees: Vec<(u64, Hash)>,
}

impl Frontier {
    /// How many entries the tree holds.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends an entry by its leaf hash.
    pub fn push(&mut self, leaf: Hash) {
        let (mut count, mut hash) = (1u64, leaf);
        while let Some(&(last_count, last_hash)) = self.subtrees.last() {
            if last_count != count {
                break;
            }
            self.subtrees.pop();
            hash = node_hash(&last_hash, &hash);
            count *= 2;
        }
        self.subtrees.push((count, hash));
        self.size += 1;
    }

    /// The tree head of everything appended so far.
    pub fn root(&self) -> Hash {
        let mut subtrees = self.subtrees.iter().rev();
        let Some(&(_, mut hash)) = subtrees.next() else { return empty_root() };
        for (_, left) in subtrees {
            hash = node_hash(left, &hash);
        }
        hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The leaves of the Certificate Transparency test vectors (certificate-transparency-go, and the
    /// transparency-dev/merkle tests), and the published tree heads of the first 1 … 8 of them.
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

    fn hashes(count: usize) -> Vec<Hash> {
        (0..count).map(|index| leaf_hash(format!("event {index}").as_bytes())).collect()
    }

    #[test]
    fn the_tree_heads_are_the_published_test_vectors() {
        let leaves: Vec<Hash> = LEAVES.iter().map(|entry| leaf_hash(entry)).collect();
        let mut frontier = Frontier::default();
        for (size, expected) in (1..=8).zip(ROOTS) {
            frontier.push(leaves[size - 1]);
            assert_eq!(hex::encode(root(&leaves[..size])), expected, "size {size}");
            assert_eq!(hex::encode(frontier.root()), expected, "the frontier at size {size}");
        }
        assert_eq!(
            hex::encode(empty_root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn every_entry_is_proved_in_every_tree_and_a_wrong_entry_is_not() {
        let leaves = hashes(70);
        for size in 1..=leaves.len() {
            let head = root(&leaves[..size]);
            for index in 0..size {
                let proof = inclusion_proof(&leaves[..size], index).expect("a proof");
                let (index, size64) = (index as u64, size as u64);
                assert_eq!(verify_inclusion(index, size64, &leaves[index as usize], &proof, &head), Ok(()));
                let other = leaf_hash(b"a forged ballot");
                assert_eq!(
                    verify_inclusion(index, size64, &other, &proof, &head),
                    Err(ProofError::RootMismatch)
                );
                if size > 1 {
                    assert!(
                        verify_inclusion(
                            (index + 1) % size64,
                            size64,
                            &leaves[index as usize],
                            &proof,
                            &head
                        )
                        .is_err()
                    );
                }
            }
        }
    }

    #[test]
    fn every_tree_extends_every_earlier_one_and_a_rewritten_one_does_not() {
        let leaves = hashes(70);
        for new_size in 0..=leaves.len() {
            let new_root = root(&leaves[..new_size]);
            for old_size in 0..=new_size {
                let old_root = root(&leaves[..old_size]);
                let proof = consistency_proof(&leaves[..new_size], old_size).expect("a proof");
                let (old, new) = (old_size as u64, new_size as u64);
                assert_eq!(
                    verify_consistency(old, new, &old_root, &new_root, &proof),
                    Ok(()),
                    "{old} → {new}"
                );
                if old_size > 0 {
                    // The same sizes over a log whose earlier entries were edited.
                    let mut rewritten = leaves[..new_size].to_vec();
                    rewritten[old_size - 1] = leaf_hash(b"a forged ballot");
                    assert!(
                        verify_consistency(old, new, &old_root, &root(&rewritten), &proof).is_err(),
                        "{old} → {new} rewritten"
                    );
                }
            }
        }
    }

    #[test]
    fn the_frontier_gives_the_head_of_every_size() {
        let leaves = hashes(300);
        let mut frontier = Frontier::default();
        for size in 1..=leaves.len() {
            frontier.push(leaves[size - 1]);
            assert_eq!(frontier.size(), size as u64);
            assert_eq!(frontier.root(), root(&leaves[..size]), "size {size}");
        }
    }
}
