"""The approval attacks of issue 12, each in a real git repository with several identities.

The requester (agent@example.com) has commit access and reads the source; every test ends
blocked (exit 1) or refused (exit 2) with a message that names what was wrong.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.gitrepo import (
    ALICE,
    AUTHORED,
    BOB,
    REQUESTER,
    Repo,
    approval_of,
    check,
    make_repo,
    requested,
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    return make_repo(tmp_path, monkeypatch)


@pytest.fixture
def authored(run, repo: Repo) -> Repo:
    """A repository whose committed config asks for `authored` (make_repo), one request in it."""
    assert (repo.path / ".tfguard.hcl").read_text() == AUTHORED
    requested(run, repo)
    return repo


def edit(repo: Repo, old: str, new: str, author: str, count: int = 1) -> None:
    text = repo.approvals.read_text()
    assert text.count(old) >= 1, (old, text)
    repo.approvals.write_text(text.replace(old, new, count))
    repo.commit(f"edit by {author}", author)


def fingerprint(repo: Repo) -> str:
    found = re.search(r"sha256:[0-9a-f]{64}", repo.approvals.read_text())
    assert found
    return found.group()


def test_rewriting_a_binding_field_on_a_line_blame_never_looked_at(run, authored: Repo) -> None:
    """Layout trick: the actions list spans lines; the requester edits its inner line after
    alice approved, leaving the `address`/`actions =` lines and alice's line untouched."""
    edit(authored, 'actions     = ["delete"]', 'actions     = [\n    "delete",\n  ]', REQUESTER)
    authored.add_approver(ALICE)
    assert check(run).exit_code == 0
    edit(authored, '    "delete",\n', '    "delete", "create",\n', REQUESTER)
    result = check(run)
    assert result.exit_code == 1
    detail = approval_of(result)["detail"]
    assert approval_of(result)["status"] == "actions-differ" or "changed" in detail


def test_a_changed_fingerprint_voids_the_approval_and_says_so(run, authored: Repo) -> None:
    authored.add_approver(ALICE)
    old = fingerprint(authored)
    edit(authored, old, "sha256:" + "b" * 64, REQUESTER)
    edit(authored, "sha256:" + "b" * 64, old, REQUESTER)  # and back: still not alice's approval
    result = check(run)
    assert result.exit_code == 1
    assert (
        "the entry's fingerprint changed (commit" in approval_of(result)["detail"]
        and f"after {ALICE} approved it" in approval_of(result)["detail"]
    )


def test_extending_the_expiry_after_approval_voids_it(run, authored: Repo) -> None:
    authored.add_approver(ALICE)
    text = authored.approvals.read_text()
    expires = re.search(r'expires     = "([^"]+)"', text)
    assert expires
    edit(authored, expires.group(1), expires.group(1).replace("T12", "T13"), REQUESTER)
    result = check(run)
    assert result.exit_code == 1
    assert "the entry's expires changed" in approval_of(result)["detail"]


def test_an_approver_typed_into_an_approvers_line_by_someone_else(run, authored: Repo) -> None:
    """One-line list holding several approvers: the requester adds bob on alice's line."""
    edit(authored, "approved_by = [\n  ]", f'approved_by = ["{ALICE}"]', ALICE)
    edit(authored, f'["{ALICE}"]', f'["{ALICE}", "{BOB}"]', REQUESTER)
    result = check(run)
    assert result.exit_code == 0  # alice's own approval still counts
    assert approval_of(result)["approved_by"] == [ALICE]
    (authored.path / ".tfguard.hcl").write_text(AUTHORED.replace("}", "  required = 2\n}"))
    authored.commit("two approvers", BOB)
    result = check(run)
    assert result.exit_code == 1
    assert f"{BOB} was added by {REQUESTER}'s commit" in approval_of(result)["detail"]


def test_removing_and_re_adding_an_approver_makes_it_the_requesters(run, authored: Repo) -> None:
    authored.add_approver(ALICE)
    edit(authored, f'    "{ALICE}",\n', "", REQUESTER)
    edit(authored, "approved_by = [\n", f'approved_by = [\n    "{ALICE}",\n', REQUESTER)
    result = check(run)
    assert result.exit_code == 1
    assert f"{ALICE} was added by {REQUESTER}'s commit" in approval_of(result)["detail"]


def test_reformatting_and_reordering_change_nothing(run, authored: Repo) -> None:
    authored.add_approver(ALICE)
    text = authored.approvals.read_text()
    block = text[text.index("approval {") :]
    other = block.replace("aws_db_instance.orders", "aws_db_instance.other").replace(
        fingerprint(authored), "sha256:" + "c" * 64
    )
    other = other.replace(f'    "{ALICE}",\n', "")
    # another entry goes first, fields reordered, comments and odd spacing added, one line list
    squeezed = re.sub(r"\n\s+", "\n", block).replace(
        "approved_by = [\n", "# reviewed\napproved_by    =    [   "
    )
    authored.approvals.write_text("# header\n" + other + "\n\n" + squeezed)
    authored.commit("tidy", REQUESTER)
    result = check(run)
    assert result.exit_code == 0, approval_of(result)
    assert approval_of(result)["approved_by"] == [ALICE]


def test_heredoc_values_are_refused(run, authored: Repo) -> None:
    edit(authored, 'reason      = "decommission orders"', "reason = <<EOT\nx\nEOT", REQUESTER)
    result = check(run)
    assert result.exit_code == 2 and "heredocs are not accepted" in result.stderr


@pytest.mark.parametrize("breaker", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\r"])
def test_unusual_line_breaks_are_refused(run, authored: Repo, breaker: str) -> None:
    """Line-number drift: characters Python or an editor treat as line ends, git does not."""
    edit(authored, "approval {", f"# note{breaker}{breaker}{breaker}\napproval {{", REQUESTER)
    result = check(run)
    assert result.exit_code == 2 and "unusual line break" in result.stderr


def test_mailmap_never_turns_the_requesters_commits_into_an_approvers(
    run, authored: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (authored.path / ".mailmap").write_text(f"alice <{ALICE}> agent <{REQUESTER}>\n")
    authored.commit("mailmap", REQUESTER)
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text("[log]\n  mailmap = true\n[mailmap]\n  file = .mailmap\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    authored.add_approver(ALICE, author=REQUESTER)
    result = check(run)
    assert result.exit_code == 1
    assert f"{ALICE} was added by {REQUESTER}'s commit" in approval_of(result)["detail"]


def test_git_replace_objects_are_ignored(run, authored: Repo) -> None:
    """`git replace` can make another commit stand in for the requester's: never followed."""
    authored.add_approver(ALICE, author=REQUESTER)
    fake = authored.git("rev-parse", "HEAD").strip()
    authored.git("commit", "--amend", "-q", "--allow-empty", "-m", "x", author=ALICE)
    amended = authored.git("rev-parse", "HEAD").strip()
    authored.git("reset", "-q", "--hard", fake)
    authored.git("replace", fake, amended)
    result = check(run)
    assert result.exit_code == 1
    assert f"{ALICE} was added by {REQUESTER}'s commit" in approval_of(result)["detail"]


def test_self_approval_by_the_entry_creator(run, authored: Repo) -> None:
    authored.add_approver(REQUESTER)
    result = check(run)
    assert result.exit_code == 1 and "self-approval" in approval_of(result)["detail"]


def test_json_approval_file_is_read_semantically(run, repo: Repo) -> None:
    (repo.path / ".tfguard.hcl").write_text(
        'approvals {\n  provenance = "authored"\n  file = "approvals.json"\n}\n'
    )
    repo.commit("config", BOB)
    fingerprint_of = run("check", "plan.json", "--format", "json").json()
    [change] = [c for c in fingerprint_of["changes"] if c["fingerprint"]]
    entry = {
        "address": change["address"],
        "actions": change["actions"],
        "fingerprint": change["fingerprint"],
        "reason": "decommission",
        "expires": "2026-11-28T12:00:00Z",
        "approved_by": [],
    }
    path = repo.path / "approvals.json"
    path.write_text(json.dumps({"approval": [entry]}, indent=1))
    repo.commit("request", REQUESTER)
    path.write_text(json.dumps({"approval": [{**entry, "approved_by": [ALICE]}]}))
    repo.commit("approve", ALICE)
    assert check(run).exit_code == 0
    path.write_text(json.dumps({"approval": [{**entry, "approved_by": [ALICE, BOB]}]}))
    repo.commit("bob?", REQUESTER)
    result = check(run)
    assert approval_of(result)["approved_by"] == [ALICE]


def test_a_side_branch_approval_counts_from_the_merge_commit(run, authored: Repo) -> None:
    """Only the first-parent history is followed: whoever merges an approval made elsewhere
    is who added it (so the requester cannot merge in an approval made for another entry)."""
    authored.git("checkout", "-q", "-b", "side")
    authored.add_approver(ALICE)
    authored.git("checkout", "-q", "main")
    authored.git("merge", "-q", "--no-ff", "-m", "merge side", "side", author=REQUESTER)
    result = check(run)
    assert result.exit_code == 1
    assert f"{ALICE} was added by {REQUESTER}'s commit" in approval_of(result)["detail"]


def test_a_future_commit_date_does_not_stretch_the_lifetime(run, authored: Repo) -> None:
    """The requester dates the request in the future so `expires` looks close to it; the
    lifetime also runs from the approver's own commit."""
    text = authored.approvals.read_text()
    expires = re.search(r'expires     = "([^"]+)"', text)
    assert expires
    edit(authored, expires.group(1), "2026-12-20T00:00:00Z", REQUESTER)
    authored.git(
        "commit", "-q", "--amend", "--no-edit", "--date", "2026-12-19T00:00:00Z", author=REQUESTER
    )
    authored.git("-c", "user.name=x", "commit", "-q", "--amend", "--no-edit", author=REQUESTER)
    authored.add_approver(ALICE)
    result = check(run)
    assert result.exit_code == 1 and approval_of(result)["status"] == "too-long"


def test_deleting_and_recreating_the_file_makes_every_name_the_recreators(
    run, authored: Repo
) -> None:
    authored.add_approver(ALICE)
    text = authored.approvals.read_text()
    authored.approvals.unlink()
    authored.commit("remove", REQUESTER)
    authored.approvals.write_text(text)
    authored.commit("restore", REQUESTER)
    result = check(run)
    assert result.exit_code == 1
    assert f"{ALICE} was added by {REQUESTER}'s commit" in approval_of(result)["detail"]
