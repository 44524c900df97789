"""`tfguard init`: what a repository needs to start using the gate (pure; the CLI writes it).

The files are a commented `.tfguard.hcl`, an empty approval file, and the CI workflow for the
platform: the tested recipe from `examples/ci/` (shipped inside the wheel as `tfguard/recipes/`),
with its Terraform directory set to the one asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

CONFIG = """\
# tfguard configuration: read from the repository root (see the README, "Configuration").
# Keep this file and the approval file under CODEOWNERS review: they are the gate's policy.

approvals {
  file = "tfguard-approvals.hcl"
  # protected_ref      = "origin/main"   # policy and approvals are read from this ref
  # allowed_approvers  = ["alice@example.com", "bob@example.com"]
  # required           = 1               # approvers per destructive change
  # required_when_lost = 2               # when no backup survives the plan
  # max_lifetime       = "7d"            # longest an approval may live
}

# rules {
#   dirs = ["policy/tfguard-rules"]      # your own rule packs
# }

# rule "store-updated" {
#   class = "destructive"                # a rule's class may be raised, never lowered
# }
"""

APPROVALS = """\
# tfguard approvals: `tfguard approve PLAN` appends an entry for each destructive change;
# each approver then adds their own name in their own commit (README, "Approvals").
"""


class Platform(str, Enum):
    GITHUB = "github"
    GITLAB = "gitlab"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Plan:
    files: tuple[tuple[str, str], ...]
    """(path relative to the repository root, content) in the order they are written."""
    notes: tuple[str, ...]
    """What the user should do next, one line each (CODEOWNERS, includes)."""


def recipes_dir() -> Path:
    """`recipes/` inside the installed wheel, or `examples/ci` in a source checkout."""
    package = Path(__file__).parent
    installed = package / "recipes"
    return installed if installed.is_dir() else package.parent / "examples" / "ci"


def detect(root: Path, env: Mapping[str, str]) -> Platform:
    """The CI platform a repository uses, from its files, else from the CI environment."""
    if (root / ".github").is_dir() or env.get("GITHUB_ACTIONS") == "true":
        return Platform.GITHUB
    if (root / ".gitlab-ci.yml").is_file() or env.get("GITLAB_CI") == "true":
        return Platform.GITLAB
    return Platform.NONE


def plan(root: Path, platform: Platform, terraform_dir: str, recipes: Path) -> Plan:
    files = [(".tfguard.hcl", CONFIG), ("tfguard-approvals.hcl", APPROVALS)]
    notes = [
        "CODEOWNERS: require your approvers' review of the gate's policy, e.g.",
        "  /.tfguard.hcl           @your-org/platform",
        "  /tfguard-approvals.hcl  @your-org/platform",
    ]
    if platform is Platform.GITHUB:
        text = (recipes / "github-actions.yml").read_text(encoding="utf-8")
        text = text.replace("working-directory: infra", f"working-directory: {terraform_dir}")
        files.append((".github/workflows/tfguard.yml", text))
    elif platform is Platform.GITLAB:
        text = (recipes / "gitlab-ci.yml").read_text(encoding="utf-8")
        text = text.replace("TF_ROOT: infra", f"TF_ROOT: {terraform_dir}")
        if (root / ".gitlab-ci.yml").exists():
            files.append((".gitlab/tfguard.gitlab-ci.yml", text))
            notes.append(
                "GitLab: add `include: [{local: .gitlab/tfguard.gitlab-ci.yml}]` to "
                ".gitlab-ci.yml (its plan job replaces yours)."
            )
        else:
            files.append((".gitlab-ci.yml", text))
    else:
        notes.append("No CI platform detected: see examples/ci/ in tfguard's repository.")
    return Plan(tuple(files), tuple(notes))
