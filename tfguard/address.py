"""Terraform addresses: the one parser for instance keys, module calls and configuration addresses.

Terraform writes a string instance key the way HCL quotes a string (`addrs.StringKey.String`):
`["a]b"]`, `["say \\"hi\\""]`, `["$${x}"]`. A key can therefore hold `]`, `.`, `[` and quotes,
and only a quote-aware reader splits an address correctly. Every module that needs the
configuration address of an instance (`module.db["eu"].aws_db_instance.main[0]` →
`module.db.aws_db_instance.main`), its module calls, or its keys goes through here.
"""

from __future__ import annotations

import contextlib
import json
import re

from tfguard.model import Mode
from tfguard.record import record

Key = str | int
"""An instance key: `count.index` (int) or a `for_each` key (str)."""

_KEY = re.compile(r'\[(?:"((?:[^"\\]|\\.)*)"|([^\]"]*))\]')
"""One instance key: group 1 is a quoted key's body (escapes still in), group 2 a bare one."""
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_LONG_ESCAPE = re.compile(r"\\U([0-9a-fA-F]{8})")


def config_address(address: str) -> str:
    """`module.db["eu"].aws_db_instance.main[0]` → `module.db.aws_db_instance.main`."""
    return _KEY.sub("", address) if "[" in address else address


def outside_keys(address: str) -> str:
    """The address with its quoted keys left out but bare ones (`[0]`, `[*]`) kept: what a
    wildcard check may look at (`["a*b"]` is a real key, `[*]` is not)."""
    return _KEY.sub(lambda m: m.group(0) if m.group(1) is None else "", address)


def module_calls(address: str) -> list[str]:
    """The configuration addresses of the module calls on the way to `address`, outermost
    first: `module.a["x"].module.b.aws_s3_bucket.y` → `module.a`, `module.a.module.b`."""
    parts = config_address(address).split(".")
    calls = []
    i = 0
    while i + 1 < len(parts) and parts[i] == "module":
        calls.append(".".join(parts[: i + 2]))
        i += 2
    return calls


@record
class Address:
    """A resource instance address, split."""

    modules: tuple[tuple[str, Key | None], ...]
    """Each module call on the way: its name and instance key."""
    mode: Mode
    type: str
    name: str
    key: Key | None

    @property
    def config(self) -> str:
        """The configuration address: every instance key left out."""
        calls = "".join(f"module.{name}." for name, _ in self.modules)
        data = "data." if self.mode is Mode.DATA else ""
        return f"{calls}{data}{self.type}.{self.name}"


def parse(address: str) -> Address | None:
    """`address` split into its parts; None when it is not a resource instance address."""
    steps = _steps(address)
    if steps is None:
        return None
    modules: list[tuple[str, Key | None]] = []
    while len(steps) >= 2 and steps[0] == ("module", None):
        name, key = steps[1]
        modules.append((name, key))
        steps = steps[2:]
    mode = Mode.MANAGED
    if len(steps) == 3 and steps[0] == ("data", None):
        mode, steps = Mode.DATA, steps[1:]
    if len(steps) != 2 or steps[0][1] is not None:
        return None
    (kind, _), (name, key) = steps
    return Address(tuple(modules), mode, kind, name, key)


def _steps(address: str) -> list[tuple[str, Key | None]] | None:
    """`a.b["k"].c[0]` → [(a, None), (b, "k"), (c, 0)]; None when malformed."""
    steps: list[tuple[str, Key | None]] = []
    position = 0
    while True:
        dot = address.find(".", position)
        bracket = address.find("[", position)
        end = len(address) if dot < 0 else dot
        if 0 <= bracket < end:
            end = bracket
        name = address[position:end]
        if not _NAME.match(name):
            return None
        position, key = end, None
        if position < len(address) and address[position] == "[":
            found = _KEY.match(address, position)
            if found is None:
                return None
            key = _key(found)
            if key is None:
                return None
            position = found.end()
        steps.append((name, key))
        if position == len(address):
            return steps
        if address[position] != ".":
            return None
        position += 1


def _key(found: re.Match[str]) -> Key | None:
    quoted, bare = found.group(1), found.group(2)
    if quoted is None:
        return int(bare) if bare.isdigit() else None
    return unquote(quoted)


def unquote(body: str) -> str:
    """An HCL quoted string's body → its text (`\\"`, `\\n`, `\\uXXXX`, `$${`, `%%{`)."""
    text = _LONG_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), body)
    with contextlib.suppress(ValueError):  # an escape JSON does not know: keep it as written
        text = json.loads(f'"{text}"')
    return text.replace("$${", "${").replace("%%{", "%{")
