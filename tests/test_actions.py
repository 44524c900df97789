"""Terraform 1.14+ action invocations: an action no pack knows is risky, packs name theirs."""

from __future__ import annotations

import json
from pathlib import Path

PLANS = Path(__file__).resolve().parent / "plans"


HANDMADE = PLANS / "HANDMADE-tf1.14-action-invocations.json"


def reasons(report: dict, address: str) -> dict[str, str]:
    [change] = [c for c in report["changes"] if c["address"] == address]
    return {r["rule"]: r["message"] for r in change["reasons"]}


def test_an_action_no_pack_knows_is_risky(run) -> None:
    result = run("check", PLANS / "terraform-json-actions-invoke.json", "--format", "json")
    assert result.exit_code == 0, result.stderr
    [change] = result.json()["changes"]
    assert (change["address"], change["classification"]) == ("action.bufo_print.success", "risky")
    assert change["actions"] == ["invoke"]
    message = reasons(result.json(), "action.bufo_print.success")["action-invoked"]
    assert "(invoked with -invoke)" in message and "knows nothing about bufo_print" in message


def test_a_pack_names_the_actions_it_knows_and_the_trigger_is_said(run) -> None:
    result = run("check", HANDMADE, "--format", "json", "--all")
    assert result.exit_code == 0, result.stderr
    report = result.json()
    lambda_reasons = reasons(report, "action.aws_lambda_invoke.migrate")
    assert set(lambda_reasons) == {"aws-lambda-invoked"}
    assert (
        "(on after_update of aws_lambda_function.migrate)" in (lambda_reasons["aws-lambda-invoked"])
    )
    assert "action-invoked" in reasons(report, "module.ops.action.acme_purge_queue.nightly")
    assert "hand-made-canary" not in result.stdout  # a sensitive config value stays hidden


def test_a_pack_can_make_an_action_destructive(run, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "acme.hcl").write_text(
        """
pack {
  provider = "acme"
  summary  = "acme actions"
}

resource "acme_purge_queue" {
  category = "action"
  summary  = "Action: deletes every message in a queue."
}

rule "acme-queue-purged" {
  class   = "destructive"
  summary = "A queue is purged"
  message = "purges a queue through {address}{why}"
  doc     = "Why: the messages are gone."
  match {
    actions = ["invoke"]
    types   = ["acme_purge_queue"]
  }
}
"""
    )
    config = tmp_path / ".tfguard.hcl"
    config.write_text('rules {\n  dirs = ["rules"]\n}\n')
    result = run("check", HANDMADE, "--config", config, "--format", "json")
    assert result.exit_code == 1, result.stderr
    purge = reasons(result.json(), "module.ops.action.acme_purge_queue.nightly")
    assert set(purge) == {"acme-queue-purged"}
    assert purge["acme-queue-purged"] == (
        "purges a queue through module.ops.action.acme_purge_queue.nightly (invoked with -invoke)"
    )


def test_malformed_action_invocations_are_refused_in_one_line(run, tmp_path: Path) -> None:
    document = json.loads(HANDMADE.read_text())
    del document["action_invocations"][0]["address"]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(document))
    result = run("check", path)
    assert result.exit_code == 2
    assert "action_invocations[0]: `address` is missing" in result.stderr
