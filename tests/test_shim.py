"""The agent shim: routing (pure), finding the real binary, install/uninstall, and real runs of
the shim script in front of a fake terraform."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import plan_document, resource_change, write_fake_terraform
from tfguard.errors import TfguardError
from tfguard.shim import install as shim
from tfguard.shim.route import Route, RouteKind, route


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["version"],
        ["-version"],
        ["--version"],
        ["-help"],
        ["init", "-input=false"],
        ["plan", "-out=plan.bin"],
        ["-chdir=infra", "plan"],
        ["state", "list"],
        ["state", "mv", "a.b", "a.c"],
        ["state", "rm", "-dry-run", "aws_db_instance.db"],
        ["workspace", "select", "prod"],
        ["apply", "-help"],
        ["destroy", "-h"],
        ["apply", "-var", "-h"],  # terraform's CLI library sees -h anywhere before `--`: help
        ["apply", "-v"],  # any -v/-version/--version: terraform runs `version`
        ["destroy", "--", "-version"],
        ["output", "-json"],
        ["applyx"],  # no such command
        ["apply -auto-approve"],  # a first word holding a space is no command: help
        ["--", "apply"],
        ["env", "list"],
        ["state", "rm", "-dry-run", "-lock=false", "aws_db_instance.db"],
        ["state", "rm", "-dry-run=true", "aws_db_instance.db"],
    ],
)
def test_everything_else_passes_through(args: list[str]) -> None:
    assert route(args, {}) == Route(RouteKind.PASS)


@pytest.mark.parametrize(
    ("args", "tfguard"),
    [
        (["apply"], ("apply", "--")),
        (["apply", "-auto-approve"], ("apply", "--", "-auto-approve")),
        (
            ["apply", "-var", "a=1", "-auto-approve"],
            ("apply", "--", "-var", "a=1", "-auto-approve"),
        ),
        (["apply", "plan.bin"], ("apply", "--plan-file=plan.bin", "--")),
        (
            ["apply", "-lock-timeout", "5s", "-auto-approve", "plan.bin"],
            ("apply", "--plan-file=plan.bin", "--", "-lock-timeout", "5s", "-auto-approve"),
        ),
        (
            ["-chdir=infra", "apply", "-auto-approve"],
            ("apply", "--", "-chdir=infra", "-auto-approve"),
        ),
        (["destroy"], ("destroy", "--")),
        (
            ["-chdir=infra", "destroy", "-auto-approve", "-target=a.b"],
            ("destroy", "--", "-chdir=infra", "-auto-approve", "-target=a.b"),
        ),
        # Go's flag grammar: after `--` every word is an argument, a plan file named `-h` too
        (["apply", "--", "-h"], ("apply", "--plan-file=-h", "--")),
        (
            ["apply", "-auto-approve", "--", "-help"],
            ("apply", "--plan-file=-help", "--", "-auto-approve"),
        ),
        (["destroy", "--", "-h"], ("destroy", "--", "--", "-h")),
        # terraform's CLI library: a first word that starts `apply` and `apply` later on
        (["applyx", "apply"], ("apply", "--plan-file=apply", "--")),
        (["-chdir=a", "-chdir=b", "apply"], None),  # terraform refuses the first -chdir
    ],
)
def test_apply_and_destroy_go_through_the_gate(
    args: list[str], tfguard: tuple[str, ...] | None
) -> None:
    decision = route(args, {})
    if tfguard is None:
        assert decision.kind == "refuse"
    else:
        assert decision == Route(RouteKind.GATE, tfguard)


@pytest.mark.parametrize(
    ("environ", "args", "tfguard"),
    [
        ({"TF_CLI_ARGS": "destroy -auto-approve"}, [], ("destroy", "--", "-auto-approve")),
        ({"TF_CLI_ARGS_": "destroy -auto-approve"}, [], ("destroy", "--", "-auto-approve")),
        ({"TF_CLI_ARGS_apply": "-auto-approve"}, ["apply"], ("apply", "--", "-auto-approve")),
        ({"TF_CLI_ARGS_apply": "-- -h"}, ["apply"], ("apply", "--plan-file=-h", "--")),
        (
            {"TF_CLI_ARGS": "-var 'a=b c'", "TF_CLI_ARGS_apply": "-auto-approve"},
            ["-chdir=x", "apply"],
            ("apply", "--", "-chdir=x", "-auto-approve", "-var", "a=b c"),
        ),
        ({"TF_CLI_ARGS_plan": "-destroy"}, ["apply"], ("apply", "--")),  # not apply's
    ],
)
def test_tf_cli_args_are_routed_as_terraform_merges_them(
    environ: dict[str, str], args: list[str], tfguard: tuple[str, ...]
) -> None:
    assert route(args, environ) == Route(RouteKind.GATE, tfguard)


@pytest.mark.parametrize(
    ("environ", "args"),
    [
        ({"TF_CLI_ARGS": "rm aws_db_instance.db"}, ["state"]),
        ({"TF_CLI_ARGS_state": "rm aws_db_instance.db"}, ["state"]),
        ({"TF_CLI_ARGS": "state rm aws_db_instance.db"}, []),
        ({"TF_CLI_ARGS": "-no-color; destroy"}, ["plan"]),  # terraform's splitter stops at ;
        ({"TF_CLI_ARGS_plan": "-var=$HOME"}, ["plan"]),
        ({"TF_CLI_ARGS": "-var 'unbalanced"}, ["plan"]),
        ({"TF_CLI_ARGS": "-no-color"}, ["-no-color", "apply"]),  # before the command
    ],
)
def test_what_tfguard_cannot_read_as_terraform_does_is_refused(
    environ: dict[str, str], args: list[str]
) -> None:
    decision = route(args, environ)
    assert decision.kind == "refuse" and decision.reason


@pytest.mark.parametrize(
    "args",
    [
        ["state", "rm", "aws_db_instance.db"],
        ["state", "push", "old.tfstate"],
        ["state", "push", "-force", "old.tfstate"],
        ["workspace", "delete", "prod"],
        ["workspace", "delete", "-force", "prod"],
        ["force-unlock", "-force", "1234"],
        ["-chdir=infra", "state", "rm", "a.b"],
        ["env", "delete", "prod"],  # the old name of workspace delete
        ["state", "rm", "a.b", "-dry-run"],  # Go stops at a.b: -dry-run is an address
        ["state", "rm", "-dry-run=false", "a.b"],
        ["state", "rm", "-dry-run", "-dry-run=0", "a.b"],  # the last one wins
    ],
)
def test_state_surgery_is_refused(args: list[str]) -> None:
    decision = route(args, {})
    assert decision.kind == "refuse" and decision.reason


# --------------------------------------------------------------------------- the real binary


def _executable(path: Path, text: str = "#!/bin/sh\necho real\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o755)
    return path


def test_find_real_skips_the_shim_dir_other_shims_and_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine, other, real = tmp_path / "mine", tmp_path / "other", tmp_path / "real"
    shim.install(mine, sys.executable, None)
    shim.install(other, sys.executable, None)
    _executable(tmp_path / "cwd" / "terraform")
    _executable(tmp_path / "noexec" / "terraform").chmod(0o644)
    expected = _executable(real / "terraform")
    monkeypatch.chdir(tmp_path / "cwd")
    search = os.pathsep.join(
        [str(mine), "", str(other), str(tmp_path / "noexec"), str(mine) + "/", str(real)]
    )
    assert shim.find_real("terraform", search, mine) == expected
    assert shim.find_real("tofu", search, mine) is None


def test_a_symlink_to_the_shim_elsewhere_is_skipped(tmp_path: Path) -> None:
    shim.install(tmp_path / "shims", sys.executable, None)
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "terraform").symlink_to(tmp_path / "shims" / "terraform")
    found = shim.find_real(
        "terraform", f"{tmp_path / 'links'}{os.pathsep}{tmp_path / 'shims'}", tmp_path / "shims"
    )
    assert found is None


# --------------------------------------------------------------------------- install


def test_install_writes_marked_executables_and_uninstall_removes_only_those(
    run, tmp_path: Path
) -> None:
    directory = tmp_path / "shims"
    result = run("shim", "install", directory)
    assert result.exit_code == 0, result.stderr
    for name in ("terraform", "tofu"):
        path = directory / name
        assert os.access(path, os.X_OK) and shim.is_shim(path)
        assert f"-m tfguard.shim {name} " in path.read_text()
    assert f'export PATH="{directory}:$PATH"' in result.stdout
    assert run("shim", "install", directory).exit_code == 0  # re-install replaces its own
    (directory / "tofu").unlink()
    (directory / "tofu").write_text("#!/bin/sh\necho mine\n")
    (directory / "other").write_text("keep me")
    refused = run("shim", "install", directory)
    assert refused.exit_code == 2 and "is not a tfguard shim" in refused.stderr
    removed = run("shim", "uninstall", directory)
    assert removed.exit_code == 0
    assert "removed" in removed.stdout and "not written by tfguard" in removed.stderr
    assert sorted(p.name for p in directory.iterdir()) == ["other", "tofu"]
    assert (directory / "tofu").read_text() == "#!/bin/sh\necho mine\n"


def test_install_never_overwrites_a_foreign_file(tmp_path: Path) -> None:
    _executable(tmp_path / "terraform")
    with pytest.raises(TfguardError, match="not a tfguard shim"):
        shim.install(tmp_path, sys.executable, None)
    assert not (tmp_path / "tofu").exists()


# --------------------------------------------------------------------------- the shim at work

ECHO = """#!/bin/sh
echo "real terraform: $*"
if [ "$1" = "console" ]; then read line; echo "stdin: $line"; fi
echo "to stderr" >&2
exit "${REAL_EXIT:-0}"
"""


@pytest.fixture
def shims(tmp_path: Path) -> tuple[Path, Path]:
    directory = tmp_path / "shims"
    shim.install(directory, sys.executable, tmp_path / "audit.jsonl")
    real = _executable(tmp_path / "real" / "terraform", ECHO)
    return directory, real


def shim_env(tmp_path: Path, directory: Path, real: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TF_", "TFGUARD_", "FAKE_"))}
    env["PATH"] = os.pathsep.join([str(directory), str(real.parent), "/usr/bin", "/bin"])
    env["TFGUARD_CACHE_DIR"] = str(tmp_path / "cache")
    env.update(extra)
    return env


def call(
    env: dict[str, str], *args: str, cwd: Path, stdin: str = ""
) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["terraform", *args],
        env=env,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_pass_through_keeps_arguments_streams_and_exit_code(shims, tmp_path) -> None:
    directory, real = shims
    env = shim_env(tmp_path, directory, real, REAL_EXIT="7")
    done = call(env, "console", "-var", "a=b c", cwd=tmp_path, stdin="1 + 1\n")
    assert done.returncode == 7
    assert done.stdout == "real terraform: console -var a=b c\nstdin: 1 + 1\n"
    assert done.stderr == "to stderr\n"


def test_state_rm_is_refused_with_the_real_path_and_audited(shims, tmp_path) -> None:
    directory, real = shims
    done = call(
        shim_env(tmp_path, directory, real), "state", "rm", "aws_db_instance.db", cwd=tmp_path
    )
    assert done.returncode == 1
    assert "real terraform" not in done.stdout
    assert f"{real} state rm aws_db_instance.db" in done.stderr
    [entry] = [json.loads(x) for x in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert entry["event"] == "shim-refused"
    assert entry["command"] == ["terraform", "state", "rm", "aws_db_instance.db"]
    assert set(entry["actor"]) >= {"ci", "agent", "tty", "user"}


def test_no_real_binary_is_exit_127(tmp_path: Path) -> None:
    directory = tmp_path / "shims"
    shim.install(directory, sys.executable, None)
    env = {**os.environ, "PATH": os.pathsep.join([str(directory), "/nonexistent"])}
    done = subprocess.run(
        [str(directory / "tofu"), "version"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 127 and "no real tofu on PATH" in done.stderr


def test_apply_through_the_shim_is_gated_and_uses_the_real_binary(shims, tmp_path) -> None:
    directory, _ = shims
    (tmp_path / "fake").mkdir()
    real = write_fake_terraform(tmp_path / "fake" / "terraform")
    work = tmp_path / "work"
    work.mkdir()
    show, log = tmp_path / "show.json", tmp_path / "calls.log"
    show.write_text(
        json.dumps(
            plan_document(resource_change("aws_db_instance.db", ["delete"], {"id": "x"}, None))
        )
    )
    env = shim_env(
        tmp_path,
        directory,
        real,
        FAKE_LOG=str(log),
        FAKE_SHOW=str(show),
        FAKE_APPLIED=str(tmp_path / "applied"),
    )
    done = call(env, "destroy", "-auto-approve", cwd=work)
    assert done.returncode == 1, done.stderr
    assert "BLOCKED" in done.stdout
    calls = [json.loads(x) for x in log.read_text().splitlines()]
    assert [c[0] for c in calls] == ["plan", "show"]  # the real binary, never the shim again
    assert not (tmp_path / "applied").exists()
    [entry] = [json.loads(x) for x in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert entry["command"] == "destroy" and entry["shim"] == "terraform"
    assert entry["verdict"] == "block"


def test_refusals_show_control_characters_escaped(shims, tmp_path) -> None:
    directory, real = shims
    hostile = "aws_db_instance.db\x1b]52;c;ZXZpbA==\x07\u202e"
    done = call(shim_env(tmp_path, directory, real), "state", "rm", hostile, cwd=tmp_path)
    assert done.returncode == 1
    assert "aws_db_instance.db\\x1b]52;c;ZXZpbA==\\x07\\u202e" in done.stderr
    assert not {"\x1b", "\x07", "\u202e"} & set(done.stderr)
