#!/usr/bin/env bash
# tfguard-gate.sh [PLAN_FILE] [-- TFGUARD_CHECK_ARGS...]
#
# Judge a saved Terraform plan with `tfguard check` before the platform applies: exit 0 pass,
# 1 blocked, 2 cannot judge (both non-zero codes must stop the apply). Run it in the
# initialised working directory of the stack.
#
# With PLAN_FILE (a binary plan from `terraform plan -out`), that exact plan is judged. Without
# it, the script makes its own plan first (`terraform plan -out tfguard.tfplan`): for platforms
# whose hooks do not hand over the run's plan file (the recipes say which). That plan is made
# from the same configuration and state a moment before the platform's apply.
#
# TFGUARD_TERRAFORM_BIN picks the binary (e.g. tofu); TFGUARD_PLAN_JSON where the JSON goes.
#
# Policy and signatures: set TFGUARD_PROTECTED_REF in the run's environment to the protected
# branch as the checkout knows it (e.g. origin/main; fetch it). The policy is then the stricter
# of that branch's .tfguard.hcl and the change's own, and at the default level, `signed`, the
# allowed-signers file (approvals.allowed_signers) is read from it; without it every approval at
# `signed` blocks (README, "Provenance levels").
set -euo pipefail

tf="${TFGUARD_TERRAFORM_BIN:-terraform}"
json="${TFGUARD_PLAN_JSON:-tfguard-plan.json}"
plan=""
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  plan="$1"
  shift
fi
[ "${1:-}" = "--" ] && shift

if [ -z "$plan" ]; then
  plan="tfguard.tfplan"
  "$tf" plan -input=false -lock=false -out="$plan" >&2
fi
"$tf" show -json "$plan" > "$json"
tfguard check "$json" "$@"
