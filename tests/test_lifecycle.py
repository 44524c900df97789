"""removed_guards: prevent_destroy taken off since a base ref, read from real git repos."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import ENV, GUARDED, UNGUARDED, Files, git, make_repo
from tfguard.errors import SourceError, TfguardError
from tfguard.git.prevent_destroy import Unguarded, removed_guards

FALSE = GUARDED.replace("= true", "= false")
OTHER_LIFECYCLE = GUARDED.replace("prevent_destroy = true", "ignore_changes = [tags]")
MODULE = 'module "db" {\n  source = "./modules/db"\n}\nmodule "vpc" {\n  source = "x/vpc/aws"\n}\n'
RENAMED = GUARDED.replace('"main"', '"primary"')
MOVED = RENAMED + "moved {\n  from = aws_db_instance.main\n  to   = aws_db_instance.primary\n}\n"
MOVED_UNGUARDED = MOVED.replace("prevent_destroy = true", "prevent_destroy = false")
MODULE_RENAMED = (
    MODULE.replace('"db"', '"database"')
    + "moved {\n  from = module.db\n  to   = module.database\n}\n"
)


@pytest.fixture(autouse=True)
def git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)


CASES: list[tuple[str, Files, Files, list[tuple[str, str, str, int]]]] = [
    (
        "prevent_destroy removed",
        {"main.tf": GUARDED},
        {"main.tf": OTHER_LIFECYCLE},
        [("aws_db_instance.main", "was removed from", "main.tf", 1)],
    ),
    (
        "set to false",
        {"main.tf": GUARDED},
        {"main.tf": FALSE},
        [("aws_db_instance.main", "was removed from", "main.tf", 1)],
    ),
    (
        "lifecycle block removed",
        {"main.tf": GUARDED},
        {"main.tf": UNGUARDED},
        [("aws_db_instance.main", "was removed from", "main.tf", 1)],
    ),
    (
        "resource block deleted",
        {"main.tf": "# db\n\n" + GUARDED},
        {"main.tf": "# db gone\n"},
        [("aws_db_instance.main", "was deleted", "main.tf", 3)],
    ),
    (
        "resource moved to another file, guard kept",
        {"main.tf": GUARDED},
        {"main.tf": "", "db.tf": GUARDED},
        [],
    ),
    (
        "inside a local module",
        {"main.tf": MODULE, "modules/db/main.tf": GUARDED},
        {"main.tf": MODULE, "modules/db/main.tf": UNGUARDED},
        [("module.db.aws_db_instance.main", "was removed from", "modules/db/main.tf", 1)],
    ),
    (
        "module call removed",
        {"main.tf": MODULE, "modules/db/main.tf": GUARDED},
        {"main.tf": "", "modules/db/main.tf": GUARDED},
        [("module.db.aws_db_instance.main", "was deleted", "modules/db/main.tf", 1)],
    ),
    (
        "moved to a new address, guard kept",
        {"main.tf": GUARDED},
        {"main.tf": MOVED},
        [],
    ),
    (
        "moved to a new address, guard dropped",
        {"main.tf": GUARDED},
        {"main.tf": MOVED_UNGUARDED},
        [("aws_db_instance.main", "(moved to aws_db_instance.primary)", "main.tf", 1)],
    ),
    (
        "renamed without a moved block",
        {"main.tf": GUARDED},
        {"main.tf": RENAMED},
        [("aws_db_instance.main", "was deleted", "main.tf", 1)],
    ),
    (
        "module renamed with a moved block",
        {"main.tf": MODULE, "modules/db/main.tf": GUARDED},
        {"main.tf": MODULE_RENAMED, "modules/db/main.tf": GUARDED},
        [],
    ),
    ("unchanged", {"main.tf": GUARDED}, {"main.tf": GUARDED}, []),
    ("added", {"main.tf": UNGUARDED}, {"main.tf": GUARDED}, []),
    ("never guarded, then deleted", {"main.tf": UNGUARDED}, {"main.tf": ""}, []),
    ("whole config is new", {}, {"main.tf": GUARDED}, []),
]


@pytest.mark.parametrize(
    ("base", "work", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_removed_guards(
    tmp_path: Path, base: Files, work: Files, expected: list[tuple[str, str, str, int]]
) -> None:
    found = removed_guards(make_repo(tmp_path, base, work), "base")
    assert [(u.address, u.file, u.line) for u in found] == [(a, f, n) for a, _, f, n in expected]
    for unguarded, (_, words, file, line) in zip(found, expected, strict=True):
        assert words in unguarded.reason
        assert f"({file}:{line})" in unguarded.reason
        assert "\n" not in unguarded.reason


def test_reason_sentences(tmp_path: Path) -> None:
    infra = make_repo(tmp_path, {"main.tf": GUARDED, "db.tf": RENAMED}, {"main.tf": UNGUARDED})
    assert removed_guards(infra, "base") == (
        Unguarded(
            "aws_db_instance.main",
            "lifecycle.prevent_destroy = true was removed from aws_db_instance.main (main.tf:1) "
            "since base",
            "main.tf",
            1,
        ),
        Unguarded(
            "aws_db_instance.primary",
            "the block of aws_db_instance.primary, protected by prevent_destroy at base "
            "(db.tf:1), was deleted",
            "db.tf",
            1,
        ),
    )


def test_config_dir_relative_to_the_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    infra = make_repo(tmp_path, {"main.tf": GUARDED}, {"main.tf": UNGUARDED})
    monkeypatch.chdir(infra)
    assert [u.address for u in removed_guards(Path("."), "base")] == ["aws_db_instance.main"]


def test_repo_root_as_config_dir(tmp_path: Path) -> None:
    infra = make_repo(tmp_path, {"main.tf": GUARDED}, {"main.tf": UNGUARDED})
    git(infra.parent, "mv", "infra/main.tf", "main.tf")
    git(infra.parent, "commit", "-q", "-m", "flatten")
    (infra.parent / "main.tf").write_text(UNGUARDED)
    assert [u.address for u in removed_guards(infra.parent, "HEAD")] == ["aws_db_instance.main"]


def one_line_error(config_dir: Path, ref: str) -> str:
    with pytest.raises(SourceError) as caught:
        removed_guards(config_dir, ref)
    assert isinstance(caught.value, TfguardError)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_unknown_base_ref(tmp_path: Path) -> None:
    infra = make_repo(tmp_path, {"main.tf": GUARDED}, {"main.tf": GUARDED})
    assert "base ref nope not found" in one_line_error(infra, "nope")


def test_missing_remote_branch_says_how_to_fetch(tmp_path: Path) -> None:
    infra = make_repo(tmp_path, {"main.tf": GUARDED}, {"main.tf": GUARDED})
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{infra.parent}", str(clone))
    message = one_line_error(clone / "infra", "origin/main")
    assert message.startswith("base ref origin/main not found (fetch it: git fetch origin main")
    assert "shallow" in message


def test_not_a_git_work_tree(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(GUARDED)
    assert "not in a git work tree" in one_line_error(tmp_path, "main")


@pytest.mark.parametrize(
    ("base", "work", "named"),
    [
        ({"main.tf": "resource {"}, {"main.tf": GUARDED}, "main.tf at base: not valid HCL"),
        ({"main.tf": GUARDED}, {"main.tf": "resource {"}, "main.tf: not valid HCL"),
        (
            {"main.tf": MODULE, "modules/db/main.tf": "}"},
            {"main.tf": MODULE, "modules/db/main.tf": GUARDED},
            "modules/db/main.tf at base: not valid HCL",
        ),
    ],
    ids=["base", "working tree", "module at base"],
)
def test_unparsable_tf_names_the_file(tmp_path: Path, base: Files, work: Files, named: str) -> None:
    assert named in one_line_error(make_repo(tmp_path, base, work), "base")


def test_module_outside_the_work_tree(tmp_path: Path) -> None:
    escape = 'module "x" {\n  source = "../../../elsewhere"\n}\n'
    infra = make_repo(tmp_path, {"main.tf": escape}, {"main.tf": escape})
    assert "outside the git work tree" in one_line_error(infra, "base")


def test_check_blocks_a_plan_whose_guard_was_removed(run, tmp_path: Path) -> None:
    """End to end through the CLI: the plan itself is harmless (a no-op on the database), but the
    change under review removed prevent_destroy, so the gate blocks until it is approved."""
    import json

    from tests.helpers import plan_document, resource_change

    infra = make_repo(tmp_path, {"main.tf": GUARDED}, {"main.tf": UNGUARDED})
    db = {"identifier": "orders"}
    plan = infra / "plan.json"
    plan.write_text(
        json.dumps(plan_document(resource_change("aws_db_instance.main", ["no-op"], db, db)))
    )
    assert run("check", plan).exit_code == 0  # no base ref: nothing to compare
    result = run("check", plan, "--base-ref", "base", "--format", "json")
    assert result.exit_code == 1
    [db_change] = result.json()["changes"]  # a destructive no-op is listed without --all
    assert db_change["classification"] == "destructive"
    assert db_change["reasons"][0]["rule"] == "prevent-destroy-removed"
    assert "was removed from aws_db_instance.main" in db_change["reasons"][0]["message"]
    missing = run("check", plan, "--base-ref", "no-such-ref")
    assert missing.exit_code == 2 and "no-such-ref" in missing.stderr
