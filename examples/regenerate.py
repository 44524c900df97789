#!/usr/bin/env python3
"""Regenerate the example plans (examples/*/plan.json) with a real Terraform, offline.

Each example is produced the way tfguard's end-to-end tests produce their plans
(tests/e2e/tfharness.py): in a fresh temporary directory, apply the starting
configuration with the test provider (tests/e2e/provider/, served to Terraform
through a dev_overrides CLI config file), then plan the example's main.tf
(or plan -destroy) and save `terraform show -json` output, byte for byte, as
examples/<name>/plan.json.

    .venv/bin/python examples/regenerate.py                  # all examples
    .venv/bin/python examples/regenerate.py safe-tags        # one example
    .venv/bin/python examples/regenerate.py --check          # compare, write nothing

Needs `terraform` on PATH (or --terraform) and the `tf` package (Python >= 3.11)
in the Python that runs this script.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent
sys.path.insert(0, str(EXAMPLES.parent / "tests" / "e2e"))

import tfharness  # noqa: E402  (tests/e2e/tfharness.py)


@dataclass(frozen=True)
class Example:
    name: str
    start: str  # example directory whose main.tf is applied first
    destroy: bool = False

    @property
    def directory(self) -> Path:
        return EXAMPLES / self.name


# Every example starts from the deployed "orders" stack (incident-replay/main.tf).
EXAMPLE_LIST = (
    Example("incident-replay", start="incident-replay", destroy=True),
    Example("safe-tags", start="incident-replay"),
    Example("risky-only", start="incident-replay"),
)


def produce(example: Example, terraform: tfharness.Terraform, workdir: Path) -> tfharness.Plan:
    return tfharness.produce_plan(
        terraform,
        workdir,
        start=EXAMPLES / example.start / "main.tf",
        end=example.directory / "main.tf",
        destroy=example.destroy,
    )


def comparable(plan_json: str) -> dict[str, object]:
    """What --check compares: everything but the timestamp and Terraform's version.

    Terraform lists ``relevant_attributes`` in no stable order, so they are compared as a set.
    """
    data = json.loads(plan_json)
    for key in ("timestamp", "terraform_version"):
        data.pop(key, None)
    data.get("prior_state", {}).pop("terraform_version", None)
    if "relevant_attributes" in data:
        data["relevant_attributes"] = sorted(data["relevant_attributes"], key=json.dumps)
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("names", nargs="*", help="examples to regenerate (default: all)")
    ap.add_argument(
        "--terraform", default=shutil.which("terraform"), help="terraform binary (default: on PATH)"
    )
    ap.add_argument(
        "--check", action="store_true", help="only check that the committed plans are reproduced"
    )
    ns = ap.parse_args(argv)

    if not ns.terraform:
        ap.error("terraform is not on PATH; pass --terraform")
    why_not = tfharness.python_can_run_provider()
    if why_not:
        ap.error(why_not)
    known = {e.name: e for e in EXAMPLE_LIST}
    unknown = sorted(set(ns.names) - set(known))
    if unknown:
        ap.error(f"unknown example(s): {', '.join(unknown)} (known: {', '.join(known)})")
    selected = [known[n] for n in ns.names] if ns.names else list(EXAMPLE_LIST)

    stale = []
    with tempfile.TemporaryDirectory(prefix="tfguard-examples-") as tmp:
        root = Path(tmp)
        cli_config = tfharness.write_cli_config(
            root / "terraformrc", tfharness.install_provider(root / "providers")
        )
        terraform = tfharness.Terraform(ns.terraform, tfharness.terraform_env(cli_config))
        print(f"terraform {terraform.version()} ({ns.terraform})")
        for example in selected:
            plan = produce(example, terraform, root / example.name)
            produced = plan.plan_json.read_text()
            target = example.directory / "plan.json"
            if ns.check:
                same = target.exists() and comparable(target.read_text()) == comparable(produced)
                print(f"{example.name}: {'up to date' if same else 'DIFFERS'}")
                if not same:
                    stale.append(example.name)
            else:
                target.write_text(produced)
                actions = [
                    f"{rc['address']} {'/'.join(rc['change']['actions'])}"
                    for rc in json.loads(produced)["resource_changes"]
                    if rc["change"]["actions"] != ["no-op"]
                ]
                print(f"{example.name}: wrote {target.relative_to(EXAMPLES.parent)}")
                for line in actions:
                    print(f"    {line}")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
