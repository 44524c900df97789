"""Links backups to the data stores they protect, and says whether a destroyed store's data
can still be recovered after the plan: lost, kept or unknown, with the evidence.

Links come from the rule packs' `backup` blocks (an attribute of the backup equals an attribute
of the store, e.g. aws_db_snapshot.db_instance_identifier = aws_db_instance.identifier) and from
the plan's `configuration` (a backup whose expression references the store). Everything is
indexed once, so the cost is linear in the number of changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from tfguard.address import config_address
from tfguard.judge.classify import display, lookup
from tfguard.model import (
    Action,
    Advisory,
    Assessment,
    BackupSpec,
    Classification,
    Plan,
    Recovery,
    Rulebook,
    Sensitive,
    StoreSpec,
)
from tfguard.read.rulebook import format_path

_DESTROYS = (Action.DELETE, Action.REPLACE)
_STORES = ("database", "data_store", "volume")


def assess(
    assessments: tuple[Assessment, ...], plans: Sequence[Plan], book: Rulebook
) -> tuple[tuple[Assessment, ...], tuple[Advisory, ...]]:
    """Recovery verdicts for destroyed data stores, and same-blast-radius advisories."""
    links = _Links(assessments, plans, book)
    out = list(assessments)
    for i, assessment in enumerate(assessments):
        if _is_destroyed_store(assessment):
            out[i] = replace(assessment, recovery=_recovery(assessment, links, book))
    return tuple(out), _advisories(assessments, links)


def _advisories(assessments: Sequence[Assessment], links: _Links) -> tuple[Advisory, ...]:
    """A store managed in the same state as every backup of it: one `terraform destroy` can
    remove them all, so they are not independent backups. Advice only, never a block."""
    found = []
    for store in assessments:
        change = store.change
        if store.category not in _STORES or change.mode != "managed" or change.before is None:
            continue
        backups = [b.change.key for b in links.backups_of(store) if b.change.before is not None]
        if backups:
            found.append(Advisory(change.plan, change.key, tuple(sorted(backups)), _ADVICE))
    return tuple(found)


_ADVICE = (
    "they are managed in one state, so one `terraform destroy` removes the store and every "
    "backup of it: keep backups in another state or account, or in a locked vault "
    "(e.g. aws_backup_vault_lock_configuration in compliance mode)"
)


def _is_destroyed_store(assessment: Assessment) -> bool:
    return (
        assessment.classification is Classification.DESTRUCTIVE
        and assessment.change.action in _DESTROYS
        and assessment.category in _STORES
    )


class _Links:
    """Which backup assessments protect which store, by value and by configuration reference."""

    def __init__(
        self, assessments: tuple[Assessment, ...], plans: Sequence[Plan], book: Rulebook
    ) -> None:
        self.book = book
        self.by_value: dict[tuple[str, Any], list[Assessment]] = defaultdict(list)
        self.by_reference: dict[tuple[str, str], list[Assessment]] = defaultdict(list)
        self.holders: dict[str, list[Assessment]] = defaultdict(list)
        self.keyed: dict[tuple[str, tuple[str | int, ...], Any], list[Assessment]] = {}
        self.assessments = assessments
        holder_types = {t for spec in book.backups.values() for t in spec.held_by}
        holder_types |= {s.held_via_type for s in book.backups.values() if s.held_via_type}
        references = {plan.source: _references(plan.configuration) for plan in plans}
        for assessment in assessments:
            change = assessment.change
            if change.type in holder_types:
                self.holders[change.type].append(assessment)
            spec = book.backups.get(change.type)
            if spec is None:
                continue
            for value in _values(lookup(_state(assessment), spec.attribute)):
                self.by_value[(change.type, value)].append(assessment)
            for target in references[change.plan].get(config_address(change.address), ()):
                self.by_reference[(change.plan, target)].append(assessment)

    def backups_of(self, store: Assessment) -> list[Assessment]:
        found: dict[str, Assessment] = {}
        change = store.change
        for spec in self.book.backups.values():
            if change.type not in spec.of:
                continue
            for value in _values(lookup(change.before, spec.store_attribute)):
                for backup in self.by_value.get((spec.type, value), ()):
                    found[backup.change.key] = backup
        for backup in self.by_reference.get((change.plan, config_address(change.address)), ()):
            if backup.change.type in self.book.backups:
                found[backup.change.key] = backup
        return list(found.values())

    def survivor(self, backup: Assessment) -> str | None:
        """What of this backup survives the plan, in words; None when nothing does."""
        spec = self.book.backups[backup.change.type]
        if not spec.held_by:
            gone = backup.change.action in _DESTROYS
            return None if gone else f"backup {backup.change.key} survives this plan"
        candidates = self._named_holders(backup, spec)
        if candidates is None:  # the chain cannot be followed: any holder of the right type
            candidates = [h for t in sorted(spec.held_by) for h in self.holders.get(t, ())]
        holders = [h.change.key for h in candidates if h.change.action not in _DESTROYS]
        if not holders:
            return None
        return f"the recovery points of {backup.change.key} survive in {', '.join(holders)}"

    def _named_holders(self, backup: Assessment, spec: BackupSpec) -> list[Assessment] | None:
        """The holders the backup's chain names (selection -> plan -> vault), or None when a
        step is missing or unknown."""
        if not (spec.held_via and spec.held_via_type and spec.held_via_key):
            return None
        if not (spec.holder_attribute and spec.holder_key):
            return None
        vias = [
            via
            for value in _values(lookup(_state(backup), spec.held_via))
            for via in self._by(spec.held_via_type, spec.held_via_key, value)
        ]
        names = {n for via in vias for n in _fan_out(_state(via), spec.holder_attribute)}
        found = [
            h
            for name in names
            for t in sorted(spec.held_by)
            for h in self._by(t, spec.holder_key, name)
        ]
        return found or None

    def _by(self, resource_type: str, key: tuple[str | int, ...], value: Any) -> list[Assessment]:
        """Assessments of `resource_type` whose `key` equals `value` (indexed on first use)."""
        index_key = (resource_type, key, None)
        if index_key not in self.keyed:
            self.keyed[index_key] = []
            for a in self.holders.get(resource_type, ()):
                for v in _values(lookup(_state(a), key)):
                    self.keyed.setdefault((resource_type, key, v), []).append(a)
        return self.keyed.get((resource_type, key, value), [])


def _fan_out(value: Any, path: tuple[str | int, ...]) -> Iterator[Any]:
    """The values at `path`, following every element of the lists met on the way."""
    if not path:
        yield from _values(value)
        return
    if isinstance(value, list):
        for item in value:
            yield from _fan_out(item, path)
    elif isinstance(value, dict):
        yield from _fan_out(value.get(path[0]), path[1:])


def _state(assessment: Assessment) -> Any:
    change = assessment.change
    return change.before if change.before is not None else change.after


def _values(value: Any) -> Iterator[Any]:
    """Hashable, non-sensitive scalars: a value, or each element of a list of them."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, (str, int)) and not isinstance(item, bool) and item != "":
            yield item


def _references(configuration: Mapping[str, Any]) -> dict[str, set[str]]:
    """config address of a resource -> addresses of the resources its expressions reference."""
    out: dict[str, set[str]] = {}
    _walk_module(configuration.get("root_module"), "", out)
    return out


def _walk_module(module: Any, prefix: str, out: dict[str, set[str]]) -> None:
    """The configuration is Terraform's, but read defensively: a malformed part links nothing."""
    if not isinstance(module, dict):
        return
    for resource in _items(module.get("resources")):
        expressions = resource.get("expressions")
        if not isinstance(expressions, dict):
            continue
        targets = {prefix + _resource_of(ref) for e in expressions.values() for ref in _refs(e)}
        out[prefix + str(resource.get("address", ""))] = {t for t in targets if t}
    calls = module.get("module_calls")
    for name, call in calls.items() if isinstance(calls, dict) else ():
        if isinstance(call, dict):
            _walk_module(call.get("module"), f"{prefix}module.{name}.", out)


def _items(value: Any) -> Iterator[dict[str, Any]]:
    return (
        (item for item in value if isinstance(item, dict)) if isinstance(value, list) else iter(())
    )


def _refs(expression: Any) -> Iterator[str]:
    if isinstance(expression, dict):
        references = expression.get("references")
        for ref in references if isinstance(references, list) else ():
            if isinstance(ref, str):
                yield ref
        for key, value in expression.items():
            if key != "references":
                yield from _refs(value)
    elif isinstance(expression, list):
        for item in expression:
            yield from _refs(item)


def _resource_of(reference: str) -> str:
    """`aws_db_instance.orders.identifier` -> `aws_db_instance.orders`; not a resource -> ''."""
    parts = config_address(reference).split(".")
    if parts[0] in ("var", "local", "module", "data", "each", "count", "path", "terraform"):
        return ""
    return ".".join(parts[:2]) if len(parts) >= 2 else ""


def _recovery(store: Assessment, links: _Links, book: Rulebook) -> Recovery:
    spec = book.stores.get(store.change.type)
    if spec is None:
        return Recovery("unknown", (f"tfguard knows no backup facts for {store.change.type}",))
    evidence: list[str] = []
    final = _final_backup(spec, store.change.before, evidence)
    own = _own_backups(spec, store.change.before, evidence)
    backups = links.backups_of(store)
    fates = [(b, links.survivor(b)) for b in backups]
    survivors = [fate for _, fate in fates if fate]
    evidence += survivors
    evidence += [f"backup {b.change.key} is deleted by this plan" for b, fate in fates if not fate]
    if final or own or survivors:
        return Recovery("kept", tuple(evidence))
    if final is None or own is None:
        return Recovery("unknown", tuple(evidence))
    if not backups:
        evidence.append("no other backup of it is managed in this plan's state")
    lead = "the data store and every backup of it are deleted by this plan"
    return Recovery("lost", (lead, *evidence))


def _final_backup(spec: StoreSpec, before: Any, evidence: list[str]) -> bool | None:
    """True: a final backup is taken; False: none; None: cannot tell."""
    path = spec.skip_final_backup or spec.take_final_backup
    if path is None:
        evidence.append("no final backup is taken when it is deleted")
        return False
    value = lookup(before, path)
    if isinstance(value, Sensitive):
        evidence.append(
            f"{format_path(path)} is sensitive: cannot tell whether a final backup is taken"
        )
        return None
    taken = (
        spec.final_backup_default
        if value is None
        else bool(value) ^ (path == spec.skip_final_backup)
    )
    if not taken:
        evidence.append(
            f"no final backup is taken ({format_path(path)} = {display(value, format_path(path))})"
        )
        return False
    if spec.final_backup_name is None:
        evidence.append(
            f"a final backup is taken ({format_path(path)} = {display(value, format_path(path))})"
        )
        return True
    name = lookup(before, spec.final_backup_name)
    if name in (None, ""):
        evidence.append(
            f"a final backup is requested but {format_path(spec.final_backup_name)} is empty "
            "(the provider refuses such a delete)"
        )
        return None
    evidence.append(f"a final backup {display(name, 'name')} is taken")
    return True


def _own_backups(spec: StoreSpec, before: Any, evidence: list[str]) -> bool | None:
    """True: the store's own (automated) backups are retained; False: deleted with it."""
    path = spec.backups_deleted_with_store or spec.backups_retained_by
    if path is None:
        return False
    value = lookup(before, path)
    if isinstance(value, Sensitive):
        return None
    if path == spec.backups_deleted_with_store:
        deleted = spec.backups_deleted_default if value is None else bool(value)
    else:
        deleted = value is not True
    name = format_path(path)
    shown = f"{name} = {display(value if value is not None else deleted, name)}"
    if deleted:
        evidence.append(f"its automated backups are deleted with it ({shown})")
        return False
    evidence.append(f"its automated backups are retained ({shown})")
    return True
