# Snowflake (Snowflake-Labs/snowflake): databases, schemas, tables and stages, and the Time Travel
# window that makes a dropped object recoverable. Facts and citations: taxonomy §3.5 and §4.4.
#
# Snowflake objects carry no tags attribute (tags are separate snowflake_tag_association
# resources), so there is no tag-only update of a database to let through.

pack {
  provider      = "snowflake"
  summary       = "Snowflake databases, schemas, tables, stages and replication"
  type_prefixes = ["snowflake_"]
}

# --- databases --------------------------------------------------------------------------------

resource "snowflake_database" {
  category = "database"
  summary  = "Snowflake database. data_retention_time_in_days is its Time Travel window (UNDROP, CLONE AT); is_transient (no Fail-safe) is ForceNew."
}

resource "snowflake_schema" {
  category = "database"
  summary  = "Snowflake schema: every table in it. data_retention_time_in_days is its Time Travel window."
}

resource "snowflake_table" {
  category = "database"
  summary  = "Snowflake table. data_retention_time_in_days is its Time Travel window; moving it to another database or schema replaces it."
}

# --- data stores ------------------------------------------------------------------------------

resource "snowflake_dynamic_table" {
  category = "data_store"
  summary  = "Snowflake dynamic table (materialised from a query)."
}

resource "snowflake_external_table" {
  category = "data_store"
  summary  = "Snowflake external table over files in a stage. Deleting or replacing it deletes what it holds."
}

resource "snowflake_stage" {
  category = "data_store"
  summary  = "Snowflake stage: an internal stage holds the staged files themselves."
}

# --- backups ----------------------------------------------------------------------------------

resource "snowflake_secondary_database" {
  category = "backup"
  summary  = "Replica of a database in another account (a failover copy)."
}

resource "snowflake_failover_group" {
  category = "backup_policy"
  summary  = "Failover group: replicates databases and account objects to other accounts."
}

# --- dependencies -----------------------------------------------------------------------------

resource "snowflake_shared_database" {
  category = "dependency"
  summary  = "Database created from a share: the data belongs to the provider account; dropping it only removes access."
}

# --- disarm rules -----------------------------------------------------------------------------

rule "snowflake-time-travel-off" {
  class   = "destructive"
  summary = "Snowflake Time Travel is switched off (retention 0)"
  message = "sets {attribute} on {address} to 0 (from {before}): dropped or changed data can no longer be recovered with Time Travel or UNDROP"
  doc     = <<-EOT
    Why: `data_retention_time_in_days` is the Time Travel window; 0 means a DROP cannot be
    undone with UNDROP and past versions cannot be queried or cloned.
  EOT
  match {
    actions    = ["update"]
    types      = ["snowflake_database", "snowflake_schema", "snowflake_table"]
    attribute  = "data_retention_time_in_days"
    transition = "set_to"
    value      = 0
  }
}

rule "snowflake-time-travel-shortened" {
  class   = "destructive"
  summary = "The Snowflake Time Travel window is shortened"
  message = "shortens the Time Travel window of {address} from {before} to {after}: history older than {after} moves to Fail-safe and can no longer be queried, cloned or undropped"
  doc     = <<-EOT
    Why: `data_retention_time_in_days` is the Time Travel window; data past it is moved into
    Fail-safe (recoverable only by Snowflake support, for 7 days, then gone). -1 means "inherit
    from the parent" in recent provider versions, which tfguard cannot see, so it fails closed.
  EOT
  match {
    actions    = ["update"]
    types      = ["snowflake_database",  "snowflake_schema",  "snowflake_table"]
    attribute  = "data_retention_time_in_days"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      source     = "https://docs.snowflake.com/en/user-guide/data-time-travel"
    }
  }
}

# --- what a delete takes with it (judged on the state the provider deletes with) ------------

rule "snowflake-dropped-without-time-travel" {
  class   = "destructive"
  summary = "A Snowflake object without Time Travel is dropped: it cannot be UNDROPped"
  message = "{address} is dropped with {attribute} = 0 in its state: it cannot be recovered with UNDROP"
  doc     = <<-EOT
    Why: with Time Travel a dropped database, schema or table can be restored with UNDROP within
    the window; with 0 it is gone (beyond Snowflake support's Fail-safe, if any).
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["snowflake_database", "snowflake_schema", "snowflake_table"]
    attribute  = "data_retention_time_in_days"
    transition = "is"
    value      = 0
  }
}

store "snowflake_database" {
  also    = ["snowflake_schema", "snowflake_table"]
  summary = "A dropped object can be restored with UNDROP within its Time Travel retention (data_retention_time_in_days); -1 inherits a parent or account setting tfguard cannot see."
  source  = "https://docs.snowflake.com/en/user-guide/data-time-travel"
  survives "time-travel-undrop" {
    says           = "it can be restored with UNDROP within its Time Travel retention ({value} days)"
    otherwise      = "no Time Travel retention: UNDROP cannot restore it"
    attribute      = "data_retention_time_in_days"
    not_values     = [0]
    unknown_values = [-1]
    source         = "https://docs.snowflake.com/en/user-guide/data-time-travel; snowflake docs/resources/database.md, schema.md, table.md (data_retention_time_in_days, -1 inherits)"
  }
  deletes "fail-safe" {
    says   = "Fail-safe (7 days, permanent objects only) is recoverable by Snowflake Support alone, not by users"
    source = "https://docs.snowflake.com/en/user-guide/data-failsafe"
  }
}
