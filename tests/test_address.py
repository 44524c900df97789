"""One address parser: instance keys holding `]`, quotes, dots or template escapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import GUARDED, UNGUARDED, make_repo, plan_document, resource_change
from tfguard.address import Address, config_address, module_calls, outside_keys, parse
from tfguard.model import Mode


@pytest.mark.parametrize(
    ("address", "config"),
    [
        ("aws_db_instance.main", "aws_db_instance.main"),
        ("aws_db_instance.main[0]", "aws_db_instance.main"),
        ('module.db["eu"].aws_db_instance.main[3]', "module.db.aws_db_instance.main"),
        ('module.a["x.y]z"].module.b[1].data.t.n["k"]', "module.a.module.b.data.t.n"),
        ('aws_s3_bucket.b["quote \\" inside"]', "aws_s3_bucket.b"),
        ('aws_s3_bucket.b["a]b"]', "aws_s3_bucket.b"),
        ('aws_s3_bucket.b["[x]"]', "aws_s3_bucket.b"),
        ('aws_s3_bucket.b["back\\\\"]', "aws_s3_bucket.b"),
    ],
)
def test_config_address(address: str, config: str) -> None:
    assert config_address(address) == config
    parsed = parse(address)
    assert parsed is not None and parsed.config == config


@pytest.mark.parametrize(
    ("address", "parsed"),
    [
        ("aws_x.y", Address((), Mode.MANAGED, "aws_x", "y", None)),
        ('aws_x.y["a]b"]', Address((), Mode.MANAGED, "aws_x", "y", "a]b")),
        ('aws_x.y["say \\"hi\\""]', Address((), Mode.MANAGED, "aws_x", "y", 'say "hi"')),
        ('aws_x.y["$${a}%%{b}"]', Address((), Mode.MANAGED, "aws_x", "y", "${a}%{b}")),
        ('aws_x.y["\\u00e9\\n"]', Address((), Mode.MANAGED, "aws_x", "y", "é\n")),
        (
            'module.m["x.y"].module.n[2].data.aws_x.y[0]',
            Address((("m", "x.y"), ("n", 2)), Mode.DATA, "aws_x", "y", 0),
        ),
    ],
)
def test_parse(address: str, parsed: Address) -> None:
    assert parse(address) == parsed


@pytest.mark.parametrize(
    "text", ["x", "aws_x.y[*]", 'aws_x.y["a"', "aws_x.y.z", "aws_x..y", "module.m", "aws_x.y[0]z"]
)
def test_not_an_instance_address(text: str) -> None:
    assert parse(text) is None


def test_module_calls_and_wildcard_view() -> None:
    assert module_calls('module.a["x.y"].module.b.aws_s3_bucket.y') == [
        "module.a",
        "module.a.module.b",
    ]
    assert outside_keys('aws_x.y["a*b"]') == "aws_x.y"
    assert outside_keys("aws_x.y[*]") == "aws_x.y[*]"


@pytest.mark.parametrize("key", ["a]b", 'q"]x', "plain"])
def test_removed_guard_is_found_whatever_the_key(run, tmp_path: Path, key: str) -> None:
    """A for_each key with `]` in it used to hide the prevent_destroy removal."""
    infra = make_repo(tmp_path, {"main.tf": GUARDED}, {"main.tf": UNGUARDED})
    address = f"aws_db_instance.main[{json.dumps(key)}]"
    db = {"identifier": "orders"}
    plan = infra / "plan.json"
    plan.write_text(json.dumps(plan_document(resource_change(address, ["no-op"], db, db))))
    result = run("check", plan, "--base-ref", "base", "--format", "json")
    assert result.exit_code == 1
    [change] = result.json()["changes"]
    assert change["reasons"][0]["rule"] == "prevent-destroy-removed"
