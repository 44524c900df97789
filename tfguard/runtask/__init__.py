"""`tfguard runtask`: the gate as an HCP Terraform / Terraform Enterprise run task service.

HCP Terraform POSTs a signed request at a run stage; the service answers 200 at once, then in
the background fetches the JSON plan, judges it with the same gate as `tfguard check`
(`tfguard.pipeline`), with approvals read from a clone of the workspace's repository at the
run's commit, and PATCHes the result back.

    config.py   the service's settings, from the environment (and the repository map file)
    hcp.py      the HCP Terraform client: allowed hosts, plan download, result callback
    repos.py    approvals from git: clone cache, checkout at the run's commit
    worker.py   one run task request, from payload to callback, inside the deadline
    outcomes.py verdict -> callback body (message, one outcome per flagged change)
    app.py      the ASGI app (Starlette): signature, dedupe, concurrency limit, /healthz

The framework, server and HTTP client come with the optional extra `tfguard[runtask]`; nothing
here is imported by the CLI until `tfguard runtask` runs.
"""

from __future__ import annotations

import importlib.util

INSTALL_HINT = "pip install 'tfguard[runtask]'"
REQUIRED_MODULES = ("starlette", "uvicorn", "httpx")


def missing_modules() -> list[str]:
    """The modules of the `runtask` extra that are not installed."""
    return [name for name in REQUIRED_MODULES if importlib.util.find_spec(name) is None]
