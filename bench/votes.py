#!/usr/bin/env python3
"""Plenary's all-pairs agreement matrix beside the pandas peer, same data, same run: whole processes, load
included (the peer needs `pip install pandas numpy`).

    python3 bench/votes.py [VOTES_DIR] [PLENARY] [ROUNDS]

VOTES_DIR holds un_votes.csv, un_roll_calls.csv and un_roll_call_issues.csv (default ../shared/data/votes);
PLENARY is the release binary (default target/release/plenary). Prints one JSON object: the median whole
process time of each over ROUNDS (default 5) runs, their ratio, and each one's own split of load and compute.
"""
import json
import pathlib
import statistics
import subprocess
import sys
import time

root = pathlib.Path(__file__).resolve().parent.parent
votes = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared" / "data" / "votes"
plenary = sys.argv[2] if len(sys.argv) > 2 else str(root / "target" / "release" / "plenary")
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
peer = root.parent / "shared" / "bench" / "peers" / "agreement_pandas.py"


def timed(command):
    started = time.perf_counter()
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - started, json.loads(output)


peer_runs, plenary_runs = [], []
for _ in range(rounds):
    peer_runs.append(timed([sys.executable, str(peer), str(votes / "un_votes.csv")]))
    plenary_runs.append(timed([plenary, "votes", "matrix", "--votes", str(votes), "--json"]))
peer_median = statistics.median(seconds for seconds, _ in peer_runs)
plenary_median = statistics.median(seconds for seconds, _ in plenary_runs)
last_peer, last_plenary = peer_runs[-1][1], plenary_runs[-1][1]
print(json.dumps({
    "rounds": rounds,
    "peer_s": round(peer_median, 3),
    "plenary_s": round(plenary_median, 3),
    "ratio": round(peer_median / plenary_median, 2),
    "peer_load_s": last_peer["load_s"], "peer_compute_s": last_peer["compute_s"],
    "plenary_load_s": round(last_plenary["load_s"], 3), "plenary_compute_s": round(last_plenary["compute_s"], 4),
    "roll_calls": last_plenary["roll_calls"], "US_CN_agreement_peer": last_peer["US_CN_agreement"],
}))
