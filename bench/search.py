#!/usr/bin/env python3
"""Plenary's agreed-language search beside the peer ../shared/bench/peers/fts5_search.py (SQLite FTS5), in one
run on the same General Assembly texts, with the peer's eight queries: index build time and query latency
p50/p99 for both, and the ratios; then Plenary on a synthetic corpus 20 times larger (the GA texts repeated
with altered symbols and years), whose p99 is held against the peer's p99 on the real corpus; and where
every paragraph was first agreed, timed.

  peer      `python3 fts5_search.py CORPUS/ga` as shipped (its own figures: parse and index seconds, the
            median and max of its per-query means), and, for per-run percentiles the script does not print,
            the same steps in this process: its splitter, its FTS5 table, its query (`order by rank limit
            20` with `highlight`), each query run RUNS times, every run timed.
  plenary   `plenary bench search CORPUS/ga --json` (texts read and imported before the clock starts;
            build = full-text index + clause index + merging segments; each query answers the CLI's and
            the API's default request: counts, every facet, 20 documents with 3 highlighted paragraphs each)
            and the same with `--synthetic 20`.

Usage: bench/search.py [CORPUS_DIR] [PLENARY_BINARY] [RUNS]
(defaults ../shared/corpus, target/release/plenary, 20; build with `cargo build --release -p plenary`).
"""
import glob, importlib.util, json, math, os, sqlite3, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../shared/corpus")
BINARY = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "../target/release/plenary")
RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 20
PEERS = os.path.join(HERE, "../../shared/bench/peers")
SYNTHETIC = 20

# fts5_search.py's queries, in its order.
QUERIES = ['"torture and other cruel"', '"calls upon all States"', '"non-derogable right"',
           '"International Criminal Court"', '"remain seized of the matter"',
           '"requests the Secretary-General to submit"', 'corruption AND torture', '"forced confessions"']


def percentile(sorted_values, fraction):
    """Nearest rank, as `plenary bench search` computes it."""
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def peer_script(ga):
    done = subprocess.run([sys.executable, os.path.join(PEERS, "fts5_search.py"), ga],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def peer_per_run(ga):
    """fts5_search.py's steps with every query run timed on its own."""
    sys.path.insert(0, PEERS)
    spec = importlib.util.spec_from_file_location("split_py", os.path.join(PEERS, "split_py.py"))
    split_py = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(split_py)
    rows = []
    for path in glob.glob(f"{ga}/*.txt"):
        symbol = os.path.basename(path)[:-4]
        for paragraph in split_py.parse(open(path, encoding="utf-8").read()) or []:
            rows.append((symbol, paragraph))
    db = sqlite3.connect(":memory:")
    db.execute("create virtual table p using fts5(symbol unindexed, body)")
    started = time.perf_counter()
    db.executemany("insert into p values (?, ?)", rows)
    db.commit()
    index_s = time.perf_counter() - started
    runs, means = [], []
    for query in QUERIES:
        timed = []
        for _ in range(RUNS):
            started = time.perf_counter()
            db.execute("select symbol, highlight(p, 1, '[', ']') from p where p match ? order by rank limit 20",
                       (query,)).fetchall()
            timed.append((time.perf_counter() - started) * 1000)
        runs += timed
        means.append(sum(timed) / len(timed))
    runs.sort()
    means.sort()
    return {"paragraphs": len(rows), "index_s": index_s, "p50_ms": percentile(runs, 0.5),
            "p99_ms": percentile(runs, 0.99), "median_ms": means[len(means) // 2], "max_ms": means[-1]}


def plenary(ga, *extra):
    done = subprocess.run([BINARY, "bench", "search", ga, "--runs", str(RUNS), "--json", *extra],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main():
    ga = os.path.join(CORPUS, "ga")
    load = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else []
    script = peer_script(ga)
    peer = peer_per_run(ga)
    ours = plenary(ga)
    synthetic = plenary(ga, "--synthetic", str(SYNTHETIC))
    peer_build = script["parse_s"] + script["index_s"]
    print(f"search: {ga}, the peer's eight queries, {RUNS} timed runs each; load average {' '.join(load)}")
    print(f"  {'':34} {'paragraphs':>10} {'build s':>8} {'p50 ms':>8} {'p99 ms':>8} {'median':>8} {'max':>8}")
    print(f"  {'peer fts5_search.py (its output)':34} {script['paragraphs']:>10} {peer_build:>8.2f} {'':>8} {'':>8} "
          f"{script['query_ms_median']:>8.3f} {script['query_ms_max']:>8.3f}")
    print(f"  {'peer, every run timed':34} {peer['paragraphs']:>10} {peer['index_s']:>8.2f} {peer['p50_ms']:>8.3f} "
          f"{peer['p99_ms']:>8.3f} {peer['median_ms']:>8.3f} {peer['max_ms']:>8.3f}")
    for label, run in (("plenary", ours), (f"plenary, synthetic x{SYNTHETIC}", synthetic)):
        print(f"  {label:34} {run['paragraphs']:>10} {run['build']['total_s']:>8.2f} {run['query_ms_p50']:>8.3f} "
              f"{run['query_ms_p99']:>8.3f} {run['query_ms_median']:>8.3f} {run['query_ms_max']:>8.3f}")
    print("  (peer build = its split + FTS5 insert, as it reports them; plenary build = index of words + clause index "
          "+ segment merge, after importing. The synthetic corpus is the GA texts repeated with altered symbols and "
          "years.)")
    ratios = {
        "build_peer_over_plenary": peer_build / ours["build"]["total_s"],
        "index_only_peer_over_plenary_words": script["index_s"] / ours["build"]["words_s"],
        "p50_peer_over_plenary": peer["p50_ms"] / ours["query_ms_p50"],
        "p99_peer_over_plenary": peer["p99_ms"] / ours["query_ms_p99"],
        "synthetic_p99_over_peer_real_p99": synthetic["query_ms_p99"] / peer["p99_ms"],
    }
    print(f"  ratios (peer / plenary): build {ratios['build_peer_over_plenary']:.1f}x, "
          f"p50 {ratios['p50_peer_over_plenary']:.2f}x, p99 {ratios['p99_peer_over_plenary']:.2f}x")
    verdict = "at or under" if synthetic["query_ms_p99"] <= peer["p99_ms"] else "ABOVE"
    print(f"  plenary's p99 on the synthetic x{SYNTHETIC} corpus is {synthetic['query_ms_p99']:.3f} ms, {verdict} "
          f"the peer's p99 on the real corpus ({peer['p99_ms']:.3f} ms): {ratios['synthetic_p99_over_peer_real_p99']:.1f}x")
    for label, run in (("real", ours), (f"synthetic x{SYNTHETIC}", synthetic)):
        first = run["first_agreed"]
        print(f"  first agreed in, every paragraph ({label}, {first['paragraphs']} paragraphs): "
              f"{first['seconds']:.2f} s, {first['agreed_earlier']} agreed earlier elsewhere")
    print(json.dumps({"load_average": load, "runs": RUNS, "peer_script": script, "peer": peer,
                      "plenary": ours, "plenary_synthetic": synthetic, "ratios": ratios}))


if __name__ == "__main__":
    main()
