"""Plan JSON / binary plan / stdin -> `Plan`. Sensitive values are masked here.

The top level is validated with the JSON Schema shipped in `schemas/plan.schema.json`; every
resource change is checked in code as it is read (one pass; a per-change schema pass would be
far too slow for 100,000 changes). Values Terraform marks sensitive are wrapped in `Sensitive`
in place, so nothing downstream can print them.
"""

from __future__ import annotations

import gc
import hashlib
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

import orjson

from tfguard import schemas
from tfguard.errors import PlanError
from tfguard.model import Action, Change, Mode, Plan, Sensitive

ACTIONS: dict[tuple[str, ...], Action] = {
    ("no-op",): Action.NOOP,
    ("read",): Action.READ,
    ("create",): Action.CREATE,
    ("update",): Action.UPDATE,
    ("delete",): Action.DELETE,
    ("delete", "create"): Action.REPLACE,
    ("create", "delete"): Action.REPLACE,
    ("forget",): Action.FORGET,
    # OpenTofu / Terraform 1.7+: forget while a replacement is created
    ("create", "forget"): Action.FORGET,
}

_ZIP_MAGIC = b"PK\x03\x04"
STDIN = "-"


def load(source: str, terraform_bin: str, stdin: BinaryIO) -> Plan:
    """Read one plan: a path to JSON or a binary plan file, or `-` for standard input."""
    data = _read(source, stdin)
    if data.startswith(_ZIP_MAGIC):
        if source == STDIN:
            raise PlanError("-: a binary plan on standard input; pass its path instead")
        from tfguard.terraform import run as terraform  # binary plans only (subprocess)

        data = terraform.show_json(Path(source), terraform_bin)
    return parse(data, source)


def _read(source: str, stdin: BinaryIO) -> bytes:
    """The whole input, after a look at its first bytes: a file that cannot be a plan (a
    multi-GB image, zeros) is refused before it is read into memory."""
    if source == STDIN:
        head = stdin.read(_HEAD)
        _sniff(head, source)
        return head + stdin.read()
    path = Path(source)
    try:
        if path.is_dir():
            raise PlanError(f"{source}: is a directory, not a plan file")
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
            _sniff(head, source)
            if not handle.seekable():  # a pipe, e.g. <(terraform show -json plan.bin)
                return head + handle.read()
            handle.seek(0)  # one read into one buffer: `head + rest` copies a large plan
            return handle.read()
    except FileNotFoundError:
        broken = " (a broken symbolic link)" if path.is_symlink() else ""
        raise PlanError(f"{source}: no such file{broken}") from None
    except OSError as exc:
        raise PlanError(f"{source}: cannot read: {exc.strerror}") from None


_HEAD = 65536


def _sniff(head: bytes, source: str) -> None:
    if head.startswith(_ZIP_MAGIC) or head[:3] == _UTF8_BOM or head[:2] in _UTF16:
        return  # a binary plan, or a byte-order mark that _decode reads past
    first = head.lstrip(b" \t\r\n")[:1]
    if first and first not in b"{[":
        what = "binary data" if b"\0" in head else "text that is not JSON"
        raise PlanError(f"{source}: not a plan: it starts with {what}")


_UTF16 = (b"\xff\xfe", b"\xfe\xff")


def parse(data: bytes, source: str) -> Plan:
    sha256 = _sha256(data)
    document = _decode(data, source)
    _check_top_level(document, source)
    try:
        return _plan(document, sha256, source)
    except RecursionError:
        raise PlanError(f"{source}: values are nested too deeply to judge") from None


_PARALLEL_HASH = 1 << 20


def _sha256(data: bytes) -> Callable[[], str]:
    """The plan's sha256, computed while orjson parses it: hashlib lets go of the GIL on large
    buffers, so on a second core the hash is free (~5% of a 100,000-change check)."""
    if len(data) < _PARALLEL_HASH:
        digest = hashlib.sha256(data).hexdigest()
        return lambda: digest
    found: list[str] = []
    worker = threading.Thread(
        target=lambda: found.append(hashlib.sha256(data).hexdigest()), daemon=True
    )
    worker.start()

    def result() -> str:
        worker.join()
        return found[0]

    return result


def _plan(document: dict[str, Any], sha256: Callable[[], str], source: str) -> Plan:
    label = source
    changes = _changes(document.get("resource_changes"), label, "resource_changes")
    _check_unique(changes, source)
    changes += _invocations(document.get("action_invocations"), label)
    return Plan(
        source=source,
        sha256=sha256(),
        format_version=document["format_version"],
        terraform_version=document.get("terraform_version"),
        changes=changes,
        drift=_changes(document.get("resource_drift"), label, "resource_drift"),
        deferred=_deferred(document.get("deferred_changes"), label),
        configuration=document.get("configuration") or {},
        prior_state=document.get("prior_state"),
        document=document,
    )


def _decode(data: bytes, source: str) -> dict[str, Any]:
    if not data[:_HEAD].strip() and not data.strip():  # (strip copies: the head first)
        raise PlanError(f"{source}: empty file, expected `terraform show -json` output")
    data = _utf8(data, source)
    enabled = gc.isenabled()
    gc.disable()  # the cyclic GC running during a large parse costs 2.5-3x
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise PlanError(f"{source}: {_json_problem(data, exc)}") from None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(document, dict):
        raise PlanError(f"{source}: not a plan: the JSON is not an object")
    return document


def _utf8(data: bytes, source: str) -> bytes:
    """The plan as UTF-8: a byte-order mark (Windows PowerShell's `>` writes UTF-16 with one,
    other editors UTF-8 with one) is dropped and UTF-16 re-encoded."""
    if data[:3] == _UTF8_BOM:
        return data[3:]
    if data[:2] in _UTF16:
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeError:
            raise PlanError(
                f"{source}: starts with a UTF-16 byte-order mark but is not UTF-16"
            ) from None
    return data


_UTF8_BOM = b"\xef\xbb\xbf"


def _json_problem(data: bytes, exc: orjson.JSONDecodeError) -> str:
    first = data.split(b"\n", 1)[0]
    try:
        head = orjson.loads(first)
    except orjson.JSONDecodeError:
        head = None
    if isinstance(head, dict) and "@level" in head:
        return (
            "a `terraform plan -json` log stream, not a plan; "
            "use `terraform show -json PLANFILE` output"
        )
    if isinstance(head, dict) and len(first) < len(data.rstrip()):
        return "several JSON documents in one file; expected one plan"
    return f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"


def _check_top_level(document: dict[str, Any], source: str) -> None:
    if "planned_values" not in document and "resource_changes" not in document:
        raise PlanError(f"{source}: not a plan: {_what_it_is(document)}")
    error = schemas.first_error("plan", document)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "top level"
        raise PlanError(f"{source}: not a valid plan: {where}: {error.message}")
    version = document["format_version"]
    major = version.split(".")[0]
    if major == "0":
        _check_marked(document, source)
        _name_drift(document)
    elif major != "1":
        raise PlanError(
            f"{source}: plan format_version {version} is not supported; "
            "tfguard reads formats 0.1 and 0.2 (Terraform 0.15, 1.0) and 1.x (Terraform >= 1.1, "
            "OpenTofu)"
        )
    if document.get("errored") is True or document.get("complete") is False:
        raise PlanError(f"{source}: terraform reported the plan incomplete")


def _check_marked(document: dict[str, Any], source: str) -> None:
    """Formats 0.1 and 0.2 are judged when every change carries `before_sensitive` and
    `after_sensitive` (Terraform 0.15 and 1.0 write them): without the marks tfguard cannot tell
    which values to hide, so plans from Terraform 0.12-0.14 are refused."""
    for field in ("resource_changes", "resource_drift"):
        for item in document.get(field) or ():
            change = item.get("change") if isinstance(item, dict) else None
            if isinstance(change, dict) and not change.keys() >= _MARKS:
                version = document.get("terraform_version")
                made_by = f" from Terraform {version}" if version else ""
                raise PlanError(
                    f"{source}: plan format_version {document['format_version']}{made_by} "
                    "does not mark sensitive values "
                    "(before_sensitive/after_sensitive), so tfguard cannot keep them hidden; "
                    "make the plan with Terraform 0.15 or later"
                )


_MARKS = frozenset(("before_sensitive", "after_sensitive"))


def _name_drift(document: dict[str, Any]) -> None:
    """Terraform 1.0.0 wrote `resource_drift` entries without `address` (nor module or key):
    drift is only reported, so such an entry is named by its type and name."""
    for item in document.get("resource_drift") or ():
        if isinstance(item, dict) and "address" not in item:
            kind, name = item.get("type"), item.get("name")
            if isinstance(kind, str) and isinstance(name, str):
                prefix = "data." if item.get("mode") == "data" else ""
                item["address"] = f"{prefix}{kind}.{name}"


def _what_it_is(document: dict[str, Any]) -> str:
    if "lineage" in document and "serial" in document:
        return "this is a Terraform state file"
    if "values" in document:
        return "this is `terraform show -json` of state, not of a plan file"
    return "no `planned_values` or `resource_changes`; expected `terraform show -json PLANFILE`"


def _changes(raw: Any, label: str, field: str) -> tuple[Change, ...]:
    if raw is None:
        return ()
    return tuple(_change(item, label, f"{field}[{index}]") for index, item in enumerate(raw))


def _deferred(raw: Any, label: str) -> tuple[Change, ...]:
    if raw is None:
        return ()
    out = []
    for index, item in enumerate(raw):
        where = f"deferred_changes[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("resource_change"), dict):
            raise PlanError(f"{label}: {where}: expected an object with `resource_change`")
        reason = _optional_str(item, "reason", label, where) or "unknown"
        out.append(_change(item["resource_change"], label, where, deferred=reason))
    return tuple(out)


def _change(raw: Any, label: str, where: str, deferred: str | None = None) -> Change:
    if not isinstance(raw, dict):
        raise PlanError(f"{label}: {where}: expected an object")
    change = raw.get("change")
    if not isinstance(change, dict):
        raise PlanError(f"{label}: {where}: `change` is missing or not an object")
    # The checks below run 100,000 times on a large plan: the common case is tested in line,
    # and anything unusual is checked again field by field, in order, for the error message.
    actions = change.get("actions")
    action = _action(actions) if isinstance(actions, list) else None
    if action is None:
        _check_actions(actions, label, where)
        action = Action.UNKNOWN
    get = raw.get
    given = get("mode")
    mode = _MODES.get(given) if isinstance(given, str) else None
    address, kind, name = get("address"), get("type"), get("name")
    provider, module = get("provider_name"), get("module_address")
    reason, moved, deposed = get("action_reason"), get("previous_address"), get("deposed")
    replace_paths = change.get("replace_paths")
    if not (
        mode
        and address
        and kind
        and name
        and isinstance(address, str)
        and isinstance(kind, str)
        and isinstance(name, str)
        and (provider is None or isinstance(provider, str))
        and (module is None or isinstance(module, str))
        and (reason is None or isinstance(reason, str))
        and (moved is None or isinstance(moved, str))
        and (deposed is None or isinstance(deposed, str))
    ):
        _check_fields(raw, replace_paths, label, where)
    before_marks, after_marks = change.get("before_sensitive"), change.get("after_sensitive")
    before, after = change.get("before"), change.get("after")
    if (before_marks or after_marks) and _marks_any((before_marks, after_marks)):
        before = _masked(before, before_marks) if _marks_any(before_marks) else before
        after = _masked(after, after_marks) if _marks_any(after_marks) else after
    return Change(
        plan=label,
        address=address,
        type=kind,
        name=name,
        mode=mode,
        provider=provider or "",
        module=module,
        actions=tuple(actions),  # type: ignore[arg-type]  # (a list: checked above)
        action=action,
        before=before,
        after=after,
        after_unknown=change.get("after_unknown"),
        action_reason=reason,
        replace_paths=() if replace_paths is None else _replace_paths(replace_paths, label, where),
        previous_address=moved,
        importing=isinstance(change.get("importing"), dict),
        deposed=deposed,
        deferred=deferred,
    )


def _action(actions: list[Any]) -> Action | None:
    """The action of a list of strings Terraform writes; None for anything else."""
    try:
        return ACTIONS.get(tuple(actions))
    except TypeError:  # an unhashable element: not a list of strings
        return None


_MODES: dict[str, Mode] = {"managed": Mode.MANAGED, "data": Mode.DATA}
"""The modes a resource change can have (`action` is tfguard's own, for invocations)."""


def _check_actions(actions: Any, label: str, where: str) -> None:
    if not isinstance(actions, list) or not actions or not all(isinstance(a, str) for a in actions):
        raise PlanError(f"{label}: {where}: `change.actions` must be a non-empty list of strings")


def _check_fields(raw: dict[str, Any], replace_paths: Any, label: str, where: str) -> NoReturn:
    """The error for the first field in error, in the order they are read."""
    for key in ("mode", "address", "type", "name"):
        _required_str(raw, key, label, where)
    if raw["mode"] not in _MODES:
        raise PlanError(
            f"{label}: {where}: `mode` is {raw['mode']!r}, not managed or data (a plan tfguard "
            "cannot read is never taken for a harmless one)"
        )
    for key in ("provider_name", "module_address", "action_reason"):
        _optional_str(raw, key, label, where)
    _replace_paths(replace_paths, label, where)
    for key in ("previous_address", "deposed"):
        _optional_str(raw, key, label, where)
    raise AssertionError(f"{where}: no field in error")  # the in-line check disagrees


def _marks_any(marks: Any) -> bool:
    """Whether a `*_sensitive` tree marks anything. Terraform mirrors every nested block with
    `{}` / `[]`, so nearly all trees mark nothing: their JSON holds no `true` (a key spelt
    "true" only sends the tree to the walk, which finds nothing)."""
    if marks is True:
        return True
    try:
        return bool(marks) and b"true" in orjson.dumps(marks)
    except orjson.JSONEncodeError:  # nested too deeply for orjson: the walk decides
        return True


def _invocations(raw: Any, label: str) -> tuple[Change, ...]:
    """Terraform 1.14+ `action_invocations`: each provider action the apply will run, judged
    like a change with the action `invoke` (its trigger goes in `action_reason`)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise PlanError(f"{label}: action_invocations must be a list")
    out = []
    for index, item in enumerate(raw):
        where = f"action_invocations[{index}]"
        if not isinstance(item, dict):
            raise PlanError(f"{label}: {where}: expected an object")
        text = _required_str
        out.append(
            Change(
                plan=label,
                address=text(item, "address", label, where),
                type=text(item, "type", label, where),
                name=text(item, "name", label, where),
                mode=Mode.ACTION,
                provider=_optional_str(item, "provider_name", label, where) or "",
                module=None,
                actions=(Action.INVOKE.value,),
                action=Action.INVOKE,
                before=None,
                after=_masked(item.get("config_values"), item.get("config_sensitive")),
                after_unknown=item.get("config_unknown"),
                action_reason=_trigger(item),
            )
        )
    return tuple(out)


def _trigger(item: dict[str, Any]) -> str:
    lifecycle = item.get("lifecycle_action_trigger")
    if isinstance(lifecycle, dict):
        event = _CAMEL.sub("_", str(lifecycle.get("action_trigger_event", "an event"))).lower()
        return f"on {event} of {lifecycle.get('triggering_resource_address', '?')}"
    if "invoke_action_trigger" in item:
        return "invoked with -invoke"
    return "trigger not stated"


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _required_str(raw: dict[str, Any], key: str, label: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise PlanError(f"{label}: {where}: `{key}` is missing or not a string")
    return value


def _optional_str(raw: dict[str, Any], key: str, label: str, where: str) -> str | None:
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        raise PlanError(f"{label}: {where}: `{key}` is not a string")
    return value


def _replace_paths(raw: Any, label: str, where: str) -> tuple[tuple[str | int, ...], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(p, list) for p in raw):
        raise PlanError(f"{label}: {where}: `change.replace_paths` must be a list of paths")
    return tuple(tuple(step for step in path if isinstance(step, (str, int))) for path in raw)


def _masked(value: Any, marks: Any) -> Any:
    """Wrap every leaf (or subtree) that `marks` flags as sensitive; mutates `value` in place."""
    if marks is True:
        return value if value is None else Sensitive(value)
    if not marks:
        return value
    # `marks` mirrors the value with {} and [] for every nested block: skip the empty ones
    # without a call, they are nearly all of them
    if isinstance(value, dict) and isinstance(marks, dict):
        for key, mark in marks.items():
            if mark and key in value:
                value[key] = _masked(value[key], mark)
    elif isinstance(value, list) and isinstance(marks, list):
        for index, mark in enumerate(marks[: len(value)]):
            if mark:
                value[index] = _masked(value[index], mark)
    return value


def _check_unique(changes: tuple[Change, ...], source: str) -> None:
    seen: set[str] = set()
    for change in changes:
        if change.key in seen:
            raise PlanError(f"{source}: resource_changes lists {change.key} twice")
        seen.add(change.key)
