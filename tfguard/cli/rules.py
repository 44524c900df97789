"""`tfguard rules` and `tfguard explain`: the rule catalogue on the terminal."""

from __future__ import annotations

from pathlib import Path

import click

from tfguard.cli.deliver import show, terminal_width, use_color
from tfguard.cli.options import cache_dir, rule_dirs_option
from tfguard.errors import ExitCode


@click.command()
@rule_dirs_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="json: one object per rule; markdown: the page docs/rules.md is generated from.",
)
@click.option("--provider", help="Only rules of this provider or pack (aws, google, azurerm…).")
@click.option(
    "--type", "resource_type", metavar="TYPE", help="Only rules that can fire on this type."
)
@click.option(
    "--class",
    "klass",
    type=click.Choice(["safe", "risky", "destructive"]),
    help="Only rules of this class.",
)
def rules(
    rule_dirs: tuple[Path, ...],
    fmt: str,
    provider: str | None,
    resource_type: str | None,
    klass: str | None,
) -> int:
    """List the rule catalogue: id, provider, class, what it matches."""
    from tfguard import catalogue
    from tfguard.model import Classification
    from tfguard.read import rulebook

    book = rulebook.load(rule_dirs, cache_dir())
    filtered = provider is not None or resource_type is not None or klass is not None
    wanted = Classification.parse(klass) if klass else None
    chosen = catalogue.select(book, provider, resource_type, wanted)
    if fmt == "markdown":
        if filtered:
            raise click.UsageError("--format markdown writes the whole catalogue; drop the filters")
        show(catalogue.markdown_catalogue(book), fmt)
    elif fmt == "json":
        show(catalogue.json_catalogue(book, chosen), fmt)
    else:
        shown = chosen if filtered else None
        show(catalogue.render_catalogue(book, use_color(), terminal_width(), shown), fmt)
    return ExitCode.PASS


@click.command()
@click.argument("rule_id", metavar="RULE")
@rule_dirs_option
def explain(rule_id: str, rule_dirs: tuple[Path, ...]) -> int:
    """Show one rule's documentation (what it matches, why it matters, how to proceed), or a
    resource type's recovery facts (what survives its delete, and the sources)."""
    from tfguard import catalogue
    from tfguard.read import rulebook

    book = rulebook.load(rule_dirs, cache_dir())
    rule = next((r for r in book.rules if r.id == rule_id), None)
    if rule is None and rule_id in book.stores:
        store = book.stores[rule_id]
        show(catalogue.render_store(store, book, use_color(), terminal_width()), "text")
        return ExitCode.PASS
    if rule is None:
        close = catalogue.near_misses(rule_id, book)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        raise click.BadParameter(
            f"no rule or store type {rule_id!r}; {hint}`tfguard rules` lists them",
            param_hint="RULE",
        )
    show(catalogue.render_rule(rule, book, use_color(), terminal_width()), "text")
    return ExitCode.PASS
