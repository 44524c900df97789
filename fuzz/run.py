"""A mutation fuzzer for tfguard's readers: plan JSON, approval files, config files.

    .venv/bin/python fuzz/run.py --seconds 60            # all targets, 60 s each
    .venv/bin/python fuzz/run.py --target plan --seed 7  # one target, reproducible

Each input is a seed file (examples/, tests/) mutated by byte flips, truncation, splicing and
JSON/HCL token insertion. A reader may refuse an input only with a TfguardError (exit 2 with one
line); anything else is a crash: the input is saved to fuzz/crashes/ and the run fails. Crashes
found are fixed and kept as regression tests in tests/test_regressions.py.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tfguard.errors import TfguardError  # noqa: E402
from tfguard.judge import approvals  # noqa: E402
from tfguard.judge.verdict import decide  # noqa: E402
from tfguard.read import config, plan, rulebook  # noqa: E402

TOKENS = [
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b",",
    b":",
    b"null",
    b"true",
    b"-1",
    b"1e999",
    b"\\u0000",
    b'"${var.x}"',
    b"<<EOT\n",
    b"\nEOT\n",
    b"\xff",
    b"\x00",
    b"approval {",
    b"= [",
    b'"a"',
]


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        choice = rng.random()
        position = rng.randint(0, max(0, len(out) - 1)) if out else 0
        if choice < 0.3 and out:
            out[position] = rng.randint(0, 255)
        elif choice < 0.5:
            out[position:position] = rng.choice(TOKENS)
        elif choice < 0.65 and out:
            del out[position : position + rng.randint(1, 64)]
        elif choice < 0.75:
            out = out[: rng.randint(0, len(out))]
        else:
            start = rng.randint(0, max(0, len(data) - 1)) if data else 0
            out[position:position] = data[start : start + rng.randint(1, 200)]
    return bytes(out)


BOOK = rulebook.load()


JUNK: list[object] = [
    None,
    True,
    False,
    0,
    -1,
    2**70,
    1.5,
    "",
    "x",
    "delete",
    [],
    {},
    [1],
    {"a": 1},
    ["delete"],
    {"references": [1]},
    {"actions": "x"},
    "${x}",
]


def mutate_json(data: bytes, rng: random.Random) -> bytes:
    """Replace or delete one node anywhere in a JSON document (finds type confusion)."""
    document = json.loads(data)
    nodes: list[tuple[object, object]] = []
    stack: list[object] = [document]
    while stack:
        value = stack.pop()
        children = (
            value.items()
            if isinstance(value, dict)
            else enumerate(value)
            if isinstance(value, list)
            else ()
        )
        for key, child in children:
            nodes.append((value, key))
            stack.append(child)
    for _ in range(rng.randint(1, 3)):
        parent, key = rng.choice(nodes)
        if isinstance(parent, dict) and rng.random() < 0.3:
            parent.pop(key, None)
        else:
            with contextlib.suppress(IndexError, KeyError):
                parent[key] = rng.choice(JUNK)  # type: ignore[index]
    return json.dumps(document).encode()


def read_plan(data: bytes, workdir: Path) -> None:
    decide([plan.parse(data, "fuzz.json")], BOOK)


def read_approvals(data: bytes, workdir: Path) -> None:
    path = workdir / "tfguard-approvals.hcl"
    path.write_bytes(data)
    approvals.load_text(path)


def read_config(data: bytes, workdir: Path) -> None:
    path = workdir / ".tfguard.hcl"
    path.write_bytes(data)
    config.load(path)


APPROVAL_SEED = b"""approval {
  address     = "module.db.aws_db_instance.main[\\"eu\\"]"
  actions     = ["delete"]
  fingerprint = "sha256:0000000000000000000000000000000000000000000000000000000000000000"
  reason      = "decommission"
  ticket      = "OPS-1"
  expires     = "2026-12-01T00:00:00Z"
  approved_by = [
    "alice@example.com",
  ]
}
"""
CONFIG_SEED = b"""approvals {
  file = "tfguard-approvals.hcl"
  provenance = "merged"
  protected_ref = "origin/main"
  allowed_approvers = ["a@example.com"]
  required = 1
  required_when_lost = 2
  max_lifetime = "7d"
}
rule "store-updated" {
  class = "destructive"
}
"""

TARGETS: dict[str, tuple[Callable[[bytes, Path], None], list[bytes]]] = {
    "plan": (read_plan, [p.read_bytes() for p in sorted(ROOT.glob("examples/*/plan.json"))]),
    "approvals": (read_approvals, [APPROVAL_SEED]),
    "config": (read_config, [CONFIG_SEED]),
}


def fuzz(name: str, seconds: float, seed: int) -> int:
    reader, seeds = TARGETS[name]
    rng = random.Random(seed)
    crashes = ROOT / "fuzz" / "crashes"
    deadline = time.monotonic() + seconds
    runs = found = 0
    with tempfile.TemporaryDirectory() as tmp:
        while time.monotonic() < deadline:
            seed_data = rng.choice(seeds)
            structured = name == "plan" and rng.random() < 0.5
            data = mutate_json(seed_data, rng) if structured else mutate(seed_data, rng)
            runs += 1
            try:
                reader(data, Path(tmp))
            except TfguardError:
                pass
            except Exception:
                found += 1
                crashes.mkdir(exist_ok=True)
                out = crashes / f"{name}-{seed}-{runs}.bin"
                out.write_bytes(data)
                print(f"CRASH {name}: {out}\n{traceback.format_exc()}", file=sys.stderr)
    print(f"{name}: {runs} inputs in {seconds:.0f} s, {found} crash(es)")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", choices=sorted(TARGETS), action="append")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    found = sum(fuzz(t, args.seconds, args.seed) for t in args.target or sorted(TARGETS))
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
