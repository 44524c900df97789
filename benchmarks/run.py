#!/usr/bin/env python3
"""Time tfguard against the "just read the JSON" floor, on the same plan files, in one run.

    python benchmarks/run.py                      # sizes 1000,10000,100000, 5 runs each
    python benchmarks/run.py --quick              # sizes 1000,10000, 3 runs each
    python benchmarks/run.py --sizes 1000 --runs 3 --checkov

Every measurement is a whole, fresh process: a tiny launcher (`python -I -c …`) starts the
tool, waits for it, and reads `getrusage(RUSAGE_CHILDREN)` — wall seconds and the peak RSS of
that one child, so memory maxima never leak from one run into the next. Each figure is the
median of `--runs` runs; runs of different tools are interleaved so a slow minute hurts all
tools alike. Sizes run one after the other, never in parallel (the 100k parse takes GiBs).

Tools (per plan size):
  baseline      the floor every ratio is against: a fresh `python -c` that calls gc.disable()
                first (the cyclic GC off for the whole process, as tfguard's CLI runs), reads
                the file, orjson.loads it, then loops over resource_changes counting deletes
  orjson+gc     the same with the GC left on (context; only with --context)
  stdlib-json   json.load + the same loop (context; only with --context)
  tfguard-json  tfguard check FILE --format json --output /dev/null
  tfguard-text  tfguard check FILE (text report to a discarded stdout)
  checkov       checkov -f FILE --framework terraform_plan (only with --checkov, if installed)

Exit status: 0 when everything ran (targets met or not: see the table), 2 when the benchmark
is broken (tfguard exited 2 or crashed, wrote no valid report, or a baseline failed).
Stdlib + orjson only. Raw results are written to benchmarks/data/results-*.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shlex
import shutil
import stat
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from venv_python import use_project_venv  # noqa: E402

use_project_venv(__file__)

import generate  # noqa: E402  (benchmarks/generate.py, next to this file)

DATA = generate.DATA

# Wall ratio (and, where given, memory ratio) tfguard must stay within, against the baseline
# (issue 19: <= 2x at 1,000 changes, <= 1.5x at 10,000 and 100,000; peak RSS <= 1.05x).
TARGETS: dict[int, tuple[float, float | None]] = {
    1_000: (2.0, 1.05),
    10_000: (1.5, 1.05),
    100_000: (1.5, 1.05),
}

LAUNCHER = r"""
import json, resource, subprocess, sys, time
cmd, capture = json.loads(sys.argv[1]), sys.argv[2] == "1"
start = time.perf_counter()
proc = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                      stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                      stderr=subprocess.PIPE)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "wall": wall, "maxrss_kib": usage.ru_maxrss, "user": usage.ru_utime, "sys": usage.ru_stime,
    "rc": proc.returncode,
    "stdout": (proc.stdout or b"")[-2000:].decode("utf-8", "replace"),
    "stderr": proc.stderr[-4000:].decode("utf-8", "replace"),
}))
"""

# The floor: the cyclic GC off for the whole process (the first thing the script does), the
# same file read, orjson, one loop over resource_changes. Nothing any tool must do is cheaper.
BASELINE = """
import gc
gc.disable()
import sys, orjson
with open(sys.argv[1], "rb") as f:
    doc = orjson.loads(f.read())
deletes = 0
for rc in doc["resource_changes"]:
    if "delete" in rc["change"]["actions"]:
        deletes += 1
print(deletes)
"""

ORJSON_GC = """
import sys, orjson
with open(sys.argv[1], "rb") as f:
    doc = orjson.loads(f.read())
deletes = 0
for rc in doc["resource_changes"]:
    if "delete" in rc["change"]["actions"]:
        deletes += 1
print(deletes)
"""

STDLIB_JSON = """
import json, sys
with open(sys.argv[1], "rb") as f:
    doc = json.load(f)
deletes = 0
for rc in doc["resource_changes"]:
    if "delete" in rc["change"]["actions"]:
        deletes += 1
print(deletes)
"""


@dataclass
class Tool:
    id: str
    cmd: list[str]  # "{plan}" and "{report}" are filled in per size
    capture: bool = False  # keep stdout (small outputs only: the baselines print one number)
    is_tfguard: bool = False
    optional: bool = False  # its exit code is not judged (checkov exits 1 on failed checks)

    def argv(self, plan: Path, report: Path) -> list[str]:
        return [a.replace("{plan}", str(plan)).replace("{report}", str(report)) for a in self.cmd]


@dataclass
class Result:
    size: int
    tool: str
    walls: list[float] = field(default_factory=list)
    rss_mib: list[float] = field(default_factory=list)
    rcs: list[int] = field(default_factory=list)
    user: list[float] = field(default_factory=list)
    sys: list[float] = field(default_factory=list)
    stderr: str = ""
    stdout: str = ""

    @property
    def wall(self) -> float:
        return statistics.median(self.walls) if self.walls else float("nan")

    @property
    def cpu(self) -> float:
        """Median CPU seconds (user + sys): less sensitive than wall time to other processes
        competing for the cores."""
        both = [u + s for u, s in zip(self.user, self.sys, strict=True)]
        return statistics.median(both) if both else float("nan")

    @property
    def mem(self) -> float:
        return statistics.median(self.rss_mib) if self.rss_mib else float("nan")

    def add(self, run: dict[str, Any]) -> None:
        self.walls.append(run["wall"])
        self.rss_mib.append(run["maxrss_kib"] / 1024)
        self.rcs.append(run["rc"])
        self.user.append(run["user"])
        self.sys.append(run["sys"])
        self.stderr, self.stdout = run["stderr"], run["stdout"]


class Broken(Exception):
    pass


def launch(argv: list[str], capture: bool, env: dict[str, str]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-I", "-c", LAUNCHER, json.dumps(argv), "1" if capture else "0"],
        capture_output=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise Broken(f"launcher failed for {shlex.join(argv)}: {proc.stderr.decode()[-2000:]}")
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


def tfguard_command(override: str | None) -> list[str]:
    if override:
        return shlex.split(override)
    beside = Path(sys.executable).parent / "tfguard"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("tfguard")
    return [found] if found else [sys.executable, "-m", "tfguard"]


def tools(args: argparse.Namespace) -> list[Tool]:
    py = sys.executable
    tfguard = tfguard_command(args.tfguard)
    out = [
        Tool("baseline", [py, "-c", BASELINE, "{plan}"], capture=True),
        Tool(
            "tfguard-json",
            [*tfguard, "check", "{plan}", "--format", "json", "--output", "{report}"],
            is_tfguard=True,
        ),
        Tool("tfguard-text", [*tfguard, "check", "{plan}"], is_tfguard=True),
    ]
    if args.compare:
        out.append(
            Tool(
                "before-json",
                [
                    *shlex.split(args.compare),
                    "check",
                    "{plan}",
                    "--format",
                    "json",
                    "--output",
                    "{report}",
                ],
                is_tfguard=True,
            )
        )
    if args.context:
        out[1:1] = [
            Tool("orjson+gc", [py, "-c", ORJSON_GC, "{plan}"], capture=True),
            Tool("stdlib-json", [py, "-c", STDLIB_JSON, "{plan}"], capture=True),
        ]
    if args.checkov:
        checkov = shutil.which("checkov")
        if checkov:
            out.append(
                Tool(
                    "checkov",
                    [
                        checkov,
                        "-f",
                        "{plan}",
                        "--framework",
                        "terraform_plan",
                        "--quiet",
                        "--compact",
                    ],
                    optional=True,
                )
            )
        else:
            print("checkov: not installed (pip install checkov); skipped", file=sys.stderr)
    if args.only:
        wanted = set(args.only.split(","))
        out = [t for t in out if t.id in wanted or t.id == "baseline"]
    return out


def warm_page_cache(path: Path) -> None:
    with path.open("rb", buffering=0) as fh:
        while fh.read(16 << 20):
            pass


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def loud(text: str) -> None:
    bar = "!" * 100
    say(f"\n{bar}\n!! BENCHMARK BROKEN: {text}\n{bar}\n")


def validate_tfguard(
    tool: Tool,
    plan: Path,
    meta: dict[str, Any],
    env: dict[str, str],
    problems: list[str],
    notes: list[str],
) -> None:
    """One untimed run that must write a valid JSON report agreeing with the plan."""
    report = DATA / "validate-report.json"
    report.unlink(missing_ok=True)
    run = launch(tool.argv(plan, report), False, env)
    cmd = shlex.join(tool.argv(plan, report))
    if run["rc"] not in (0, 1):
        problems.append(
            f"tfguard exited {run['rc']} on {plan.name}: `{cmd}`\n"
            f"    stderr: {run['stderr'].strip()[-1500:]}"
        )
        return
    try:
        doc = json.loads(report.read_bytes())
    except (OSError, ValueError) as exc:
        problems.append(
            f"tfguard exited {run['rc']} but wrote no valid JSON report to "
            f"{report} ({exc}) — still a stub? `{cmd}`"
        )
        return
    summary = doc.get("summary") or {}
    total = sum(summary.get(k, 0) for k in ("safe", "risky", "destructive"))
    counted = [p.get("resource_changes") for p in doc.get("plans", [])]
    if total != meta["size"] or counted != [meta["size"]]:
        problems.append(
            f"tfguard's report on {plan.name} does not add up: summary {summary}, "
            f"plans[].resource_changes {counted}, expected {meta['size']}"
        )
    verdict = doc.get("verdict")
    expected_block = meta.get("data_bearing_deleted_or_replaced", 0) > 0
    if (verdict == "block") != (run["rc"] == 1):
        problems.append(
            f"tfguard's verdict {verdict!r} disagrees with its exit code {run['rc']} on {plan.name}"
        )
    if expected_block and run["rc"] == 0:
        notes.append(
            f"tfguard PASSED {plan.name}, which deletes or replaces "
            f"{meta['data_bearing_deleted_or_replaced']} data-bearing resources"
        )
    notes.append(f"{plan.name}: tfguard exit {run['rc']}, stderr: {run['stderr'].strip()}")
    report.unlink(missing_ok=True)


def devnull_target(tool: Tool, tiny: Path, env: dict[str, str], problems: list[str]) -> Path:
    """`/dev/null` for --output, unless tfguard would rename a file over it (as root, that
    destroys the device for the whole machine): probe with a private copy of the device first."""
    devnull = Path("/dev/null")
    if os.geteuid() != 0 or not hasattr(os, "mknod"):
        return devnull  # without root tfguard cannot replace /dev/null
    with tempfile.TemporaryDirectory(dir=DATA) as tmp:
        probe = Path(tmp) / "null"
        try:
            os.mknod(probe, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        except OSError:
            return DATA / "bench-report.json"
        launch(tool.argv(tiny, probe), False, env)
        if stat.S_ISCHR(probe.lstat().st_mode):
            return devnull
    problems.append(
        "tfguard replaced a character device given to --output with a regular file: "
        "`tfguard check PLAN --output /dev/null` run as root would destroy /dev/null "
        f"(measured with --output {DATA / 'bench-report.json'} instead)"
    )
    return DATA / "bench-report.json"


def measure(args: argparse.Namespace) -> int:
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    toolset = tools(args)
    env = dict(os.environ)
    env.setdefault("TFGUARD_CACHE_DIR", str(generate.RULE_CACHE))
    env.pop("TFGUARD_DEBUG", None)
    problems: list[str] = []
    notes: list[str] = []
    results: list[Result] = []
    metas: dict[int, dict[str, Any]] = {}
    started = datetime.now(timezone.utc)

    compile_bytecode()
    state_before = tfguard_state()
    say(f"tfguard: {shlex.join(tfguard_command(args.tfguard))} — {state_before}")
    say(
        f"python: {sys.executable} ({platform.python_version()}); "
        f"{os.cpu_count()} CPUs; runs per figure: {args.runs}"
    )
    load = os.getloadavg()[0]
    if load > 0.5:
        say(
            f"WARNING: load average {load:.2f} before starting: other processes compete for "
            "the CPUs and the figures will be noisy"
        )

    # start-up: the fixed cost every size pays (1-change plan: imports + rule packs)
    tiny = generate.ensure(1, quiet=True)
    tfguard = [t for t in toolset if t.id == "tfguard-json"]
    startup: dict[str, Result] = {}
    if tfguard and not args.no_startup:
        report = DATA / "startup-report.json"
        cases = {
            "python -c 'import orjson'": ([sys.executable, "-c", "import orjson"], env),
            "tfguard --version": ([*tfguard_command(args.tfguard), "--version"], env),
            "tfguard check 1-change plan": (tfguard[0].argv(tiny, report), env),
            "  same, rule cache off": (
                tfguard[0].argv(tiny, report),
                {**env, "TFGUARD_CACHE_DIR": "off"},
            ),
        }
        launch(cases["tfguard check 1-change plan"][0], False, env)  # fill the rule cache
        for name, (argv, case_env) in cases.items():
            res = Result(0, name)
            for _ in range(max(args.runs, 5)):
                res.add(launch(argv, False, case_env))
            startup[name] = res
            if name != "python -c 'import orjson'" and any(rc not in (0, 1) for rc in res.rcs):
                problems.append(f"{name} exited {res.rcs}: {res.stderr.strip()[-500:]}")
        report.unlink(missing_ok=True)

    output_target = DATA / "bench-report.json"
    if tfguard:
        output_target = devnull_target(tfguard[0], tiny, env, problems)
    say(f"tfguard-json writes its report to {output_target}")
    for size in sizes:
        plan = generate.ensure(size)
        meta = json.loads(generate.meta_path(plan).read_bytes())
        metas[size] = meta
        say(f"\n== {size:,} changes: {plan.relative_to(ROOT)} ({meta['bytes'] / 1e6:,.1f} MB)")
        warm_page_cache(plan)
        for tool in toolset:
            if tool.is_tfguard and tool.id == "tfguard-json":
                validate_tfguard(tool, plan, meta, env, problems, notes)
        by_tool = {t.id: Result(size, t.id) for t in toolset}
        report = output_target
        for i in range(args.runs):
            for tool in toolset:
                run = launch(tool.argv(plan, report), tool.capture, env)
                by_tool[tool.id].add(run)
                say(
                    f"  run {i + 1}/{args.runs} {tool.id:13} {run['wall']:8.3f} s "
                    f"{run['maxrss_kib'] / 1024:9.1f} MiB  user {run['user']:7.2f} "
                    f"sys {run['sys']:6.2f}  exit {run['rc']}"
                )
                if tool.is_tfguard and run["rc"] not in (0, 1):
                    loud(
                        f"{tool.id} exited {run['rc']} on {plan.name}: "
                        f"{shlex.join(tool.argv(plan, report))}\n{run['stderr'].strip()[-1500:]}"
                    )
                elif not tool.is_tfguard and not tool.optional and run["rc"] != 0:
                    loud(f"{tool.id} exited {run['rc']}: {run['stderr'].strip()[-1500:]}")
                    problems.append(f"{tool.id} exited {run['rc']} on {plan.name}")
        if report.is_file():
            report.unlink()
        for res in by_tool.values():
            if (
                res.tool in ("baseline", "orjson+gc", "stdlib-json")
                and res.rcs == [0] * args.runs
                and res.stdout.strip() != str(meta["changes_with_delete"])
            ):
                problems.append(
                    f"{res.tool} counted {res.stdout.strip()} deletes in "
                    f"{plan.name}, the generator wrote {meta['changes_with_delete']}"
                )
            bad = (
                sorted({rc for rc in res.rcs if rc not in (0, 1)})
                if next(t for t in toolset if t.id == res.tool).is_tfguard
                else []
            )
            if bad:
                problems.append(
                    f"{res.tool} exited {bad} on {plan.name} "
                    f"(must be 0 or 1): {res.stderr.strip()[-500:]}"
                )
            if len(set(res.rcs)) > 1:
                problems.append(f"{res.tool} gave different exit codes across runs: {res.rcs}")
        json_rc, text_rc = by_tool.get("tfguard-json"), by_tool.get("tfguard-text")
        if json_rc and text_rc and set(json_rc.rcs) != set(text_rc.rcs):
            problems.append(
                f"tfguard's exit code depends on the format on {plan.name}: json "
                f"{sorted(set(json_rc.rcs))}, text {sorted(set(text_rc.rcs))}"
            )
        results.extend(by_tool.values())

    text = render(results, startup, metas, args)
    state_after = tfguard_state()
    text += (
        f"load average (1 min) at the end: {os.getloadavg()[0]:.2f}; "
        f"tfguard measured: {state_before}\n"
    )
    if state_after.split("sha256 ")[-1] == state_before.split("sha256 ")[-1]:
        if state_after != state_before:
            notes.append(f"the measured sources were committed during the run: {state_after}")
    else:
        notes.append(
            f"tfguard's sources changed during the run (now: {state_after}): the "
            "figures may mix two versions; run again on a quiet tree"
        )
    print(text)
    if notes:
        print("Notes:")
        for note in notes:
            print(f"  - {note}")
    if problems:
        print("\nBENCHMARK BROKEN — fix these before reading the table:")
        for problem in problems:
            print(f"  ✗ {problem}")
    save(results, startup, metas, args, started, problems, notes, text)
    return 2 if problems else 0


def fmt_ratio(x: float) -> str:
    return f"{x:.2f}×"


def _med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def render(
    results: list[Result],
    startup: dict[str, Result],
    metas: dict[int, dict[str, Any]],
    args: argparse.Namespace,
) -> str:
    lines: list[str] = []
    base = {r.size: r for r in results if r.tool == "baseline"}
    header = (
        f"{'size':>8}  {'tool':<13} {'wall s':>8} {'min–max s':>15} {'user s':>7} "
        f"{'sys s':>6} {'peak MiB':>9} {'×base wall':>10} {'×base cpu':>9} {'×base mem':>9}  "
        f"{'exit':>4}  "
        "target"
    )
    lines += [
        "",
        f"Median of {args.runs} runs (user/sys: CPU seconds of the process; peak: "
        "its max RSS). ×base = ÷ baseline (orjson, cyclic GC off for the whole process).",
        header,
        "-" * len(header),
    ]
    for res in results:
        b = base.get(res.size)
        rw = res.wall / b.wall if b and b.wall else float("nan")
        rm = res.mem / b.mem if b and b.mem else float("nan")
        rc = res.cpu / b.cpu if b and b.cpu else float("nan")
        target = ""
        if res.tool.startswith("tfguard") and res.size in TARGETS:
            wall_max, mem_max = TARGETS[res.size]
            target = f"wall ≤{wall_max:g}×: {'MET' if rw <= wall_max else 'MISSED'}"
            if mem_max is not None:
                target += f"; mem ≤{mem_max:g}×: {'MET' if rm <= mem_max else 'MISSED'}"
        rcs = sorted(set(res.rcs))
        exit_s = ",".join(map(str, rcs))
        if res.tool.startswith("tfguard") and any(rc not in (0, 1) for rc in rcs):
            exit_s += "!!"
            target = "BROKEN (exit 2: not a measurement)"
        spread = f"{min(res.walls):.3f}–{max(res.walls):.3f}" if res.walls else "-"
        one = res.tool == "baseline"
        lines.append(
            f"{res.size:>8,}  {res.tool:<13} {res.wall:>8.3f} {spread:>15} {_med(res.user):>7.2f} "
            f"{_med(res.sys):>6.2f} {res.mem:>9.1f} {'1' if one else fmt_ratio(rw):>10} "
            f"{'1' if one else fmt_ratio(rc):>9} {'1' if one else fmt_ratio(rm):>9}  "
            f"{exit_s:>4}  {target}"
        )
    if startup:
        lines += ["", "Start-up (no plan work; median):"]
        for name, res in startup.items():
            lines.append(
                f"  {name:<30} {res.wall:7.3f} s {res.mem:8.1f} MiB  exit "
                f"{','.join(map(str, sorted(set(res.rcs))))}"
            )
    # linear growth: seconds per 1,000 changes, net of the fixed start-up
    tf = {r.size: r for r in results if r.tool == "tfguard-json"}
    if tf:
        fixed = startup.get("tfguard check 1-change plan")
        fixed_b = startup.get("python -c 'import orjson'")
        lines += [
            "",
            "Growth — seconds per 1,000 changes (net = minus the start-up above: "
            "tfguard's 1-change check, python+orjson for the baseline):",
            f"{'size':>8}  {'tfguard/1k':>10} {'net/1k':>8} {'base/1k':>8} "
            f"{'base net/1k':>11} {'MiB/1k':>7}",
        ]
        per: dict[int, float] = {}
        per_b: dict[int, float] = {}
        for size in sorted(tf):
            k = size / 1000
            per[size] = (tf[size].wall - (fixed.wall if fixed else 0)) / k
            b = base.get(size)
            per_b[size] = (b.wall - (fixed_b.wall if fixed_b else 0)) / k if b else float("nan")
            lines.append(
                f"{size:>8,}  {tf[size].wall / k:>10.4f} {per[size]:>8.4f} "
                f"{b.wall / k if b else float('nan'):>8.4f} {per_b[size]:>11.4f} "
                f"{tf[size].mem / k:>7.2f}"
            )
        big = [s for s in sorted(per) if s >= 10_000] or sorted(per)
        if len(big) >= 2 and per[big[0]] > 0 and per_b[big[0]] > 0:
            lo, hi = big[0], big[-1]
            growth = per[hi] / per[lo]
            growth_b = per_b[hi] / per_b[lo]
            relative = growth / growth_b
            verdict = "linear" if growth <= 1.25 or relative <= 1.25 else "SUPERLINEAR"
            lines.append(
                f"  net time per change, {hi:,} vs {lo:,}: tfguard ×{growth:.2f}, baseline "
                f"×{growth_b:.2f}, tfguard relative to baseline ×{relative:.2f} → {verdict}"
            )
            lines.append(
                "  (linear: ×≤1.25 on its own, or relative to the baseline when the "
                "machine itself grows superlinearly, e.g. page-fault cost at GiB sizes)"
            )
    return "\n".join(lines) + "\n"


def compile_bytecode() -> None:
    """Byte-compile the tfguard being measured, as installing a wheel does: with
    PYTHONDONTWRITEBYTECODE set (or an unwritable tree) every run would otherwise compile each
    edited module again, ~0.1 s of start-up that no installed tfguard pays. A --compare tree
    is the caller's to compile (`python -m compileall -q DIR`)."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "tfguard")],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def tfguard_state() -> str:
    """Which tfguard was measured: the commit, and a digest of the working tree's sources."""

    def git(*argv: str) -> str:
        proc = subprocess.run(
            ["git", "-C", str(ROOT), *argv], capture_output=True, text=True, check=False
        )
        return proc.stdout.strip() if proc.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "no commit"
    dirty = git("status", "--porcelain", "--", "tfguard", "rules")
    digest = hashlib.sha256()
    for path in sorted((ROOT / "tfguard").rglob("*")) + sorted((ROOT / "rules").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    state = "uncommitted changes" if dirty else "clean"
    return f"commit {commit} ({state}), tfguard/+rules/ sha256 {digest.hexdigest()[:12]}"


def save(
    results: list[Result],
    startup: dict[str, Result],
    metas: dict[int, dict[str, Any]],
    args: argparse.Namespace,
    started: datetime,
    problems: list[str],
    notes: list[str],
    text: str,
) -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    stamp = started.strftime("%Y%m%d-%H%M%S")
    out = DATA / f"results-{stamp}.json"
    doc = {
        "started": started.isoformat(),
        "tfguard": tfguard_state(),
        "python": platform.python_version(),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "args": vars(args),
        "plans": {str(k): v for k, v in metas.items()},
        "results": [r.__dict__ for r in results],
        "startup": {k: v.__dict__ for k, v in startup.items()},
        "problems": problems,
        "notes": notes,
        "table": text,
    }
    out.write_text(json.dumps(doc, indent=2) + "\n")
    print(f"raw results: {out.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="sizes 1000,10000 and 3 runs")
    parser.add_argument("--checkov", action="store_true", help="also time checkov, if installed")
    parser.add_argument("--tfguard", help="command that runs tfguard (default: the venv's)")
    parser.add_argument("--only", help="comma-separated tool ids to run (baseline always runs)")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up figures")
    parser.add_argument(
        "--compare",
        metavar="CMD",
        help="also time another tfguard (e.g. an older commit: "
        "'env PYTHONPATH=/tmp/old .venv/bin/python -m tfguard') as before-json",
    )
    parser.add_argument(
        "--context", action="store_true", help="also time orjson with the GC on and stdlib json"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.runs = "1000,10000", 3
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    try:
        import orjson  # noqa: F401
    except ImportError:
        parser.error(f"{sys.executable} cannot import orjson: run with the project's venv")
    try:
        return measure(args)
    except Broken as exc:
        loud(str(exc))
        return 2


if __name__ == "__main__":
    sys.exit(main())
