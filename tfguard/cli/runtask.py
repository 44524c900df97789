"""`tfguard runtask`: serve HCP Terraform / Terraform Enterprise run tasks.

The service lives in `tfguard.runtask` and needs the `runtask` extra; without it the command
exits 2 saying how to install it, and nothing of the service is imported.
"""

from __future__ import annotations

import os
from dataclasses import replace

import click

from tfguard.cli.options import cache_dir
from tfguard.errors import ConfigError, ExitCode


@click.command("runtask")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0 to serve other machines, as in the container).",
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8080, show_default=True, help="Port."
)
def runtask(host: str, port: int) -> int:
    """Serve HCP Terraform run tasks: POST /runtask, GET /healthz.

    Each run's plan is judged by the same gate as `check`, with approvals read from the
    workspace's repository at the run's commit, and the result is sent back to HCP Terraform
    (passed or failed, one outcome per flagged change). Settings come from TFGUARD_RUNTASK_*
    environment variables; TFGUARD_RUNTASK_HMAC_KEY is required (docs/runtask.md).

    Needs the extra: pip install 'tfguard[runtask]'.
    """
    from tfguard import runtask as service

    missing = service.missing_modules()
    if missing:
        raise ConfigError(
            f"tfguard runtask needs {', '.join(missing)}, which is not installed: "
            f"{service.INSTALL_HINT}"
        )
    from tfguard.runtask import app, config

    settings = replace(config.from_environ(os.environ), rule_cache=cache_dir())
    app.serve(settings, host, port)
    return ExitCode.PASS
