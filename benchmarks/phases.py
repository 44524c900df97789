#!/usr/bin/env python3
"""Where tfguard's time and memory go on one generated plan.

    python benchmarks/phases.py                     # phases on the 100k plan (json report)
    python benchmarks/phases.py --size 10000 --format text
    python benchmarks/phases.py --cprofile          # + cProfile top functions
    python benchmarks/phases.py --tracemalloc       # + allocation sites (use --size 10000)
    python benchmarks/phases.py --importtime        # + heaviest imports of `tfguard check`

`phases` runs `tfguard check` in a child process exactly as the CLI does (cyclic GC off), with
thin wrappers around the pipeline's steps (rule packs, read, decode, top-level schema, change
objects, uniqueness, classify, redact, render, write): inclusive wall seconds, the RSS after
each step and its growth. The parent measures the whole process too, so start-up and teardown
(freeing the parsed plan at exit) show up as the difference. A step tfguard no longer has is
reported as missing, not as an error. Stdlib + orjson only.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from venv_python import use_project_venv  # noqa: E402

use_project_venv(__file__)

import generate  # noqa: E402

# (module, attribute, label): inclusive timings; nested steps are indented under their parent.
STEPS = [
    ("tfguard.pipeline", "judge", "gate.judge (everything but report)"),
    ("tfguard.read.config", "resolve", "config.resolve"),
    ("tfguard.read.rulebook", "load", "rulebook.load (rule packs)"),
    ("tfguard.read.plan", "load", "plan.load"),
    ("tfguard.read.plan", "_read", "read file"),
    ("tfguard.read.plan", "_decode", "orjson decode"),
    ("tfguard.read.plan", "_check_top_level", "top-level schema check"),
    ("tfguard.read.plan", "_changes", "Change objects (+ sensitive masking)"),
    ("tfguard.read.plan", "_check_unique", "unique addresses"),
    ("tfguard.pipeline", "load_approvals", "approvals"),
    ("tfguard.judge.verdict", "decide", "verdict.decide"),
    ("tfguard.judge.verdict", "classify", "classify"),
    ("tfguard.redact", "redact_verdict", "redact verdict"),
    ("tfguard.redact", "redact", "redact text"),
    ("tfguard.report.json", "render", "render json"),
    ("tfguard.report.text", "render", "render text"),
    ("tfguard.cli.deliver", "emit", "write report"),
]


def _rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def child_phases(argv: list[str]) -> None:
    """Run inside the child: wrap the steps, run the CLI, print the timings as JSON."""
    import gc
    import importlib
    import resource

    started = time.perf_counter()
    gc.disable()  # as tfguard.cli.main does
    t0 = time.perf_counter()
    cli = importlib.import_module("tfguard.cli")
    import_s = time.perf_counter() - t0
    records: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    depth = [0]
    missing: list[str] = []

    def wrap(module_name: str, attr: str, label: str) -> None:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            missing.append(f"{module_name} (module)")
            return
        fn = getattr(module, attr, None)
        if fn is None:
            missing.append(f"{module_name}.{attr}")
            return

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            level = depth[0]
            depth[0] += 1
            if label not in records:
                records[label] = {"calls": 0, "s": 0.0, "grow": 0.0, "depth": level}
                order.append(label)
            r0, t = _rss_mib(), time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - t
                depth[0] -= 1
                rec = records[label]
                rec["calls"] += 1
                rec["s"] += elapsed
                rec["grow"] += _rss_mib() - r0
                rec["rss"] = _rss_mib()

        setattr(module, attr, wrapper)

    for module_name, attr, label in STEPS:
        wrap(module_name, attr, label)
    plan_name = "tfguard.read.plan"
    plan_module = sys.modules.get(plan_name) or importlib.import_module(plan_name)
    if hasattr(plan_module, "hashlib"):  # `hashlib.sha256(data)` of the whole plan file
        import hashlib
        import types

        shim = types.ModuleType("_tfguard_sha_shim")
        shim.__dict__.update({k: v for k, v in vars(hashlib).items() if not k.startswith("__")})
        sys.modules[shim.__name__] = shim
        plan_module.hashlib = shim
        wrap(shim.__name__, "sha256", "sha256 of the plan bytes")
    t0 = time.perf_counter()
    with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
        code = cli.run(argv)
    run_s = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "exit": code,
                "import_s": import_s,
                "run_s": run_s,
                "in_process_s": time.perf_counter() - started,
                "peak_mib": usage.ru_maxrss / 1024,
                "steps": [{"label": k, **records[k]} for k in order],
                "missing": missing,
            }
        ),
        flush=True,
    )


def child_cprofile(argv: list[str], top: int) -> None:
    import cProfile
    import gc
    import io
    import pstats

    gc.disable()
    from tfguard import cli

    profiler = cProfile.Profile()
    with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
        code = profiler.runcall(cli.run, argv)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    print(f"exit {code}")
    print(out.getvalue())


def child_tracemalloc(argv: list[str], top: int) -> None:
    import gc
    import tracemalloc

    gc.disable()
    tracemalloc.start(1)
    from tfguard import cli, report

    snapshots: list[tuple[str, Any]] = []
    original = report.renderer

    def renderer(name: str) -> Any:  # snapshot when the verdict is complete, before rendering
        snapshots.append(("after judge, before render", tracemalloc.take_snapshot()))
        return original(name)

    report.renderer = renderer
    with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
        code = cli.run(argv)
    current, peak = tracemalloc.get_traced_memory()
    print(f"exit {code}; traced now {current / 2**20:.1f} MiB, traced peak {peak / 2**20:.1f} MiB")
    for label, snap in snapshots:
        snap = snap.filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
        stats = snap.statistics("lineno")
        total = sum(s.size for s in stats)
        print(f"\n{label}: {total / 2**20:.1f} MiB live in Python allocations; top {top} sites:")
        for stat in stats[:top]:
            frame = stat.traceback[0]
            where = f"{Path(frame.filename).name}:{frame.lineno}"
            print(f"  {stat.size / 2**20:9.1f} MiB {stat.count:>10,} blocks  {where}")


def tfguard_argv(plan: Path, fmt: str, report: Path) -> list[str]:
    argv = ["check", str(plan), "--format", fmt]
    return [*argv, "--output", str(report)] if fmt == "json" else argv


def run_child(mode: str, plan: Path, fmt: str, top: int) -> tuple[float, str]:
    with tempfile.TemporaryDirectory(dir=generate.DATA) as tmp:
        report = Path(tmp) / "report.json"
        cmd = [sys.executable, __file__, "--child", mode, "--top", str(top), "--"]
        cmd += tfguard_argv(plan, fmt, report)
        env = {**os.environ, "TFGUARD_CACHE_DIR": str(generate.RULE_CACHE)}
        t0 = time.perf_counter()
        proc = subprocess.run(
            cmd, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, check=False
        )
        wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"profile child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return wall, proc.stdout


def phases(plan: Path, fmt: str) -> None:
    startup = min(_timed([sys.executable, "-c", "import gc; gc.disable()"]) for _ in range(5))
    walls, docs = [], []
    for _ in range(3):
        wall, out = run_child("phases", plan, fmt, 0)
        walls.append(wall)
        docs.append(json.loads(out.strip().splitlines()[-1]))
    best = min(range(len(walls)), key=lambda i: walls[i])
    wall, doc = walls[best], docs[best]
    print(
        f"\nphases: tfguard check {plan.name} --format {fmt}  (best of 3 runs; exit {doc['exit']})"
    )
    print(f"  whole process (parent's clock)           {wall:8.3f} s")
    print(f"  bare interpreter start + exit            {startup:8.3f} s")
    print(f"  import tfguard.cli                       {doc['import_s']:8.3f} s")
    print(f"  cli.run (the command)                    {doc['run_s']:8.3f} s")
    rest = wall - startup - doc["in_process_s"]
    print(f"  teardown at exit (freeing the plan) ≈    {rest:8.3f} s")
    print(f"  peak RSS                                 {doc['peak_mib']:8.1f} MiB")
    head = f"{'step (inclusive)':<46} {'calls':>5} {'s':>8} {'% run':>6} {'RSS MiB':>8} {'+MiB':>8}"
    print(f"\n  {head}")
    for step in doc["steps"]:
        label = "  " * step["depth"] + step["label"]
        share = 100 * step["s"] / doc["run_s"] if doc["run_s"] else 0
        print(
            f"  {label:<46} {step['calls']:>5} {step['s']:>8.3f} {share:>5.1f}% "
            f"{step['rss']:>8.1f} {step['grow']:>+8.1f}"
        )
    top_level = sum(step["s"] for step in doc["steps"] if step["depth"] == 0)
    print(
        f"  {'(rest of cli.run: freeing the verdict on return, click)':<52} "
        f"{doc['run_s'] - top_level:>8.3f}"
    )
    if doc["missing"]:
        print(f"  (not found in this tfguard: {', '.join(doc['missing'])})")


def _timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - t0


IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def importtime(plan: Path, top: int) -> None:
    with tempfile.TemporaryDirectory(dir=generate.DATA) as tmp:
        report = Path(tmp) / "report.json"
        env = {**os.environ, "TFGUARD_CACHE_DIR": str(generate.RULE_CACHE)}
        cases = {
            "tfguard check --help": ["check", "--help"],
            f"tfguard check {plan.name} --format json": tfguard_argv(plan, "json", report),
            f"tfguard check {plan.name} (text)": tfguard_argv(plan, "text", report),
        }
        for name, argv in cases.items():
            proc = subprocess.run(
                [sys.executable, "-X", "importtime", "-m", "tfguard", *argv],
                capture_output=True, text=True, env=env, check=False,
            )  # fmt: skip
            rows = []
            for line in proc.stderr.splitlines():
                m = IMPORT_LINE.match(line)
                if m:
                    rows.append((int(m[1]), int(m[2]), len(m[3]), m[4]))
            roots = [r for r in rows if r[2] == 1]
            total = sum(r[1] for r in roots) / 1e6
            print(f"\nimporttime: {name}  (exit {proc.returncode}; {len(rows)} modules, "
                  f"{total:.3f} s in imports)")  # fmt: skip
            print("  top-level imports by cumulative time:")
            for self_us, cum_us, _, mod in sorted(roots, key=lambda r: -r[1])[:top]:
                print(f"    {cum_us / 1000:8.1f} ms  (self {self_us / 1000:6.1f})  {mod}")
            print("  heaviest modules by own time:")
            for self_us, _cum, _, mod in sorted(rows, key=lambda r: -r[0])[:top]:
                print(f"    {self_us / 1000:8.1f} ms  {mod}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--format", default="json", choices=["json", "text"])
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--importtime", action="store_true")
    parser.add_argument("--no-phases", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        {"phases": lambda: child_phases(args.rest),
         "cprofile": lambda: child_cprofile(args.rest, args.top),
         "tracemalloc": lambda: child_tracemalloc(args.rest, args.top)}[args.child]()  # fmt: skip
        return 0
    plan = generate.ensure(args.size)
    if not args.no_phases:
        phases(plan, args.format)
    if args.cprofile:
        _, out = run_child("cprofile", plan, args.format, args.top)
        print(f"\ncProfile: tfguard check {plan.name} --format {args.format}\n{out}")
    if args.tracemalloc:
        _, out = run_child("tracemalloc", plan, args.format, args.top)
        print(f"\ntracemalloc: tfguard check {plan.name} --format {args.format}\n{out}")
    if args.importtime:
        importtime(generate.ensure(1, quiet=True), args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
