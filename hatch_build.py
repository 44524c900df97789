"""Build hook: ship the built-in rule packs parsed and validated inside the wheel.

Parsing the packs with python-hcl2 costs ~1.8 s, once per machine (then tfguard's own cache
answers); a CI machine is fresh every run and paid it every run. The wheel now carries
`tfguard/rules/_parsed.json` (see tfguard/read/rulebook.py, `SHIPPED`), made here from the
same sources by the same code. Nothing generated is committed. Editable installs read the
packs from the checkout as before.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        sys.path.insert(0, self.root)
        from tfguard.read import rulebook

        parsed = rulebook.shipped_packs(Path(self.root) / "rules")
        out = Path(tempfile.mkdtemp(prefix="tfguard-build-")) / rulebook.SHIPPED
        out.write_bytes(parsed)
        build_data["force_include"][str(out)] = f"tfguard/rules/{rulebook.SHIPPED}"
