"""One base error and one subclass per stage. Only `cli.py` turns them into exit code 2.

Every message is one line, names the file it is about, and never contains a value Terraform
marks sensitive.
"""

from enum import IntEnum


class TfguardError(Exception):
    """Anything tfguard cannot read or understand: the gate fails closed (exit 2)."""


class PlanError(TfguardError):
    """Raised by plan.py: the plan is missing, unreadable, or not a plan tfguard understands."""


class RulebookError(TfguardError):
    """Raised by rulebook.py: a rule pack does not parse or does not validate."""


class ConfigError(TfguardError):
    """Raised by config.py: .tfguard.hcl does not parse or does not validate."""


class ApprovalError(TfguardError):
    """Raised by approvals.py: the approval file does not parse or does not validate."""


class ProvenanceError(TfguardError):
    """Raised by provenance.py: git cannot answer a question the configured level asks."""


class TerraformError(TfguardError):
    """Raised by terraform.py: terraform is missing or failed."""


class OutputError(TfguardError):
    """Raised when a report cannot be written where the user asked."""


class PlatformError(TfguardError):
    """Raised by platform/: a GitHub or GitLab API call failed or was refused (never a pass)."""


class ExitCode(IntEnum):
    """tfguard's exit codes, for every command, the wrapper and the shim's gate."""

    PASS = 0
    BLOCKED = 1
    ERROR = 2
