#!/usr/bin/env python3
"""Plenary beside the peers of ../shared/bench/peers, in one run on the same texts: both figures and their
ratio, for import (split_py.py) and for compare (difflib_compare.py).

  import   every text of the General Assembly corpus split into paragraphs: the peer's `parse` in this
           process against `plenary bench import`, which imports the same files (decoding, format
           detection, page furniture, footnotes, structure). Files are read before either clock starts.
  compare  each pair of the hand-checked comparison tests: the peer's `compare` (split both texts, align
           paragraphs, diff words) against `plenary bench compare` (import both texts, compare). Both
           figures include reading the two texts into paragraphs, as a user comparing two files does.

Each figure is the mean over ROUNDS rounds, after one untimed round on each side. Usage:
  bench/peers.py [CORPUS_DIR] [PLENARY_BINARY] [ROUNDS]
(defaults ../shared/corpus, target/release/plenary, 5; build with `cargo build --release -p plenary`).
"""
import glob, importlib.util, json, math, os, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../shared/corpus")
BINARY = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "../target/release/plenary")
ROUNDS = int(sys.argv[3]) if len(sys.argv) > 3 else 5
PEERS = os.path.join(HERE, "../../shared/bench/peers")

# The pairs of crates/plenary-import/benches/compare_series.rs (the hand-checked comparison tests).
PAIRS = [
    ("ga/A_RES_72_163.txt", "ga/A_RES_74_143.txt"),
    ("ga/A_C.3_80_L.49.txt", "ga/A_RES_80_198.txt"),
    ("ga/A_RES_79_6.txt", "ga/A_RES_80_6.txt"),
    ("ga/A_RES_79_7.txt", "ga/A_RES_80_4.txt"),
    ("ga/A_RES_79_4.txt", "ga/A_RES_80_7.txt"),
    ("sc/S_RES_0790_1992.txt", "sc/S_RES_0830_1993.txt"),
    ("ga/A_RES_78_161.txt", "ga/A_RES_80_148.txt"),
]


def load(name):
    sys.path.insert(0, PEERS)
    spec = importlib.util.spec_from_file_location(name, os.path.join(PEERS, f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def plenary(*arguments):
    done = subprocess.run([BINARY, "bench", *arguments, "--rounds", str(ROUNDS)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def bench_import(split_py):
    ga = os.path.join(CORPUS, "ga")
    texts = [open(path, encoding="utf-8").read() for path in sorted(glob.glob(os.path.join(ga, "*.txt")))]
    megabytes = sum(len(text.encode()) for text in texts) / 1e6
    for text in texts:  # one untimed round, as `plenary bench` runs one: patterns compiled, caches filled
        split_py.parse(text)
    started = time.perf_counter()
    for _ in range(ROUNDS):
        peer_paragraphs = sum(len(split_py.parse(text) or []) for text in texts)
    peer = (time.perf_counter() - started) / ROUNDS
    ours = plenary("import", ga)
    assert ours["texts"] == len(texts), f"plenary read {ours['texts']} texts, the peer {len(texts)}"
    print(f"import: {len(texts)} texts, {megabytes:.1f} MB ({ga}), mean of {ROUNDS} rounds")
    print(f"  peer split_py.py   {peer:8.3f} s  {megabytes / peer:7.1f} MB/s  {peer_paragraphs} paragraphs")
    print(f"  plenary import     {ours['seconds_per_round']:8.3f} s  "
          f"{megabytes / ours['seconds_per_round']:7.1f} MB/s  {ours['paragraphs']} paragraphs and sub-paragraphs"
          f" ({ours['refused']} refused)")
    print(f"  ratio (peer / plenary): {peer / ours['seconds_per_round']:.1f}x")


def bench_compare(difflib_compare):
    print(f"compare: {len(PAIRS)} pairs, mean of {ROUNDS} rounds each")
    print(f"  {'pair':52} {'peer ms':>9} {'plenary ms':>11} {'ratio':>7}")
    ratios = []
    for old, new in PAIRS:
        old_path, new_path = os.path.join(CORPUS, old), os.path.join(CORPUS, new)
        old_text, new_text = open(old_path, encoding="utf-8").read(), open(new_path, encoding="utf-8").read()
        difflib_compare.compare(old_text, new_text)  # the untimed round
        started = time.perf_counter()
        for _ in range(ROUNDS):
            peer_result = difflib_compare.compare(old_text, new_text)
        peer = (time.perf_counter() - started) / ROUNDS
        ours = plenary("compare", old_path, new_path)["seconds_per_compare"]
        ratio = peer / ours
        ratios.append(ratio)
        # The peer's splitter finds no body in a Council compilation text: it compares nothing there.
        note = "" if peer_result else "  (the peer found no paragraphs)"
        name = f"{os.path.basename(old)} -> {os.path.basename(new)}"
        print(f"  {name:52} {peer * 1e3:9.2f} {ours * 1e3:11.2f} {ratio:6.1f}x{note}")
    geometric = math.exp(sum(math.log(ratio) for ratio in ratios) / len(ratios))
    print(f"  geometric mean ratio (peer / plenary): {geometric:.1f}x")


def main():
    if not os.path.isdir(CORPUS):
        sys.exit(f"no corpus at {CORPUS}")
    if not os.path.exists(BINARY):
        sys.exit(f"no {BINARY}: cargo build --release -p plenary")
    bench_import(load("split_py"))
    bench_compare(load("difflib_compare"))


if __name__ == "__main__":
    main()
