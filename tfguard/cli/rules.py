"""`tfguard rules` and `tfguard explain`: the rule catalogue on the terminal."""

from __future__ import annotations

from pathlib import Path

import click

from tfguard.cli.deliver import terminal_width, use_color
from tfguard.cli.options import cache_dir, rule_dirs_option
from tfguard.errors import ExitCode


@click.command()
@rule_dirs_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="markdown writes the page docs/rules.md is generated from.",
)
def rules(rule_dirs: tuple[Path, ...], fmt: str) -> int:
    """List the rule catalogue: id, provider, class, what it matches."""
    from tfguard import catalogue
    from tfguard.read import rulebook

    book = rulebook.load(rule_dirs, cache_dir())
    if fmt == "markdown":
        click.echo(catalogue.markdown_catalogue(book), nl=False)
    else:
        click.echo(catalogue.render_catalogue(book, use_color(), terminal_width()), nl=False)
    return ExitCode.PASS


@click.command()
@click.argument("rule_id", metavar="RULE")
@rule_dirs_option
def explain(rule_id: str, rule_dirs: tuple[Path, ...]) -> int:
    """Show one rule's documentation: what it matches, why it matters, how to proceed."""
    from tfguard import catalogue
    from tfguard.read import rulebook

    book = rulebook.load(rule_dirs, cache_dir())
    rule = next((r for r in book.rules if r.id == rule_id), None)
    if rule is None:
        raise click.BadParameter(
            f"no rule {rule_id!r}; `tfguard rules` lists them", param_hint="RULE"
        )
    click.echo(catalogue.render_rule(rule, book, use_color(), terminal_width()), nl=False)
    return ExitCode.PASS
