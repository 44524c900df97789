"""`tfguard init`: what a repository needs to start using the gate (pure; the CLI writes it).

The files are a commented `.tfguard.hcl`, an empty approval file, an allowed-signers template
(at the default level, `signed`), and the CI workflow for the platform: the tested recipe from
`examples/ci/` (shipped inside the wheel as `tfguard/recipes/`), with its Terraform directory
set to the one asked for. The recipes name the protected branch (TFGUARD_PROTECTED_REF).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from pathlib import Path

from tfguard.record import record

HEADER = """\
# tfguard configuration: read from the repository root (see the README, "Configuration").
# Keep this file, the approval file and the allowed-signers file under CODEOWNERS review: they
# are the gate's policy. CI names the protected branch (--protected-ref or TFGUARD_PROTECTED_REF,
# e.g. origin/main): the policy is then the stricter of that branch's copy of this file and the
# change's own, so a pull request cannot lower its own bar.

approvals {
  file = "tfguard-approvals.hcl"
"""

SIGNED = """\
  # The default level, `signed`: each approver adds their name in a commit signed with their own
  # ssh key, and only keys listed in the allowed-signers file count (read from the protected
  # branch, never from the change). Until it lists your approvers, every approval blocks.
  provenance      = "signed"
  allowed_signers = "tfguard-allowed-signers"
"""

REVIEWED = """\
  # Approvals are the pull/merge request's reviews: the workflow applies after the merge, which
  # rewrites commits, so signatures on approval commits would not survive it. Name who may
  # approve (platform logins); the list is read from the protected branch only, and without it
  # every run is refused.
  provenance = "reviewed"
  # allowed_approvers = ["alice", "bob"]
"""

REST = """\
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

SIGNERS = """\
# Allowed signers for tfguard (git's ssh allowed-signers format, `man ssh-keygen`): one line per
# approver, the email they put in approved_by, then their ssh public key, e.g.
#
#   alice@example.com namespaces="git" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA... alice
#
# One key per person: a shared key proves nothing. tfguard reads this file from the protected
# branch (--protected-ref), so a change to it counts once it is merged. Approvers sign with:
#   git config gpg.format ssh && git config user.signingkey ~/.ssh/id_ed25519.pub
# and `tfguard approvals sign` commits their approval signed.
"""

APPROVALS = """\
# tfguard approvals: `tfguard approve PLAN` appends an entry for each destructive change;
# each approver then adds their own name in their own commit (README, "Approvals").
"""


class Platform(str, Enum):
    GITHUB = "github"
    GITLAB = "gitlab"
    NONE = "none"


@record
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


def config_text(platform: Platform) -> str:
    """The commented `.tfguard.hcl`: `reviewed` where the workflow applies after a merge (the
    GitHub and GitLab recipes), else the default `signed` with an allowed-signers file."""
    level = SIGNED if platform is Platform.NONE else REVIEWED
    return HEADER + level + REST


SIGNERS_FILE = "tfguard-allowed-signers"


def plan(root: Path, platform: Platform, terraform_dir: str, recipes: Path) -> Plan:
    files = [(".tfguard.hcl", config_text(platform)), ("tfguard-approvals.hcl", APPROVALS)]
    notes = [
        "CODEOWNERS: require your approvers' review of the gate's policy, e.g.",
        "  /.tfguard.hcl           @your-org/platform",
        "  /tfguard-approvals.hcl  @your-org/platform",
    ]
    if platform is Platform.NONE:
        files.append((SIGNERS_FILE, SIGNERS))
        notes += [
            f"  /{SIGNERS_FILE} @your-org/platform",
            f"Approvals (level `signed`) block until {SIGNERS_FILE} lists each approver's ssh "
            "key and is merged to the protected branch;",
            "  run the gate as `tfguard check --protected-ref origin/main PLAN` "
            "(or set TFGUARD_PROTECTED_REF) so keys and policy are read from that branch.",
        ]
    else:
        notes.append(
            "Approvals are pull/merge request reviews (level `reviewed`): list who may approve "
            "in allowed_approvers, merged to the protected branch; until then runs are refused."
        )
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
