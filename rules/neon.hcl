# Neon (kislerdm/neon): serverless Postgres projects, branches and databases. Facts and citations:
# taxonomy §3.5, §4.4 and §5.4. Several Neon switches are strings "yes" / "no", not booleans.

pack {
  provider      = "neon"
  summary       = "Neon projects, branches, databases and their history retention"
  type_prefixes = ["neon_"]
}

# --- databases --------------------------------------------------------------------------------

resource "neon_project" {
  category = "database"
  summary  = "Neon project: deleting it deletes every branch and database in it. history_retention_seconds is the point-in-time restore window; changing pg_version replaces the whole project."
}

resource "neon_branch" {
  category = "database"
  summary  = "Neon branch (a copy-on-write Postgres instance). protected = \"yes\" makes it undeletable."
}

resource "neon_database" {
  category = "database"
  summary  = "A database on a Neon branch. Deleting or replacing it deletes its data."
}

# --- dependencies -----------------------------------------------------------------------------

resource "neon_endpoint" {
  category = "dependency"
  summary  = "Compute endpoint of a branch; the data lives in the branch."
}

# --- rules ------------------------------------------------------------------------------------

rule "neon-history-retention-zero" {
  class   = "destructive"
  summary = "Neon point-in-time restore history is switched off (retention 0)"
  message = "sets {attribute} on {address} to 0 (from {before}): the project can no longer be restored to an earlier point in time"
  doc     = <<-EOT
    Why: `history_retention_seconds` is how long Neon keeps the history that point-in-time
    restore and branching from the past need (default 7 days).
  EOT
  match {
    actions    = ["update"]
    types      = ["neon_project"]
    attribute  = "history_retention_seconds"
    transition = "set_to"
    value      = 0
  }
}

rule "neon-history-retention-shortened" {
  class   = "risky"
  summary = "The Neon point-in-time restore window is shortened"
  message = "shortens {attribute} on {address} from {before} to {after} seconds"
  doc     = <<-EOT
    Why: history older than the new window is dropped.
  EOT
  match {
    actions    = ["update"]
    types      = ["neon_project"]
    attribute  = "history_retention_seconds"
    transition = "decreased"
  }
}

rule "neon-branch-unprotected" {
  class   = "destructive"
  summary = "Protection is switched off on a Neon branch"
  message = "switches protection off on {address} ({attribute}: {before} → {after}): the branch can then be deleted"
  doc     = <<-EOT
    Why: "Protected branches cannot be deleted" (nor reset), and a project with protected
    branches cannot be deleted. `protected` is the string "yes" or "no".
  EOT
  match {
    actions    = ["update"]
    types      = ["neon_branch"]
    attribute  = "protected"
    transition = "set_to"
    value      = "no"
  }
}

rule "neon-project-replaced-by-pg-version" {
  class   = "destructive"
  summary = "Changing the Postgres version replaces a whole Neon project"
  message = "changes pg_version of {address}, which replaces the whole project: every branch and database in it is deleted"
  doc     = <<-EOT
    Why: `pg_version` cannot be changed in place; the provider deletes the project and creates
    an empty one. Migrate with a dump or logical replication instead.
  EOT
  match {
    actions       = ["replace"]
    types         = ["neon_project"]
    replace_paths = ["pg_version"]
  }
}

# --- recovery facts: what survives a delete (recovery verdicts lost / kept / unknown) ---------

store "neon_project" {
  summary = "A deleted project can be recovered within a 7-day deletion recovery period, through an API Neon marks beta; tfguard does not count on it."
  source  = "https://neon.com/docs/reference/api/projects/recover-project"
  deletes "branches-and-databases" {
    says   = "deleting the project deletes every branch, database and endpoint in it"
    source = "https://api-docs.neon.tech/reference/deleteproject"
  }
  unknown "deletion-recovery-period" {
    says   = "Neon documents a 7-day deletion recovery period for projects, through a recover API it marks beta; whether it covers this project is not in the plan"
    source = "https://neon.com/docs/reference/api/projects/recover-project (checked 2026-11: stability beta)"
  }
}

store "neon_branch" {
  summary = "A deleted branch can be recovered for 7 days where Neon's branch soft delete is available (a preview, not available to all accounts)."
  source  = "https://api-docs.neon.tech/reference/deleteprojectbranch"
  parent "neon_project" {
    attribute = "project_id"
    key       = "id"
    says      = "deleting the project deletes its branches"
    source    = "https://api-docs.neon.tech/reference/deleteproject"
  }
  unknown "branch-soft-delete" {
    says         = "deleted branches can be recovered within 7 days, but Neon says branch soft delete is in preview and not available to all users"
    needs_parent = true
    source       = "https://api-docs.neon.tech/reference/deleteprojectbranch (checked 2026-11)"
  }
}

store "neon_database" {
  summary = "A dropped database comes back with an instant restore of its branch while the project's history window (history_retention_seconds) still covers the drop."
  source  = "https://neon.com/faqs/delete-database-neon"
  parent "neon_branch" {
    attribute = "branch_id"
    key       = "id"
    says      = "deleting the branch deletes its databases"
    source    = "https://api-docs.neon.tech/reference/deleteprojectbranch"
  }
  parent "neon_project" {
    attribute = "project_id"
    key       = "id"
    says      = "deleting the project deletes its branches and databases"
    source    = "https://api-docs.neon.tech/reference/deleteproject"
  }
  survives "instant-restore-within-history" {
    says          = "an instant restore of the branch brings a dropped database back while the project's history window ({value} seconds) covers the drop"
    otherwise     = "the project keeps no history (history_retention_seconds = 0)"
    via_types     = ["neon_project"]
    via_attribute = "project_id"
    via_key       = "id"
    attribute     = "history_retention_seconds"
    not_values    = [0]
    needs_parent  = true
    source        = "https://neon.com/faqs/delete-database-neon (checked 2026-11); kislerdm/neon docs/resources/project.md (history_retention_seconds)"
  }
}
