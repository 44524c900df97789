"""Every report from one run (--report FORMAT=FILE), --compact, --quiet, and the narrow layout."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO
from tfguard import pipeline
from tfguard.report import Options
from tfguard.report import text as text_report

INCIDENT = REPO / "examples" / "incident-replay" / "plan.json"
SAFE = REPO / "examples" / "safe-tags" / "plan.json"


def test_one_run_writes_every_requested_report(run, tmp_path: Path) -> None:
    sarif, junit = tmp_path / "out.sarif", tmp_path / "out.xml"
    result = run("check", INCIDENT, "--report", f"sarif={sarif}", "--report", f"junit={junit}")
    assert result.exit_code == 1
    assert result.stdout.startswith("BLOCKED:")  # the text report still goes to the terminal
    alone = run("check", INCIDENT, "--format", "sarif")
    assert json.loads(sarif.read_text()) == json.loads(alone.stdout)
    assert junit.read_text() == run("check", INCIDENT, "--format", "junit").stdout


def test_report_option_is_checked(run, tmp_path: Path) -> None:
    bad = run("check", SAFE, "--report", f"yaml={tmp_path / 'x'}")
    assert bad.exit_code == 2 and "FORMAT=FILE" in bad.stderr
    assert run("check", SAFE, "--report", "sarif").exit_code == 2
    same = tmp_path / "same"
    twice = run("check", SAFE, "--report", f"json={same}", "--report", f"sarif={same}")
    assert twice.exit_code == 2 and "same file" in twice.stderr
    assert not same.exists()


def test_quiet_prints_only_the_verdict_line(run) -> None:
    result = run("check", INCIDENT, "--quiet")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "BLOCKED: 5 destructive change(s) not approved (5 destructive, 6 risky, 0 safe)"
    ]


def test_compact_is_one_line_per_change(run) -> None:
    lines = run("check", INCIDENT, "--compact").stdout.splitlines()
    changes = [line for line in lines if line.startswith(("destructive ", "risky "))]
    assert len(changes) == 11
    assert "destructive aws_db_instance.orders delete: recovery LOST; [store-deleted]" in lines[1]
    assert all(": [" in line or "recovery" in line for line in changes)


def narrow(width: int) -> str:
    request = pipeline.Request(
        plans=[str(INCIDENT)], now=datetime.now(timezone.utc), stdin=io.BytesIO(), cwd=REPO
    )
    verdict, _ = pipeline.judge(request)
    return text_report.render(verdict, Options(width=width))


def test_an_80_column_terminal_gets_whole_identifiers_and_short_lines() -> None:
    report = narrow(80)
    lines = report.splitlines()
    # the verdict and the 11 changes fit a screenful; the notes after them (policy, approval
    # file, advisories) hold paths whose length depends on where the checkout lives
    notes = next(i for i, line in enumerate(lines) if line.startswith(("policy:", "approvals:")))
    assert notes <= 52, "the incident replay's changes fit a screenful"
    addresses = re.findall(r"\b(?:aws_\w+\.\w+)", INCIDENT.read_text())
    for address in set(addresses):
        # an address is never split across lines: wherever it starts, it ends on the same line
        for line in lines:
            if address.startswith(line.split(" ")[-1]) and line.split(" ")[-1] != address:
                assert not line.split(" ")[-1], (address, line)
    long_lines = [line for line in lines if len(line) > 80]
    assert all(" " not in line.strip() for line in long_lines), long_lines


def test_wide_terminals_keep_the_table() -> None:
    assert "┏" in narrow(120) and "┏" not in narrow(80)


def test_the_pipeline_reads_tf_sources_only_for_formats_that_point_at_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tfguard.read import tflocations

    request = pipeline.Request(
        plans=[str(INCIDENT)], now=datetime.now(timezone.utc), stdin=io.BytesIO(), cwd=REPO
    )
    indexed: list[Path] = []
    real_index = tflocations.index

    def index(directory: Path) -> tflocations.SourceIndex:
        indexed.append(directory)
        return real_index(directory)

    monkeypatch.setattr(tflocations, "index", index)
    plain, _ = pipeline.judge(request)
    assert plain.locations == {} and indexed == []
    located, _ = pipeline.judge(replace(request, locate=True))
    assert indexed == [INCIDENT.parent]
    where = located.locations[(str(INCIDENT), "aws_db_instance.orders")]
    assert where.file.endswith("main.tf") and where.line >= 1


@pytest.mark.parametrize(
    ("args", "locates"),
    [
        (("--format", "sarif"), True),
        (("--format", "github"), True),
        (("--format", "json"), False),
        (("--report", "sarif=out.sarif"), True),
        ((), False),
    ],
)
def test_check_asks_for_locations_only_when_a_format_needs_them(
    run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: tuple[str, ...], locates: bool
) -> None:
    asked: list[bool] = []
    real_judge = pipeline.judge

    def judge(request: pipeline.Request) -> Any:
        asked.append(request.locate)
        return real_judge(request)

    monkeypatch.setattr(pipeline, "judge", judge)
    monkeypatch.chdir(tmp_path)
    assert run("check", INCIDENT, *args).exit_code == 1
    assert asked == [locates]
