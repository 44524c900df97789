# Scalr: tfguard as the workspace's pre-apply hook (Scalr's Terraform provider; the same
# command can be typed into the workspace settings, Hooks → Pre-apply).
#
# Scalr runs hooks in the workspace's working directory and fails the run when a hook exits
# non-zero, so a blocked plan (tfguard exit 1) or one tfguard cannot judge (exit 2) is never
# applied. The hooks are not handed the run's plan file, so tfguard-gate.sh (beside this file,
# committed to the workspace's directory) makes its own plan and runs `tfguard check` on it.
# tfguard must be installed in the run's image (a pre-init hook can `pip install` it).
#
# Policy and signatures: set TFGUARD_PROTECTED_REF in the run's environment to the protected
# branch as the checkout knows it (e.g. origin/main; fetch it). The policy is then the stricter
# of that branch's .tfguard.hcl and the change's own, and at the default level, `signed`, the
# allowed-signers file (approvals.allowed_signers) is read from it; without it every approval at
# `signed` blocks (README, "Provenance levels").
resource "scalr_workspace" "prod" {
  name              = "prod"
  environment_id    = var.environment_id
  vcs_provider_id   = var.vcs_provider_id
  working_directory = "infra/prod"

  vcs_repo {
    identifier = "acme/infrastructure"
    branch     = "main"
  }

  hooks {
    pre_init  = "pip install --quiet 'tfguard @ git+https://github.com/tfguard/tfguard@v1.0.0'"
    pre_apply = "bash ./tfguard-gate.sh"
  }
}

variable "environment_id" {
  type = string
}

variable "vcs_provider_id" {
  type = string
}
