#!/usr/bin/env python3
"""How long semantic provenance takes on a big approval file with a long history.

    python benchmarks/provenance.py                          # 10,000 entries, 5,000 commits
    python benchmarks/provenance.py --scale 0.25,0.5,1       # the same at 1/4 and 1/2: linear?
    python benchmarks/provenance.py --entries 2000 --commits 1000

A repository is built with `git fast-import` (not timed): half the commits are requests by
agent@example.com, each appending entries; the other half are approvals, each by one of four
approvers adding their own name to the entries just requested. Then, in a child process,
`provenance.load` judges every entry at the `authored` level exactly as `tfguard check` does:
wall seconds and peak RSS of that process are reported. Stdlib only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from venv_python import use_project_venv

APPROVERS = ("alice", "bob", "carol", "dave")
FINGERPRINT = "sha256:" + "0" * 56
START = 1_790_000_000


def entry(index: int, approver: str | None) -> str:
    names = f'    "{approver}@example.com",\n' if approver else ""
    return (
        "approval {\n"
        f'  address     = "module.tenant[\\"t{index:05d}\\"].aws_db_instance.main"\n'
        '  actions     = ["delete"]\n'
        f'  fingerprint = "{FINGERPRINT}{index:08x}"\n'
        '  reason      = "decommission the tenant; final snapshot verified"\n'
        '  expires     = "2026-12-01T00:00:00Z"\n'
        f"  approved_by = [\n{names}  ]\n"
        "}\n\n"
    )


def build(directory: Path, entries: int, commits: int) -> int:
    """A repository whose approval file gets `entries` entries over `commits` commits."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(directory)], check=True)
    rounds = max(commits // 2, 1)
    per_round = max(entries // rounds, 1)
    blocks: list[str] = []
    feeder = subprocess.Popen(
        ["git", "fast-import", "--quiet"], cwd=directory, stdin=subprocess.PIPE
    )
    assert feeder.stdin is not None
    out = feeder.stdin
    mark = 0
    size = 0

    def commit(who: str) -> None:
        nonlocal mark, size
        data = "".join(blocks).encode()
        size = len(data)
        mark += 1
        stamp = START + mark * 60
        message = b"update approvals\n"
        out.write(f"commit refs/heads/main\nmark :{mark}\n".encode())
        out.write(f"author {who} <{who}@example.com> {stamp} +0000\n".encode())
        out.write(f"committer {who} <{who}@example.com> {stamp} +0000\n".encode())
        out.write(f"data {len(message)}\n".encode() + message)
        if mark > 1:
            out.write(f"from :{mark - 1}\n".encode())
        out.write(f"M 100644 inline tfguard-approvals.hcl\ndata {len(data)}\n".encode())
        out.write(data + b"\n")

    made = 0
    for round_number in range(rounds):
        count = per_round if round_number < rounds - 1 else entries - made
        first = len(blocks)
        blocks.extend(entry(first + i, None) for i in range(count))
        commit("agent")
        approver = APPROVERS[round_number % len(APPROVERS)]
        for i in range(first, first + count):
            blocks[i] = entry(i, approver)
        commit(approver)
        made += count
    out.close()
    if feeder.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "checkout", "-q", "main"], cwd=directory, check=True)
    return size


CHILD = """
import json, resource, sys, time
from pathlib import Path
from tfguard.git import provenance
from tfguard.model import Level
path = Path(sys.argv[1])
started = time.perf_counter()
result = provenance.load(path, Level.AUTHORED, None, False)
seconds = time.perf_counter() - started
vouched = sum(len(p.approvers) for p in result.provenance)
print(json.dumps({"seconds": seconds, "vouched": vouched, "problems": list(result.problems),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(entries: int, commits: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="tfguard-provenance-") as scratch:
        directory = Path(scratch) / "repo"
        started = time.perf_counter()
        size = build(directory, entries, commits)
        built = time.perf_counter() - started
        env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull}
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(directory / "tfguard-approvals.hcl")],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        result = json.loads(done.stdout)
        if result["problems"] or result["vouched"] != entries:
            raise SystemExit(f"unexpected result: {result}")
        return {"size_mb": size / 1e6, "build_s": built, **result}


def main() -> None:
    use_project_venv(__file__)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=5_000)
    parser.add_argument("--scale", default="1", help="comma-separated fractions of the sizes")
    args = parser.parse_args()
    print(f"{'entries':>8} {'commits':>8} {'file MB':>8} {'seconds':>8} {'peak RSS MB':>12}")
    for fraction in (float(f) for f in args.scale.split(",")):
        entries = max(int(args.entries * fraction), 1)
        commits = max(int(args.commits * fraction), 2)
        row = measure(entries, commits)
        print(
            f"{entries:>8,} {commits:>8,} {row['size_mb']:>8.2f} {row['seconds']:>8.2f} "
            f"{row['rss_mb']:>12.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
