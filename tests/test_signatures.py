"""`signed`, the default level: the verified signer must be the approver, checked against an
allowed-signers file the requester cannot change. Real repositories, ssh keys made here."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.gitrepo import (
    ALICE,
    BOB,
    REQUESTER,
    Repo,
    approval_of,
    check,
    make_keys,
    make_repo,
    signed_commit,
    signers,
)

SIGNED = (
    'approvals {\n  provenance = "signed"\n  protected_ref = "main"\n'
    '  allowed_signers = ".github/allowed_signers"\n}\n'
)


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Path]:
    return make_keys(tmp_path / "keys", REQUESTER, ALICE, BOB)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keys: dict[str, Path]) -> Repo:
    """main holds the policy and the allowed signers; work happens on the `pr` branch."""
    repo = make_repo(tmp_path, monkeypatch)
    (repo.path / ".tfguard.hcl").write_text(SIGNED)
    (repo.path / ".github").mkdir()
    (repo.path / ".github" / "allowed_signers").write_text(signers(keys, REQUESTER, ALICE, BOB))
    signed_commit(repo, "policy", BOB, keys[BOB])
    repo.git("checkout", "-q", "-b", "pr")
    return repo


def request(run, repo: Repo, key: Path | None) -> None:
    assert run("approve", "plan.json", "--reason", "decommission").exit_code == 0
    signed_commit(repo, "request approval", REQUESTER, key)


def approve(repo: Repo, name: str, author: str, key: Path | None) -> None:
    text = repo.approvals.read_text()
    added = text.replace("approved_by = [\n", f'approved_by = [\n    "{name}",\n')
    repo.approvals.write_text(added)
    signed_commit(repo, f"approve as {name}", author, key)


def test_an_approval_signed_by_the_approver_passes(run, repo: Repo, keys) -> None:
    request(run, repo, keys[REQUESTER])
    approve(repo, ALICE, ALICE, keys[ALICE])
    result = check(run, "--protected-ref", "main")
    assert result.exit_code == 0, approval_of(result)
    assert result.json()["policy"]["level"] == "signed"


def test_authored_as_alice_but_signed_by_bob(run, repo: Repo, keys) -> None:
    request(run, repo, keys[REQUESTER])
    approve(repo, ALICE, ALICE, keys[BOB])
    result = check(run, "--protected-ref", "main")
    assert result.exit_code == 1
    assert f"is signed by {BOB}, not by {ALICE}" in approval_of(result)["detail"]


def test_requester_signing_as_alice_with_their_own_key(run, repo: Repo, keys) -> None:
    request(run, repo, keys[REQUESTER])
    approve(repo, ALICE, ALICE, keys[REQUESTER])
    result = check(run, "--protected-ref", "main")
    assert result.exit_code == 1
    assert f"is signed by {REQUESTER}, not by {ALICE}" in approval_of(result)["detail"]


def test_unsigned_approval(run, repo: Repo, keys) -> None:
    request(run, repo, keys[REQUESTER])
    approve(repo, ALICE, ALICE, None)
    result = check(run, "--protected-ref", "main")
    assert result.exit_code == 1 and "has no valid signature" in approval_of(result)["detail"]


def test_the_pull_request_cannot_add_a_key_for_alice(run, repo: Repo, keys, tmp_path) -> None:
    """The requester lists their own key as alice's in the branch: signers come from main."""
    request(run, repo, keys[REQUESTER])
    forged = tmp_path / "keys" / "forged"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(forged)], check=True)
    allowed = repo.path / ".github" / "allowed_signers"
    allowed.write_text(allowed.read_text() + f"{ALICE} {forged.with_suffix('.pub').read_text()}")
    signed_commit(repo, "add a key", REQUESTER, keys[REQUESTER])
    approve(repo, ALICE, ALICE, forged)
    result = check(run, "--protected-ref", "main")
    assert result.exit_code == 1
    assert (
        "signed by a key with no principal in the allowed signers"
        in (approval_of(result)["detail"])
    )


def test_unsigned_request_leaves_the_requester_unknown(run, repo: Repo, keys) -> None:
    request(run, repo, None)
    approve(repo, ALICE, ALICE, keys[ALICE])
    result = check(run, "--protected-ref", "main")
    assert result.exit_code == 1
    assert "nobody can tell who requested it" in approval_of(result)["detail"]


def test_the_requester_cannot_approve_with_their_own_key(run, repo: Repo, keys) -> None:
    """Created under a borrowed author name, signed by the requester's own key."""
    assert run("approve", "plan.json", "--reason", "decommission").exit_code == 0
    signed_commit(repo, "request approval", ALICE, keys[BOB])
    approve(repo, BOB, BOB, keys[BOB])
    result = check(run, "--protected-ref", "main")
    assert result.exit_code == 1 and "self-approval" in approval_of(result)["detail"]


def test_allowed_signers_inside_the_work_tree_never_count(
    run, repo: Repo, keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo.path / ".tfguard.hcl").write_text('approvals {\n  provenance = "signed"\n}\n')
    signed_commit(repo, "no protected ref", REQUESTER, keys[REQUESTER])
    request(run, repo, keys[REQUESTER])
    approve(repo, ALICE, ALICE, keys[ALICE])
    monkeypatch.setenv("TFGUARD_ALLOWED_SIGNERS", str(repo.path / ".github" / "allowed_signers"))
    result = check(run)
    assert result.exit_code == 1 and "inside the work tree" in approval_of(result)["detail"]


def test_allowed_signers_outside_the_work_tree(
    run, repo: Repo, keys, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (repo.path / ".tfguard.hcl").write_text('approvals {\n  provenance = "signed"\n}\n')
    signed_commit(repo, "no protected ref", REQUESTER, keys[REQUESTER])
    request(run, repo, keys[REQUESTER])
    approve(repo, ALICE, ALICE, keys[ALICE])
    outside = tmp_path / "allowed_signers"
    outside.write_text(signers(keys, REQUESTER, ALICE))
    monkeypatch.setenv("TFGUARD_ALLOWED_SIGNERS", str(outside))
    result = check(run)
    assert result.exit_code == 0, approval_of(result)


def test_the_default_level_is_signed(run, tmp_path: Path, monkeypatch) -> None:
    """No configuration: an approver's name added in their own (unsigned) commit does not
    count, because anyone can write any author name."""
    (tmp_path / "plain").mkdir()
    repo = make_repo(tmp_path / "plain", monkeypatch)
    (repo.path / ".tfguard.hcl").unlink()
    repo.commit("no config", BOB)
    assert run("approve", "plan.json", "--reason", "r").exit_code == 0
    repo.commit("request", REQUESTER)
    repo.add_approver(ALICE)
    result = check(run)
    assert result.exit_code == 1
    assert result.json()["policy"]["level"] == "signed"
    assert "has no valid signature" in approval_of(result)["detail"]
    assert "built-in defaults" in result.json()["policy"]["source"]


def test_a_protected_ref_named_only_by_the_checkout_does_not_supply_signers(
    run, repo: Repo, keys, tmp_path: Path
) -> None:
    """The requester names their own branch as the protected ref and lists their key as
    alice's there: without --protected-ref from the pipeline those signers are not trusted."""
    forged = tmp_path / "keys" / "forged"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(forged)], check=True)
    allowed = repo.path / ".github" / "allowed_signers"
    allowed.write_text(
        signers(keys, REQUESTER) + f"{ALICE} {forged.with_suffix('.pub').read_text()}"
    )
    (repo.path / ".tfguard.hcl").write_text(SIGNED.replace('"main"', '"pr"'))
    signed_commit(repo, "my own ref", REQUESTER, keys[REQUESTER])
    request(run, repo, keys[REQUESTER])
    approve(repo, ALICE, ALICE, forged)
    result = check(run)
    assert result.exit_code == 1
    notes = " ".join(result.json()["policy"]["weakening_attempts"])
    assert "named by the working tree's config" in notes
