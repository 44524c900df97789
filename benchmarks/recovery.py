#!/usr/bin/env python3
"""How recovery linking (judge/recovery.py) grows with the plan: linear or not?

    python benchmarks/recovery.py                        # 25,000 / 50,000 / 100,000 changes
    python benchmarks/recovery.py --sizes 1000,10000 --runs 5

For each generated plan (benchmarks/generate.py, the same files run.py uses), a child process
parses it and classifies every change as `tfguard check` does (GC off), then times
`recovery.assess` alone (links backups to stores by value and by configuration reference,
recovery verdicts for destroyed stores, same-state advisories): best of `--runs` calls, the
RSS it adds, and how many stores it judged. Stdlib + orjson.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from venv_python import use_project_venv  # noqa: E402

use_project_venv(__file__)

import generate  # noqa: E402

CHILD = """
import gc, json, os, sys, time
gc.disable()
from pathlib import Path
from tfguard.judge import provisioners, recovery
from tfguard.judge.classify import classify
from tfguard.read import plan, rulebook

def rss_mib():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

path, runs = Path(sys.argv[1]), int(sys.argv[2])
book = rulebook.load([], None)
judged = plan.load(str(path), "terraform", sys.stdin.buffer)
assessed = provisioners.name(classify(judged.changes, book), [judged])
best, grown, result = float("inf"), 0.0, None
for _ in range(runs):
    before = rss_mib()
    started = time.perf_counter()
    result = recovery.assess(assessed, [judged], book)
    best = min(best, time.perf_counter() - started)
    grown = max(grown, rss_mib() - before)
    del result
    result = None
out, advisories = recovery.assess(assessed, [judged], book)
print(json.dumps({
    "seconds": best, "rss_mib": grown,
    "stores": sum(1 for a in out if a.recovery is not None), "advisories": len(advisories),
}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="25000,50000,100000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    header = ("changes", "seconds", "µs/change", "+MiB", "stores", "advice")
    print("{:>8} {:>8} {:>10} {:>6} {:>7} {:>7}".format(*header))
    rows: dict[int, dict[str, float]] = {}
    for size in sizes:
        path = generate.ensure(size, quiet=True)
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), str(args.runs)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            print(f"BENCHMARK BROKEN: {size}: {done.stderr.strip()[-2000:]}", file=sys.stderr)
            return 2
        row = json.loads(done.stdout)
        rows[size] = row
        print(
            f"{size:>8,} {row['seconds']:>8.3f} {row['seconds'] / size * 1e6:>10.2f} "
            f"{row['rss_mib']:>6.1f} {row['stores']:>7,} {row['advisories']:>7,}",
            flush=True,
        )
    if len(rows) >= 2:
        lo, hi = min(rows), max(rows)
        growth = (rows[hi]["seconds"] / hi) / (rows[lo]["seconds"] / lo)
        verdict = "linear" if growth <= 1.25 else "SUPERLINEAR"
        print(f"time per change, {hi:,} vs {lo:,}: ×{growth:.2f} → {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
