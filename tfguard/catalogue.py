"""The rule catalogue as people read it: a terminal table, one rule in full, and `docs/rules.md`.

`describe_match` says in words what a rule's `match` block selects; the terminal views, the
generated docs and the SARIF rule descriptors all use it, so they never disagree. rich is
imported only by the terminal views.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from io import StringIO
from typing import TYPE_CHECKING, Any

from tfguard import HOME, attrpath
from tfguard.model import (
    Action,
    Classification,
    Fact,
    Match,
    Retention,
    Rule,
    Rulebook,
    StoreSpec,
    Transition,
)
from tfguard.terminal import escape

if TYPE_CHECKING:
    from rich.console import Console

DOCS_PATH = "docs/rules.md"
"""Where `scripts/gen_rule_docs.py` writes `markdown_catalogue()`, relative to the repository."""

DOCS_URL = f"{HOME}/blob/main/{DOCS_PATH}"
"""The published catalogue; `doc_url(rule_id)` links to one rule's section (its anchor)."""

GENERATOR = "scripts/gen_rule_docs.py"

_TRANSITIONS = {
    Transition.BECAME_TRUE: "becomes true or unknown until apply",
    Transition.BECAME_FALSE: "goes from true to anything else",
    Transition.SET_TO: "is set to {value}",
    Transition.IS: "is {value}{where}",
    Transition.DECREASED: "decreases",
    Transition.INCREASED: "increases",
    Transition.REMOVED: "is removed or emptied",
    Transition.CHANGED: "changes",
    Transition.KEEPS_LESS: "keeps less than before",
}

_ON_STATE = frozenset({Action.DELETE, Action.REPLACE, Action.FORGET})


def doc_url(rule_id: str) -> str:
    return f"{DOCS_URL}#{rule_id}"


def describe_match(match: Match) -> str:
    """`Delete or replace of a resource in category database …, when …`, in words."""
    what: list[str] = []
    if match.types:
        what.append("of type " + _either(match.types))
    if match.categories:
        names = sorted(c.replace("_", " ") for c in match.categories)
        what.append("in category " + _either(names))
    resource = "a resource " + ", ".join(what) if what else "any resource"
    if match.actions == {Action.UNKNOWN}:
        text = f"An action tfguard does not recognise, on {resource}"
    else:
        actions = _either(a.value for a in _ordered_actions(match.actions)) or "any action"
        text = f"{actions[0].upper()}{actions[1:]} of {resource}"
    conditions: list[str] = []
    if match.attribute is not None and match.transition is not None:
        template = _TRANSITIONS[match.transition]
        value = _literal(match.value)
        conditions.append(
            f"`{attrpath.format(match.attribute)}` "
            + template.format(value=value, where=_where(match.actions))
        )
    if match.action_reasons:
        conditions.append("Terraform's reason is " + _either(sorted(match.action_reasons)))
    if match.replace_paths:
        paths = sorted(f"`{attrpath.format(p)}`" for p in match.replace_paths)
        conditions.append("the replace is forced by " + _either(paths))
    if match.changes_other_than is not None:
        ignored = ", ".join(sorted(match.changes_other_than)) or "nothing"
        conditions.append(f"attributes other than {ignored} change")
    if conditions:
        text += ", when " + " and ".join(conditions)
    text += "."
    if match.attribute is not None and match.default is not None:
        text += f" A null value counts as {_literal(match.default)}."
    if match.retention is not None:
        text += " " + describe_retention(match.retention)
    return text


def describe_retention(spec: Retention) -> str:
    """What a `retention` block says: unit, direction, unlimited values, elements, source."""
    unit = f"the unit named by `{attrpath.format(spec.unit_from)}`" if spec.unit_from else spec.unit
    text = f"Unit: {unit}; a {spec.keeps_less} value keeps less."
    if spec.unlimited:
        text += " Kept forever: " + _either(_literal(v) for v in spec.unlimited) + "."
    if spec.named:
        text += " Named: " + ", ".join(f"{k} = {v:g}" for k, v in spec.named) + "."
    if spec.key is not None:
        text += f" Elements are matched by `{attrpath.format(spec.key)}`."
    if spec.active is not None:
        condition = spec.active
        text += (
            f" An element deletes only while `{attrpath.format(condition.attribute)}` is "
            f"{_literal(condition.value)}."
        )
    if spec.only_if is not None:
        condition = spec.only_if
        text += (
            f" Only when `{attrpath.format(condition.attribute)}` is {_literal(condition.value)} "
            "in the plan."
        )
    return text + f" Source: <{spec.source}>."


def _where(actions: frozenset[Action]) -> str:
    if actions and actions <= _ON_STATE:
        return " in the state"
    if actions and not actions & _ON_STATE:
        return " in the plan"
    return " (in the state for deletes, replaces and forgets; in the plan otherwise)"


def _ordered_actions(actions: Iterable[Action]) -> list[Action]:
    order = list(Action)
    return sorted(actions, key=order.index)


def _either(items: Iterable[str]) -> str:
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def _literal(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def matches_short(rule: Rule) -> str:
    """The types or categories a rule selects, for a table cell."""
    match = rule.match
    parts = [*match.types, *sorted(match.categories)]
    return ", ".join(parts) if parts else "all types"


def _provider(book: Rulebook, pack_name: str) -> str:
    return next((p.provider for p in book.packs if p.name == pack_name), pack_name)


def applies_to(rule: Rule, book: Rulebook, resource_type: str) -> bool:
    """Whether `rule` can fire on `resource_type`: the classifier's own type test."""
    from tfguard.judge.classify import fits_type

    return fits_type(rule, resource_type, book.category_of(resource_type))


def select(
    book: Rulebook,
    provider: str | None = None,
    resource_type: str | None = None,
    classification: Classification | None = None,
) -> tuple[Rule, ...]:
    """The rules `tfguard rules` lists for its filters (each filter that is set must hold)."""
    wanted = provider.lower() if provider else None
    return tuple(
        rule
        for rule in book.rules
        if (wanted is None or wanted in {rule.pack.lower(), _provider(book, rule.pack).lower()})
        and (resource_type is None or applies_to(rule, book, resource_type))
        and (classification is None or rule.classification is classification)
    )


def json_catalogue(book: Rulebook, rules: Iterable[Rule]) -> str:
    """`tfguard rules --format json`: one object per rule, for scripts and editors."""
    return (
        json.dumps(
            [
                {
                    "id": rule.id,
                    "pack": rule.pack,
                    "provider": _provider(book, rule.pack),
                    "class": rule.classification.label,
                    "summary": rule.summary,
                    "matches": describe_match(rule.match),
                    "types": list(rule.match.types),
                    "categories": sorted(rule.match.categories),
                    "doc_url": doc_url(rule.id),
                }
                for rule in rules
            ],
            indent=2,
        )
        + "\n"
    )


def near_misses(rule_id: str, book: Rulebook) -> list[str]:
    """Rule ids close to a mistyped one, best first (for `explain`'s did-you-mean)."""
    return difflib.get_close_matches(rule_id, [rule.id for rule in book.rules], n=3, cutoff=0.6)


# --- terminal ---------------------------------------------------------------------------------

_STYLE = {
    Classification.DESTRUCTIVE: "bold red",
    Classification.RISKY: "yellow",
    Classification.SAFE: "green",
}


def _console(out: StringIO, color: bool, width: int) -> Console:
    from rich.console import Console

    return Console(
        file=out,
        width=width,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        emoji=False,
    )


def render_catalogue(
    book: Rulebook, color: bool, width: int, rules: Iterable[Rule] | None = None
) -> str:
    """One row per rule (all, or `rules`): id, pack/provider, class, what it matches, summary."""
    from rich.table import Table
    from rich.text import Text

    out = StringIO()
    console = _console(out, color, width)
    table = Table(show_lines=False, expand=False, pad_edge=False)
    for column in ("id", "pack", "class", "matches", "summary"):
        table.add_column(column, overflow="fold")
    shown = tuple(book.rules if rules is None else rules)
    for rule in shown:
        provider = _provider(book, rule.pack)
        pack = rule.pack if provider == rule.pack else f"{rule.pack}/{provider}"
        table.add_row(
            Text(escape(rule.id)),
            Text(escape(pack)),
            Text(rule.classification.label, style=_STYLE[rule.classification]),
            Text(escape(matches_short(rule))),
            Text(escape(rule.summary)),
        )
    console.print(table)
    if rules is None:
        console.print(Text(f"{len(book.rules)} rules in {len(book.packs)} packs"))
    else:
        console.print(Text(f"{len(shown)} of {len(book.rules)} rules"))
    return out.getvalue()


def render_rule(rule: Rule, book: Rulebook, color: bool, width: int) -> str:
    """Everything about one rule: id, class, pack, summary, match in words, message, doc."""
    from rich.table import Table
    from rich.text import Text

    out = StringIO()
    console = _console(out, color, width)
    console.print(Text(escape(rule.id), style="bold"))
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold")
    fields.add_column(overflow="fold")
    fields.add_row("class", Text(rule.classification.label, style=_STYLE[rule.classification]))
    fields.add_row("pack", Text(escape(f"{rule.pack} (provider {_provider(book, rule.pack)})")))
    fields.add_row("summary", Text(escape(rule.summary)))
    fields.add_row("matches", Text(escape(describe_match(rule.match))))
    fields.add_row("message", Text(escape(rule.message)))
    fields.add_row("docs", Text(escape(doc_url(rule.id))))
    console.print(fields)
    if rule.doc:
        console.print()
        console.print(Text(escape(rule.doc, lines=True)))
    return out.getvalue()


def render_store(spec: StoreSpec, book: Rulebook, color: bool, width: int) -> str:
    """A resource type's recovery facts: what survives its delete, each with its source."""
    from rich.text import Text

    out = StringIO()
    console = _console(out, color, width)
    console.print(Text(escape(spec.type), style="bold"))
    for line in store_lines(spec, book):
        console.print(Text(escape(line)))
    return out.getvalue()


_KIND_WORDS = {
    "survives": "kept when",
    "unknown": "unknown when",
    "deletes": "takes along",
    "abandon": "abandoned (forgotten, not deleted) when",
}


def describe_fact(fact: Fact) -> str:
    """`kept when `purge_protection_enabled` is true (null means false): …`, in words."""
    subject = ""
    if fact.via is not None:
        subject = (
            f"on the {_either(fact.via.types)} named by `{attrpath.format(fact.via.attribute)}`, "
        )
    if fact.provider is not None:
        subject = f"in the plan's {fact.provider} provider configuration, "
    if fact.attribute is None:
        test = "a linked one survives the plan" if fact.via else "always"
    else:
        name = f"`{attrpath.format(fact.attribute)}`"
        if fact.values is not None:
            test = f"{name} is {_either(_literal(v) for v in fact.values)}"
        elif fact.not_values is not None:
            test = f"{name} is not {_either(_literal(v) for v in fact.not_values)}"
        else:
            test = f"{name} is set"
        if fact.default is not None:
            test += f" (null means {_literal(fact.default)})"
    extra = " Void when a parent is deleted by the same plan." if fact.needs_parent else ""
    says = fact.says.replace("{value}", "the value")
    return f"{_KIND_WORDS[fact.kind]} {subject}{test}: {says}.{extra} Source: {fact.source}"


def store_lines(spec: StoreSpec, book: Rulebook) -> list[str]:
    """The recovery facts of one store type, one line each (shared by explain and the docs)."""
    lines = [spec.summary]
    if spec.source:
        lines.append(f"Source: {spec.source}")
    lines += [
        f"parent {_either(p.link.types)} (its `{attrpath.format(p.link.key)}` = "
        f"`{attrpath.format(p.link.attribute)}`): {p.says}. Source: {p.source}"
        for p in spec.parents
    ]
    facts = [*([spec.abandon] if spec.abandon else []), *spec.facts]
    lines += [f"{f.name}: {describe_fact(f)}" for f in facts]
    for backup in sorted(book.backups.values(), key=lambda b: b.type):
        if spec.type in backup.of:
            where = " (kept inside the store)" if backup.in_store else ""
            held = f", held by {_either(sorted(backup.held_by))}" if backup.held_by else ""
            lines.append(
                f"backup {backup.type}{where}: its `{attrpath.format(backup.attribute)}` names the "
                f"store's `{attrpath.format(backup.store_attribute)}`{held}."
                + (f" Source: {backup.source}" if backup.source else "")
            )
    return lines


# --- docs/rules.md ----------------------------------------------------------------------------

_PARAGRAPH = re.compile(r"\n(?=(?:Why|How to proceed|Note|Example|See also):)")


def markdown_catalogue(book: Rulebook) -> str:
    """`docs/rules.md`: an index, one section per rule (anchor = rule id), resource types."""
    lines = [
        "# Rule catalogue",
        "",
        f"<!-- Generated by {GENERATOR} from the built-in rule packs; do not edit by hand. -->",
        "",
        f"{len(book.rules)} rules in {len(book.packs)} packs. Every rule fires when each field "
        "of its `match` block holds; a change's class is the highest class among the rules that "
        "fired (`safe` when none did). Add your own packs with `tfguard check --rules DIR`.",
        "",
        "| rule | class | pack | summary |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| [{r.id}](#{r.id}) | {r.classification.label} | {r.pack} | {_cell(r.summary)} |"
        for r in book.rules
    ]
    lines += ["", "## Rules", ""]
    for rule in book.rules:
        lines += _rule_section(rule, book)
    lines += _resource_types(book)
    lines += _recovery_facts(book)
    lines += _categories(book)
    return "\n".join(lines).rstrip("\n") + "\n"


def _rule_section(rule: Rule, book: Rulebook) -> list[str]:
    lines = [
        f"### {rule.id}",
        "",
        f"**{rule.classification.label}** · pack `{rule.pack}` "
        f"(provider `{_provider(book, rule.pack)}`)",
        "",
        rule.summary,
        "",
        f"- Matches: {describe_match(rule.match)}",
        f"- Message: {_code(rule.message)}",
        "",
    ]
    if rule.doc:
        lines += [_PARAGRAPH.sub("\n\n", rule.doc), ""]
    return lines


def _resource_types(book: Rulebook) -> list[str]:
    lines = ["## Resource types", ""]
    for pack in book.packs:
        kinds = sorted((k for k in book.kinds.values() if k.pack == pack.name), key=_type_key)
        if not kinds:
            continue
        lines += [
            f"### Pack `{pack.name}`",
            "",
            f"Provider `{pack.provider}`: {pack.summary}",
            "",
            "| resource type | category | summary |",
            "|---|---|---|",
        ]
        lines += [
            f"| `{k.type}` | [{k.category}](#category-{k.category.replace('_', '-')}) | "
            f"{_cell(k.summary)} |"
            for k in kinds
        ]
        lines.append("")
    return lines


def _recovery_facts(book: Rulebook) -> list[str]:
    """`## Recovery facts`: per pack, what survives the delete of each store type."""
    lines = [
        "## Recovery facts",
        "",
        "What a delete or replace leaves behind, per store type: the facts behind the recovery "
        "verdict (lost / kept / unknown), each with the documentation it comes from. "
        "`tfguard explain TYPE` prints the same.",
        "",
    ]
    for pack in book.packs:
        specs = _stores_of(book, pack.name)
        if not specs:
            continue
        lines += [f"### Recovery facts: `{pack.name}`", ""]
        for spec in specs:
            first, *rest = store_lines(spec, book)
            lines.append(f"- `{spec.type}`: {first}")
            lines += [f"  - {line}" for line in rest]
        lines.append("")
    return lines


def _stores_of(book: Rulebook, pack: str) -> list[StoreSpec]:
    """The store types with recovery facts that `pack` knows (a type no pack names: none)."""
    specs = (s for s in book.stores.values() if s.type in book.kinds)
    return sorted((s for s in specs if book.kinds[s.type].pack == pack), key=lambda s: s.type)


def _type_key(kind: Any) -> str:
    return str(kind.type)


def _categories(book: Rulebook) -> list[str]:
    lines = ["## Categories", "", "| category | holds data | summary |", "|---|---|---|"]
    for category in book.categories.values():
        anchor = f"category-{category.name.replace('_', '-')}"
        lines.append(
            f'| <a id="{anchor}"></a>`{category.name}` | '
            f"{'yes' if category.data_bearing else 'no'} | {_cell(category.summary)} |"
        )
    lines.append("")
    return lines


def _cell(text: str) -> str:
    """Trusted text (from the rule packs) in a table cell: keep markdown, protect the table."""
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    """An inline code span that survives backticks inside `text`."""
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") or fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def knowledge_summary(book: Rulebook) -> str:
    """The README section "What tfguard knows about your data": per pack, how many resource
    types of each category it knows and how many rules it adds (generated, never hand-copied)."""
    categories = [c for c in book.categories if c != "uncategorised"]
    header = ["pack", "provider", *categories, "rules"]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    for pack in book.packs:
        kinds = [k for k in book.kinds.values() if k.pack == pack.name]
        rules = sum(1 for r in book.rules if r.pack == pack.name)
        if not kinds and not rules:
            continue
        counts = [str(sum(1 for k in kinds if k.category == c) or "") for c in categories]
        lines.append(f"| {pack.name} | {pack.provider} | " + " | ".join(counts) + f" | {rules} |")
    total = len(book.kinds)
    lines += [
        "",
        f"{total} resource types and {len(book.rules)} rules in all; every type, rule and "
        "category is documented in [docs/rules.md](docs/rules.md) (`tfguard rules`, "
        "`tfguard explain RULE`).",
        "",
        "Recovery facts per provider: what a delete leaves behind, which decides the recovery "
        "verdict (kept when a fact keeps the data, unknown when the documentation leaves it open, "
        "lost otherwise). Sources and conditions: [docs/rules.md](docs/rules.md#recovery-facts) "
        "and `tfguard explain TYPE`.",
        "",
    ]
    for pack in book.packs:
        specs = _stores_of(book, pack.name)
        if specs:
            lines.append(f"- **{pack.name}**")
            lines += [f"  - `{s.type}`: {s.summary}" for s in specs]
    lines += _retention_settings(book)
    return "\n".join(lines) + "\n"


def _retention_settings(book: Rulebook) -> list[str]:
    """Per provider, the retention, expiry and lifecycle settings tfguard compares."""
    rules = [r for r in book.rules if r.match.retention is not None]
    if not rules:
        return []
    lines = [
        "",
        "Retention, expiry and lifecycle settings: an update that makes one of these keep less "
        "(a shorter window, fewer backups, an expiry where there was none) is judged by what "
        "the provider then deletes on its own: **destructive** when it deletes existing data or "
        "recovery points, **risky** when only future data is affected. Keeping more never "
        "blocks; an unknown or sensitive new value fails closed.",
        "",
        "| provider | setting | unit | class | rule | source |",
        "|---|---|---|---|---|---|",
    ]
    for rule in sorted(rules, key=lambda r: (_provider(book, r.pack), r.id)):
        spec, match = rule.match.retention, rule.match
        assert spec is not None and match.attribute is not None
        types = ", ".join(f"`{t}`" for t in match.types)
        unit = f"`{attrpath.format(spec.unit_from)}`" if spec.unit_from else spec.unit
        lines.append(
            f"| {_provider(book, rule.pack)} | {types} `{attrpath.format(match.attribute)}` | "
            f"{unit} | {rule.classification.label} | [{rule.id}](docs/rules.md#{rule.id}) | "
            f"[docs]({spec.source}) |"
        )
    return lines
