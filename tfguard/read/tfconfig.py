"""Walk a Terraform configuration: the `.tf` files of a root module and the local modules it calls.

One rule set for every reader of configuration (report locations in read/tflocations.py,
removed `prevent_destroy` guards in git/prevent_destroy.py):

* a module's `source` is local when it starts with `./` or `../`, as Terraform reads it;
  registry, git and computed sources are not followed;
* override files (`override.tf`, `*_override.tf`) come after the others, so a block's own file
  is seen first;
* a module that calls itself, directly or through others, is not followed;
* calls nested deeper than `MAX_MODULE_DEPTH` are not followed;
* with `confined=True` (a tree read through git) a source leading outside the tree is not
  followed;
* each directory is read and parsed once, however many calls point at it.

Whatever is not followed or cannot be parsed is reported to the caller's `problem` function,
which decides what it costs: locations note it and carry on, the guard check fails closed.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from tfguard.errors import HclError
from tfguard.read.hcl import Block, nested_blocks
from tfguard.record import record

MAX_MODULE_DEPTH = 32
"""Nested module calls followed at most."""

Files = Callable[[str], Iterable[tuple[str, str]]]
"""directory → its `.tf` files as (label, text); a missing directory has none."""

_OVERRIDE = re.compile(r"(\A|_)override\.tf\Z")


@record
class Found:
    """One top-level block of the configuration and the module it sits in."""

    prefix: str
    """`""` in the root module, `module.db.` (and so on, nested) in a called module."""
    file: str
    """The label `files` gave its file."""
    block: Block
    nested: Mapping[str, list[dict[str, Any]]]
    """Its nested blocks by type, e.g. `{"lifecycle": [{"prevent_destroy": True}]}`."""


def is_local(source: object) -> bool:
    """Whether a module `source` names a directory of this configuration."""
    return isinstance(source, str) and source.startswith(("./", "../"))


def walk(
    start: str,
    files: Files,
    problem: Callable[[str], None],
    *,
    side: str = "",
    confined: bool = False,
) -> Iterator[Found]:
    """Every top-level block of the module at `start` and of the local modules it calls,
    module by module (depth first). `side` is added to file labels in problems (` at main`)."""
    parsed: dict[str, list[tuple[str, Block, dict[str, list[dict[str, Any]]]]]] = {}

    def read(directory: str) -> list[tuple[str, Block, dict[str, list[dict[str, Any]]]]]:
        if directory not in parsed:
            texts = sorted(
                files(directory),
                key=lambda ft: (bool(_OVERRIDE.search(posixpath.basename(ft[0]))), ft[0]),
            )
            blocks: list[tuple[str, Block, dict[str, list[dict[str, Any]]]]] = []
            for label, text in texts:
                try:
                    found = nested_blocks(text, f"{label}{side}", error=HclError)
                except HclError as exc:
                    problem(str(exc))
                    continue
                blocks.extend((label, block, nested) for block, nested in found)
            parsed[directory] = blocks
        return parsed[directory]

    def module(directory: str, prefix: str, stack: tuple[str, ...]) -> Iterator[Found]:
        for label, block, nested in read(directory):
            yield Found(prefix, label, block, nested)
            if block.kind != "module" or len(block.labels) != 1:
                continue
            source = block.attributes.get("source")
            if not is_local(source):
                continue
            name = block.labels[0]
            child = posixpath.normpath(posixpath.join(directory or ".", str(source)))
            where = f"{label}{side}: module {name}"
            if confined and (child == ".." or child.startswith("../")):
                problem(f"{where} source {source} is outside the git work tree")
            elif _key(child) in stack:
                problem(f"{where} includes itself")
            elif len(stack) > MAX_MODULE_DEPTH:
                problem(f"{where} is nested deeper than {MAX_MODULE_DEPTH} module calls")
            else:
                child = "" if confined and child == "." else child
                yield from module(child, f"{prefix}module.{name}.", (*stack, _key(child)))

    yield from module(start, "", (_key(start),))


def _key(directory: str) -> str:
    """One spelling per directory: `""`, `.` and `./` are the same root."""
    return posixpath.normpath(directory or ".")
