"""`tfguard init`: write a commented config, an empty approval file and the CI workflow."""

from __future__ import annotations

import os
from pathlib import Path

import click

from tfguard import atomic, scaffold
from tfguard.cli.deliver import say
from tfguard.errors import ExitCode


@click.command()
@click.option(
    "--platform",
    type=click.Choice([p.value for p in scaffold.Platform]),
    default=None,
    help="CI platform for the workflow (default: detected from .github/ or .gitlab-ci.yml).",
)
@click.option(
    "--terraform-dir",
    default=".",
    show_default=True,
    help="Where the Terraform configuration lives, relative to the repository root.",
)
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.argument(
    "root", type=click.Path(file_okay=False, path_type=Path), default=".", required=False
)
def init(platform: str | None, terraform_dir: str, force: bool, root: Path) -> int:
    """Set up tfguard in the repository at ROOT (default: the current directory)."""
    chosen = scaffold.Platform(platform) if platform else scaffold.detect(root, os.environ)
    todo = scaffold.plan(root, chosen, terraform_dir, scaffold.recipes_dir())
    existing = [name for name, _ in todo.files if (root / name).exists()]
    if existing and not force:
        raise click.UsageError(
            f"{', '.join(existing)} already exist(s); nothing written (--force overwrites)"
        )
    for name, content in todo.files:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(target, content)
        say(f"wrote {name}")
    for note in todo.notes:
        say(note)
    return ExitCode.PASS
