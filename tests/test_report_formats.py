"""Every report format: golden files, markdown, SARIF, JUnit, secrets, redaction, rule docs.

Golden files (`tests/golden/<case>.<format>`) are compared exactly, after replacing tfguard's
version. Rewrite them after an intended change with

    .venv/bin/python -m pytest tests/test_report_formats.py --update-golden

(or TFGUARD_UPDATE_GOLDEN=1), then review the diff.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.helpers import REPO, resource_change
from tfguard import __version__
from tfguard.catalogue import (
    DOCS_PATH,
    DOCS_URL,
    describe_match,
    doc_url,
    markdown_catalogue,
    render_catalogue,
    render_rule,
)
from tfguard.errors import HclError, SourceError
from tfguard.judge import verdict
from tfguard.model import Classification, Coverage, CoverageStatus, Rulebook, Verdict
from tfguard.read import hcl, plan, rulebook, tfconfig
from tfguard.read import tflocations as sources
from tfguard.redact import REDACTED, redact, redact_verdict
from tfguard.report import LOCATING, REPORTERS, Options, renderer
from tfguard.report import markdown as markdown_report

GOLDEN = Path(__file__).parent / "golden"
SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
FORMATS = sorted(REPORTERS)


@functools.cache
def builtin_book() -> Rulebook:
    return rulebook.load()


@pytest.fixture
def book() -> Rulebook:
    return builtin_book()


def judge(book: Rulebook, *paths: str | Path) -> Verdict:
    return verdict.decide([plan.load(str(p), "terraform", io.BytesIO()) for p in paths], book)


def render(
    fmt: str, outcome: Verdict, options: Options | None = None, config_dir: Path | None = None
) -> str:
    """As the CLI does: the pipeline locates changes for the formats that point at code, then
    the format renders the verdict."""
    if fmt in LOCATING:
        outcome = sources.locate(outcome, config_dir)
    return renderer(fmt)(outcome, options or Options(width=100))


# --- golden files -----------------------------------------------------------------------------

EXAMPLES = ("incident-replay", "safe-tags", "risky-only")


def approve(outcome: Verdict, address: str) -> Verdict:
    """The verdict with one destructive change covered by an approval."""
    coverage = Coverage(
        CoverageStatus.APPROVED, "approval #1 by alice, bob", approvers=("alice", "bob")
    )
    return dataclasses.replace(
        outcome,
        assessments=tuple(
            dataclasses.replace(a, coverage=coverage) if a.change.address == address else a
            for a in outcome.assessments
        ),
    )


def golden_case(name: str, book: Rulebook) -> Verdict:
    if name in EXAMPLES:
        return judge(book, f"examples/{name}/plan.json")
    if name == "two-plans":
        return judge(book, "examples/risky-only/plan.json", "examples/safe-tags/plan.json")
    if name == "approved":
        return approve(judge(book, "examples/incident-replay/plan.json"), "aws_db_instance.orders")
    raise AssertionError(name)


GOLDEN_CASES = (*EXAMPLES, "two-plans", "approved")


def normalise(text: str) -> str:
    return text.replace(f'"{__version__}"', '"<tfguard-version>"')


def update_golden(request: pytest.FixtureRequest) -> bool:
    option = request.config.getoption("--update-golden", default=False)
    return bool(option) or os.environ.get("TFGUARD_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", GOLDEN_CASES)
def test_golden(
    case: str, fmt: str, book: Rulebook, request: pytest.FixtureRequest, monkeypatch
) -> None:
    monkeypatch.chdir(REPO)  # plan labels and SARIF paths are relative to the repository
    actual = normalise(render(fmt, golden_case(case, book)))
    path = GOLDEN / f"{case}.{fmt}"
    if update_golden(request):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with --update-golden"
    assert actual == path.read_text(encoding="utf-8"), (
        f"{path.name} differs: if the change is intended, rerun with "
        "--update-golden and review the diff"
    )


def test_every_golden_file_belongs_to_a_case() -> None:
    expected = {f"{case}.{fmt}" for case in GOLDEN_CASES for fmt in FORMATS}
    assert {p.name for p in GOLDEN.iterdir() if p.is_file()} <= expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_a_pure_function_of_the_verdict(fmt: str, book: Rulebook) -> None:
    outcome = judge(book, REPO / "examples/incident-replay/plan.json")
    first, second = render(fmt, outcome), render(fmt, outcome)
    assert first == second and first.endswith("\n")


# --- secrets: canaries never reach any format ---------------------------------------------------

CANARY_RULES = """
pack {
  provider = "canary"
  summary  = "rules whose messages try to print secret values"
}
rule "canary-password" {
  class   = "destructive"
  summary = "prints a password"
  message = "{address}: {attribute} {before} -> {after}"
  match {
    actions    = ["update"]
    types      = ["aws_db_instance"]
    attribute  = "master_password"
    transition = "changed"
  }
}
rule "canary-secret" {
  class   = "risky"
  summary = "prints a secret"
  message = "{address}: {attribute} {before} -> {after}"
  match {
    actions    = ["update"]
    types      = ["aws_db_instance"]
    attribute  = "secret_string"
    transition = "changed"
  }
}
rule "canary-token" {
  class   = "risky"
  summary = "prints a token"
  message = "{address}: {attribute} {before} -> {after}"
  match {
    actions    = ["update"]
    types      = ["aws_db_instance"]
    attribute  = "api_token"
    transition = "changed"
  }
}
rule "canary-marked" {
  class   = "risky"
  summary = "prints an attribute Terraform marks sensitive"
  message = "{address}: {attribute} {before} -> {after}"
  match {
    actions    = ["update"]
    types      = ["aws_db_instance"]
    attribute  = "endpoint_label"
    transition = "changed"
  }
}
"""


@pytest.fixture(scope="module")
def canary_book(tmp_path_factory: pytest.TempPathFactory) -> Rulebook:
    rules = tmp_path_factory.mktemp("canary-rules")
    (rules / "canary.hcl").write_text(CANARY_RULES)
    return rulebook.load([rules])


@pytest.fixture
def canary_verdict(canary_book: Rulebook, write_plan: Callable[..., Path]) -> Verdict:
    before = {
        "master_password": "canary-password-1",
        "secret_string": "canary-secret-1",
        "api_token": "canary-token-1",
        "endpoint_label": "canary-marked-1",
        "deletion_protection": True,
    }
    after = {
        "master_password": "canary-password-2",
        "secret_string": "canary-secret-2",
        "api_token": "canary-token-2",
        "endpoint_label": "canary-marked-2",
        "deletion_protection": False,
    }
    marks = {"endpoint_label": True}
    updated = resource_change(
        "aws_db_instance.main",
        ["update"],
        before,
        after,
        before_sensitive=marks,
        after_sensitive=marks,
    )
    deleted = resource_change(
        "aws_db_instance.old",
        ["delete"],
        {"password": "canary-password-3", "token": "canary-token-3", "identifier": "old"},
        None,
        before_sensitive={"password": True},
    )
    path = write_plan(updated, deleted)
    return verdict.decide([plan.load(str(path), "terraform", io.BytesIO())], canary_book)


@pytest.mark.parametrize("fmt", FORMATS)
def test_canaries_never_appear_in_any_format(
    fmt: str, canary_verdict: Verdict, canary_book: Rulebook
) -> None:
    fired = {f.rule for a in canary_verdict.assessments for f in a.findings}
    assert {"canary-password", "canary-secret", "canary-token", "canary-marked"} <= fired
    options = Options(all=True, limit=0, width=100)
    report = render(fmt, canary_verdict, options)
    assert "canary-password-" not in report
    assert "canary-secret-" not in report
    assert "canary-token-" not in report
    assert "canary-marked-" not in report
    assert "(sensitive)" in report or fmt == "text"  # text shows it too, folded by rich


def test_nested_secret_attribute_is_not_printed(tmp_path: Path, write_plan) -> None:
    rules = tmp_path / "nested"
    rules.mkdir()
    (rules / "nested.hcl").write_text(
        CANARY_RULES.split("rule ")[0]
        + """
rule "nested-secret" {
  class   = "risky"
  summary = "prints a nested secret"
  message = "{address}: {before} -> {after}"
  match {
    actions    = ["update"]
    types      = ["aws_db_instance"]
    attribute  = "settings[0].db_password"
    transition = "changed"
  }
}
"""
    )
    change = resource_change(
        "aws_db_instance.x",
        ["update"],
        {"settings": [{"db_password": "canary-nested-1"}]},
        {"settings": [{"db_password": "canary-nested-2"}]},
    )
    nested_book = rulebook.load([rules])
    outcome = verdict.decide(
        [plan.load(str(write_plan(change)), "terraform", io.BytesIO())], nested_book
    )
    for fmt in FORMATS:
        report = render(fmt, outcome, Options())
        assert "canary-nested" not in report, fmt


# --- markdown -----------------------------------------------------------------------------------


def markdown_html(text: str) -> str:
    """GitHub-like rendering: CommonMark with raw HTML allowed, plus GFM tables."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


def unescaped_pipes(row: str) -> int:
    return len(re.findall(r"(?<!\\)\|", row))


def test_markdown_starts_with_the_verdict_and_lists_approval_status(book: Rulebook) -> None:
    outcome = approve(
        judge(book, REPO / "examples/incident-replay/plan.json"), "aws_s3_bucket.backups"
    )
    text = render("markdown", outcome)
    first = text.splitlines()[0]
    assert first.startswith("**BLOCKED**: 4 destructive change(s) not approved")
    assert all(ord(c) < 0x2000 for c in first)  # no emoji in the status line
    rows = [line for line in text.splitlines() if "aws\\_s3\\_bucket.backups</code>" in line]
    assert rows and rows[0].endswith("| approved by alice, bob |")
    assert "**not approved**: no approval file |" in text
    risky = text.index("<details>")
    assert text.index("aws\\_iam\\_role.app") > risky  # risky rows are folded
    assert text.rstrip().endswith(markdown_report.MARKER)


def test_markdown_tables_render_as_tables(book: Rulebook) -> None:
    outcome = judge(book, REPO / "examples/incident-replay/plan.json")
    html = markdown_html(render("markdown", outcome))
    assert html.count("<table>") == 4  # counts, destructive, risky, plans
    assert "<code>aws_db_instance.orders</code>" in html


HOSTILE = 'x["|<img src=x onerror=alert(1)>`tick` *bold* [link](http://evil) @team\\n## h</td>"]'


def test_hostile_addresses_and_messages_cannot_break_the_table(book: Rulebook, write_plan) -> None:
    change = resource_change("aws_db_instance.db", ["delete"], {"identifier": "x"}, None)
    change["address"] = f"aws_db_instance.db{HOSTILE[1:]}"
    change["index"] = HOSTILE
    risky = resource_change("aws_instance.web", ["delete"], {}, None)
    risky["address"] = f"aws_instance.web{HOSTILE[1:]}"
    outcome = verdict.decide(
        [plan.load(str(write_plan(change, risky)), "terraform", io.BytesIO())], book
    )
    text = render("markdown", outcome)
    html = markdown_html(text)
    assert "<img" not in html and '</td>"' not in html
    links = re.findall(r'<a href="([^"]*)"', html)
    assert links and all(link.startswith(DOCS_URL + "#") for link in links)  # rule docs only
    assert "<em>bold</em>" not in html and "<h2>" not in html and "*bold*" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    destructive_rows = [line for line in text.splitlines() if "aws\\_db\\_instance.db" in line]
    assert len(destructive_rows) == 1
    assert unescaped_pipes(destructive_rows[0]) == 5  # address, actions, reasons, approval
    assert not re.search(r"(?<!\\)`", destructive_rows[0])
    # the table still has exactly one body row per change
    tables = re.findall(r"<tbody>(.*?)</tbody>", html, re.DOTALL)
    assert [t.count("<tr>") for t in tables][1:3] == [1, 1]


def test_escape() -> None:
    escape = markdown_report.escape
    assert escape("a|b") == "a\\|b"
    assert escape("<b>&") == "&lt;b&gt;&amp;"
    assert escape("`x`") == "\\`x\\`"
    assert escape("line\nbreak\r") == "line break "
    assert escape("*_[]~\\") == "\\*\\_\\[\\]\\~\\\\"


def many_changes(count: int, risky: int) -> list[dict[str, Any]]:
    changes = [
        resource_change(f'aws_db_instance.db["tenant-{i:05d}"]', ["delete"], {"id": i}, None)
        for i in range(count)
    ]
    changes += [
        resource_change(f"aws_instance.web[{i}]", ["delete"], {"id": i}, None) for i in range(risky)
    ]
    return changes


def rows(text: str, address_prefix: str) -> int:
    return sum(1 for line in text.splitlines() if line.startswith(f"| <code>{address_prefix}"))


def test_markdown_stays_under_githubs_comment_limit(book: Rulebook, write_plan) -> None:
    path = write_plan(*many_changes(4000, 3000))
    outcome = verdict.decide([plan.load(str(path), "terraform", io.BytesIO())], book)
    text = render("markdown", outcome, Options(limit=0))
    assert len(text) <= markdown_report.BUDGET < 65_536
    shown = rows(text, "aws\\_db\\_instance.db\\[")
    assert 50 < shown < 4000
    assert "| plan | terraform |" in text and "more plans not shown" not in text
    assert f"*{4000 - shown:,} more destructive changes not shown." in text
    assert "*3,000 more risky changes not shown." in text  # destructive rows come first
    assert text.startswith("**BLOCKED**: 4000 destructive change(s) not approved")
    assert text.count("<details>") == text.count("</details>")


def test_markdown_budget_holds_for_hostile_worst_case_rows(book: Rulebook, write_plan) -> None:
    changes = []
    for i in range(300):
        change = resource_change("aws_db_instance.db", ["delete"], {"id": i}, None)
        change["address"] = f'aws_db_instance.db["{i}{"&<|" * 300}"]'
        changes.append(change)
    outcome = verdict.decide(
        [plan.load(str(write_plan(*changes)), "terraform", io.BytesIO())], book
    )
    text = render("markdown", outcome, Options(limit=0))
    assert len(text) <= markdown_report.BUDGET
    assert "more destructive changes not shown" in text


def test_markdown_limit_caps_rows_per_class(book: Rulebook, write_plan) -> None:
    path = write_plan(*many_changes(60, 5))
    outcome = verdict.decide([plan.load(str(path), "terraform", io.BytesIO())], book)
    text = render("markdown", outcome, Options(limit=50))
    assert rows(text, "aws\\_db\\_instance.db\\[") == 50
    assert "*10 more destructive changes not shown." in text
    assert rows(text, "aws\\_instance.web\\[") == 5


def test_markdown_for_several_plans_names_the_plan(book: Rulebook) -> None:
    text = render(
        "markdown",
        judge(book, REPO / "examples/risky-only/plan.json", REPO / "examples/safe-tags/plan.json"),
    )
    assert "| plan | address | actions | reasons |" in text
    assert "<summary>Plans (2)</summary>" in text


# --- SARIF --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> Any:
    schema = json.loads(SARIF_SCHEMA.read_text())
    return jsonschema.Draft4Validator(schema)


def sarif(
    outcome: Verdict, options: Options | None = None, config_dir: Path | None = None
) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render("sarif", outcome, options, config_dir))
    return document


@pytest.mark.parametrize("example", EXAMPLES)
def test_sarif_is_valid_against_the_official_schema(
    example: str, book: Rulebook, sarif_validator: Any
) -> None:
    document = sarif(judge(book, REPO / f"examples/{example}/plan.json"))
    errors = sorted(sarif_validator.iter_errors(document), key=str)
    assert not errors, errors[0]
    assert document["version"] == "2.1.0"


def test_sarif_results_rules_and_levels(book: Rulebook) -> None:
    outcome = judge(book, REPO / "examples/incident-replay/plan.json")
    run = sarif(outcome)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    expected = [
        (a.change.address, f.rule, f.classification)
        for a in outcome.assessments
        if a.classification is not Classification.SAFE
        for f in a.findings
    ]
    assert [(r["properties"]["address"], r["ruleId"]) for r in run["results"]] == [
        (address, rule) for address, rule, _ in expected
    ]
    level = {Classification.DESTRUCTIVE: "error", Classification.RISKY: "warning"}
    assert [r["level"] for r in run["results"]] == [level[c] for _, _, c in expected]
    assert {r["id"] for r in rules} == {rule for _, rule, _ in expected}
    by_id = {rule.id: rule for rule in book.rules}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    for descriptor in rules:
        rule = by_id[descriptor["id"]]
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == (rule.doc or rule.summary)
        assert descriptor["helpUri"] == doc_url(rule.id)
        assert descriptor["helpUri"].endswith(f"{DOCS_PATH}#{rule.id}")
    assert run["properties"]["verdict"] == "block"


def test_sarif_locates_results_at_the_resource_blocks(book: Rulebook, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    run = sarif(judge(book, "examples/incident-replay/plan.json"))["runs"][0]
    lines = (REPO / "examples/incident-replay/main.tf").read_text().splitlines()
    for result in run["results"]:
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "examples/incident-replay/main.tf"
        address = result["properties"]["address"]
        kind, name = address.split(".")
        assert lines[physical["region"]["startLine"] - 1].startswith(f'resource "{kind}" "{name}"')


def test_sarif_approved_change_is_a_note_with_a_suppression(
    book: Rulebook, sarif_validator: Any
) -> None:
    outcome = approve(
        judge(book, REPO / "examples/incident-replay/plan.json"), "aws_db_instance.orders"
    )
    document = sarif(outcome)
    assert not list(sarif_validator.iter_errors(document))
    results = [
        r
        for r in document["runs"][0]["results"]
        if r["properties"]["address"] == "aws_db_instance.orders"
    ]
    assert results and all(r["level"] == "note" for r in results)
    assert results[0]["suppressions"][0]["kind"] == "external"
    assert results[0]["message"]["text"].startswith("(approved) ")


CONFIG = {
    "main.tf": """
resource "aws_db_instance" "main" {
  identifier = "main"
}

module "db" {
  source = "./modules/db"
}

module "remote" {
  source  = "terraform-aws-modules/rds/aws"
  version = "6.0.0"
}
""",
    "modules/db/main.tf": """
# the database module
resource "aws_db_instance" "main" {
  identifier = var.name
}

module "inner" {
  source = "../inner"
}
""",
    "modules/inner/storage.tf": """resource "aws_s3_bucket" "b" {
  bucket = "b"
}
""",
    "modules/inner/broken.tf": "resource {",
}


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    root = tmp_path / "config"
    for name, text in CONFIG.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


MODULE_CHANGES = (
    "aws_db_instance.main",
    "module.db.aws_db_instance.main",
    "module.db.module.inner.aws_s3_bucket.b",
    "module.remote.aws_db_instance.this[0]",
    "aws_db_instance.gone",
)


def test_sarif_follows_local_modules_and_falls_back(
    book: Rulebook, write_plan, config_dir: Path, sarif_validator: Any
) -> None:
    path = write_plan(*(resource_change(a, ["delete"], {"id": a}, None) for a in MODULE_CHANGES))
    outcome = verdict.decide([plan.load(str(path), "terraform", io.BytesIO())], book)
    document = sarif(outcome, config_dir=config_dir)
    assert not list(sarif_validator.iter_errors(document))
    run = document["runs"][0]
    where: dict[str, tuple[str, int]] = {}
    for result in run["results"]:
        physical = result["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        where[result["properties"]["address"]] = (uri, physical["region"]["startLine"])
    root = config_dir.as_uri()
    assert where == {
        "aws_db_instance.main": (f"{root}/main.tf", 2),
        "module.db.aws_db_instance.main": (f"{root}/modules/db/main.tf", 3),
        "module.db.module.inner.aws_s3_bucket.b": (f"{root}/modules/inner/storage.tf", 1),
        "module.remote.aws_db_instance.this[0]": (f"{root}/main.tf", 10),  # the module call
        "aws_db_instance.gone": (path.as_uri(), 1),  # no block: the plan file
    }
    [note] = run["invocations"][0]["toolExecutionNotifications"]
    assert "broken.tf: not valid HCL" in note["message"]["text"]


def test_locations_are_found_before_rendering(book: Rulebook, write_plan, config_dir: Path) -> None:
    path = write_plan(resource_change("module.db.aws_db_instance.main", ["delete"], {}, None))
    outcome = verdict.decide([plan.load(str(path), "terraform", io.BytesIO())], book)
    found = sources.locate(outcome, config_dir).locations
    location = found[(str(path), "module.db.aws_db_instance.main")]
    assert location.file == str(config_dir / "modules/db/main.tf") and location.line == 3
    assert sources.locate(outcome, None).locations == {}  # no .tf beside the plan: none found


def test_sarif_for_standard_input_has_logical_locations_only(
    book: Rulebook, sarif_validator: Any
) -> None:
    document = {
        "format_version": "1.2",
        "resource_changes": [resource_change("aws_db_instance.db", ["delete"], {}, None)],
    }
    parsed = plan.parse(json.dumps(document).encode(), "-")
    result = sarif(verdict.decide([parsed], book))["runs"][0]["results"][0]
    assert result["locations"] == [
        {"logicalLocations": [{"fullyQualifiedName": "aws_db_instance.db", "kind": "resource"}]}
    ]


# --- sources and hcl.blocks ---------------------------------------------------------------------


def test_index_reads_modules_overrides_and_skips_broken_files(config_dir: Path) -> None:
    (config_dir / "main_override.tf").write_text('resource "aws_db_instance" "main" {}\n')
    found = sources.index(config_dir)
    assert found.blocks["aws_db_instance.main"].file == str(config_dir / "main.tf")
    assert found.blocks["module.remote"].line == 10
    assert "module.db.module.inner.aws_s3_bucket.b" in found.blocks
    assert len(found.problems) == 1 and "broken.tf" in found.problems[0]


def test_index_survives_a_module_that_calls_itself(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('module "self" {\n  source = "./"\n}\n')
    found = sources.index(tmp_path)
    assert list(found.blocks) == ["module.self"]
    assert found.problems == (f"{tmp_path / 'main.tf'}: module self includes itself",)


def test_index_stops_at_the_module_depth_limit(tmp_path: Path) -> None:
    for depth in range(tfconfig.MAX_MODULE_DEPTH + 3):
        folder = tmp_path.joinpath(*["m"] * depth)
        folder.mkdir(exist_ok=True)
        (folder / "main.tf").write_text('module "m" {\n  source = "./m"\n}\n')
    found = sources.index(tmp_path)
    assert len(found.blocks) == tfconfig.MAX_MODULE_DEPTH + 1
    assert len(found.problems) == 1 and "nested deeper than 32" in found.problems[0]


def test_index_of_a_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="configuration directory not found"):
        sources.index(tmp_path / "nope")


def test_hcl_blocks_have_lines_labels_and_literal_attributes() -> None:
    text = (
        "# comment\n"
        'resource "aws_db_instance" "main" {\n'
        "  identifier = var.name\n"
        "  nested {\n"
        "    x = 1\n"
        "  }\n"
        "}\n"
        'module "db" {\n'
        '  source = "./modules/db"\n'
        "}\n"
        "locals {}\n"
    )
    blocks = hcl.blocks(text, "main.tf")
    assert [(b.kind, b.labels, b.start_line, b.end_line) for b in blocks] == [
        ("resource", ("aws_db_instance", "main"), 2, 7),
        ("module", ("db",), 8, 10),
        ("locals", (), 11, 11),
    ]
    assert blocks[0].attributes == {"identifier": "${var.name}"}  # nested blocks left out
    assert blocks[1].attributes == {"source": "./modules/db"}
    with pytest.raises(HclError, match=r"main\.tf: not valid HCL at line 1"):
        hcl.blocks("resource {", "main.tf")


# --- JUnit --------------------------------------------------------------------------------------


def junit(outcome: Verdict) -> ET.Element:
    return ET.fromstring(render("junit", outcome).encode())


def test_junit_one_testcase_per_flagged_change(book: Rulebook) -> None:
    outcome = approve(
        judge(
            book,
            REPO / "examples/incident-replay/plan.json",
            REPO / "examples/safe-tags/plan.json",
        ),
        "aws_db_instance.orders",
    )
    root = junit(outcome)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [p.source for p in outcome.plans]
    cases = suites[0].findall("testcase")
    flagged = [a for a in outcome.assessments if a.classification is not Classification.SAFE]
    flagged = [a for a in flagged if a.change.plan == outcome.plans[0].source]
    assert sorted(c.get("name") or "" for c in cases) == sorted(a.change.key for a in flagged)
    assert {c.get("classname") for c in cases} == {outcome.plans[0].source}
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    assert failed == {a.change.key for a in outcome.blocking}
    assert "aws_db_instance.orders" not in failed  # approved
    risky = [a.change.key for a in flagged if a.classification is Classification.RISKY]
    for case in cases:
        if case.get("name") in risky:
            out = case.find("system-out")
            assert out is not None and (out.text or "").startswith("risky\n[")
            assert case.find("skipped") is None
    assert root.get("failures") == str(len(outcome.blocking))
    assert root.get("tests") == str(len(flagged) + 1)  # + the empty plan's single case
    [empty] = suites[1].findall("testcase")
    assert empty.get("name") == "no destructive or risky changes"


def test_junit_survives_control_characters(book: Rulebook, write_plan) -> None:
    change = resource_change("aws_db_instance.db", ["delete"], {}, None)
    change["address"] = 'aws_db_instance.db["a\x01b\x1b[31m<&>"]'
    outcome = verdict.decide([plan.load(str(write_plan(change)), "terraform", io.BytesIO())], book)
    [case] = junit(outcome).iter("testcase")
    assert case.get("name") == 'aws_db_instance.db["a\ufffdb\ufffd[31m<&>"]'


# --- redaction ----------------------------------------------------------------------------------


def patterns(*texts: str) -> list[re.Pattern[str]]:
    return [re.compile(t) for t in texts]


@pytest.mark.parametrize(
    ("text", "regexes", "expected"),
    [
        ("no match here", ["secret"], "no match here"),
        ("a secret b secret", ["secret"], f"a {REDACTED} b {REDACTED}"),
        ("acct-123456 and acct-9", [r"acct-\d{4,}"], f"{REDACTED} and acct-9"),
        ("overlapping abcdef", ["abcd", "cdef"], f"overlapping {REDACTED}"),
        ("touching abcdef", ["abc", "def"], f"touching {REDACTED}"),
        ("red flag", ["red", "redacted"], f"{REDACTED} flag"),  # never re-matches a marker
        ("empty matches", ["x*"], "empty matches"),
        ("", ["x"], ""),
        ("unchanged", [], "unchanged"),
    ],
)
def test_redact(text: str, regexes: list[str], expected: str) -> None:
    assert redact(text, patterns(*regexes)) == expected


SECRET = 'hunter2"<&>_x'


def test_redact_verdict_reaches_every_format_even_through_escaping(
    book: Rulebook, write_plan
) -> None:
    change = resource_change("aws_db_instance.db", ["delete"], {"identifier": "x"}, None)
    change["address"] = f'aws_db_instance.db["{SECRET}"]'
    path = write_plan(change, name=f"plan-{SECRET[:7]}.json")
    outcome = verdict.decide([plan.load(str(path), "terraform", io.BytesIO())], book)
    hidden = redact_verdict(outcome, patterns(re.escape(SECRET), "hunter2"))
    assert hidden.passed == outcome.passed
    assert [a.classification for a in hidden.assessments] == [
        a.classification for a in outcome.assessments
    ]
    for fmt in FORMATS:
        escaped_secret_visible = "hunter2" in render(fmt, outcome, Options())
        assert escaped_secret_visible, fmt  # the test would prove nothing otherwise
        report = render(fmt, hidden, Options())
        assert "hunter2" not in report, fmt
        assert REDACTED in report or "(redacted)" in report.replace("\\", ""), fmt


def test_redact_verdict_without_patterns_is_the_same_object(book: Rulebook) -> None:
    outcome = judge(book, REPO / "examples/risky-only/plan.json")
    assert redact_verdict(outcome, []) is outcome


# --- rule catalogue -----------------------------------------------------------------------------


def test_render_catalogue_lists_every_rule(book: Rulebook) -> None:
    text = render_catalogue(book, color=False, width=250)
    for rule in book.rules:
        assert rule.id in text
    assert f"{len(book.rules)} rules in {len(book.packs)} packs" in text
    assert "\x1b[" not in text and "\x1b[" in render_catalogue(book, color=True, width=250)


def test_render_rule_says_everything_about_one_rule(book: Rulebook) -> None:
    rule = next(r for r in book.rules if r.id == "store-deleted")
    text = " ".join(render_rule(rule, book, color=False, width=400).split())
    for part in (rule.id, "destructive", "core", rule.summary, doc_url(rule.id)):
        assert part in text
    assert " ".join(rule.message.split()) in text
    assert " ".join(rule.doc.split()) in text
    assert "Delete of a resource in category backup, data store, database, key or volume." in text


def test_describe_match_covers_every_field(book: Rulebook) -> None:
    rule = next(
        r for r in book.rules if r.match.attribute is not None and r.match.default is not None
    )
    words = describe_match(rule.match)
    assert words.endswith(".") and "null value counts as" in words
    assert all(describe_match(r.match) for r in book.rules)


def test_markdown_catalogue_has_a_section_per_rule_and_type(book: Rulebook) -> None:
    text = markdown_catalogue(book)
    for rule in book.rules:
        assert f"\n### {rule.id}\n" in text
        assert f"[{rule.id}](#{rule.id})" in text
    for kind in book.kinds.values():
        assert f"| `{kind.type}` | [{kind.category}]" in text
    html = markdown_html(text)
    recovery_packs = {book.kinds[t].pack for t in book.stores if t in book.kinds}
    assert html.count("<h3>") == len(book.rules) + len(recovery_packs) + sum(
        1 for p in book.packs if any(k.pack == p.name for k in book.kinds.values())
    )
    for pack in recovery_packs:
        assert f"\n### Recovery facts: `{pack}`\n" in text


def test_docs_rules_md_is_up_to_date(book: Rulebook) -> None:
    committed = (REPO / DOCS_PATH).read_text(encoding="utf-8")
    assert committed == markdown_catalogue(book), (
        f"{DOCS_PATH} is out of date: run .venv/bin/python scripts/gen_rule_docs.py"
    )


def _rule_ids(book: Rulebook) -> Iterator[str]:
    return (rule.id for rule in book.rules)


def test_rule_ids_are_markdown_anchors(book: Rulebook) -> None:
    # GitHub derives a heading's anchor by lower-casing and dropping punctuation but `-`:
    # `### store-deleted` is `#store-deleted`, which SARIF helpUri and the index link to.
    for rule_id in _rule_ids(book):
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule_id), rule_id


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_without_touching_a_file(
    fmt: str, book: Rulebook, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Reporters are pure: everything a format shows (rule docs, `.tf` locations) comes on the
    verdict, so a format can never fail, or leak, by reading a file."""
    (tmp_path / "main.tf").write_text('resource "aws_db_instance" "orders" {\n}\n')
    source = tmp_path / "plan.json"
    source.write_bytes((REPO / "examples/incident-replay/plan.json").read_bytes())
    outcome = sources.locate(judge(book, source), None)
    assert outcome.locations, "the pipeline step finds the block beside the plan"
    renderer(fmt)  # import the format's module before files are forbidden

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"{fmt} reporter touched the file system: {args}")

    for name in ("open", "read_text", "read_bytes", "glob", "exists", "is_dir", "iterdir"):
        monkeypatch.setattr(Path, name, forbidden)
    monkeypatch.setattr("builtins.open", forbidden)
    assert renderer(fmt)(outcome, Options(width=100))
