"""tfguard on fresh plans of the examples' "orders" app stack, made by a real terraform.

The stack (examples/incident-replay/main.tf) is applied once per session; each
test plans a change in a copy of that state and runs ``python -m tfguard``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from e2e_checks import (
    EXAMPLES,
    ORDERS_STACK,
    assert_classified,
    assert_summary_consistent,
    by_address,
    changed_resources,
    load_plan,
    sensitive_strings,
)

pytestmark = pytest.mark.e2e

DATA_BEARING = {
    "aws_db_instance.orders": "destructive",
    "aws_db_snapshot.orders_pre_migration": "destructive",
    "aws_s3_bucket.backups": "destructive",
    "aws_backup_vault.orders": "destructive",
}
STATELESS = {
    "aws_instance.app": "risky",
    "aws_security_group.db": "risky",
    "aws_iam_role.app": "risky",
    "aws_iam_role.backup": "risky",
}
# Backup policies and bucket versioning: deleting them is not safe, whatever rule names it.
NOT_SAFE = {
    "aws_backup_plan.orders": {"risky", "destructive"},
    "aws_backup_selection.orders": {"risky", "destructive"},
    "aws_s3_bucket_versioning.backups": {"risky", "destructive"},
}


@pytest.fixture(scope="module")
def incident_plan(orders_stack):
    """`terraform plan -destroy` of the whole orders stack."""
    return orders_stack.plan(destroy=True)


@pytest.fixture(scope="module")
def safe_tags_plan(orders_stack):
    return orders_stack.plan(EXAMPLES / "safe-tags" / "main.tf")


@pytest.fixture(scope="module")
def risky_only_plan(orders_stack):
    return orders_stack.plan(EXAMPLES / "risky-only" / "main.tf")


def test_incident_replay_is_blocked_and_names_every_data_store(tfguard, incident_plan):
    plan = load_plan(incident_plan.plan_json)
    assert {
        a for a, rc in changed_resources(plan).items() if rc["change"]["actions"] != ["delete"]
    } == set()

    result = tfguard("check", "--format", "json", incident_plan.plan_json)

    assert result.returncode == 1, result
    report = result.json()
    assert report["schema_version"] == 1
    assert report["verdict"] == "block"
    assert_classified(report, {**DATA_BEARING, **STATELESS, **NOT_SAFE})
    assert set(by_address(report)) == set(changed_resources(plan)), (
        "every deleted resource is listed"
    )
    assert report["summary"]["destructive"] >= len(DATA_BEARING)
    assert report["summary"]["unapproved"] >= len(DATA_BEARING)
    assert_summary_consistent(report)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_incident_replay_never_prints_the_database_password(tfguard, incident_plan, fmt):
    plan = load_plan(incident_plan.plan_json)
    secrets = sensitive_strings(plan)
    # The plan JSON does hold the password in plain text (terraform show -json does that) ...
    assert "Tr0ub4dor-and-3-horses" in secrets
    assert "Tr0ub4dor-and-3-horses" in incident_plan.plan_json.read_text()

    # ... and tfguard must not repeat it, from the JSON plan or the binary one, in any format.
    for source in (incident_plan.plan_json, incident_plan.plan_bin):
        result = tfguard("check", "--format", fmt, "--all", source, cwd=incident_plan.workdir)
        assert result.returncode == 1, result
        leaked = [s for s in secrets if s in result.output]
        assert not leaked, (
            f"sensitive value(s) printed by tfguard --format {fmt}: {leaked}\n{result}"
        )


def test_tag_only_changes_and_a_create_pass(tfguard, safe_tags_plan):
    plan = load_plan(safe_tags_plan.plan_json)
    changed = changed_resources(plan)
    assert {a: rc["change"]["actions"] for a, rc in changed.items()} == {
        "aws_db_instance.orders": ["update"],
        "aws_s3_bucket.backups": ["update"],
        "aws_security_group.app": ["create"],
    }

    result = tfguard("check", "--format", "json", safe_tags_plan.plan_json)

    assert result.returncode == 0, result
    report = result.json()
    assert report["verdict"] == "pass"
    assert_classified(report, dict.fromkeys(changed, "safe"))
    assert report["summary"]["risky"] == 0
    assert report["summary"]["destructive"] == 0
    assert_summary_consistent(report)


def test_risky_only_plan_passes_with_risky_changes(tfguard, risky_only_plan):
    plan = load_plan(risky_only_plan.plan_json)
    assert {a: rc["change"]["actions"] for a, rc in changed_resources(plan).items()} == {
        "aws_db_instance.orders": ["update"],
        "aws_instance.app": ["delete", "create"],
        "aws_security_group.db": ["delete"],
    }

    result = tfguard("check", "--format", "json", risky_only_plan.plan_json)

    assert result.returncode == 0, result
    report = result.json()
    assert report["verdict"] == "pass"
    assert_classified(
        report,
        {
            "aws_db_instance.orders": "risky",
            "aws_instance.app": "risky",
            "aws_security_group.db": "risky",
        },
    )
    assert report["summary"]["risky"] == 3
    assert report["summary"]["destructive"] == 0
    assert_summary_consistent(report)


def test_engine_change_replaces_the_database_destructively(tfguard, orders_stack):
    config, n = re.subn(r'(\n\s*engine\s*=\s*)"postgres"', r'\1"mysql"', ORDERS_STACK.read_text())
    assert n == 1
    config = config.replace(
        'engine_version          = "16.3"', 'engine_version          = "8.0.39"'
    )
    plan = orders_stack.plan({"main.tf": config})
    rc = plan.change("aws_db_instance.orders")
    assert rc["change"]["actions"] == ["delete", "create"]
    assert ["engine"] in rc["change"]["replace_paths"]
    assert rc["action_reason"] == "replace_because_cannot_update"

    result = tfguard("check", "--format", "json", plan.plan_json)

    assert result.returncode == 1, result
    report = result.json()
    assert_classified(report, {"aws_db_instance.orders": "destructive"})
    db = by_address(report)["aws_db_instance.orders"]
    assert db["actions"] == ["delete", "create"]
    assert db["approved"] is False
    # Loosely: replace_paths names `engine`, however tfguard spells a path.
    assert "replace_paths" in db, db
    assert "engine" in repr(db["replace_paths"]), db["replace_paths"]
    assert_summary_consistent(report)


def test_disabling_deletion_protection_is_destructive(tfguard, make_plan):
    start = ORDERS_STACK.read_text().replace(
        "  skip_final_snapshot     = true\n",
        "  skip_final_snapshot     = true\n  deletion_protection     = true\n",
    )
    assert "deletion_protection     = true" in start
    end = start.replace("deletion_protection     = true", "deletion_protection     = false")
    plan = make_plan({"main.tf": start}, {"main.tf": end})
    assert list(changed_resources(load_plan(plan.plan_json))) == ["aws_db_instance.orders"]

    result = tfguard("check", "--format", "json", plan.plan_json)

    assert result.returncode == 1, result
    report = result.json()
    assert_classified(report, {"aws_db_instance.orders": "destructive"})
    assert by_address(report)["aws_db_instance.orders"]["actions"] == ["update"]


def test_binary_plan_is_read_with_terraform_on_path(tfguard, incident_plan, risky_only_plan):
    # tfguard runs `terraform show -json plan.bin` in the current directory; the
    # environment carries TF_CLI_CONFIG_FILE so terraform finds the provider schemas.
    for plan, want_rc in ((incident_plan, 1), (risky_only_plan, 0)):
        from_json = tfguard("check", "--format", "json", plan.plan_json)
        from_bin = tfguard("check", "--format", "json", plan.plan_bin.name, cwd=plan.workdir)
        assert from_bin.returncode == want_rc, from_bin
        assert from_json.returncode == want_rc, from_json
        got = {
            a: (c["classification"], c["actions"]) for a, c in by_address(from_bin.json()).items()
        }
        want = {
            a: (c["classification"], c["actions"]) for a, c in by_address(from_json.json()).items()
        }
        assert got == want
        assert from_bin.json()["verdict"] == from_json.json()["verdict"]


def test_plan_on_stdin(tfguard, incident_plan, safe_tags_plan):
    blocked = tfguard("check", "--format", "json", "-", input=incident_plan.plan_json.read_text())
    assert blocked.returncode == 1, blocked
    assert_classified(blocked.json(), DATA_BEARING)

    passed = tfguard("check", "--format", "json", "-", input=safe_tags_plan.plan_json.read_text())
    assert passed.returncode == 0, passed
    assert passed.json()["verdict"] == "pass"


def test_two_plans_give_one_verdict_and_changes_name_their_plan(
    tfguard, incident_plan, safe_tags_plan, tmp_path
):
    # Same addresses in both plans (aws_db_instance.orders is deleted in one, re-tagged in
    # the other): each change must say which plan it came from.
    incident = tmp_path / "incident.json"
    tags = tmp_path / "tags.json"
    incident.write_text(incident_plan.plan_json.read_text())
    tags.write_text(safe_tags_plan.plan_json.read_text())

    result = tfguard("check", "--format", "json", "incident.json", "tags.json", cwd=tmp_path)

    assert result.returncode == 1, result
    report = result.json()
    assert report["verdict"] == "block"
    plans = {c["plan"] for c in report["changes"]}
    assert len(plans) == 2, plans
    # The plan is named the way it was given on the command line (path or name).
    incident_key = next(p for p in plans if "incident" in str(p))
    tags_key = next(p for p in plans if "tags" in str(p))
    assert_classified(report, DATA_BEARING, plan=incident_key)
    assert_classified(
        report,
        {
            "aws_db_instance.orders": "safe",
            "aws_s3_bucket.backups": "safe",
            "aws_security_group.app": "safe",
        },
        plan=tags_key,
    )
    assert len(report["changes"]) == len(changed_resources(load_plan(incident))) + 3

    # Two passing plans pass together.
    both_pass = tfguard("check", "--format", "json", "tags.json", "tags.json", cwd=tmp_path)
    assert both_pass.returncode == 0, both_pass


@pytest.mark.parametrize("how", ["option", "env"])
def test_missing_terraform_on_binary_plan_is_a_one_line_error(
    tfguard, tfguard_env, incident_plan, how
):
    args = ["check", incident_plan.plan_bin]
    env = dict(tfguard_env)
    if how == "option":
        args[1:1] = ["--terraform-bin", "/nonexistent/terraform"]
    else:
        env["TFGUARD_TERRAFORM_BIN"] = "/nonexistent/terraform"

    result = tfguard(*args, cwd=incident_plan.workdir, env=env)

    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result
    assert lines[0].startswith("tfguard: error: "), result
    assert "Traceback" not in result.output
    assert "destructive" not in result.stdout  # no verdict when it cannot judge


def test_all_lists_no_op_changes_too(tfguard, safe_tags_plan):
    plan = load_plan(safe_tags_plan.plan_json)
    default = tfguard("check", "--format", "json", safe_tags_plan.plan_json).json()
    everything = tfguard("check", "--format", "json", "--all", safe_tags_plan.plan_json).json()
    assert set(by_address(default)) == set(changed_resources(plan))
    assert set(by_address(everything)) == {rc["address"] for rc in plan["resource_changes"]}
    for address, change in by_address(everything).items():
        if address not in changed_resources(plan):
            assert change["classification"] == "safe", change


def test_a_plan_file_that_is_not_a_plan_is_exit_2(tfguard, tmp_path: Path):
    junk = tmp_path / "plan.bin"
    junk.write_bytes(b"PK\x03\x04 this is not a terraform plan")
    result = tfguard("check", junk, cwd=tmp_path)
    assert result.returncode == 2, result
    assert result.stderr.strip().splitlines()[-1].startswith("tfguard: error: "), result
    assert "Traceback" not in result.output
