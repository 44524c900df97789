"""Where a resource is written: map plan addresses to the block in the `.tf` source.

Reports that point at code (SARIF) need a file and a line for every flagged change; the plan
JSON carries neither. `index(config_dir)` reads every `*.tf` file of a configuration directory,
and of the local modules it calls (`module "db" { source = "./modules/db" }`, followed by the
rules of read/tfconfig.py), and returns
`{address without instance keys: Location}`:

* `aws_db_instance.main` and `data.aws_iam_policy.x` for the root module's blocks;
* `module.db.aws_db_instance.main` for a block in the module `db` calls, at any depth;
* `module.db` for the `module` block itself, which is where `lookup()` points a change whose
  module is not local (registry, git) or whose block was not found.

Files python-hcl2 cannot read, and module calls not followed, are named in
`SourceIndex.problems`: a location is a convenience, never a reason to fail the gate.

`locate(verdict, config_dir)` is the pipeline's step (run only when a requested format points at
code): it returns the verdict with `locations` set, so reporters never read a file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import field, replace
from pathlib import Path

from tfguard.address import config_address, module_calls
from tfguard.errors import SourceError
from tfguard.model import Classification, Location, LocationKey, Verdict
from tfguard.read import hcl, tfconfig
from tfguard.record import record

STDIN = "-"


@record
class SourceIndex:
    blocks: Mapping[str, Location] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    """Files that could not be read (one line each); their blocks are not in `blocks`."""


def index(config_dir: Path) -> SourceIndex:
    """Every resource, data and module block of `config_dir` and its local modules."""
    if not config_dir.is_dir():
        raise SourceError(f"{config_dir}: configuration directory not found")
    found: dict[str, Location] = {}
    problems: list[str] = []

    def files(directory: str) -> Iterator[tuple[str, str]]:
        for path in sorted(p for p in Path(directory).glob("*.tf") if p.is_file()):
            label = os.path.normpath(os.path.join(directory, path.name))
            try:
                yield label, path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                reason = getattr(exc, "strerror", None) or type(exc).__name__
                problems.append(f"{label}: cannot read: {reason}")

    for item in tfconfig.walk(str(config_dir), files, problems.append):
        address = _address(item.block)
        if address is not None:
            location = Location(item.file, item.block.start_line, item.block.end_line)
            found.setdefault(item.prefix + address, location)
    return SourceIndex(found, tuple(problems))


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


def locate(verdict: Verdict, config_dir: Path | None) -> Verdict:
    """`verdict` with every destructive or risky change located in its `.tf` source: the
    configuration directory is `config_dir` when given, else each plan file's directory when
    it holds `*.tf` files. Changes with no block found are left out (reports point them at
    their plan file)."""
    indexes: dict[str, SourceIndex] = {}
    problems: list[str] = []

    def index_of(directory: Path) -> SourceIndex:
        key = str(directory)
        if key not in indexes:
            indexes[key] = index(directory)
            problems.extend(indexes[key].problems)
        return indexes[key]

    directories = {
        plan.source: config_dir if config_dir is not None else sources_beside(plan.source)
        for plan in verdict.plans
    }
    found: dict[LocationKey, Location] = {}
    for assessment in verdict.assessments:
        change = assessment.change
        directory = directories.get(change.plan)
        if assessment.classification is Classification.SAFE or directory is None:
            continue
        location = lookup(index_of(directory).blocks, change.address)
        if location is not None:
            found[(change.plan, change.address)] = location
    return replace(verdict, locations=found, location_problems=tuple(problems))


def sources_beside(plan_source: str) -> Path | None:
    """The plan file's directory, when it holds a Terraform configuration."""
    if plan_source == STDIN:
        return None
    directory = Path(plan_source).parent
    return directory if any(directory.glob("*.tf")) else None
