# Oracle Cloud Infrastructure (oracle/oci): Oracle databases, MySQL HeatWave, PostgreSQL and NoSQL,
# Object Storage buckets, block and file storage, and Vault keys. Facts and citations: taxonomy
# §3.5 and §4.4. The MySQL deletion policy (is_delete_protected, final_backup,
# automatic_backup_retention) is read when the DB system is deleted.
#
# OCI tags live in freeform_tags / defined_tags, which the core "tags and labels only" exception
# does not name: a tag-only update of an OCI data store is reported as a risky update.

pack {
  provider      = "oci"
  summary       = "OCI Oracle databases, MySQL HeatWave, PostgreSQL, NoSQL, Object Storage, block and file storage, Vault keys"
  type_prefixes = ["oci_"]
}

# --- databases --------------------------------------------------------------------------------

resource "oci_database_autonomous_database" {
  category = "database"
  summary  = "Autonomous Database. backup_retention_period_in_days is how long its automatic backups are kept."
}

resource "oci_database_db_system" {
  category = "database"
  summary  = "Oracle Base Database DB system with its databases."
}

resource "oci_database_database" {
  category = "database"
  summary  = "Oracle database. database[0].db_backup_config[0] decides automatic backups, the recovery window and what happens to backups when it is terminated."
}

resource "oci_mysql_mysql_db_system" {
  category = "database"
  summary  = "MySQL HeatWave DB system. deletion_policy[0] decides delete protection, the final backup (REQUIRE/SKIP_FINAL_BACKUP) and whether automatic backups are kept (RETAIN) or deleted (DELETE) with it."
}

resource "oci_psql_db_system" {
  category = "database"
  summary  = "OCI Database with PostgreSQL DB system. Deleting or replacing it deletes its data."
}

resource "oci_nosql_table" {
  category = "database"
  summary  = "NoSQL Database Cloud table. Deleting or replacing it deletes its data."
}

# --- data stores ------------------------------------------------------------------------------

resource "oci_objectstorage_bucket" {
  category = "data_store"
  summary  = "Object Storage bucket. versioning and retention_rules (locked after time_rule_locked) protect its objects."
}

# --- volumes ----------------------------------------------------------------------------------

resource "oci_core_volume" {
  category = "volume"
  summary  = "Block volume. Deleting or replacing it deletes the data on it."
}

resource "oci_file_storage_file_system" {
  category = "volume"
  summary  = "File Storage file system. Deleting or replacing it deletes the data on it."
}

# --- keys -------------------------------------------------------------------------------------

resource "oci_kms_key" {
  category = "key"
  summary  = "Vault master encryption key: data encrypted with it becomes unrecoverable once it is deleted (time_of_deletion schedules that)."
}

resource "oci_kms_vault" {
  category = "key"
  summary  = "Vault: deleting it deletes every key in it. Data encrypted with it becomes unreadable once it is gone."
}

# --- disarm rules: MySQL HeatWave deletion policy and backups ---------------------------------

rule "oci-mysql-delete-protection-off" {
  class   = "destructive"
  summary = "Delete protection is switched off on a MySQL DB system"
  message = "switches delete protection off on {address} ({attribute}: {before} → {after}): the step before a delete"
  doc     = <<-EOT
    Why: `deletion_policy[0].is_delete_protected` (default false) makes deleting the DB system
    fail.
  EOT
  match {
    actions    = ["update"]
    types      = ["oci_mysql_mysql_db_system"]
    attribute  = "deletion_policy[0].is_delete_protected"
    transition = "became_false"
    default    = false
  }
}

rule "oci-mysql-final-backup-skipped" {
  class   = "destructive"
  summary = "A MySQL DB system will be deleted without a final backup"
  message = "sets {attribute} on {address} to SKIP_FINAL_BACKUP ({before} → {after}): a later delete takes no final backup"
  doc     = <<-EOT
    Why: "REQUIRE_FINAL_BACKUP: a backup is taken if the DB System is deleted. SKIP_FINAL_BACKUP:
    a backup is not taken if the DB System is deleted."
  EOT
  match {
    actions    = ["update"]
    types      = ["oci_mysql_mysql_db_system"]
    attribute  = "deletion_policy[0].final_backup"
    transition = "set_to"
    value      = "SKIP_FINAL_BACKUP"
  }
}

rule "oci-mysql-backups-deleted-with-system" {
  class   = "destructive"
  summary = "A MySQL DB system's automatic backups will be deleted with it"
  message = "sets {attribute} on {address} to DELETE ({before} → {after}): deleting the DB system deletes its automatic backups too"
  doc     = <<-EOT
    Why: `automatic_backup_retention` "specifies if any automatic backups created for a DB
    System should be retained or deleted when the DB System is deleted".
  EOT
  match {
    actions    = ["update"]
    types      = ["oci_mysql_mysql_db_system"]
    attribute  = "deletion_policy[0].automatic_backup_retention"
    transition = "set_to"
    value      = "DELETE"
  }
}

rule "oci-mysql-backup-retention-shortened" {
  class   = "risky"
  summary = "MySQL DB system backup retention is shortened"
  message = "shortens backup retention of {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: the oldest automatic backups are deleted.
  EOT
  match {
    actions    = ["update"]
    types      = ["oci_mysql_mysql_db_system"]
    attribute  = "backup_policy[0].retention_in_days"
    transition = "decreased"
  }
}

rule "oci-mysql-pitr-off" {
  class   = "destructive"
  summary = "Point-in-time recovery is switched off on a MySQL DB system"
  message = "switches point-in-time recovery off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: without PITR the DB system can only be restored to its backups, not to a moment.
  EOT
  match {
    actions    = ["update"]
    types      = ["oci_mysql_mysql_db_system"]
    attribute  = "backup_policy[0].pitr_policy[0].is_enabled"
    transition = "became_false"
  }
}

# --- disarm rules: Oracle databases, buckets and keys ------------------------------------------

rule "oci-database-auto-backup-off" {
  class   = "destructive"
  summary = "Automatic backups of an Oracle database are switched off"
  message = "switches automatic backups off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: without automatic backups nothing is left to restore from after a mistake.
  EOT
  match {
    actions    = ["update"]
    types      = ["oci_database_database"]
    attribute  = "database[0].db_backup_config[0].auto_backup_enabled"
    transition = "became_false"
  }
}

rule "oci-database-recovery-window-shortened" {
  class   = "risky"
  summary = "The recovery window of an Oracle database is shortened"
  message = "shortens the recovery window of {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: backups older than the window are deleted.
  EOT
  match {
    actions    = ["update"]
    types      = ["oci_database_database"]
    attribute  = "database[0].db_backup_config[0].recovery_window_in_days"
    transition = "decreased"
  }
}

rule "oci-autonomous-backup-retention-shortened" {
  class   = "risky"
  summary = "Autonomous Database backup retention is shortened"
  message = "shortens backup retention of {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: the oldest automatic backups are deleted.
  EOT
  match {
    actions    = ["update"]
    types      = ["oci_database_autonomous_database"]
    attribute  = "backup_retention_period_in_days"
    transition = "decreased"
  }
}

rule "oci-bucket-versioning-suspended" {
  class   = "destructive"
  summary = "Object Storage versioning is suspended"
  message = "suspends versioning on {address} ({attribute}: {before} → {after}): overwritten and deleted objects can no longer be recovered"
  doc     = <<-EOT
    Why: versioning keeps previous versions of every object.
  EOT
  match {
    actions    = ["update"]
    types      = ["oci_objectstorage_bucket"]
    attribute  = "versioning"
    transition = "set_to"
    value      = "Suspended"
  }
}

rule "oci-bucket-retention-rules-removed" {
  class   = "destructive"
  summary = "The retention rules of an Object Storage bucket are removed"
  message = "removes every retention rule from {address}: its objects can be deleted or overwritten again"
  doc     = <<-EOT
    Why: retention rules make objects immutable for their duration (only unlocked rules can be
    removed).
  EOT
  match {
    actions    = ["update"]
    types      = ["oci_objectstorage_bucket"]
    attribute  = "retention_rules"
    transition = "removed"
  }
}

rule "oci-kms-key-deletion-scheduled" {
  class   = "destructive"
  summary = "The deletion of a Vault key is scheduled or moved"
  message = "changes {attribute} on {address} ({before} → {after}): once the key is deleted, everything encrypted with it is unrecoverable"
  doc     = <<-EOT
    Why: `time_of_deletion` schedules the key's deletion. (tfguard cannot tell setting it from
    clearing it, so cancelling a deletion is flagged too.)
  EOT
  match {
    actions    = ["update"]
    types      = ["oci_kms_key"]
    attribute  = "time_of_deletion"
    transition = "changed"
  }
}

# --- what a delete takes with it (judged on the state the provider deletes with) ------------

rule "oci-mysql-deleted-without-final-backup" {
  class   = "destructive"
  summary = "A MySQL DB system is deleted without a final backup"
  message = "{address} is deleted with {attribute} = SKIP_FINAL_BACKUP: no final backup is taken"
  doc     = <<-EOT
    Why: the deletion policy in the state decides whether a final backup is taken.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["oci_mysql_mysql_db_system"]
    attribute  = "deletion_policy[0].final_backup"
    transition = "is"
    value      = "SKIP_FINAL_BACKUP"
  }
}

rule "oci-mysql-deleted-with-backups" {
  class   = "destructive"
  summary = "A MySQL DB system is deleted together with its automatic backups"
  message = "the automatic backups of {address} are deleted with it ({attribute} = DELETE)"
  doc     = <<-EOT
    Why: with `automatic_backup_retention = "DELETE"` the automatic backups go with the DB
    system; only manual and final backups survive.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["oci_mysql_mysql_db_system"]
    attribute  = "deletion_policy[0].automatic_backup_retention"
    transition = "is"
    value      = "DELETE"
  }
}

# --- recovery facts: what survives a delete (recovery verdicts lost / kept / unknown) ---------

store "oci_mysql_mysql_db_system" {
  summary = "The deletion policy in the state decides: a final backup (REQUIRE_FINAL_BACKUP), automatic backups kept (RETAIN), or delete protection; by default none of them."
  source  = "oci website/docs/r/mysql_mysql_db_system.html.markdown (deletion_policy)"
  survives "delete-protection" {
    says      = "the DB system cannot be deleted while delete protection is on"
    otherwise = "delete protection is off"
    attribute = "deletion_policy[0].is_delete_protected"
    default   = false
    values    = [true]
    source    = "oci website/docs/r/mysql_mysql_db_system.html.markdown (deletion_policy.is_delete_protected)"
  }
  survives "final-backup" {
    says      = "a final backup is taken before the delete"
    otherwise = "no final backup is taken"
    attribute = "deletion_policy[0].final_backup"
    default   = "SKIP_FINAL_BACKUP"
    values    = ["REQUIRE_FINAL_BACKUP"]
    source    = "oci website/docs/r/mysql_mysql_db_system.html.markdown (deletion_policy.final_backup)"
  }
  survives "automatic-backups-retained" {
    says      = "its automatic backups are kept after the delete"
    otherwise = "its automatic backups are deleted with it"
    attribute = "deletion_policy[0].automatic_backup_retention"
    default   = "DELETE"
    values    = ["RETAIN"]
    source    = "oci website/docs/r/mysql_mysql_db_system.html.markdown (deletion_policy.automatic_backup_retention)"
  }
}
