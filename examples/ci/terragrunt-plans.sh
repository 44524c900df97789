#!/usr/bin/env bash
# Plan every Terragrunt unit under a directory, turn each plan into JSON, and gate them all
# with one tfguard verdict (see terragrunt.md).
#
#   examples/ci/terragrunt-plans.sh live/prod [tfguard check options...]
#
# Env: TERRAGRUNT (default terragrunt), TERRAFORM (terraform, or tofu), TFGUARD (tfguard),
#      PLAN_DIR (where the JSON plans go, default tfguard-plans; its *.json are removed first),
#      TG_RUN_ALL ("run --all" for Terragrunt >= 0.73, "run-all" for older releases).
# Exit code: tfguard's (0 pass, 1 blocked, 2 cannot judge); 2 if planning itself fails.
set -euo pipefail

root="${1:?usage: terragrunt-plans.sh DIR [tfguard check options...]}"
shift
terragrunt="${TERRAGRUNT:-terragrunt}"
terraform="${TERRAFORM:-terraform}"
tfguard="${TFGUARD:-tfguard}"
plan_dir_given="${PLAN_DIR:-tfguard-plans}"
start="$PWD"
read -r -a run_all <<< "${TG_RUN_ALL:-run --all}"

mkdir -p "$plan_dir_given"
find "$plan_dir_given" -maxdepth 1 -name '*.json' -type f -exec rm -f {} +   # JSON plans of an earlier run
plan_dir="$(cd "$plan_dir_given" && pwd)"
cd "$root"

# No plan of an earlier run may be mistaken for this run's.
find . -path '*/.terragrunt-cache/*' -name tfplan.bin -exec rm -f {} +

if [ "${run_all[0]}" = "run-all" ]; then
  "$terragrunt" run-all plan -input=false -out=tfplan.bin --terragrunt-non-interactive || exit 2
else
  "$terragrunt" "${run_all[@]}" --non-interactive -- plan -input=false -out=tfplan.bin || exit 2
fi

# Each unit planned inside its .terragrunt-cache working directory; read every plan back there
# and name its JSON after the unit's path (db/primary -> PLAN_DIR/db__primary.json).
found=0
while IFS= read -r plan; do
  workdir="$(dirname "$plan")"
  unit="${plan%%/.terragrunt-cache/*}"
  unit="${unit#./}"
  [ "$unit" = "." ] && unit="root"
  name="${unit//\//__}"
  "$terraform" -chdir="$workdir" show -json tfplan.bin > "$plan_dir/$name.json" || exit 2
  found=$((found + 1))
done < <(find . -path '*/.terragrunt-cache/*' -name tfplan.bin | sort)

if [ "$found" -eq 0 ]; then
  echo "terragrunt-plans.sh: no plan found under $root/**/.terragrunt-cache" >&2
  exit 2
fi

cd "$start"   # so that tfguard options (--approvals FILE …) mean what they meant to the caller
plans=()
while IFS= read -r json; do plans+=("$json"); done < <(
  find "$plan_dir_given" -maxdepth 1 -name '*.json' | sort
)
# One verdict over every unit's plan (tfguard check PLAN...): each change is labelled with its
# unit's plan file, and the exit code is the gate's.
exec "$tfguard" check "${plans[@]}" "$@"
