#!/usr/bin/env python3
"""The log's Merkle tree checked against an independent implementation.

Reads the vectors `cargo run -p plenary-store --example tree_vectors` writes (JSON, on standard input or
from the file named) and, with nothing but hashlib:

- recomputes every root, inclusion proof and consistency proof with RFC 6962 section 2.1's definitions
  (MTH, PATH, PROOF/SUBPROOF; subtree hashes memoised) and compares them with the Rust ones exactly;
- runs RFC 9162's verification algorithms (section 2.1.3.2 for inclusion, 2.1.4.2 for consistency) on the
  Rust proofs, which must pass;
- mutates each proof (a flipped bit in a proof hash, in the leaf or in a root; a hash dropped or added; a
  wrong index or size), which must fail.

Prints the counts; exits 1 on any mismatch.
"""

import hashlib
import json
import random
import sys
import time


def sha256(data):
    return hashlib.sha256(data).digest()


def leaf_hash(entry):
    return sha256(b"\x00" + entry)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def largest_power_of_two_below(n):
    """The k of RFC 6962: the largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


class Tree:
    """RFC 6962 section 2.1 over a list of leaf hashes. D[lo:hi] is written (lo, hi)."""

    def __init__(self, leaf_hashes):
        self.leaves = leaf_hashes
        self.memo = {}

    def mth(self, lo, hi):
        """MTH(D[lo:hi])."""
        n = hi - lo
        if n == 0:
            return sha256(b"")
        if n == 1:
            return self.leaves[lo]
        key = (lo, hi)
        cached = self.memo.get(key)
        if cached is None:
            k = largest_power_of_two_below(n)
            cached = node_hash(self.mth(lo, lo + k), self.mth(lo + k, hi))
            self.memo[key] = cached
        return cached

    def path(self, m, lo, hi):
        """PATH(m, D[lo:hi]): the audit path of leaf m (counted from lo), leaf to root."""
        n = hi - lo
        if n == 1:
            return []
        k = largest_power_of_two_below(n)
        if m < k:
            return self.path(m, lo, lo + k) + [self.mth(lo + k, hi)]
        return self.path(m - k, lo + k, hi) + [self.mth(lo, lo + k)]

    def proof(self, m, n):
        """PROOF(m, D[n]) = SUBPROOF(m, D[n], true)."""
        return self.subproof(m, 0, n, True)

    def subproof(self, m, lo, hi, b):
        n = hi - lo
        if m == n:
            return [] if b else [self.mth(lo, hi)]
        k = largest_power_of_two_below(n)
        if m <= k:
            return self.subproof(m, lo, lo + k, b) + [self.mth(lo + k, hi)]
        return self.subproof(m - k, lo + k, hi, False) + [self.mth(lo, lo + k)]


def verify_inclusion(leaf_index, tree_size, entry_hash, path, root):
    """RFC 9162 section 2.1.3.2."""
    if leaf_index >= tree_size:
        return False
    fn, sn = leaf_index, tree_size - 1
    r = entry_hash
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, second, first_hash, second_hash, path):
    """RFC 9162 section 2.1.4.2, for 0 < first < second; equal sizes have the empty proof and equal roots."""
    if first == second:
        return not path and first_hash == second_hash
    if not 0 < first < second:
        return False
    if not path:
        return False
    path = list(path)
    if first & (first - 1) == 0:
        path = [first_hash] + path
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_hash and sr == second_hash and sn == 0


def flip(hash_bytes, rng):
    bit = rng.randrange(len(hash_bytes) * 8)
    changed = bytearray(hash_bytes)
    changed[bit // 8] ^= 1 << (bit % 8)
    return bytes(changed)


def main():
    started = time.monotonic()
    source = open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin
    vectors = json.load(source)
    entries = [bytes.fromhex(leaf) for leaf in vectors["leaves"]]
    tree = Tree([leaf_hash(entry) for entry in entries])
    rng = random.Random(vectors["seed"])
    failures = []
    counts = dict(roots=0, inclusion=0, consistency=0, verified=0, mutations=0)

    def fail(message):
        failures.append(message)
        if len(failures) <= 20:
            print("MISMATCH:", message, file=sys.stderr)

    def hashes(hex_list):
        return [bytes.fromhex(h) for h in hex_list]

    if bytes.fromhex(vectors["empty_root"]) != sha256(b""):
        fail("the empty tree's root is not SHA-256 of nothing")
    counts["roots"] += 1

    sizes = [t["size"] for t in vectors["trees"]]
    if len(set(sizes)) != len(sizes):
        fail("sizes repeat")

    for t in vectors["trees"]:
        n = t["size"]
        root = bytes.fromhex(t["root"])
        if root != tree.mth(0, n):
            fail(f"root of {n}")
        counts["roots"] += 1

        # Inclusion of event seq (leaf seq - 1).
        inc = t["inclusion"]
        seq = inc["seq"]
        m = seq - 1
        proof = hashes(inc["proof"])
        leaf = bytes.fromhex(inc["leaf_hash"])
        if leaf != tree.leaves[m]:
            fail(f"leaf hash of event {seq}")
        if proof != tree.path(m, 0, n):
            fail(f"inclusion proof of event {seq} in {n}: not RFC 6962's PATH")
        counts["inclusion"] += 1
        if verify_inclusion(m, n, leaf, proof, root):
            counts["verified"] += 1
        else:
            fail(f"inclusion proof of event {seq} in {n} does not verify (RFC 9162 2.1.3.2)")
        wrong = []
        if proof:
            i = rng.randrange(len(proof))
            wrong.append(("a flipped proof hash", m, n, leaf, proof[:i] + [flip(proof[i], rng)] + proof[i + 1:], root))
            wrong.append(("a proof hash dropped", m, n, leaf, proof[:-1], root))
        wrong.append(("a proof hash added", m, n, leaf, proof + [leaf], root))
        wrong.append(("a flipped leaf", m, n, flip(leaf, rng), proof, root))
        wrong.append(("a flipped root", m, n, leaf, proof, flip(root, rng)))
        if n > 1:
            wrong.append(("another index", (m + 1) % n, n, leaf, proof, root))
        for what, index, size, leaf_x, proof_x, root_x in wrong:
            counts["mutations"] += 1
            if verify_inclusion(index, size, leaf_x, proof_x, root_x):
                fail(f"inclusion of event {seq} in {n} verifies with {what}")

        # Consistency of the tree of `old` with the tree of n.
        con = t["consistency"]
        old = con["old"]
        old_root = bytes.fromhex(con["old_root"])
        proof = hashes(con["proof"])
        if old_root != tree.mth(0, old):
            fail(f"root of {old} (as the older tree of {n})")
        if proof != tree.proof(old, n):
            fail(f"consistency proof {old} -> {n}: not RFC 6962's PROOF")
        counts["consistency"] += 1
        if verify_consistency(old, n, old_root, root, proof):
            counts["verified"] += 1
        else:
            fail(f"consistency proof {old} -> {n} does not verify (RFC 9162 2.1.4.2)")
        wrong = [
            ("a flipped old root", old, n, flip(old_root, rng), root, proof),
            ("a flipped new root", old, n, old_root, flip(root, rng), proof),
            ("a proof hash added", old, n, old_root, root, proof + [root]),
        ]
        if proof:
            i = rng.randrange(len(proof))
            wrong.append(("a flipped proof hash", old, n, old_root, root, proof[:i] + [flip(proof[i], rng)] + proof[i + 1:]))
            wrong.append(("a proof hash dropped", old, n, old_root, root, proof[:-1]))
        for what, first, second, first_hash, second_hash, proof_x in wrong:
            counts["mutations"] += 1
            if verify_consistency(first, second, first_hash, second_hash, proof_x):
                fail(f"consistency {old} -> {n} verifies with {what}")

    largest = max(sizes) if sizes else 0
    print(
        f"tree check (seed {vectors['seed']}): {len(sizes)} tree sizes (1 to {largest}, {len(entries)} event hashes); "
        f"{counts['roots']} roots, {counts['inclusion']} inclusion and {counts['consistency']} consistency proofs "
        f"equal to RFC 6962's; {counts['verified']} proofs pass RFC 9162's verifiers; "
        f"{counts['mutations']} mutated proofs all refused; {time.monotonic() - started:.1f} s"
        if not failures
        else f"tree check (seed {vectors['seed']}): {len(failures)} MISMATCHES"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
