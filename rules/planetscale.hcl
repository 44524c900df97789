# PlanetScale (planetscale/planetscale): Vitess and Postgres branches, keyspaces and their backups.
# Facts and citations: taxonomy §3.5, §4.4 and §5.4.

pack {
  provider      = "planetscale"
  summary       = "PlanetScale Vitess and Postgres branches, keyspaces, backups and backup policies"
  type_prefixes = ["planetscale_"]
}

# --- databases --------------------------------------------------------------------------------

resource "planetscale_vitess_branch" {
  category = "database"
  summary  = "PlanetScale Vitess (MySQL) branch, guarded by deletion_protected. delete_descendants deletes its child branches with it; parent_branch, region and backup_id are ForceNew."
}

resource "planetscale_vitess_keyspace" {
  category = "database"
  summary  = "Keyspace of a Vitess branch: its tables and data. Deleting or replacing it deletes its data."
}

resource "planetscale_postgres_branch" {
  category = "database"
  summary  = "PlanetScale Postgres branch, guarded by deletion_protected. delete_descendants deletes its child branches with it."
}

# --- backups ----------------------------------------------------------------------------------

resource "planetscale_vitess_branch_backup" {
  category = "backup"
  summary  = "Backup of a Vitess branch. Deleting it deletes that recovery copy."
}

resource "planetscale_postgres_branch_backup" {
  category = "backup"
  summary  = "Backup of a Postgres branch. Deleting it deletes that recovery copy."
}

resource "planetscale_vitess_backup_policy" {
  category = "backup_policy"
  summary  = "Backup schedule and retention of a Vitess database."
}

resource "planetscale_postgres_backup_policy" {
  category = "backup_policy"
  summary  = "Backup schedule and retention of a Postgres database."
}

# --- disarm rules -----------------------------------------------------------------------------

rule "planetscale-deletion-protection-off" {
  class   = "destructive"
  summary = "Deletion protection is switched off on a PlanetScale branch"
  message = "switches deletion protection off on {address} ({attribute}: {before} → {after}): the step before a delete"
  doc     = <<-EOT
    Why: `deletion_protected` makes deleting the branch fail.
  EOT
  match {
    actions    = ["update"]
    types      = ["planetscale_vitess_branch", "planetscale_postgres_branch"]
    attribute  = "deletion_protected"
    transition = "became_false"
    default    = false
  }
}

rule "planetscale-delete-descendants-on" {
  class   = "destructive"
  summary = "A PlanetScale branch will delete its descendant branches with it"
  message = "sets {attribute} on {address}: a later delete also deletes every descendant branch"
  doc     = <<-EOT
    Why: "If true, recursively delete all descendant branches along with this branch".
  EOT
  match {
    actions    = ["update"]
    types      = ["planetscale_vitess_branch", "planetscale_postgres_branch"]
    attribute  = "delete_descendants"
    transition = "became_true"
    default    = false
  }
}

# --- what a delete takes with it (judged on the state the provider deletes with) ------------

rule "planetscale-deleted-with-descendants" {
  class   = "destructive"
  summary = "A PlanetScale branch is deleted together with its descendant branches"
  message = "{address} is deleted with {attribute} = true: every descendant branch is deleted too"
  doc     = <<-EOT
    Why: `delete_descendants` is read from the state when the branch is deleted.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["planetscale_vitess_branch", "planetscale_postgres_branch"]
    attribute  = "delete_descendants"
    transition = "is"
    value      = true
  }
}

# --- recovery facts: what survives a delete (recovery verdicts lost / kept / unknown) ---------

store "planetscale_vitess_branch" {
  also    = ["planetscale_postgres_branch"]
  summary = "PlanetScale refuses to delete a branch while its deletion protection is on; what happens to the backups of a deleted branch is not documented."
  source  = "https://planetscale.com/docs/security/deletion-protection"
  survives "deletion-protection" {
    says      = "PlanetScale blocks the delete while deletion protection is on (deletion_protected = true)"
    otherwise = "deletion protection is off"
    attribute = "deletion_protected"
    default   = false
    values    = [true]
    source    = "https://planetscale.com/docs/security/deletion-protection (checked 2026-11); planetscale docs/resources/vitess_branch.md, postgres_branch.md (deletion_protected)"
  }
  unknown "backups-after-delete" {
    says   = "PlanetScale's documentation does not say whether a deleted branch's backups outlive it"
    source = "https://planetscale.com/docs/postgres/branching; https://docs.planetscale.com/psdb/backups (checked 2026-11: silent on deleted branches)"
  }
}
