"""Run the benchmark scripts with the project's venv, whatever `python` the user typed: they
time the project's tfguard and its orjson, not whatever the system Python has."""

from __future__ import annotations

import os
import sys
from pathlib import Path

VENV = Path(__file__).resolve().parent.parent / ".venv"


def use_project_venv(script: str) -> None:
    python = VENV / "bin" / "python"
    if python.exists() and Path(sys.prefix).resolve() != VENV.resolve():
        print(f"(re-running with {python})", file=sys.stderr, flush=True)
        os.execv(python, [str(python), script, *sys.argv[1:]])
