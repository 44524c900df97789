"""plan.py: what tfguard reads from a plan, and what it refuses (exit 2 with one line)."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import plan_document, resource_change
from tfguard.errors import PlanError
from tfguard.model import Action, Plan, Sensitive
from tfguard.read import plan


def parse(document: Any) -> Plan:
    return plan.parse(json.dumps(document).encode(), "p.json")


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        (["no-op"], Action.NOOP),
        (["read"], Action.READ),
        (["create"], Action.CREATE),
        (["update"], Action.UPDATE),
        (["delete"], Action.DELETE),
        (["delete", "create"], Action.REPLACE),
        (["create", "delete"], Action.REPLACE),
        (["forget"], Action.FORGET),
        (["create", "forget"], Action.FORGET),
        (["obliterate"], Action.UNKNOWN),
        (["delete", "delete"], Action.UNKNOWN),
    ],
)
def test_every_action_list_maps_to_exactly_one_action(actions: list[str], expected: Action) -> None:
    parsed = parse(plan_document(resource_change("aws_instance.a", actions, {}, {})))
    assert parsed.changes[0].action is expected
    assert parsed.changes[0].actions == tuple(actions)


def test_sensitive_values_are_masked_at_parse_time_nested_and_in_lists() -> None:
    before = {"password": "canary-1", "nested": [{"token": "canary-2", "ok": 1}], "plain": "x"}
    change = resource_change(
        "aws_db_instance.db",
        ["update"],
        before,
        {"password": "canary-3", "nested": [{"token": "canary-4", "ok": 1}], "plain": "y"},
        before_sensitive={"password": True, "nested": [{"token": True}]},
        after_sensitive={"password": True, "nested": [{"token": True}]},
    )
    parsed = parse(plan_document(change)).changes[0]
    assert isinstance(parsed.before["password"], Sensitive)
    assert isinstance(parsed.after["nested"][0]["token"], Sensitive)
    assert parsed.after["nested"][0]["ok"] == 1
    assert parsed.after["plain"] == "y"
    assert "canary" not in repr(parsed) and "canary" not in str(parsed.after)
    # masked values still compare, so rules keep working
    assert parsed.before["password"] == Sensitive("canary-1")
    assert parsed.before["password"] != parsed.after["password"]


def test_whole_object_marked_sensitive_is_one_opaque_value() -> None:
    change = resource_change(
        "x_y.z",
        ["update"],
        {"a": {"b": "s1"}},
        {"a": {"b": "s2"}},
        before_sensitive={"a": True},
        after_sensitive={"a": True},
    )
    parsed = parse(plan_document(change)).changes[0]
    assert repr(parsed.after["a"]) == "(sensitive)"


def test_moves_imports_deposed_and_reasons_are_understood() -> None:
    parsed = parse(
        plan_document(
            resource_change(
                "aws_instance.new", ["no-op"], {}, {}, previous_address="aws_instance.old"
            ),
            resource_change("aws_instance.imp", ["no-op"], {}, {}, importing={"id": "i-1"}),
            resource_change("aws_db_instance.db", ["delete"], {"id": "a"}, None, deposed="00ab"),
            resource_change(
                "aws_db_instance.db",
                ["delete", "create"],
                {"engine": "mysql"},
                {"engine": "pg"},
                action_reason="replace_because_cannot_update",
                replace_paths=[["engine"]],
            ),
        )
    )
    moved, imported, deposed, replaced = parsed.changes
    assert moved.previous_address == "aws_instance.old"
    assert imported.importing
    assert deposed.deposed == "00ab" and deposed.key == "aws_db_instance.db (deposed 00ab)"
    assert replaced.replace_paths == (("engine",),)
    assert replaced.action_reason == "replace_because_cannot_update"


def test_drift_and_deferred_changes_are_read_separately() -> None:
    parsed = parse(
        plan_document(
            resource_drift=[resource_change("aws_s3_bucket.b", ["update"], {"a": 1}, {"a": 2})],
            deferred_changes=[
                {
                    "reason": "provider_config_unknown",
                    "resource_change": resource_change("aws_db_instance.db", ["delete"], {}, None),
                }
            ],
        )
    )
    assert [c.address for c in parsed.drift] == ["aws_s3_bucket.b"]
    assert parsed.deferred[0].deferred == "provider_config_unknown"
    assert parsed.changes == ()


def test_empty_plan_without_resource_changes_is_valid() -> None:
    document = plan_document()
    del document["resource_changes"]
    assert parse(document).changes == ()


STATE_FILE = {
    "version": 4,
    "terraform_version": "1.11.4",
    "serial": 3,
    "lineage": "x",
    "resources": [],
}
SHOW_STATE = {"format_version": "1.0", "terraform_version": "1.11.4", "values": {}}
LOG_STREAM = (
    b'{"@level":"info","@message":"Terraform 1.11.4","type":"version"}\n'
    b'{"@level":"info","@message":"Plan: 1 to add","type":"change_summary"}\n'
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(b"  \n", "empty file", id="whitespace"),
        pytest.param(b" " * 100_000 + b"\n", "empty file", id="whitespace-past-the-head"),
        pytest.param(b"not json", "not valid JSON", id="not-json"),
        pytest.param(b'{"format_version": "1.2", "resource_', "not valid JSON", id="truncated"),
        pytest.param(b"\xff\xfe{\x00}", "not UTF-16", id="utf16-odd-length"),
        pytest.param(b"[1, 2]", "not an object", id="array"),
        pytest.param(json.dumps(STATE_FILE).encode(), "state file", id="state-file"),
        pytest.param(json.dumps(SHOW_STATE).encode(), "of state", id="show-json-state"),
        pytest.param(LOG_STREAM, "log stream", id="plan-json-log"),
        pytest.param(
            b'{"format_version":"1.2","planned_values":{}}\n{"a":1}',
            "several JSON",
            id="concatenated",
        ),
        pytest.param(
            json.dumps(plan_document(format_version="2.0")).encode(),
            "format_version 2.0 is not supported",
            id="format-2",
        ),
        pytest.param(
            json.dumps(
                plan_document(
                    {
                        **resource_change("aws_db_instance.db", ["delete"], {"id": "x"}),
                        "change": {"actions": ["delete"], "before": {"id": "x"}, "after": None},
                    },
                    format_version="0.1",
                    terraform_version="0.14.11",
                )
            ).encode(),
            "format_version 0.1 from Terraform 0.14.11 does not mark sensitive values",
            id="format-0-unmarked",
        ),
        pytest.param(
            json.dumps(plan_document(errored=True)).encode(),
            "terraform reported the plan incomplete",
            id="errored",
        ),
        pytest.param(
            json.dumps(plan_document(complete=False)).encode(),
            "terraform reported the plan incomplete",
            id="incomplete",
        ),
        pytest.param(
            json.dumps(plan_document(resource_changes={})).encode(),
            "resource_changes: {} is not of type 'array'",
            id="changes-not-list",
        ),
        pytest.param(
            json.dumps(plan_document(format_version=1)).encode(),
            "format_version",
            id="format-version-number",
        ),
    ],
)
def test_bad_input_is_refused_with_one_line(data: bytes, message: str) -> None:
    with pytest.raises(PlanError) as caught:
        plan.parse(data, "p.json")
    text = str(caught.value)
    assert message in text
    assert text.startswith("p.json: ") and "\n" not in text


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda rc: rc.pop("change"), "resource_changes[0]: `change` is missing"),
        (lambda rc: rc["change"].update(actions="delete"), "`change.actions` must be"),
        (lambda rc: rc["change"].update(actions=[]), "`change.actions` must be"),
        (lambda rc: rc["change"].update(actions=[1]), "`change.actions` must be"),
        (lambda rc: rc.update(address=None), "`address` is missing"),
        (lambda rc: rc.update(type=7), "`type` is missing or not a string"),
        (lambda rc: rc.update(action_reason=3), "`action_reason` is not a string"),
        (lambda rc: rc["change"].update(replace_paths="engine"), "replace_paths"),
        (lambda rc: rc["change"].update(replace_paths=0), "replace_paths"),
        (lambda rc: rc["change"].update(replace_paths={}), "replace_paths"),
        (lambda rc: rc["change"].update(actions=[["delete"]]), "`change.actions` must be"),
        (lambda rc: rc["change"].update(actions=[{"a": 1}]), "`change.actions` must be"),
        (lambda rc: rc.update(name=""), "`name` is missing or not a string"),
        (lambda rc: rc.update(mode=None, address=None), "`mode` is missing"),
        # an unknown mode would have skipped the recovery and prevent_destroy checks of a
        # managed resource: refused, never judged as something harmless
        (lambda rc: rc.update(mode="Managed"), "`mode` is 'Managed', not managed or data"),
        (lambda rc: rc.update(mode="action"), "`mode` is 'action', not managed or data"),
        (lambda rc: rc.update(mode=["managed"]), "`mode` is missing or not a string"),
        (lambda rc: rc.update(provider_name=1), "`provider_name` is not a string"),
        (lambda rc: rc.update(module_address=[]), "`module_address` is not a string"),
        (lambda rc: rc.update(previous_address=1), "`previous_address` is not a string"),
        (lambda rc: rc.update(deposed=False), "`deposed` is not a string"),
        (
            lambda rc: (rc.update(deposed=1), rc["change"].update(replace_paths="x")),
            "replace_paths",
        ),
    ],
)
def test_malformed_resource_changes_name_the_entry(mutate: Any, message: str) -> None:
    rc = resource_change("aws_db_instance.db", ["delete"], {"id": "x"}, None)
    mutate(rc)
    with pytest.raises(PlanError, match=message.replace("[", r"\[").replace("(", r"\(")):
        parse(plan_document(rc))


def test_duplicate_addresses_are_refused() -> None:
    rc = resource_change("aws_db_instance.db", ["delete"], {"id": "x"}, None)
    with pytest.raises(PlanError, match=r"lists aws_db_instance\.db twice"):
        parse(plan_document(rc, dict(rc)))


def test_same_address_current_and_deposed_is_not_a_duplicate() -> None:
    current = resource_change("aws_db_instance.db", ["update"], {"id": "x"}, {"id": "x"})
    deposed = resource_change("aws_db_instance.db", ["delete"], {"id": "y"}, None, deposed="0a")
    assert len(parse(plan_document(current, deposed)).changes) == 2


def test_paths_that_are_not_plan_files(tmp_path: Path) -> None:
    stdin = io.BytesIO()
    with pytest.raises(PlanError, match="no such file"):
        plan.load(str(tmp_path / "missing.json"), "terraform", stdin)
    with pytest.raises(PlanError, match="is a directory"):
        plan.load(str(tmp_path), "terraform", stdin)
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "gone.json")
    with pytest.raises(PlanError, match="broken symbolic link"):
        plan.load(str(link), "terraform", stdin)


def test_stdin_is_read_for_dash() -> None:
    data = json.dumps(plan_document(resource_change("aws_instance.a", ["create"], None, {})))
    parsed = plan.load("-", "terraform", io.BytesIO(data.encode()))
    assert parsed.source == "-" and parsed.changes[0].plan == "-"


def test_binary_plan_on_stdin_is_refused() -> None:
    with pytest.raises(PlanError, match="binary plan on standard input"):
        plan.load("-", "terraform", io.BytesIO(b"PK\x03\x04rest"))


def test_a_plan_after_more_whitespace_than_the_first_read_is_judged() -> None:
    data = b" " * 100_000 + json.dumps(plan_document(resource_change("a.b", ["create"]))).encode()
    assert [c.address for c in plan.parse(data, "p").changes] == ["a.b"]


def test_a_plan_read_from_a_pipe_is_the_whole_plan(tmp_path: Path) -> None:
    """`tfguard check <(terraform show -json plan.bin)` names a pipe, which cannot seek: the
    first bytes read to sniff it are kept, not read again."""
    import os
    import threading

    document = plan_document(
        *(resource_change(f"aws_s3_bucket.b{i}", ["create"]) for i in range(900))
    )
    data = json.dumps(document).encode()
    assert len(data) > 2 * 65536
    fifo = tmp_path / "plan.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_bytes, args=(data,))
    writer.start()
    read = plan.load(str(fifo), "terraform", io.BytesIO())
    writer.join(30)
    assert len(read.changes) == 900
    assert read.sha256 == plan.parse(data, "x").sha256


@pytest.mark.parametrize("count", [1, 5_000])
def test_the_plan_digest_is_the_sha256_of_the_bytes_read(count: int) -> None:
    """Small plans are hashed in line, large ones (over 1 MiB) while orjson parses them."""
    changes = (resource_change(f"aws_s3_bucket.b{i}", ["create"]) for i in range(count))
    data = json.dumps(plan_document(*changes)).encode()
    assert (len(data) > 1 << 20) == (count > 1)
    assert plan.parse(data, "p").sha256 == hashlib.sha256(data).hexdigest()


def test_an_unknown_action_list_of_strings_is_read_as_unknown() -> None:
    rc = resource_change("aws_db_instance.db", ["delete", "frobnicate"], {"id": "x"}, None)
    assert parse(plan_document(rc)).changes[0].action is Action.UNKNOWN
