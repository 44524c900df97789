# Spacelift plan policy: deny a run whose plan tfguard blocked (or could not judge).
#
# Pair it with the after_plan hooks of spacelift-config.yml ending in `|| true`: they run
# `tfguard check tfguard-plan.json --format json --output tfguard.custom.spacelift.json`, whose
# report Spacelift hands to this policy as input.third_party_metadata.custom.tfguard.
package spacelift

import rego.v1

report := input.third_party_metadata.custom.tfguard

deny contains "tfguard could not judge this plan (no report): see the after_plan hook output" if {
	not report
}

deny contains sprintf("tfguard: %d destructive change(s) not approved: %s", [count(blocked), concat(", ", blocked)]) if {
	report.verdict == "block"
}

blocked contains change.address if {
	some change in report.changes
	change.classification == "destructive"
	not change.approved
}
