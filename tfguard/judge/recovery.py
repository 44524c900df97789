"""Links backups to the data stores they protect, and says whether a destroyed store's data
can still be recovered after the plan: lost, kept or unknown, with the evidence.

Links come from the rule packs' `backup` blocks (an attribute of the backup equals an attribute
of the store, e.g. aws_db_snapshot.db_instance_identifier = aws_db_instance.identifier) and from
the plan's `configuration` (a backup whose expression references the store). Everything is
indexed once, so the cost is linear in the number of changes.

A store's `survives` / `unknown` facts (soft delete, retained backups, reclaim policies, a
delete the provider refuses) are read from its state or from a resource it links to; its
`parent` facts say which deleted resource takes it along (and voids the facts that need the
parent); its `abandon` fact turns a delete Terraform only forgets into a forget.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from tfguard import attrpath
from tfguard.address import config_address
from tfguard.attrpath import ANY, lookup
from tfguard.judge import provider_settings
from tfguard.judge.classify import classify, display, elements
from tfguard.model import (
    Action,
    Advisory,
    Assessment,
    BackupSpec,
    Classification,
    Fact,
    Link,
    Mode,
    Plan,
    Recovery,
    RecoveryStatus,
    Rulebook,
    Sensitive,
    StoreSpec,
)

_DESTROYS = (Action.DELETE, Action.REPLACE)
_STORES = ("database", "data_store", "volume")


def assess(
    assessments: tuple[Assessment, ...], plans: Sequence[Plan], book: Rulebook
) -> tuple[tuple[Assessment, ...], tuple[Advisory, ...]]:
    """Recovery verdicts for destroyed data stores, and same-blast-radius advisories."""
    links = _Links(assessments, plans, book)
    out = list(assessments)
    for i, assessment in enumerate(assessments):
        if _is_destroyed_store(assessment, book):
            abandoned = _abandoned(assessment, links, book)
            out[i] = abandoned or replace(assessment, recovery=_recovery(assessment, links, book))
    return tuple(out), _advisories(assessments, links)


def _abandoned(store: Assessment, links: _Links, book: Rulebook) -> Assessment | None:
    """A delete that Terraform only turns into forgetting the object (deletion_policy =
    ABANDON): classified like a forget, the data kept. Not so when a parent deleted by the same
    plan takes the object anyway."""
    spec = book.stores.get(store.change.type)
    if spec is None or spec.abandon is None or links.parents_gone(store, spec):
        return None
    holds, text = links.fact(store, spec.abandon, parent_gone=False)
    if holds is not True:
        return None
    recovery = Recovery(RecoveryStatus.KEPT, (text,))
    if store.change.action is not Action.DELETE:
        return replace(store, recovery=recovery)
    [forgotten] = classify([replace(store.change, action=Action.FORGET)], book)
    return replace(forgotten, change=store.change, recovery=recovery)


def _advisories(assessments: Sequence[Assessment], links: _Links) -> tuple[Advisory, ...]:
    """A store managed in the same state as every backup of it: one `terraform destroy` can
    remove them all, so they are not independent backups. Advice only, never a block."""
    found = []
    for store in assessments:
        change = store.change
        if (
            store.category not in _STORES
            or change.mode is not Mode.MANAGED
            or change.before is None
        ):
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


def _is_destroyed_store(assessment: Assessment, book: Rulebook) -> bool:
    return (
        assessment.classification is Classification.DESTRUCTIVE
        and assessment.change.action in _DESTROYS
        and (assessment.category in _STORES or assessment.change.type in book.stores)
    )


class _Links:
    """Which backup assessments protect which store, by value and by configuration reference."""

    def __init__(
        self, assessments: tuple[Assessment, ...], plans: Sequence[Plan], book: Rulebook
    ) -> None:
        self.book = book
        self.by_value: dict[tuple[str, Any], list[Assessment]] = defaultdict(list)
        self.by_reference: dict[tuple[str, str], list[Assessment]] = defaultdict(list)
        self.of_type: dict[str, list[Assessment]] = defaultdict(list)
        self.in_config: dict[str, dict[tuple[str, str], list[tuple[int, Assessment]]]] = {}
        """resource type -> (plan, configuration address) -> its assessments, with their
        position in the plan: indexed per type on first use (links name a few types; the
        configuration address of every change of a 100,000-change plan is a regex each)."""
        self.keyed: dict[tuple[str, tuple[str | int, ...], Any], list[Assessment]] = {}
        self.assessments = assessments
        self.position: dict[int, int] = {}
        self.references = {plan.source: _references(plan.configuration) for plan in plans}
        self.configurations = {plan.source: plan.configuration for plan in plans}
        for assessment in assessments:
            change = assessment.change
            self.of_type[change.type].append(assessment)
            spec = book.backups.get(change.type)
            if spec is None:
                continue
            for value in _values_at(_state(assessment), spec.attribute):
                self.by_value[(change.type, value)].append(assessment)
            where = config_address(change.address)
            for target in self.references.get(change.plan, {}).get(where, ()):
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

    def fate(self, backup: Assessment) -> tuple[bool, str]:
        """Whether this backup survives the plan, and what of it does (or why not), in words."""
        spec = self.book.backups[backup.change.type]
        key = backup.change.key
        if spec.in_store:
            return False, f"backup {key} is kept inside the store and goes with it"
        if not spec.held_by:
            if backup.change.action in _DESTROYS:
                return False, f"backup {key} is deleted by this plan"
            return True, f"backup {key} survives this plan"
        candidates = self._named_holders(backup, spec)
        if candidates is None:  # the chain cannot be followed: any holder of the right type
            candidates = [h for t in sorted(spec.held_by) for h in self.of_type.get(t, ())]
        holders = [h.change.key for h in candidates if h.change.action not in _DESTROYS]
        if not holders:
            return False, f"backup {key} is deleted by this plan"
        return True, f"the recovery points of {key} survive in {', '.join(holders)}"

    def related(self, store: Assessment, link: Link) -> list[Assessment]:
        """The resources `store` names through `link`: by value, or by configuration reference."""
        found: dict[str, Assessment] = {}
        for value in _values_at(_state(store), link.attribute):
            for resource_type in link.types:
                for other in self._by(resource_type, link.key, value):
                    found[other.change.key] = other
        change = store.change
        targets = self.references.get(change.plan, {}).get(config_address(change.address), ())
        for target in sorted(targets):
            named = [
                entry
                for resource_type in link.types
                for entry in self._in_config(resource_type).get((change.plan, target), ())
            ]
            for _position, other in sorted(named, key=lambda entry: entry[0]):
                found[other.change.key] = other
        return list(found.values())

    def _in_config(self, resource_type: str) -> dict[tuple[str, str], list[tuple[int, Assessment]]]:
        index = self.in_config.get(resource_type)
        if index is None:
            if not self.position:
                self.position = {id(a): i for i, a in enumerate(self.assessments)}
            index = self.in_config[resource_type] = defaultdict(list)
            for assessment in self.of_type.get(resource_type, ()):
                change = assessment.change
                key = (change.plan, config_address(change.address))
                index[key].append((self.position[id(assessment)], assessment))
        return index

    def parents_gone(self, store: Assessment, spec: StoreSpec) -> list[str]:
        """Evidence for each parent of the store that this plan deletes (it takes the store)."""
        return [
            f"its parent {parent.change.key} is deleted by this plan: {p.says} [{p.source}]"
            for p in spec.parents
            for parent in self.related(store, p.link)
            if parent.change.action in _DESTROYS
        ]

    def fact(self, store: Assessment, fact: Fact, parent_gone: bool) -> tuple[bool | None, str]:
        """Whether `fact` holds for this store (None: cannot tell), and the evidence."""
        cite = f"[{fact.name}: {fact.source}]"
        if fact.needs_parent and parent_gone:
            return False, f"not here: {fact.says}, but only while its parent exists {cite}"
        if fact.skip_if_set and _values_at(_state(store), fact.skip_if_set):
            return False, ""
        if fact.provider is not None:
            return _provider_holds(fact, self.configurations.get(store.change.plan, {}), cite)
        if fact.via is None:
            return _holds(fact, _state(store), "", cite)
        subjects = self.related(store, fact.via)
        unnamed = not _values_at(_state(store), fact.via.attribute)
        if not subjects and fact.skip_if_unnamed and unnamed:
            return False, ""
        if not subjects:
            kinds = " or ".join(fact.via.types)
            if fact.attribute is None:
                return False, f"{fact.otherwise or 'not so'}: no {kinds} for it in this plan {cite}"
            missing = "it names none" if unnamed else f"the {kinds} it uses is not in this plan"
            return None, f"cannot tell: {missing} ({fact.says}) {cite}"
        if fact.attribute is None:
            alive = [s.change.key for s in subjects if s.change.action not in _DESTROYS]
            if alive:
                return True, f"{fact.says} ({', '.join(alive)} survives this plan) {cite}"
            gone = ", ".join(s.change.key for s in subjects)
            return False, f"{fact.otherwise or 'not so'} ({gone} is deleted by this plan) {cite}"
        results = [_holds(fact, _state(s), f"{s.change.key}: ", cite) for s in subjects]
        for holds, text in results:
            if holds is not True:
                return holds, text
        return True, "; ".join(text for _, text in results)

    def _named_holders(self, backup: Assessment, spec: BackupSpec) -> list[Assessment] | None:
        """The holders the backup's chain names (selection -> plan -> vault, or a vault the
        backup names itself), or None when a step is missing or unknown."""
        if not (spec.holder_attribute and spec.holder_key):
            return None
        if spec.held_via is None:
            vias = [backup]
        elif spec.held_via_type and spec.held_via_key:
            vias = [
                via
                for value in _values(lookup(_state(backup), spec.held_via))
                for via in self._by(spec.held_via_type, spec.held_via_key, value)
            ]
        else:
            return None
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
            for a in self.of_type.get(resource_type, ()):
                for v in _values_at(_state(a), key):
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


def _holds(fact: Fact, state: Any, where: str, cite: str) -> tuple[bool | None, str]:
    """Whether the fact's test holds on `state` (None: cannot tell), and the evidence."""
    if fact.attribute is None:
        return True, f"{fact.says} {cite}"
    name = attrpath.format(fact.attribute)
    value = lookup(state, fact.attribute) if ANY not in fact.attribute else None
    if ANY in fact.attribute:
        found = list(elements(state, fact.attribute, fact.default))
        value = found[0] if len(set(map(repr, found))) == 1 else found
    if isinstance(value, Sensitive):
        return None, f"cannot tell: {where}{name} is sensitive ({fact.says}) {cite}"
    effective = fact.default if value is None else value
    shown = display(effective, name)
    setting = f"{where}{name} = {shown}" + (" by default" if value is None else "")
    if effective is None or _among(effective, fact.unknown_values):
        return None, f"cannot tell: {fact.says} ({setting}) {cite}"
    if fact.values is not None:
        holds = _among(effective, fact.values)
    elif fact.not_values is not None:
        holds = not _among(effective, fact.not_values)
    else:
        holds = effective not in (None, "", [], {}, 0, False)
    text = fact.says if holds else fact.otherwise or f"not so: {fact.says}"
    return holds, f"{text.replace('{value}', shown)} ({setting}) {cite}"


def _provider_holds(
    fact: Fact, configuration: Mapping[str, Any], cite: str
) -> tuple[bool | None, str]:
    """Whether the fact holds on a setting of the provider's configuration block."""
    assert fact.provider is not None and fact.attribute is not None
    found = provider_settings.read(configuration, fact.provider, fact.attribute)
    if found.unreadable:
        name = f"provider {fact.provider}: {attrpath.format(fact.attribute)}"
        return None, f"cannot tell: {fact.says} ({name}: {found.unreadable}) {cite}"
    state: Any = found.value
    for step in reversed(fact.attribute):  # the value placed at its path, as in a state
        state = [None] * step + [state] if isinstance(step, int) else {step: state}
    return _holds(fact, state, f"provider {fact.provider}: ", cite)


def _among(value: Any, choices: tuple[Any, ...]) -> bool:
    """`value` (or, for a list, every element of it) is one of `choices`."""
    items = value if isinstance(value, list) and value else [value]
    return all(any(_same(item, c) for c in choices) for item in items)


def _same(a: Any, b: Any) -> bool:
    """Equal, and not merely because True == 1."""
    return bool(a == b) and isinstance(a, bool) == isinstance(b, bool)


def _values_at(state: Any, path: tuple[str | int, ...]) -> list[Any]:
    """The hashable values at `path` (`[*]` fans out; a list value gives its elements)."""
    if ANY not in path:
        return list(_values(lookup(state, path)))
    return [v for found in elements(state, path) for v in _values(found)]


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
        return Recovery(
            RecoveryStatus.UNKNOWN, (f"tfguard knows no backup facts for {store.change.type}",)
        )
    gone = links.parents_gone(store, spec)
    evidence: list[str] = list(gone)
    if spec.abandon is not None and gone:
        evidence.append(f"{spec.abandon.says} does not save it: its parent takes it")
    final = _final_backup(spec, store.change.before, evidence)
    own = _own_backups(spec, store.change.before, evidence)
    backups = links.backups_of(store)
    fates = [links.fate(b) for b in backups]
    survivors = [text for alive, text in fates if alive]
    evidence += survivors
    evidence += [text for alive, text in fates if not alive]
    kept, open_ = False, False
    for fact in spec.facts:
        holds, text = links.fact(store, fact, parent_gone=bool(gone))
        if fact.kind == "deletes":
            evidence += [text] if holds and text else []
            continue
        evidence += [text] if text else []
        if fact.kind == "survives":
            kept = kept or holds is True
            open_ = open_ or holds is None
        else:
            open_ = open_ or holds is not False
    if final or own or survivors or kept:
        return Recovery(RecoveryStatus.KEPT, tuple(evidence))
    if final is None or own is None or open_:
        return Recovery(RecoveryStatus.UNKNOWN, tuple(evidence))
    if not backups:
        evidence.append("no other backup of it is managed in this plan's state")
    lead = "the data store and every backup of it are deleted by this plan"
    return Recovery(RecoveryStatus.LOST, (lead, *evidence))


def _final_backup(spec: StoreSpec, before: Any, evidence: list[str]) -> bool | None:
    """True: a final backup is taken; False: none; None: cannot tell."""
    path = spec.skip_final_backup or spec.take_final_backup
    if path is None:
        evidence.append("no final backup is taken when it is deleted")
        return False
    value = lookup(before, path)
    where = attrpath.format(path)
    if isinstance(value, Sensitive):
        evidence.append(f"{where} is sensitive: cannot tell whether a final backup is taken")
        return None
    taken = (
        spec.final_backup_default
        if value is None
        else bool(value) ^ (path == spec.skip_final_backup)
    )
    if not taken:
        evidence.append(f"no final backup is taken ({where} = {display(value, where)})")
        return False
    if spec.final_backup_name is None:
        evidence.append(f"a final backup is taken ({where} = {display(value, where)})")
        return True
    name = lookup(before, spec.final_backup_name)
    if name in (None, ""):
        evidence.append(
            f"a final backup is requested but {attrpath.format(spec.final_backup_name)} is empty "
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
    name = attrpath.format(path)
    shown = f"{name} = {display(value if value is not None else deleted, name)}"
    if deleted:
        evidence.append(f"its automated backups are deleted with it ({shown})")
        return False
    evidence.append(f"its automated backups are retained ({shown})")
    return True
