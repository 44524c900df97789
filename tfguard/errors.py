"""Every exception tfguard raises, one subclass per stage, and the exit codes.

Only `tfguard.cli` (and the shim's entry point) turn an error into exit code 2.

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
    """Raised by git/commit.py and `approvals sign`: git cannot record or answer what the
    approval flow needs (no user.email, a failed commit)."""


class DataError(ValueError):
    """Not HCL the strict data reader (`read/hcldata.py`) accepts; the message names the line.
    Callers turn it into their own stage's error (approvals, history)."""


class HclError(TfguardError):
    """Raised by read/hcl.py: a file is not valid HCL, or holds an expression tfguard will not
    evaluate."""


class SourceError(TfguardError):
    """The Terraform configuration (`.tf` files, in the work tree or at a git ref) cannot be
    read: raised by read/tflocations.py and git/prevent_destroy.py."""


class UsageError(TfguardError):
    """Raised by terraform/args.py: terraform arguments tfguard cannot pass on."""


class TerraformError(TfguardError):
    """Raised by terraform.py: terraform is missing or failed."""


class OutputError(TfguardError):
    """Raised when a report cannot be written where the user asked."""


class PlatformError(TfguardError):
    """Raised by platform/: a GitHub or GitLab API call failed or was refused (never a pass)."""


class NotFound(PlatformError):
    """Raised by platform/http.py on HTTP 404: callers asking whether something exists catch
    this one."""


class HcpError(Exception):  # not a TfguardError: the run task reports it to HCP, not as exit 2
    """HCP Terraform refused or failed a request: the message says what to fix."""


class ExitCode(IntEnum):
    """tfguard's exit codes, for every command, the wrapper and the shim's gate."""

    PASS = 0
    BLOCKED = 1
    ERROR = 2
