"""Where a resource is written: map plan addresses to the block in the `.tf` source.

Reports that point at code (SARIF) need a file and a line for every flagged change; the plan
JSON carries neither. `index(config_dir)` reads every `*.tf` file of a configuration directory,
and of the local modules it calls (`module "db" { source = "./modules/db" }`), and returns
`{address without instance keys: Location}`:

* `aws_db_instance.main` and `data.aws_iam_policy.x` for the root module's blocks;
* `module.db.aws_db_instance.main` for a block in the module `db` calls, at any depth;
* `module.db` for the `module` block itself, which is where `locate()` points a change whose
  module is not local (registry, git) or whose block was not found.

Files python-hcl2 cannot read are skipped and named in `SourceIndex.problems`: a location is a
convenience, never a reason to fail the gate.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tfguard.address import config_address, module_calls
from tfguard.errors import TfguardError
from tfguard.read import hcl


class SourceError(TfguardError):
    """The configuration directory to read does not exist."""


@dataclass(frozen=True, slots=True)
class Location:
    file: str
    """The `.tf` file, as a path built from the configuration directory as given."""
    line: int
    end_line: int | None = None


@dataclass(frozen=True, slots=True)
class SourceIndex:
    blocks: Mapping[str, Location] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    """Files that could not be read (one line each); their blocks are not in `blocks`."""


MAX_MODULE_DEPTH = 32
"""Nested module calls followed at most; deeper ones (or cycles) are not followed."""

_LOCAL_SOURCE = re.compile(r"\A\.\.?[/\\]")
_OVERRIDE = re.compile(r"(\A|_)override\.tf\Z")


def index(config_dir: Path) -> SourceIndex:
    """Every resource, data and module block of `config_dir` and its local modules."""
    if not config_dir.is_dir():
        raise SourceError(f"{config_dir}: configuration directory not found")
    found: dict[str, Location] = {}
    problems: list[str] = []
    parsed: dict[str, list[tuple[str, hcl.Block]]] = {}
    pending: list[tuple[str, str, int]] = [(str(config_dir), "", 0)]
    seen: set[tuple[str, str]] = set()
    while pending:
        directory, prefix, depth = pending.pop(0)
        key = (os.path.realpath(directory), prefix)
        if key in seen or depth > MAX_MODULE_DEPTH:
            continue
        seen.add(key)
        if directory not in parsed:
            parsed[directory] = _read_directory(directory, problems)
        for file, block in parsed[directory]:
            address = _address(block)
            if address is None:
                continue
            found.setdefault(prefix + address, Location(file, block.start_line, block.end_line))
            source = block.attributes.get("source") if block.kind == "module" else None
            if isinstance(source, str) and _LOCAL_SOURCE.match(source):
                child = os.path.normpath(os.path.join(directory, source))
                if os.path.isdir(child):
                    pending.append((child, f"{prefix}{address}.", depth + 1))
    return SourceIndex(found, tuple(problems))


def _read_directory(directory: str, problems: list[str]) -> list[tuple[str, hcl.Block]]:
    """Blocks of every `*.tf` file, override files last (so a block's own file wins)."""
    files = sorted(
        (p for p in Path(directory).glob("*.tf") if p.is_file()),
        key=lambda p: (bool(_OVERRIDE.search(p.name)), p.name),
    )
    out: list[tuple[str, hcl.Block]] = []
    for path in files:
        label = os.path.normpath(os.path.join(directory, path.name))
        try:
            out.extend((label, block) for block in hcl.load_blocks(path))
        except hcl.HclError as exc:
            problems.append(str(exc))
    return out


def _address(block: hcl.Block) -> str | None:
    if block.kind == "resource" and len(block.labels) == 2:
        return ".".join(block.labels)
    if block.kind == "data" and len(block.labels) == 2:
        return "data." + ".".join(block.labels)
    if block.kind == "module" and len(block.labels) == 1:
        return "module." + block.labels[0]
    return None


def lookup(blocks: Mapping[str, Location], address: str) -> Location | None:
    """The block of `address`, else the nearest module call that contains it, else None."""
    key = config_address(address)
    found = blocks.get(key)
    if found is not None:
        return found
    for call in reversed(module_calls(key)):
        found = blocks.get(call)
        if found is not None:
            return found
    return None
