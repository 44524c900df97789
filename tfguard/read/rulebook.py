"""Load, validate and cache the HCL rule packs (`rules/*.hcl`, plus any extra directories).

Parsing HCL and loading jsonschema cost ~0.2 s of start-up, so the validated, normalised packs
are cached as JSON keyed by the sha256 of tfguard's version and every pack file's bytes: a
changed pack is always re-read, an unchanged one never is.

The cache's content is the policy, and anyone can compute its key, so a cache file is only
believed when tfguard could have written it: a regular file (no symbolic link) owned by this
user and readable by nobody else, in a directory of this user that nobody else can write to.
A file checked out of git, or planted through TFGUARD_CACHE_DIR, fails that and the packs are
parsed again: the answer never depends on the cache, only the start-up time does.
"""

from __future__ import annotations

import hashlib
import os
import stat
import string
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson

from tfguard import __version__, atomic, attrpath, schemas
from tfguard.errors import RulebookError
from tfguard.model import (
    UNCATEGORISED,
    Action,
    BackupSpec,
    Category,
    Classification,
    Condition,
    Fact,
    Link,
    Match,
    Pack,
    ParentSpec,
    ResourceKind,
    Retention,
    Rule,
    Rulebook,
    StoreSpec,
    Transition,
)
from tfguard.read import hcl

Document = tuple[str, dict[str, Any]]
"""(source path, normalised and validated content of one pack file)."""


def builtin_dir() -> Path:
    """`rules/` inside the installed wheel, or at the top of a source checkout."""
    package = Path(__file__).parent.parent
    installed = package / "rules"
    return installed if installed.is_dir() else package.parent / "rules"


def pack_files(dirs: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for directory in dirs:
        if not directory.is_dir():
            raise RulebookError(f"{directory}: rule directory not found")
        # core.hcl first: its rules (and categories) lead every list of reasons
        files.extend(sorted(directory.glob("*.hcl"), key=lambda p: (p.name != "core.hcl", p.name)))
    if not files:
        raise RulebookError(f"no rule packs (*.hcl) in {', '.join(map(str, dirs))}")
    return files


def load(extra_dirs: Sequence[Path] = (), cache_dir: Path | None = None) -> Rulebook:
    """The built-in packs plus those in `extra_dirs`, validated, as one Rulebook."""
    files = pack_files([builtin_dir(), *extra_dirs])
    contents = [_read_bytes(path) for path in files]
    sums = [hashlib.sha256(data).hexdigest() for data in contents]
    digest = _digest(files, sums)
    documents = _cached(cache_dir, digest)
    if documents is None:
        shipped, builtin = _shipped(), builtin_dir()
        documents = [
            _from_shipped(path, checksum, shipped, builtin) or _parse(path, data)
            for path, data, checksum in zip(files, contents, sums, strict=True)
        ]
        _store(cache_dir, digest, documents)
    return build(documents)


SHIPPED = "_parsed.json"
"""In an installed wheel, `rules/_parsed.json` holds the built-in packs as the build parsed and
validated them (hatch_build.py): a fresh CI machine, whose cache is empty, then skips
python-hcl2 for them (~1.8 s of its first check). Part of the package, so trusted like its
code; still, each pack is taken from it only when its bytes are the ones that were parsed."""


def shipped_packs(directory: Path) -> bytes:
    """The content of `SHIPPED` for the packs in `directory` (what hatch_build.py writes):
    each pack's sha256 and its parsed, validated document. Raises RulebookError as `load`
    would, so a broken pack fails the build."""
    packs: dict[str, dict[str, Any]] = {}
    for path in pack_files([directory]):
        data = _read_bytes(path)
        packs[path.name] = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "document": _parse(path, data)[1],
        }
    build((str(directory / name), pack["document"]) for name, pack in packs.items())
    return orjson.dumps({"packs": packs})


def _shipped() -> dict[str, dict[str, Any]]:
    try:
        packs = orjson.loads((builtin_dir() / SHIPPED).read_bytes())["packs"]
        return packs if isinstance(packs, dict) else {}
    except (OSError, orjson.JSONDecodeError, TypeError, KeyError):
        return {}  # a source checkout: nothing shipped, the packs are parsed


def _from_shipped(
    path: Path, checksum: str, shipped: dict[str, dict[str, Any]], builtin: Path
) -> Document | None:
    pack = shipped.get(path.name) if path.parent == builtin else None
    if not isinstance(pack, dict) or pack.get("sha256") != checksum:
        return None
    document = pack.get("document")
    return (str(path), document) if isinstance(document, dict) else None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RulebookError(f"{path}: cannot read: {exc.strerror}") from None


def _digest(files: Sequence[Path], sums: Sequence[str]) -> str:
    """The cache key: tfguard's version, and each pack's path and sha256."""
    sha = hashlib.sha256(__version__.encode())
    for path, checksum in zip(files, sums, strict=True):
        sha.update(str(path).encode() + b"\0" + checksum.encode())
    return sha.hexdigest()


def _cached(cache_dir: Path | None, digest: str) -> list[Document] | None:
    if cache_dir is None:
        return None
    try:
        data = _private_bytes(cache_dir, f"rulebook-{digest}.json")
        if data is None:
            return None
        return [(str(source), dict(doc)) for source, doc in orjson.loads(data)]
    except (OSError, orjson.JSONDecodeError, TypeError, ValueError):
        return None


def _private_bytes(directory: Path, name: str) -> bytes | None:
    """The file's bytes if this user alone could have written it (see the module docstring)."""
    me = os.getuid()
    held = os.lstat(directory)
    if not stat.S_ISDIR(held.st_mode) or held.st_uid != me or held.st_mode & 0o022:
        return None
    fd = os.open(directory / name, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as file:
        found = os.fstat(file.fileno())
        if not stat.S_ISREG(found.st_mode) or found.st_uid != me or found.st_mode & 0o077:
            return None
        return file.read()


def _store(cache_dir: Path | None, digest: str, documents: list[Document]) -> None:
    if cache_dir is None:
        return
    try:
        cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic.write(cache_dir / f"rulebook-{digest}.json", orjson.dumps(documents), mode=0o600)
    except OSError:
        pass  # a cache that cannot be written only costs start-up time


def _parse(path: Path, data: bytes) -> Document:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RulebookError(f"{path}: not UTF-8 text") from None
    document = hcl.loads(text, str(path), error=RulebookError)
    _validate(path, document)
    return str(path), document


def _validate(path: Path, document: dict[str, Any]) -> None:
    error = schemas.earliest_error("rules", document)
    if error is not None:
        where = _where(document, list(error.absolute_path))
        raise RulebookError(f"{path}: {where}{error.message}")


def _where(document: dict[str, Any], path: list[Any]) -> str:
    """`rule "x-y": ` for an error inside a labelled block, else the JSON path."""
    if len(path) >= 2 and isinstance(path[1], int):
        block = document.get(str(path[0]), [])[path[1]]
        labels = block.get(hcl.LABELS) if isinstance(block, dict) else None
        rest = ".".join(str(p) for p in path[2:])
        name = f'{path[0]} "{labels[0]}"' if labels else str(path[0])
        return f"{name}{': ' + rest if rest else ''}: "
    return f"{'.'.join(map(str, path))}: " if path else ""


def build(documents: Iterable[Document]) -> Rulebook:
    """Turn validated documents into the frozen model; cross-file checks happen here."""
    packs: list[Pack] = []
    categories: dict[str, Category] = {}
    kinds: dict[str, ResourceKind] = {}
    rules: dict[str, Rule] = {}
    stores: dict[str, StoreSpec] = {}
    backups: dict[str, BackupSpec] = {}
    for source, doc in documents:
        pack = _pack(source, doc)
        packs.append(pack)
        for block in doc.get("category", []):
            _add(categories, block[hcl.LABELS][0], _category(block), source, "category")
        for block in doc.get("resource", []):
            kind = ResourceKind(
                block[hcl.LABELS][0], block["category"], pack.name, block["summary"]
            )
            _check_prefix(pack, kind.type, f'resource "{kind.type}"')
            _add(kinds, kind.type, kind, source, "resource")
        for block in doc.get("rule", []):
            rule = _rule(block, pack.name, source)
            for name in sorted(rule.match.types):
                _check_prefix(pack, name, f'rule "{rule.id}": types')
            _add(rules, rule.id, rule, source, "rule")
        for block in doc.get("store", []):
            store = _guarded(source, "store", block, _store_spec)
            _add(stores, store.type, store, source, "store")
            for twin in block.get("also", ()):
                _add(stores, twin, replace(store, type=twin), source, "store")
        for block in doc.get("backup", []):
            backup = _guarded(source, "backup", block, _backup_spec)
            _add(backups, backup.type, backup, source, "backup")
    _check_references(categories, kinds, rules)
    return Rulebook(tuple(packs), categories, kinds, tuple(rules.values()), stores, backups)


def _guarded(source: str, what: str, block: dict[str, Any], build: Any) -> Any:
    try:
        return build(block)
    except ValueError as exc:
        raise RulebookError(f'{source}: {what} "{block[hcl.LABELS][0]}": {exc}') from None


def _optional_path(block: dict[str, Any], key: str) -> tuple[str | int, ...] | None:
    return attrpath.parse(block[key]) if key in block else None


def _store_spec(block: dict[str, Any]) -> StoreSpec:
    return StoreSpec(
        type=block[hcl.LABELS][0],
        take_final_backup=_optional_path(block, "take_final_backup"),
        skip_final_backup=_optional_path(block, "skip_final_backup"),
        final_backup_name=_optional_path(block, "final_backup_name"),
        final_backup_default=block.get("final_backup_default", True),
        backups_deleted_with_store=_optional_path(block, "backups_deleted_with_store"),
        backups_deleted_default=block.get("backups_deleted_default", True),
        backups_retained_by=_optional_path(block, "backups_retained_by"),
        summary=block.get("summary", ""),
        source=block.get("source", ""),
        facts=tuple(
            _fact(kind, fact)
            for kind in ("survives", "unknown", "deletes")
            for fact in block.get(kind, ())
        ),
        abandon=next((_fact("abandon", a) for a in block.get("abandon", ())), None),
        parents=tuple(_parent(p) for p in block.get("parent", ())),
    )


def _fact(kind: str, block: dict[str, Any]) -> Fact:
    labels = block.get(hcl.LABELS)
    via = None
    if "via_types" in block:
        via = Link(
            tuple(block["via_types"]),
            attrpath.parse(block["via_attribute"]),
            attrpath.parse(block["via_key"]),
        )
    return Fact(
        kind=kind,
        name=labels[0] if labels else kind,
        says=block["says"].strip(),
        source=block["source"],
        otherwise=block.get("otherwise", "").strip(),
        attribute=_optional_path(block, "attribute"),
        values=tuple(block["values"]) if "values" in block else None,
        not_values=tuple(block["not_values"]) if "not_values" in block else None,
        default=block.get("default"),
        unknown_values=tuple(block.get("unknown_values", ())),
        via=via,
        skip_if_unnamed=block.get("skip_if_unnamed", False),
        skip_if_set=_optional_path(block, "skip_if_set"),
        needs_parent=block.get("needs_parent", False),
        provider=block.get("provider"),
    )


def _parent(block: dict[str, Any]) -> ParentSpec:
    link = Link(
        (block[hcl.LABELS][0],), attrpath.parse(block["attribute"]), attrpath.parse(block["key"])
    )
    return ParentSpec(link, block["says"].strip(), block["source"])


def _backup_spec(block: dict[str, Any]) -> BackupSpec:
    return BackupSpec(
        type=block[hcl.LABELS][0],
        of=frozenset(block["of"]),
        attribute=attrpath.parse(block["attribute"]),
        store_attribute=attrpath.parse(block["store_attribute"]),
        held_by=frozenset(block.get("held_by", ())),
        held_via=_optional_path(block, "held_via"),
        held_via_type=block.get("held_via_type"),
        held_via_key=_optional_path(block, "held_via_key"),
        holder_attribute=_optional_path(block, "holder_attribute"),
        holder_key=_optional_path(block, "holder_key"),
        in_store=block.get("in_store", False),
        source=block.get("source", ""),
    )


def _pack(source: str, doc: dict[str, Any]) -> Pack:
    block = doc["pack"][0]
    prefixes = tuple(block.get("type_prefixes", ()))
    return Pack(Path(source).stem, block["provider"], block["summary"], source, prefixes)


def _check_prefix(pack: Pack, type_name: str, where: str) -> None:
    """A pack that declares `type_prefixes` may name only resource types that start with one."""
    if pack.type_prefixes and not type_name.startswith(pack.type_prefixes):
        wanted = " or ".join(f'"{p}"' for p in pack.type_prefixes)
        raise RulebookError(
            f'{pack.source}: {where}: "{type_name}" does not start with {wanted} '
            "(the pack's type_prefixes)"
        )


def _category(block: dict[str, Any]) -> Category:
    return Category(block[hcl.LABELS][0], block["summary"], block["data_bearing"])


def _add(table: dict[str, Any], key: str, value: Any, source: str, what: str) -> None:
    if key in table:
        raise RulebookError(f'{source}: {what} "{key}" is defined twice')
    table[key] = value


def _rule(block: dict[str, Any], pack: str, source: str) -> Rule:
    rule_id = block[hcl.LABELS][0]
    try:
        match = _match(block["match"][0])
        _check_template(block["message"])
    except ValueError as exc:
        raise RulebookError(f'{source}: rule "{rule_id}": {exc}') from None
    return Rule(
        id=rule_id,
        pack=pack,
        classification=Classification.parse(block["class"]),
        summary=block["summary"],
        message=block["message"],
        doc=block.get("doc", "").strip(),
        match=match,
    )


_NEEDS_VALUE = {Transition.SET_TO, Transition.IS}


def _match(block: dict[str, Any]) -> Match:
    transition = Transition(block["transition"]) if "transition" in block else None
    if transition in _NEEDS_VALUE and "value" not in block:
        raise ValueError(f'transition "{transition}" needs a value')
    if (transition is Transition.KEEPS_LESS) != ("retention" in block):
        raise ValueError('transition "keeps_less" and a retention block go together')
    other = block.get("changes_other_than")
    attribute = attrpath.parse(block["attribute"]) if "attribute" in block else None
    return Match(
        actions=frozenset(Action(a) for a in block.get("actions", ())),
        types=tuple(block.get("types", ())),
        categories=frozenset(block.get("categories", ())),
        attribute=attribute,
        transition=transition,
        value=block.get("value"),
        default=block.get("default"),
        action_reasons=frozenset(block.get("action_reasons", ())),
        replace_paths=tuple(attrpath.parse(p) for p in block.get("replace_paths", ())),
        changes_other_than=frozenset(other) if other is not None else None,
        retention=_retention(block["retention"][0], attribute) if "retention" in block else None,
    )


def _retention(block: dict[str, Any], attribute: tuple[str | int, ...] | None) -> Retention:
    fans_out = attribute is not None and attrpath.ANY in attribute
    if attribute is not None and attribute.count(attrpath.ANY) > 1:
        raise ValueError("a keeps_less attribute may have one [*] step at most")
    if not fans_out and ("key" in block or "active" in block):
        raise ValueError("retention key and active need an attribute path with [*]")
    return Retention(
        unit=block["unit"],
        keeps_less=block["keeps_less"],
        source=block["source"],
        unlimited=tuple(block.get("unlimited", ())),
        named=tuple(sorted(block.get("named", {}).items())),
        unit_from=_optional_path(block, "unit_from"),
        key=_optional_path(block, "key"),
        active=_condition(block, "active"),
        only_if=_condition(block, "only_if"),
    )


def _condition(block: dict[str, Any], key: str) -> Condition | None:
    if key not in block:
        return None
    inner = block[key][0]
    return Condition(attrpath.parse(inner["attribute"]), inner["value"])


MESSAGE_FIELDS = frozenset(
    {
        "address",
        "type",
        "category",
        "action",
        "actions",
        "attribute",
        "before",
        "after",
        "why",
        "changed",
        "element",
    }
)
"""The placeholders a rule message may use (filled in by classify.py)."""


def _check_template(message: str) -> None:
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}
    except ValueError as exc:
        raise ValueError(f"message: {exc}") from None
    unknown = sorted(fields - MESSAGE_FIELDS)
    if unknown:
        allowed = ", ".join(sorted(MESSAGE_FIELDS))
        raise ValueError(f"message: unknown placeholder {{{unknown[0]}}}; use {allowed}")


def _check_references(
    categories: dict[str, Category], kinds: dict[str, ResourceKind], rules: dict[str, Rule]
) -> None:
    if UNCATEGORISED not in categories:
        raise RulebookError(f'no pack defines the category "{UNCATEGORISED}"')
    for kind in kinds.values():
        if kind.category not in categories:
            raise RulebookError(
                f'pack "{kind.pack}": resource "{kind.type}": unknown category "{kind.category}"'
            )
    for rule in rules.values():
        for name in sorted(rule.match.categories - categories.keys()):
            raise RulebookError(f'pack "{rule.pack}": rule "{rule.id}": unknown category "{name}"')
