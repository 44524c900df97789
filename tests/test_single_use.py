"""Single use: an approval to delete a name-identified object (an S3 bucket) covers one apply,
not the deletion of a re-created bucket of the same name. `tfguard apply --ledger` records the
entries it uses before terraform applies; the same plan again is blocked. Real git repository,
a fake terraform (tests/helpers.py) that applies whatever file it is given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gitrepo import ALICE, BOB, REQUESTER, Repo, make_repo, requested
from tests.helpers import plan_document, resource_change, write_fake_terraform

BUCKET = {"bucket": "audit-logs", "id": "audit-logs", "arn": "arn:aws:s3:::audit-logs"}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """An approved deletion of a bucket; the fake terraform shows that plan."""
    repo = make_repo(tmp_path, monkeypatch)
    plan = plan_document(resource_change("aws_s3_bucket.logs", ["delete"], BUCKET, None))
    (repo.path / "plan.json").write_text(json.dumps(plan))
    requested(_run_holder[0], repo)
    repo.add_approver(ALICE)
    repo.add_approver(BOB)  # two: no backup of the bucket survives the plan
    monkeypatch.setenv("FAKE_SHOW", str(repo.path / "plan.json"))
    monkeypatch.setenv("FAKE_APPLIED", str(tmp_path / "applied.bin"))
    monkeypatch.delenv("TFGUARD_LEDGER", raising=False)
    return repo


_run_holder: list = []


@pytest.fixture(autouse=True)
def _keep_run(run) -> None:
    _run_holder[:] = [run]


def apply(run, tmp_path: Path, *args: str):
    terraform = write_fake_terraform(tmp_path / "terraform")
    return run("apply", "--terraform-bin", str(terraform), *args, "--", "-auto-approve")


def test_an_approval_covers_one_apply_not_a_recreated_bucket(run, repo, tmp_path) -> None:
    ledger = tmp_path / "ledger.jsonl"
    ledger.touch()
    first = apply(run, tmp_path, "--ledger", str(ledger))
    assert first.exit_code == 0, first.stdout
    assert "recorded in" in first.stderr
    [record] = [json.loads(line) for line in ledger.read_text().splitlines()]
    assert record["address"] == "aws_s3_bucket.logs"
    assert set(record["approved_by"]) == {ALICE, BOB}
    # The bucket is re-created with the same name: the same plan, the same fingerprint.
    (tmp_path / "applied.bin").unlink()
    second = apply(run, tmp_path, "--ledger", str(ledger))
    assert second.exit_code == 1
    assert "already used by an apply" in second.stdout
    assert not (tmp_path / "applied.bin").exists()
    # `check` with the ledger says the same; without it the entry would still count.
    assert run("check", "plan.json", "--ledger", str(ledger)).exit_code == 1
    assert run("check", "plan.json").exit_code == 0


def test_a_new_entry_for_the_new_bucket_needs_new_approvals(run, repo, tmp_path) -> None:
    ledger = tmp_path / "ledger.jsonl"
    ledger.touch()
    assert apply(run, tmp_path, "--ledger", str(ledger)).exit_code == 0
    repo.approvals.write_text("")  # the used entry goes; a new one is requested
    requested(run, repo, "--expires-in", "48h")
    assert apply(run, tmp_path, "--ledger", str(ledger)).exit_code == 1  # nobody approved yet
    repo.add_approver(ALICE)
    repo.add_approver(BOB)
    again = apply(run, tmp_path, "--ledger", str(ledger))
    assert again.exit_code == 0, again.stdout
    assert len(ledger.read_text().splitlines()) == 2


def test_the_ledger_cannot_live_in_the_work_tree_or_be_missing(run, repo, tmp_path) -> None:
    inside = repo.path / "ledger.jsonl"
    inside.touch()
    refused = run("check", "plan.json", "--ledger", str(inside))
    assert refused.exit_code == 2 and "inside the work tree" in refused.stderr
    missing = apply(run, tmp_path, "--ledger", str(tmp_path / "gone.jsonl"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    assert not (tmp_path / "applied.bin").exists()


def test_an_unreadable_ledger_blocks_with_the_line(run, repo, tmp_path) -> None:
    ledger = tmp_path / "ledger.jsonl"
    ledger.write_text("not json\n")
    result = run("check", "plan.json", "--ledger", str(ledger))
    assert result.exit_code == 2 and "line 1: not a ledger record" in result.stderr
    assert REQUESTER not in result.stderr


def test_the_protected_policy_names_the_ledger_and_a_run_cannot_drop_or_swap_it(
    run, repo: Repo, tmp_path: Path
) -> None:
    """A ledger only given by a flag is only as strong as the pipeline's command line; named in
    `.tfguard.hcl` on the protected ref, every run with `--protected-ref` uses it."""
    ledger = tmp_path / "ledger.jsonl"
    ledger.touch()
    config = repo.path / ".tfguard.hcl"
    config.write_text(
        config.read_text().replace("approvals {", f'approvals {{\n  ledger = "{ledger}"', 1)
    )
    repo.commit("policy: single use", BOB)
    repo.git("checkout", "-q", "-b", "pr")
    protected = ("--protected-ref", "main")
    first = apply(run, tmp_path, *protected)  # no --ledger: the policy's ledger records it
    assert first.exit_code == 0, first.stdout
    assert len(ledger.read_text().splitlines()) == 1
    (tmp_path / "applied.bin").unlink()
    # the change under review drops the ledger from its own config: ignored
    config.write_text(config.read_text().replace(f'  ledger = "{ledger}"\n', ""))
    repo.commit("drop the ledger", REQUESTER)
    again = run("check", "plan.json", *protected)
    assert again.exit_code == 1 and "already used by an apply" in again.stdout
    # nor can a run point at a fresh, empty ledger of its own
    fresh = tmp_path / "fresh.jsonl"
    fresh.touch()
    swapped = run("check", "plan.json", *protected, "--ledger", str(fresh))
    assert swapped.exit_code == 2
    assert f"names the ledger {ledger}" in swapped.stderr
    assert not (tmp_path / "applied.bin").exists()
