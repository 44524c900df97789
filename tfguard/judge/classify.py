"""Changes x rules -> one class per change, with every rule that fired and why.

A rule's `match` is a closed vocabulary (see `model.Match`); the ways an attribute can move
are the named predicates in `TRANSITIONS`. Candidate rules are indexed by (action, type) once,
so the cost per change is a dict lookup plus the few rules that can apply to it.
"""

from __future__ import annotations

import fnmatch
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

from tfguard import attrpath
from tfguard.attrpath import ANY, UNKNOWN, AttrPath, lookup, unknown_after
from tfguard.judge import unknown_types
from tfguard.judge.amounts import (
    FOREVER,
    HIDDEN_VALUE,
    UNKNOWN_VALUE,
    Unreadable,
    describe,
    kept,
    magnitude,
)
from tfguard.judge.amounts import keeps_less as amount_keeps_less
from tfguard.model import (
    LOOKS_LIKE_DATA,
    Action,
    Assessment,
    Change,
    Classification,
    Condition,
    Finding,
    Match,
    Mode,
    Retention,
    Rule,
    Rulebook,
    Sensitive,
    Transition,
)
from tfguard.record import record

_MISSING: Any = None
_EMPTY: tuple[Any, ...] = (None, "", [], {})


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _became_true(before: Any, after: Any, value: Any) -> bool:
    return before is not True and (after is UNKNOWN or after is True)


def _became_false(before: Any, after: Any, value: Any) -> bool:
    return before is True and after is not True


def _set_to(before: Any, after: Any, value: Any) -> bool:
    return bool(before != value) and (after is UNKNOWN or bool(after == value))


def _moved(before: Any, after: Any, direction: Callable[[float, float], bool]) -> bool:
    """`after` compares to `before` by size in `direction` (an unknown `after` fails closed)."""
    old = magnitude(before)
    if old is None:
        return False
    new = None if after is UNKNOWN else magnitude(after)
    return after is UNKNOWN or (new is not None and direction(new, old))


def _decreased(before: Any, after: Any, value: Any) -> bool:
    return _moved(before, after, operator.lt)


def _increased(before: Any, after: Any, value: Any) -> bool:
    return _moved(before, after, operator.gt)


def _removed(before: Any, after: Any, value: Any) -> bool:
    return before not in _EMPTY and (after is UNKNOWN or after in _EMPTY)


def _changed(before: Any, after: Any, value: Any) -> bool:
    return after is UNKNOWN or bool(before != after)


Predicate = Callable[[Any, Any, Any], bool]
TRANSITIONS: Mapping[Transition, Predicate] = {
    Transition.BECAME_TRUE: _became_true,
    Transition.BECAME_FALSE: _became_false,
    Transition.SET_TO: _set_to,
    Transition.DECREASED: _decreased,
    Transition.INCREASED: _increased,
    Transition.REMOVED: _removed,
    Transition.CHANGED: _changed,
    # `is` looks at one value only (see `_attribute_matches`) and `keeps_less` compares amounts
    # (`retention_matches`), so neither reaches this table
}

_WHY: Mapping[str, str] = {
    "replace_because_tainted": "it is tainted",
    "replace_by_request": "it was requested with -replace",
    "delete_because_no_resource_config": (
        "its block was removed from the configuration, and prevent_destroy does not protect "
        "a removed block"
    ),
    "delete_because_no_module": (
        "its module instance is gone (the module call, or its count or for_each, changed)"
    ),
    "delete_because_wrong_repetition": "count or for_each was added to or removed from it",
    "delete_because_count_index": "count no longer includes this index",
    "delete_because_each_key": "for_each no longer includes this key",
    "delete_because_no_move_target": "its moved block points at nothing",
}

_SECRET_NAME = re.compile(r"password|passwd|secret|token|private_key|credential", re.IGNORECASE)


def classify(changes: Iterable[Change], book: Rulebook) -> tuple[Assessment, ...]:
    index = _Index(book)
    return tuple(index.assess(change) for change in changes)


@record
class _Context:
    """What a rule message may mention about one change (never a raw sensitive value)."""

    change: Change
    category: str

    def fields(
        self, rule: Rule, before: Any, after: Any, changed: list[str], element: str = ""
    ) -> dict[str, str]:
        attribute = rule.match.attribute
        name = attrpath.format(attribute) if attribute else ""
        return {
            "address": self.change.key,
            "type": self.change.type,
            "category": self.category.replace("_", " "),
            "action": self.change.action.value,
            "actions": "[" + ", ".join(self.change.actions) + "]",
            "attribute": name,
            "before": display(before, name),
            "after": display(after, name),
            "why": why(self.change),
            Transition.CHANGED: _listing(changed),
            "element": element,
        }


class _Index:
    def __init__(self, book: Rulebook) -> None:
        self.book = book
        self.candidates: dict[tuple[Action, str, str], tuple[Rule, ...]] = {}
        # 218 of the 233 built-in rules name their types literally: such a rule can only fit
        # the types it names, so only the others are tried on every type (in pack order)
        self.named: dict[str, list[int]] = {}
        self.open: list[int] = []
        for position, rule in enumerate(book.rules):
            types = rule.match.types
            if types and not any(_is_pattern(t) for t in types):
                for name in types:
                    self.named.setdefault(name, []).append(position)
            else:
                self.open.append(position)

    def assess(self, change: Change) -> Assessment:
        category = self.book.category_of(change.type)
        action = change.action
        if action in _DESTROYS and unknown_types.holds_data(change, self.book):
            category = LOOKS_LIKE_DATA
        if change.mode is Mode.DATA:
            if action in _DATA_ACTIONS:
                return Assessment(change, Classification.SAFE, category, ())
            action = Action.UNKNOWN  # Terraform only reads data sources: fail closed
        candidates = self._candidates(action, change.type, category)
        if not candidates:  # most changes of a large plan (no-ops): nothing to apply
            return Assessment(change, Classification.SAFE, category, ())
        context = _Context(change, category)
        found = [finding for rule in candidates if (finding := _apply(rule, context)) is not None]
        # most serious first; among equals, in rule-pack order (core first)
        findings = tuple(sorted(found, key=lambda f: -f.classification))
        level = max((f.classification for f in findings), default=Classification.SAFE)
        return Assessment(change, level, category, findings)

    def _candidates(self, action: Action, resource_type: str, category: str) -> tuple[Rule, ...]:
        key = (action, resource_type, category)
        found = self.candidates.get(key)
        if found is None:
            rules = self.book.rules
            found = tuple(
                rules[position]
                for position in sorted(self.open + self.named.get(resource_type, []))
                if _static_match(rules[position], action, resource_type, category)
            )
            self.candidates[key] = found
        return found


_DATA_ACTIONS = (Action.READ, Action.NOOP)
_DESTROYS = (Action.DELETE, Action.REPLACE)


def _static_match(rule: Rule, action: Action, resource_type: str, category: str) -> bool:
    match = rule.match
    if match.actions and action not in match.actions:
        return False
    return fits_type(rule, resource_type, category)


def fits_type(rule: Rule, resource_type: str, category: str) -> bool:
    """Whether `rule` can fire on `resource_type` (of `category`): its categories and its type
    globs, each when set, must hold."""
    match = rule.match
    if match.categories and category not in match.categories:
        return False
    return not match.types or any(_glob(resource_type, t) for t in match.types)


def _glob(resource_type: str, pattern: str) -> bool:
    """fnmatchcase, without compiling a regex for a pattern with no `*`, `?` or `[` (nearly
    all of them: that compile was a tenth of a second of every check)."""
    if _is_pattern(pattern):
        return fnmatch.fnmatchcase(resource_type, pattern)
    return resource_type == pattern


def _is_pattern(pattern: str) -> bool:
    return "*" in pattern or "?" in pattern or "[" in pattern


def _apply(rule: Rule, context: _Context) -> Finding | None:
    change, match = context.change, rule.match
    if match.action_reasons and change.action_reason not in match.action_reasons:
        return None
    if match.replace_paths and not _replaced_by(change, match.replace_paths):
        return None
    changed: list[str] = []
    if match.changes_other_than is not None:
        changed = changed_attributes(change, match.changes_other_than)
        if not changed:
            return None
    before = after = None
    evidence = None
    element = note = ""
    if match.retention is not None:
        kept_hit = retention_matches(match, change)
        if kept_hit is None:
            return None
        before, after, element, note = kept_hit
    elif match.attribute is not None:
        hit = _attribute_matches(rule, change)
        if hit is None:
            return None
        before, after = hit
    if match.attribute is not None:
        name = attrpath.format(match.attribute)
        evidence = (attrpath.format(match.attribute), display(before, name), display(after, name))
    message = rule.message.format_map(context.fields(rule, before, after, changed, element))
    if match.transition not in (None, Transition.IS) and (_hidden(before) or _hidden(after)):
        note += f"; {HIDDEN_NOTE}"
    return Finding(rule.id, rule.classification, message + note, evidence)


HIDDEN_NOTE = (
    "the value is sensitive (hidden), so tfguard cannot see how it moves and assumes it weakens"
)


def _hidden(value: Any) -> bool:
    if isinstance(value, Elements):
        return any(isinstance(v, Sensitive) for v in value)
    return isinstance(value, Sensitive)


def _moves_hidden(before: Any, after: Any) -> bool | None:
    """How a transition between values of which one is sensitive counts: a hidden value may
    have moved any way, so it weakens (fail closed) unless both sides hold the same value."""
    if not (_hidden(before) or _hidden(after)):
        return None
    return after is UNKNOWN or bool(before != after)


def _attribute_matches(rule: Rule, change: Change) -> tuple[Any, Any] | None:
    match = rule.match
    assert match.attribute is not None and match.transition is not None
    if ANY in match.attribute:
        return _elements_match(rule, change)
    before = _effective(lookup(change.before, match.attribute), match.default)
    if unknown_after(change.after_unknown, match.attribute):
        after: Any = UNKNOWN
    else:
        after = _effective(lookup(change.after, match.attribute), match.default)
    if match.transition is Transition.IS:
        acted_on = before if change.action in _ACTS_ON_STATE else after
        return (before, after) if acted_on is not UNKNOWN and acted_on == match.value else None
    hidden = _moves_hidden(before, after)
    if hidden if hidden is not None else TRANSITIONS[match.transition](before, after, match.value):
        return before, after
    return None


class Elements(tuple[Any, ...]):
    """The values at a path with `[*]`: one per element of the list or set block. Sets have
    no stable order, so transitions compare them as a whole, never element by element."""

    def __repr__(self) -> str:
        return "[" + ", ".join(display(v) for v in self) + "]"


def _trues(values: Elements) -> int:
    return sum(1 for v in values if v is True)


def _magnitudes(values: Elements) -> list[float]:
    return [m for m in (magnitude(v) for v in values) if m is not None]


def _any_decreased(before: Elements, after: Any) -> bool:
    """The smallest element got smaller (the weakest retention got weaker)."""
    return _moved(min(_magnitudes(before), default=None), _extreme(after, min), operator.lt)


def _any_increased(before: Elements, after: Any) -> bool:
    return _moved(max(_magnitudes(before), default=None), _extreme(after, max), operator.gt)


def _extreme(after: Any, pick: Callable[..., Any]) -> Any:
    return after if after is UNKNOWN else pick(_magnitudes(after), default=None)


def _present(values: Elements) -> int:
    return sum(1 for v in values if v not in _EMPTY)


ANY_TRANSITIONS: Mapping[Transition, Callable[[Elements, Any, Any], bool]] = {
    Transition.BECAME_TRUE: lambda b, a, v: a is UNKNOWN or _trues(a) > _trues(b),
    Transition.BECAME_FALSE: lambda b, a, v: _trues(b) > (0 if a is UNKNOWN else _trues(a)),
    Transition.SET_TO: lambda b, a, v: (
        a is UNKNOWN or sum(x == v for x in a) > sum(x == v for x in b)
    ),
    Transition.DECREASED: lambda b, a, v: _any_decreased(b, a),
    Transition.INCREASED: lambda b, a, v: _any_increased(b, a),
    Transition.REMOVED: lambda b, a, v: _present(b) > (0 if a is UNKNOWN else _present(a)),
    Transition.CHANGED: lambda b, a, v: (
        a is UNKNOWN or sorted(map(repr, a)) != sorted(map(repr, b))
    ),
}
"""The transitions for paths with `[*]`: the weakest element got weaker, one switched off …"""


def _elements_match(rule: Rule, change: Change) -> tuple[Any, Any] | None:
    match = rule.match
    assert match.attribute is not None and match.transition is not None
    before = elements(change.before, match.attribute, match.default)
    if attrpath.unknown_elements(change.after_unknown, match.attribute):
        after: Any = UNKNOWN
    else:
        after = elements(change.after, match.attribute, match.default)
    if match.transition is Transition.IS:
        acted_on = before if change.action in _ACTS_ON_STATE else after
        hit = acted_on is not UNKNOWN and match.value in acted_on
        return (before, after) if hit else None
    hidden = _moves_hidden(before, after)
    moved = ANY_TRANSITIONS[match.transition]
    if hidden if hidden is not None else moved(before, after, match.value):
        return before, after
    return None


def elements(value: Any, path: AttrPath, default: Any = None) -> Elements:
    """The values at `path`, `[*]` fanning out over every element (missing → `default`)."""
    return Elements(attrpath.elements(value, path, default))


# --- keeps_less: retention, expiry and lifecycle settings -----------------------------------


class Described(str):
    """A value already put in words for a report ("35 days", "forever"); shown as it is."""


_Hit = tuple[Described, Described, str, str]
_FAILS_CLOSED = " (tfguard cannot read the new value, so it assumes the worst)"


def retention_matches(match: Match, change: Change) -> _Hit | None:
    """(kept before, kept after, which element, note) when the setting now keeps less."""
    spec, path = match.retention, match.attribute
    assert spec is not None and path is not None
    if spec.only_if is not None and not _holds(change.after, change.after_unknown, spec.only_if):
        return None
    if ANY in path:
        return _elements_keep_less(match, change)
    old = _setting(change.before, None, path, match)
    new = _setting(change.after, change.after_unknown, path, match)
    if old.raw == new.raw:
        return None
    return _verdict(old.amount, new.amount, spec, "")


@record
class _Setting:
    identity: Any
    raw: Any
    amount: float | Unreadable


def _setting(value: Any, unknown: Any, path: AttrPath, match: Match) -> _Setting:
    """One retention value (at `path` below `value`) as the amount it keeps."""
    spec = match.retention
    assert spec is not None
    raw = _effective(lookup(value, path), match.default)
    unit = lookup(value, spec.unit_from) if spec.unit_from is not None else None
    hidden = unknown_after(unknown, path) or (
        spec.unit_from is not None and unknown_after(unknown, spec.unit_from)
    )
    raw_seen = UNKNOWN if hidden else (raw, unit)
    return _Setting(None, raw_seen, kept(raw, spec, unit, unknown=hidden))


def _verdict(
    old: float | Unreadable, new: float | Unreadable, spec: Retention, element: str
) -> _Hit | None:
    if not amount_keeps_less(old, new, spec):
        return None
    note = _FAILS_CLOSED if isinstance(new, Unreadable) else ""
    return Described(describe(old, spec)), Described(describe(new, spec)), element, note


def _holds(value: Any, unknown: Any, condition: Condition) -> bool:
    """`condition` holds in `value`, or cannot be shown not to (an unknown value)."""
    if unknown_after(unknown, condition.attribute):
        return True
    return bool(lookup(value, condition.attribute) == condition.value)


def _elements_keep_less(match: Match, change: Change) -> _Hit | None:
    """Each element of the `[*]` block that keeps less than the element it was: matched by
    key, or by everything but the setting; a new element was keeping nothing from deletion."""
    spec, path = match.retention, match.attribute
    assert spec is not None and path is not None
    cut = path.index(ANY)
    prefix, rest = path[:cut], path[cut + 1 :]
    before_items = lookup(change.before, prefix)
    if unknown_after(change.after_unknown, prefix) or isinstance(
        lookup(change.after, prefix), Sensitive
    ):
        if lookup(change.after, prefix) == before_items and not unknown_after(
            change.after_unknown, prefix
        ):
            return None
        olds = _entries(before_items, None, rest, match)
        gone = UNKNOWN_VALUE if unknown_after(change.after_unknown, prefix) else HIDDEN_VALUE
        return _verdict(_least(e.amount for e in olds), gone, spec, "")
    olds = _entries(before_items, None, rest, match)
    news = _entries(lookup(change.after, prefix), lookup(change.after_unknown, prefix), rest, match)
    for new in news:
        same = [old for old in olds if old.identity == new.identity]
        if any(old.raw == new.raw for old in same):
            continue
        old_amount = _least(old.amount for old in same)
        hit = _verdict(old_amount, new.amount, spec, _element_name(prefix, spec, new, same))
        if hit is not None:
            return hit
    return None


def _entries(items: Any, unknowns: Any, rest: AttrPath, match: Match) -> list[_Setting]:
    spec = match.retention
    assert spec is not None
    found = []
    for index, item in enumerate(items if isinstance(items, list) else ()):
        unknown = unknowns[index] if isinstance(unknowns, list) and index < len(unknowns) else None
        if isinstance(item, Sensitive):
            found.append(_Setting(("hidden", index), item, HIDDEN_VALUE))
            continue
        setting = _setting(item, unknown, rest, match)
        if spec.active is not None and not _holds(item, unknown, spec.active):
            setting = _Setting(None, setting.raw, FOREVER)
        if spec.key is not None:
            identity: Any = ("key", lookup(item, spec.key))
        else:
            identity = ("rest", repr(_without(item, (rest,))))
        found.append(_Setting(identity, (item, setting.raw), setting.amount))
    return found


def _least(amounts: Iterable[float | Unreadable]) -> float | Unreadable:
    """The least any of these keeps (unreadable first; nothing at all keeps everything)."""
    values = list(amounts)
    unreadable = [a for a in values if isinstance(a, Unreadable)]
    if unreadable:
        return unreadable[0]
    return min((a for a in values if not isinstance(a, Unreadable)), default=FOREVER)


def _element_name(prefix: AttrPath, spec: Retention, new: _Setting, same: list[_Setting]) -> str:
    block = attrpath.format(prefix)
    if spec.key is not None and isinstance(new.identity, tuple):
        return f" ({block} {attrpath.format(spec.key)} = {display(new.identity[1])})"
    return f" (a {'changed' if same else 'new'} {block} block)"


_ACTS_ON_STATE = (Action.DELETE, Action.REPLACE, Action.FORGET)
"""Actions for which the provider acts on the values in state (`before`), not config."""


def _effective(value: Any, default: Any) -> Any:
    return default if value is None else value


def changed_attributes(change: Change, ignored: frozenset[str]) -> list[str]:
    """Top-level attributes whose value differs (or becomes unknown), except `ignored`.

    `ignored` may name nested paths too (`settings[0].user_labels`, `metadata[0].labels`):
    an attribute whose only difference lies under such a path does not count as changed.
    """
    top, nested = _split_ignored(ignored)
    before = change.before if isinstance(change.before, dict) else {}
    after = change.after if isinstance(change.after, dict) else {}
    unknown = change.after_unknown if isinstance(change.after_unknown, dict) else {}
    names = [
        k
        for k in after.keys() | before.keys()
        if k not in top and _differs(before.get(k), after.get(k), nested.get(k, ()))
    ]
    names.extend(k for k, v in unknown.items() if v and k not in top and k not in names)
    return sorted(names)


@cache
def _split_ignored(
    ignored: frozenset[str],
) -> tuple[frozenset[str], dict[str, tuple[AttrPath, ...]]]:
    top = frozenset(p for p in ignored if "." not in p and "[" not in p)
    nested: dict[str, list[AttrPath]] = {}
    for text in ignored - top:
        path = attrpath.parse(text)
        nested.setdefault(str(path[0]), []).append(path[1:])
    return top, {k: tuple(v) for k, v in nested.items()}


def _differs(before: Any, after: Any, ignored: tuple[AttrPath, ...]) -> bool:
    if before == after:
        return False
    return not ignored or _without(before, ignored) != _without(after, ignored)


def _without(value: Any, paths: tuple[AttrPath, ...]) -> Any:
    """`value` with the sub-values at `paths` left out (a copy; `value` is not changed)."""
    if any(not p for p in paths):
        return None
    heads = {p[0] for p in paths}
    if isinstance(value, dict):
        return {
            k: _without(v, tuple(p[1:] for p in paths if p[0] == k)) if k in heads else v
            for k, v in value.items()
            if (k,) not in paths
        }
    if isinstance(value, list):
        return [
            _without(v, tuple(p[1:] for p in paths if p[0] == i)) if i in heads else v
            for i, v in enumerate(value)
        ]
    return value


def why(change: Change) -> str:
    """Why Terraform deletes or replaces this object, as a clause for a rule message."""
    if change.deposed:
        return " (a deposed object left behind by an earlier create_before_destroy)"
    if change.action is Action.INVOKE:
        return f" ({change.action_reason})" if change.action_reason else ""
    reason = _WHY.get(change.action_reason or "")
    if reason:
        return f" because {reason}"
    if change.replace_paths:
        paths = ", ".join(f"`{attrpath.format(p)}`" for p in change.replace_paths)
        verb = "cannot" if len(change.replace_paths) == 1 else "cannot all"
        return f" because {paths} {verb} be updated in place"
    return ""


def display(value: Any, attribute: str = "") -> str:
    """A value as it may appear in a report: never a sensitive or secret-looking one."""
    if isinstance(value, Described):
        return str(value)
    if isinstance(value, Sensitive) or (value is not None and _SECRET_NAME.search(attribute)):
        return "(sensitive)"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return f"[{len(value)} items]"
    if isinstance(value, dict):
        return "{…}"
    text = f'"{value}"' if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _replaced_by(change: Change, paths: tuple[AttrPath, ...]) -> bool:
    return any(tuple(actual[: len(p)]) == p for actual in change.replace_paths for p in paths)


def _listing(names: list[str]) -> str:
    if len(names) > 5:
        return ", ".join(names[:5]) + f" and {len(names) - 5} more"
    return ", ".join(names)
