"""Recovery verdicts and plan shapes, on real plans made by a real terraform.

Two configurations are applied once per module and planned in copies of their
working directory:

* ``configs/recovery``: RDS instances with and without a final snapshot, retained
  automated backups, manual snapshots and an AWS Backup selection; each test cuts
  some blocks (``# begin: NAME`` ... ``# end: NAME``) and checks the ``recovery``
  verdict tfguard gives the deleted database (README "Recovery verdicts");
* ``configs/shapes``: disarming updates, a replace forced by ``engine``,
  count/for_each/module-count shrinks, a deleted module call, ``removed`` and
  ``moved`` blocks; variables or block edits make the plan, and the tests check
  ``action_reason``, reasons and classification.

The shapes configuration calls a local module, so its working directory needs
``terraform get`` (modules only; offline for a local path). ``terraform init`` is
never run: the aws provider is the test provider, served through ``dev_overrides``.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import tfharness
from e2e_checks import (
    CONFIGS,
    assert_classified,
    assert_summary_consistent,
    by_address,
    changed_resources,
    load_plan,
)

pytestmark = pytest.mark.e2e

RECOVERY = CONFIGS / "recovery"
SHAPES = CONFIGS / "shapes"

LOST_LEAD = "the data store and every backup of it are deleted by this plan"


# --------------------------------------------------------------------------- local helpers


def cut(text: str, name: str, replacement: str = "") -> str:
    """``text`` with the block between ``# begin: NAME`` and ``# end: NAME`` replaced."""
    pattern = rf"(?ms)^# begin: {re.escape(name)}\n.*?^# end: {re.escape(name)}\n"
    out, n = re.subn(pattern, lambda _: replacement, text)
    assert n == 1, f"block {name!r} found {n} times"
    return out


@dataclass
class Stack:
    """A configuration directory (modules included) applied once; plans are made in copies.

    ``tfharness.Workspace`` only handles top-level .tf files, and the shapes configuration
    has a local module: this copies the whole working directory instead.
    """

    terraform: tfharness.Terraform
    workdir: Path
    tmp_path_factory: pytest.TempPathFactory

    @classmethod
    def apply(
        cls,
        terraform: tfharness.Terraform,
        config_dir: Path,
        tmp_path_factory: pytest.TempPathFactory,
    ) -> Stack:
        workdir = tmp_path_factory.mktemp(f"{config_dir.name}-stack")
        shutil.copytree(config_dir, workdir, dirs_exist_ok=True)
        if (workdir / "modules").is_dir():
            # Installs local module calls only (never providers): offline, unlike init.
            terraform.run(workdir, "get", "-no-color")
        terraform.run(workdir, "apply", "-auto-approve", "-input=false", "-no-color")
        return cls(terraform, workdir, tmp_path_factory)

    @property
    def main_tf(self) -> str:
        return (self.workdir / "main.tf").read_text()

    def plan(self, main_tf: str | None = None, *extra_args: str) -> tfharness.Plan:
        dest = self.tmp_path_factory.mktemp("plan")
        shutil.copytree(self.workdir, dest, dirs_exist_ok=True, symlinks=True)
        if main_tf is not None:
            (dest / "main.tf").write_text(main_tf)
        self.terraform.run(dest, "plan", "-input=false", "-no-color", "-out=plan.bin", *extra_args)
        shown = self.terraform.run(dest, "show", "-json", "plan.bin")
        (dest / "plan.json").write_text(shown.stdout)
        return tfharness.Plan(dest, dest / "plan.bin", dest / "plan.json")


def text_rows(stdout: str) -> list[tuple[str, str]]:
    """(address, reason) per row of the text report's table, wrapped cells joined."""
    rows: list[list[str]] = []
    for line in stdout.splitlines():
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        if len(cells) != 4:
            continue
        _, address, _, reason = cells
        if address:
            rows.append([address, reason])
        elif rows:
            rows[-1][1] += " " + reason
    return [(address, " ".join(reason.split())) for address, reason in rows]


def check_json(tfguard, plan: tfharness.Plan, want_rc: int, *args: str) -> dict[str, Any]:
    result = tfguard("check", "--format", "json", *args, plan.plan_json)
    assert result.returncode == want_rc, result
    report = result.json()
    assert_summary_consistent(report)
    return report


def actions_of(plan: tfharness.Plan) -> dict[str, list[str]]:
    return {
        a: rc["change"]["actions"] for a, rc in changed_resources(load_plan(plan.plan_json)).items()
    }


def reason_for(change: dict[str, Any], rule: str) -> str:
    messages = [r["message"] for r in change["reasons"] if r["rule"] == rule]
    assert messages, f"{change['address']}: no {rule} reason in {change['reasons']}"
    return messages[0]


# --------------------------------------------------------------------------- recovery


@pytest.fixture(scope="module")
def recovery_stack(terraform, tmp_path_factory) -> Stack:
    return Stack.apply(terraform, RECOVERY, tmp_path_factory)


@pytest.fixture(scope="module")
def three_dbs_plan(recovery_stack) -> tfharness.Plan:
    """final (snapshot taken), lost (nothing survives), retained (automated backups kept)."""
    text = recovery_stack.main_tf
    for name in ("final", "lost", "retained"):
        text = cut(text, name)
    plan = recovery_stack.plan(text)
    assert actions_of(plan) == {
        "aws_db_instance.final": ["delete"],
        "aws_db_instance.lost": ["delete"],
        "aws_db_instance.retained": ["delete"],
    }
    return plan


@pytest.fixture(scope="module")
def three_dbs_report(tfguard, three_dbs_plan) -> dict[str, Any]:
    report = check_json(tfguard, three_dbs_plan, 1)
    assert_classified(
        report,
        dict.fromkeys(
            ["aws_db_instance.final", "aws_db_instance.lost", "aws_db_instance.retained"],
            "destructive",
        ),
    )
    return by_address(report)


def test_final_snapshot_taken_is_kept(three_dbs_report):
    recovery = three_dbs_report["aws_db_instance.final"]["recovery"]
    assert recovery["status"] == "kept", recovery
    assert 'a final backup "x-final" is taken' in recovery["evidence"], recovery


def test_no_final_snapshot_and_backups_deleted_is_lost(three_dbs_report):
    recovery = three_dbs_report["aws_db_instance.lost"]["recovery"]
    assert recovery["status"] == "lost", recovery
    assert recovery["evidence"][0] == LOST_LEAD, recovery
    assert "no final backup is taken (skip_final_snapshot = true)" in recovery["evidence"]
    assert (
        "its automated backups are deleted with it (delete_automated_backups = true)"
        in recovery["evidence"]
    )
    assert "no other backup of it is managed in this plan's state" in recovery["evidence"]


def test_text_report_lists_the_lost_database_first(tfguard, three_dbs_plan):
    # Plan order is final, lost, retained; the text report puts the lost one first.
    plan_order = [rc["address"] for rc in load_plan(three_dbs_plan.plan_json)["resource_changes"]]
    assert plan_order.index("aws_db_instance.final") < plan_order.index("aws_db_instance.lost")

    result = tfguard("check", three_dbs_plan.plan_json)

    assert result.returncode == 1, result
    rows = text_rows(result.stdout)
    assert [a for a, _ in rows] == [
        "aws_db_instance.lost",
        "aws_db_instance.final",
        "aws_db_instance.retained",
    ], result
    assert rows[0][1].startswith(f"recovery: LOST: {LOST_LEAD}"), rows[0]
    assert rows[1][1].startswith("recovery: KEPT: "), rows[1]


def test_retained_automated_backups_are_kept(three_dbs_report):
    recovery = three_dbs_report["aws_db_instance.retained"]["recovery"]
    assert recovery["status"] == "kept", recovery
    assert (
        "its automated backups are retained (delete_automated_backups = false)"
        in recovery["evidence"]
    ), recovery


def test_snapshot_deleted_with_its_database_is_lost(tfguard, recovery_stack):
    plan = recovery_stack.plan(cut(recovery_stack.main_tf, "snapdel"))
    assert actions_of(plan) == {
        "aws_db_instance.snapdel": ["delete"],
        "aws_db_snapshot.snapdel": ["delete"],
    }

    report = check_json(tfguard, plan, 1)

    assert_classified(
        report,
        {"aws_db_instance.snapdel": "destructive", "aws_db_snapshot.snapdel": "destructive"},
    )
    recovery = by_address(report)["aws_db_instance.snapdel"]["recovery"]
    assert recovery["status"] == "lost", recovery
    assert recovery["evidence"][0] == LOST_LEAD, recovery
    assert "backup aws_db_snapshot.snapdel is deleted by this plan" in recovery["evidence"]


def test_snapshot_linked_by_value_survives_so_kept(tfguard, recovery_stack):
    plan = recovery_stack.plan(cut(recovery_stack.main_tf, "snapkeep_db"))
    assert actions_of(plan) == {"aws_db_instance.snapkeep": ["delete"]}
    # No configuration reference links them: the snapshot names the database by value.
    resources = load_plan(plan.plan_json)["configuration"]["root_module"]["resources"]
    snap = next(r for r in resources if r["address"] == "aws_db_snapshot.snapkeep")
    assert "references" not in snap["expressions"]["db_instance_identifier"], snap

    report = check_json(tfguard, plan, 1)

    recovery = by_address(report)["aws_db_instance.snapkeep"]["recovery"]
    assert recovery["status"] == "kept", recovery
    assert "backup aws_db_snapshot.snapkeep survives this plan" in recovery["evidence"]


def test_backup_selection_with_surviving_vault_is_kept(tfguard, recovery_stack):
    plan = recovery_stack.plan(cut(recovery_stack.main_tf, "vaulted_db"))
    assert actions_of(plan) == {"aws_db_instance.vaulted": ["delete"]}
    arn = next(
        rc["change"]["before"]["arn"]
        for rc in load_plan(plan.plan_json)["resource_changes"]
        if rc["address"] == "aws_db_instance.vaulted"
    )
    assert arn == "arn:aws:rds:us-east-1:123456789012:db:rec-vaulted"  # the literal in main.tf

    report = check_json(tfguard, plan, 1)

    recovery = by_address(report)["aws_db_instance.vaulted"]["recovery"]
    assert recovery["status"] == "kept", recovery
    assert (
        "the recovery points of aws_backup_selection.vaulted survive in aws_backup_vault.vaulted"
        in recovery["evidence"]
    ), recovery


VAULT_CASE = """\
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

# begin: backed_up
resource "aws_db_instance" "db" {
  identifier          = "vt-db"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  skip_final_snapshot = true
}

resource "aws_backup_vault" "db" {
  name = "vt-db-vault"
}

resource "aws_backup_plan" "db" {
  name = "vt-plan"

  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.db.name
  }
}

resource "aws_backup_selection" "db" {
  name         = "vt-db"
  plan_id      = aws_backup_plan.db.id
  iam_role_arn = "arn:aws:iam::123456789012:role/backup"
  resources    = [aws_db_instance.db.arn]
}
# end: backed_up

# Another team's vault: it holds no recovery point of vt-db.
resource "aws_backup_vault" "unrelated" {
  name = "vt-other-team"
}
"""


def test_backup_selection_whose_vault_is_deleted_is_lost_despite_another_vault(tfguard, make_plan):
    plan = make_plan({"main.tf": VAULT_CASE}, {"main.tf": cut(VAULT_CASE, "backed_up")})
    assert actions_of(plan) == {
        "aws_db_instance.db": ["delete"],
        "aws_backup_vault.db": ["delete"],
        "aws_backup_plan.db": ["delete"],
        "aws_backup_selection.db": ["delete"],
    }

    report = check_json(tfguard, plan, 1)

    # README: lost when every linked backup is destroyed, "AWS Backup selections whose
    # vault is deleted" included.
    recovery = by_address(report)["aws_db_instance.db"]["recovery"]
    assert recovery["status"] == "lost", recovery


def test_store_with_its_snapshot_in_one_state_is_an_advisory(tfguard, recovery_stack):
    plan = recovery_stack.plan()
    assert actions_of(plan) == {}

    report = check_json(tfguard, plan, 0)

    assert report["verdict"] == "pass"
    assert report["changes"] == []
    advisories = {a["store"]: a for a in report["advisories"]}
    for store, backup in (
        ("aws_db_instance.snapkeep", "aws_db_snapshot.snapkeep"),
        ("aws_db_instance.snapdel", "aws_db_snapshot.snapdel"),
    ):
        advisory = advisories.get(store)
        assert advisory is not None, report["advisories"]
        assert advisory["kind"] == "same-blast-radius"
        assert advisory["backups"] == [backup]
        assert store in advisory["message"] and backup in advisory["message"], advisory
    # Stores without a backup in this state get none.
    assert "aws_db_instance.lost" not in advisories


# --------------------------------------------------------------------------- plan shapes


@pytest.fixture(scope="module")
def shapes_stack(terraform, tmp_path_factory) -> Stack:
    return Stack.apply(terraform, SHAPES, tmp_path_factory)


def test_disarming_updates_are_destructive(tfguard, shapes_stack):
    plan = shapes_stack.plan(
        None, "-var=deletion_protection=false", "-var=backup_retention_period=0"
    )
    assert actions_of(plan) == {
        "aws_db_instance.protected": ["update"],
        "aws_db_instance.retention": ["update"],
    }

    report = check_json(tfguard, plan, 1)

    assert_classified(
        report,
        {"aws_db_instance.protected": "destructive", "aws_db_instance.retention": "destructive"},
    )
    changes = by_address(report)
    protected, retention = (
        changes["aws_db_instance.protected"],
        changes["aws_db_instance.retention"],
    )
    assert protected["action"] == retention["action"] == "update"
    assert protected["recovery"] is None  # not a delete or a replace
    message = reason_for(protected, "aws-deletion-protection-off")
    assert "deletion_protection: true → false" in message, message
    message = reason_for(retention, "aws-backup-retention-zero")
    assert "from 7 to 0" in message, message


def test_replace_forced_by_engine_is_destructive(tfguard, shapes_stack):
    plan = shapes_stack.plan(None, "-var=engine=mysql")
    rc = plan.change("aws_db_instance.engine")
    assert rc["change"]["actions"] == ["delete", "create"]
    assert rc["action_reason"] == "replace_because_cannot_update"
    assert actions_of(plan) == {"aws_db_instance.engine": ["delete", "create"]}

    report = check_json(tfguard, plan, 1)

    assert_classified(report, {"aws_db_instance.engine": "destructive"})
    db = by_address(report)["aws_db_instance.engine"]
    assert db["action"] == "replace"
    assert db["action_reason"] == "replace_because_cannot_update"
    assert "engine" in db["replace_paths"], db["replace_paths"]
    message = reason_for(db, "store-replaced")
    assert "cannot be updated in place" in message and "engine" in message, message
    assert db["recovery"]["status"] == "lost", db["recovery"]


@pytest.fixture(scope="module")
def shrink_report(tfguard, shapes_stack) -> dict[str, dict[str, Any]]:
    plan = shapes_stack.plan(None, "-var=replicas=1", '-var=shards=["blue"]', "-var=pools=1")
    assert actions_of(plan) == {
        "aws_db_instance.counted[1]": ["delete"],
        'aws_db_instance.keyed["green"]': ["delete"],
        "module.pool[1].aws_db_instance.db": ["delete"],
    }
    report = check_json(tfguard, plan, 1)
    assert_classified(report, dict.fromkeys(actions_of(plan), "destructive"))
    return by_address(report)


@pytest.mark.parametrize(
    ("address", "action_reason", "why"),
    [
        (
            "aws_db_instance.counted[1]",
            "delete_because_count_index",
            "count no longer includes this index",
        ),
        (
            'aws_db_instance.keyed["green"]',
            "delete_because_each_key",
            "for_each no longer includes this key",
        ),
        (
            # Terraform says no_module when the module call stays but its instance goes.
            "module.pool[1].aws_db_instance.db",
            "delete_because_no_module",
            "its module instance is gone",
        ),
    ],
)
def test_count_and_for_each_shrinks_are_destructive(shrink_report, address, action_reason, why):
    change = shrink_report[address]
    assert change["action"] == "delete"
    assert change["action_reason"] == action_reason
    message = reason_for(change, "store-deleted")
    assert why in message, message
    assert change["recovery"]["status"] == "lost", change["recovery"]


def test_deleted_module_call_is_destructive(tfguard, shapes_stack):
    plan = shapes_stack.plan(cut(shapes_stack.main_tf, "module"))
    address = "module.legacy.aws_db_instance.db"
    assert actions_of(plan) == {address: ["delete"]}
    # Terraform 1.11 gives delete_because_no_module only for a module *instance* that
    # count/for_each no longer expands (test above); a deleted module call removes the
    # resource's configuration, so its reason is delete_because_no_resource_config.
    terraform_reason = plan.change(address)["action_reason"]
    assert terraform_reason in ("delete_because_no_resource_config", "delete_because_no_module")

    report = check_json(tfguard, plan, 1)

    assert_classified(report, {address: "destructive"})
    change = by_address(report)[address]
    assert change["action_reason"] == terraform_reason
    assert change["recovery"]["status"] == "lost", change["recovery"]
    message = reason_for(change, "store-deleted")
    assert "removed from the configuration" in message, message


REMOVED_BLOCK = """\
removed {
  from = aws_db_instance.forget

  lifecycle {
    destroy = false
  }
}
"""

MOVED_BLOCK = """\
resource "aws_db_instance" "b" {
  identifier          = "shape-moved"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  skip_final_snapshot = true
}

moved {
  from = aws_db_instance.a
  to   = aws_db_instance.b
}
"""


def test_removed_block_without_destroy_forgets_and_passes(tfguard, shapes_stack):
    plan = shapes_stack.plan(cut(shapes_stack.main_tf, "forget", REMOVED_BLOCK))
    assert actions_of(plan) == {"aws_db_instance.forget": ["forget"]}

    report = check_json(tfguard, plan, 0)

    assert report["verdict"] == "pass"
    assert_classified(report, {"aws_db_instance.forget": "risky"})
    change = by_address(report)["aws_db_instance.forget"]
    assert change["action"] == "forget"
    assert change["recovery"] is None
    assert report["summary"]["destructive"] == 0


def test_moved_block_is_a_safe_no_op_with_its_previous_address(tfguard, shapes_stack):
    plan = shapes_stack.plan(cut(shapes_stack.main_tf, "move", MOVED_BLOCK))
    assert actions_of(plan) == {}
    rc = plan.change("aws_db_instance.b")
    assert rc["change"]["actions"] == ["no-op"]
    assert rc["previous_address"] == "aws_db_instance.a"

    report = check_json(tfguard, plan, 0, "--all")

    assert report["verdict"] == "pass"
    assert_classified(report, {"aws_db_instance.b": "safe"})
    change = by_address(report)["aws_db_instance.b"]
    assert change["action"] == "no-op"
    assert change["previous_address"] == "aws_db_instance.a"
    assert "aws_db_instance.a" not in by_address(report)
    # Without --all a no-op (moves included) is not listed, and the plan still passes.
    assert check_json(tfguard, plan, 0)["changes"] == []
