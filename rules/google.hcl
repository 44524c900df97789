# Google Cloud (hashicorp/google): databases, data stores, volumes, their backups, the keys that
# encrypt them, and the switches that guard them. Facts and citations: taxonomy §3.2 and §4.2
# (shared reference).
#
# Two Google facts shape these rules:
# * `deletion_protection` is Terraform-side and defaults to true: a null in the plan means true.
# * `deletion_policy` (PREVENT / ABANDON / DELETE, Terraform-side, read from the state on delete)
#   defaults to DELETE on most resources, to ABANDON on google_firestore_database and to PREVENT
#   on google_project, so each default has its own rule.

pack {
  provider      = "google"
  summary       = "Google Cloud SQL, AlloyDB, Spanner, Bigtable, Firestore, BigQuery, Cloud Storage, disks, Filestore, backups and Cloud KMS keys"
  type_prefixes = ["google_"]
}

# --- databases --------------------------------------------------------------------------------

resource "google_sql_database_instance" {
  category = "database"
  summary  = "Cloud SQL instance. Its automated and on-demand backups are deleted with it unless settings[0].retain_backups_on_delete is true or a final backup is configured (settings[0].final_backup_config)."
}

resource "google_sql_database" {
  category = "database"
  summary  = "A database inside a Cloud SQL instance: deleting it drops the database (deletion_policy = \"ABANDON\" keeps it)."
}

resource "google_alloydb_cluster" {
  category = "database"
  summary  = "AlloyDB cluster: owns the storage and its continuous backups (enabled by default, 14 days). Guarded by deletion_protection (default true)."
}

resource "google_spanner_instance" {
  category = "database"
  summary  = "Spanner instance. With force_destroy true, deleting it also deletes every backup of the instance."
}

resource "google_spanner_database" {
  category = "database"
  summary  = "Spanner database, guarded by deletion_protection (default true). Editing an existing ddl statement replaces (drops) it."
}

resource "google_bigtable_instance" {
  category = "database"
  summary  = "Bigtable instance, guarded by deletion_protection (default true). With force_destroy true, deleting it also deletes every backup in it."
}

resource "google_bigtable_table" {
  category = "database"
  summary  = "Bigtable table. Its deletion_protection is a string, PROTECTED or UNPROTECTED."
}

resource "google_firestore_database" {
  category = "database"
  summary  = "Firestore database. deletion_policy defaults to ABANDON (a Terraform destroy keeps it); delete_protection_state and point_in_time_recovery_enablement guard it."
}

resource "google_firestore_document" {
  category = "data_store"
  summary  = "A Firestore document. Deleting or replacing it deletes what it holds."
}

# --- data stores ------------------------------------------------------------------------------

resource "google_bigquery_dataset" {
  category = "data_store"
  summary  = "BigQuery dataset. Deleting a dataset that still has tables fails unless delete_contents_on_destroy is true, which deletes them all."
}

resource "google_bigquery_table" {
  category = "data_store"
  summary  = "BigQuery table, guarded by deletion_protection (default true). An incompatible schema change replaces it."
}

resource "google_storage_bucket" {
  category = "data_store"
  summary  = "Cloud Storage bucket. Deleting a non-empty bucket fails unless force_destroy is true, which deletes every object first."
}

resource "google_storage_bucket_object" {
  category = "data_store"
  summary  = "An object in a Cloud Storage bucket. Deleting or replacing it deletes what it holds."
}

resource "google_storage_managed_folder" {
  category = "data_store"
  summary  = "Managed folder in a Cloud Storage bucket. Deleting or replacing it deletes what it holds."
}

resource "google_storage_folder" {
  category = "data_store"
  summary  = "Folder in a Cloud Storage bucket with hierarchical namespace."
}

resource "google_parallelstore_instance" {
  category = "data_store"
  summary  = "Parallelstore instance (parallel file system). Deleting or replacing it deletes what it holds."
}

resource "google_dataproc_metastore_service" {
  category = "data_store"
  summary  = "Dataproc Metastore service (Hive metastore), guarded by deletion_protection."
}

resource "google_healthcare_dataset" {
  category = "data_store"
  summary  = "Cloud Healthcare dataset: deleting it deletes every FHIR, DICOM and HL7v2 store in it."
}

resource "google_healthcare_fhir_store" {
  category = "data_store"
  summary  = "Cloud Healthcare FHIR store. Deleting or replacing it deletes what it holds."
}

resource "google_healthcare_dicom_store" {
  category = "data_store"
  summary  = "Cloud Healthcare DICOM store. Deleting or replacing it deletes what it holds."
}

resource "google_healthcare_hl7_v2_store" {
  category = "data_store"
  summary  = "Cloud Healthcare HL7v2 store. Deleting or replacing it deletes what it holds."
}

resource "google_vertex_ai_featurestore" {
  category = "data_store"
  summary  = "Vertex AI feature store. With force_destroy true, deleting it also deletes its entity types and features."
}

resource "google_vertex_ai_feature_online_store" {
  category = "data_store"
  summary  = "Vertex AI feature online store. With force_destroy true, deleting it also deletes its feature views."
}

resource "google_looker_instance" {
  category = "data_store"
  summary  = "Looker (Google Cloud core) instance: its models, dashboards and users."
}

resource "google_pubsub_topic" {
  category = "data_store"
  summary  = "Pub/Sub topic: its retained messages are lost when it is deleted or replaced."
}

resource "google_pubsub_subscription" {
  category = "data_store"
  summary  = "Pub/Sub subscription: its unacknowledged and retained messages go with it."
}

resource "google_logging_project_bucket_config" {
  category = "data_store"
  summary  = "Cloud Logging bucket (logs, audit trails). retention_days decides how long entries are kept; a locked bucket can only be deleted when empty."
}

# --- volumes ----------------------------------------------------------------------------------

resource "google_compute_disk" {
  category = "volume"
  summary  = "Persistent disk. It has no deletion protection; shrinking size replaces it."
}

resource "google_compute_region_disk" {
  category = "volume"
  summary  = "Regional persistent disk. Deleting or replacing it deletes the data on it."
}

resource "google_filestore_instance" {
  category = "volume"
  summary  = "Filestore instance (NFS), guarded by deletion_protection_enabled (default false)."
}

resource "google_netapp_volume" {
  category = "volume"
  summary  = "NetApp Volumes volume. deletion_policy = \"FORCE\" also deletes its nested snapshots."
}

# --- backups ----------------------------------------------------------------------------------

resource "google_compute_snapshot" {
  category = "backup"
  summary  = "Persistent disk snapshot. Deleting it deletes that recovery copy."
}

resource "google_compute_instant_snapshot" {
  category = "backup"
  summary  = "Zonal instant snapshot of a disk. Deleting it deletes that recovery copy."
}

resource "google_compute_region_instant_snapshot" {
  category = "backup"
  summary  = "Regional instant snapshot of a disk. Deleting it deletes that recovery copy."
}

resource "google_filestore_backup" {
  category = "backup"
  summary  = "Filestore backup. Deleting it deletes that recovery copy."
}

resource "google_filestore_snapshot" {
  category = "backup"
  summary  = "Filestore snapshot. Deleting it deletes that recovery copy."
}

resource "google_alloydb_backup" {
  category = "backup"
  summary  = "On-demand AlloyDB backup. Deleting it deletes that recovery copy."
}

resource "google_netapp_backup_vault" {
  category = "backup"
  summary  = "NetApp Volumes backup vault: holds volume backups."
}

resource "google_netapp_backup" {
  category = "backup"
  summary  = "NetApp Volumes backup. Deleting it deletes that recovery copy."
}

resource "google_netapp_volume_snapshot" {
  category = "backup"
  summary  = "NetApp Volumes snapshot. Deleting it deletes that recovery copy."
}

resource "google_backup_dr_backup_vault" {
  category = "backup"
  summary  = "Backup and DR backup vault: holds backups outside the protected resource's blast radius; backup_minimum_enforced_retention_duration stops early deletion."
}

# --- backup policies --------------------------------------------------------------------------

resource "google_backup_dr_backup_plan" {
  category = "backup_policy"
  summary  = "Backup and DR backup plan: schedules and retention (backup_rules)."
}

resource "google_backup_dr_backup_plan_association" {
  category = "backup_policy"
  summary  = "Applies a Backup and DR backup plan to a resource."
}

resource "google_compute_resource_policy" {
  category = "backup_policy"
  summary  = "Compute resource policy, often a disk snapshot schedule. on_source_disk_delete decides whether auto snapshots outlive their disk (KEEP_AUTO_SNAPSHOTS by default)."
}

resource "google_compute_disk_resource_policy_attachment" {
  category = "backup_policy"
  summary  = "Attaches a snapshot schedule to a disk. Deleting it stops future backups; existing ones are kept."
}

resource "google_compute_snapshot_settings" {
  category = "backup_policy"
  summary  = "Where the project's snapshots are stored. Deleting it stops future backups; existing ones are kept."
}

resource "google_spanner_backup_schedule" {
  category = "backup_policy"
  summary  = "Spanner backup schedule. Deleting it stops future backups; existing ones are kept."
}

resource "google_firestore_backup_schedule" {
  category = "backup_policy"
  summary  = "Firestore backup schedule; retention decides how long backups are kept."
}

resource "google_netapp_backup_policy" {
  category = "backup_policy"
  summary  = "NetApp Volumes backup policy. Deleting it stops future backups; existing ones are kept."
}

resource "google_netapp_volume_replication" {
  category = "backup_policy"
  summary  = "NetApp Volumes replication to another region. Deleting it stops future backups; existing ones are kept."
}

resource "google_gke_backup_backup_plan" {
  category = "backup_policy"
  summary  = "Backup for GKE plan: which workloads and volumes are backed up, and for how long."
}

resource "google_gke_backup_restore_plan" {
  category = "backup_policy"
  summary  = "Backup for GKE restore plan. Deleting it stops future backups; existing ones are kept."
}

# --- protection controls ----------------------------------------------------------------------

resource "google_resource_manager_lien" {
  category = "protection"
  summary  = "Lien: prevents the project from being deleted. Deleting it removes that protection from the data."
}

# --- keys -------------------------------------------------------------------------------------

resource "google_kms_crypto_key" {
  category = "key"
  summary  = "Cloud KMS key. Destroying it destroys every key version (after destroy_scheduled_duration, default 30 days); data encrypted with it becomes unrecoverable."
}

resource "google_kms_crypto_key_version" {
  category = "key"
  summary  = "A version of a Cloud KMS key: data encrypted with it becomes unrecoverable once it is destroyed."
}

# --- caches -----------------------------------------------------------------------------------

resource "google_redis_instance" {
  category = "cache"
  summary  = "Memorystore for Redis instance (with RDB/AOF persistence it can be a system of record)."
}

resource "google_redis_cluster" {
  category = "cache"
  summary  = "Memorystore for Redis Cluster, guarded by deletion_protection_enabled."
}

resource "google_memorystore_instance" {
  category = "cache"
  summary  = "Memorystore (Valkey) instance, guarded by deletion_protection_enabled."
}

resource "google_memcache_instance" {
  category = "cache"
  summary  = "Memorystore for Memcached instance. Its contents can be rebuilt from the system of record."
}

# --- dependencies -----------------------------------------------------------------------------

resource "google_sql_user" {
  category = "dependency"
  summary  = "A Cloud SQL user: applications lose access, the data stays."
}

resource "google_alloydb_instance" {
  category = "dependency"
  summary  = "AlloyDB instance (compute); the data lives in the cluster, not here."
}

resource "google_firestore_index" {
  category = "dependency"
  summary  = "Firestore composite index: queries that need it fail, the documents stay."
}

resource "google_firestore_field" {
  category = "dependency"
  summary  = "Firestore single-field index and TTL configuration."
}

resource "google_kms_key_ring" {
  category = "dependency"
  summary  = "Cloud KMS key ring. Key rings cannot be deleted in Google Cloud: a destroy only removes it from the state."
}

resource "google_secret_manager_secret" {
  category = "dependency"
  summary  = "Secret Manager secret (often a database's credentials), guarded by deletion_protection (default false)."
}

resource "google_container_cluster" {
  category = "dependency"
  summary  = "GKE cluster: its persistent volumes follow their reclaim policy when it goes. Guarded by deletion_protection (default true)."
}

resource "google_project" {
  category = "dependency"
  summary  = "Project: deleting it deletes every database and backup in it. deletion_policy defaults to PREVENT."
}

resource "google_backup_dr_management_server" {
  category = "dependency"
  summary  = "Backup and DR management server: backups and restores through it stop while it is gone; the backups themselves live in the vaults."
}

resource "google_backup_dr_service_config" {
  category = "dependency"
  summary  = "Backup and DR service configuration of a project: backups of the project depend on it; the backups themselves live in the vaults."
}

resource "google_gke_backup_backup_channel" {
  category = "dependency"
  summary  = "Backup for GKE backup channel (cross-project backups)."
}

resource "google_gke_backup_restore_channel" {
  category = "dependency"
  summary  = "Backup for GKE restore channel (cross-project restores)."
}

# --- disarm rules: deletion protection and deletion policy ------------------------------------

rule "google-deletion-protection-off" {
  class   = "destructive"
  summary = "Terraform deletion protection is switched off on a Google database or table"
  message = "switches deletion protection off on {address} ({attribute}: {before} → {after}): the step before a delete"
  doc     = <<-EOT
    Why: Google's `deletion_protection` makes Terraform refuse to destroy the resource. It
    defaults to true (null means true), and you "must explicitly set deletion_protection=false
    (and run terraform apply to write the field to state) in order to destroy". This update is
    that first step.
    How to proceed: approve the change, or keep the protection on.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_sql_database_instance", "google_alloydb_cluster", "google_spanner_database", "google_bigtable_instance", "google_bigquery_table", "google_dataproc_metastore_service"]
    attribute  = "deletion_protection"
    transition = "became_false"
    default    = true
  }
}

rule "google-sql-api-deletion-protection-off" {
  class   = "destructive"
  summary = "Cloud SQL API-level deletion protection is switched off"
  message = "switches API-level deletion protection off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: `settings[0].deletion_protection_enabled` guards the instance "against accidental
    deletion across all surfaces" (console, gcloud, API), not only Terraform.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_sql_database_instance"]
    attribute  = "settings[0].deletion_protection_enabled"
    transition = "became_false"
    default    = false
  }
}

rule "google-filestore-deletion-protection-off" {
  class   = "destructive"
  summary = "Deletion protection is switched off on a Filestore instance"
  message = "switches deletion protection off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: `deletion_protection_enabled` is what makes a delete of the file share fail.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_filestore_instance"]
    attribute  = "deletion_protection_enabled"
    transition = "became_false"
    default    = false
  }
}

rule "google-cache-deletion-protection-off" {
  class   = "risky"
  summary = "Deletion protection is switched off on a Memorystore instance"
  message = "switches deletion protection off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: the guard against deleting the cache goes. A cache can usually be rebuilt, which is why
    this is risky; with persistence on it may be a system of record.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_redis_instance", "google_memcache_instance"]
    attribute  = "deletion_protection"
    transition = "became_false"
  }
}

rule "google-cache-deletion-protection-enabled-off" {
  class   = "risky"
  summary = "Deletion protection is switched off on a Memorystore cluster or Valkey instance"
  message = "switches deletion protection off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: `deletion_protection_enabled` is what makes a delete fail.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_redis_cluster", "google_memorystore_instance"]
    attribute  = "deletion_protection_enabled"
    transition = "became_false"
  }
}

rule "google-secret-deletion-protection-off" {
  class   = "risky"
  summary = "Deletion protection is switched off on a Secret Manager secret"
  message = "switches deletion protection off on {address}"
  doc     = <<-EOT
    Why: losing a database's credentials does not delete data, but can make it unreachable.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_secret_manager_secret"]
    attribute  = "deletion_protection"
    transition = "became_false"
    default    = false
  }
}

rule "google-gke-deletion-protection-off" {
  class   = "risky"
  summary = "Deletion protection is switched off on a GKE cluster"
  message = "switches deletion protection off on {address}: deleting the cluster can take its persistent volumes with it"
  doc     = <<-EOT
    Why: volumes provisioned by the cluster with the default reclaim policy Delete go with it.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_container_cluster"]
    attribute  = "deletion_protection"
    transition = "became_false"
    default    = true
  }
}

rule "google-bigtable-table-unprotected" {
  class   = "destructive"
  summary = "Deletion protection is switched off on a Bigtable table"
  message = "switches deletion protection off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: a Bigtable table's `deletion_protection` is the string PROTECTED or UNPROTECTED;
    UNPROTECTED lets a destroy delete the table.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_bigtable_table"]
    attribute  = "deletion_protection"
    transition = "set_to"
    value      = "UNPROTECTED"
  }
}

rule "google-firestore-delete-protection-off" {
  class   = "destructive"
  summary = "Delete protection is switched off on a Firestore database"
  message = "switches delete protection off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: `delete_protection_state = "DELETE_PROTECTION_ENABLED"` makes deleting the database
    fail in every client, not only Terraform.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_firestore_database"]
    attribute  = "delete_protection_state"
    transition = "set_to"
    value      = "DELETE_PROTECTION_DISABLED"
  }
}

rule "google-deletion-policy-delete" {
  class   = "destructive"
  summary = "A Google data store's deletion_policy is set to DELETE"
  message = "sets deletion_policy on {address} to DELETE ({before} → {after}): a later destroy really deletes it"
  doc     = <<-EOT
    Why: `deletion_policy` is read from the state when Terraform deletes. PREVENT makes a
    destroy fail and ABANDON only forgets the resource; DELETE (the default for most resources,
    so null means DELETE here) deletes it with its data.
    How to proceed: approve the change, or keep PREVENT / ABANDON.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_sql_database_instance", "google_sql_database", "google_alloydb_cluster", "google_spanner_instance", "google_spanner_database", "google_bigtable_instance", "google_bigtable_table", "google_bigquery_dataset", "google_bigquery_table", "google_storage_bucket", "google_compute_disk", "google_compute_region_disk", "google_filestore_instance", "google_netapp_volume", "google_kms_crypto_key", "google_backup_dr_backup_vault", "google_logging_project_bucket_config"]
    attribute  = "deletion_policy"
    transition = "set_to"
    value      = "DELETE"
    default    = "DELETE"
  }
}

rule "google-firestore-deletion-policy-delete" {
  class   = "destructive"
  summary = "A Firestore database's deletion_policy is set to DELETE (its default is ABANDON)"
  message = "sets deletion_policy on {address} to DELETE ({before} → {after}): a later destroy deletes the database instead of abandoning it"
  doc     = <<-EOT
    Why: google_firestore_database defaults to ABANDON ("deleting it in Terraform does not
    delete the DB"); DELETE arms the next destroy to delete it with its documents.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_firestore_database"]
    attribute  = "deletion_policy"
    transition = "set_to"
    value      = "DELETE"
    default    = "ABANDON"
  }
}

rule "google-project-deletion-policy-delete" {
  class   = "destructive"
  summary = "A project's deletion_policy is set to DELETE (its default is PREVENT)"
  message = "sets deletion_policy on {address} to DELETE ({before} → {after}): a later destroy deletes the project with every database and backup in it"
  doc     = <<-EOT
    Why: google_project defaults to PREVENT. A project delete takes everything in it, backups
    included, which is why the default refuses.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_project"]
    attribute  = "deletion_policy"
    transition = "set_to"
    value      = "DELETE"
    default    = "PREVENT"
  }
}

rule "google-deletion-policy-force" {
  class   = "destructive"
  summary = "deletion_policy is set to FORCE: a later delete also deletes nested resources"
  message = "sets deletion_policy on {address} to FORCE ({before} → {after}): a later destroy also deletes what is nested in it"
  doc     = <<-EOT
    Why: on these resources DEFAULT makes a delete fail while nested resources exist. FORCE
    removes that guard: an AlloyDB cluster is deleted with its instances, a NetApp volume
    "including nested snapshots", a Looker instance regardless of its nested resources.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_alloydb_cluster", "google_netapp_volume", "google_looker_instance"]
    attribute  = "deletion_policy"
    transition = "set_to"
    value      = "FORCE"
  }
}

# --- disarm rules: backups, recovery and contents ----------------------------------------------

rule "google-sql-backups-off" {
  class   = "destructive"
  summary = "Cloud SQL automated backups are switched off"
  message = "switches automated backups off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: without automated backups there is nothing to restore from after a bad write or a
    delete, and point-in-time recovery needs them.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_sql_database_instance"]
    attribute  = "settings[0].backup_configuration[0].enabled"
    transition = "became_false"
  }
}

rule "google-sql-pitr-off" {
  class   = "destructive"
  summary = "Cloud SQL point-in-time recovery is switched off"
  message = "switches point-in-time recovery off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: `point_in_time_recovery_enabled` (PostgreSQL, SQL Server) keeps the transaction logs
    that let the instance be restored to any second; switching it off loses that history.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_sql_database_instance"]
    attribute  = "settings[0].backup_configuration[0].point_in_time_recovery_enabled"
    transition = "became_false"
  }
}

rule "google-sql-binlog-off" {
  class   = "destructive"
  summary = "Cloud SQL binary logging (MySQL point-in-time recovery) is switched off"
  message = "switches binary logging off on {address} ({attribute}: {before} → {after}): MySQL point-in-time recovery is lost"
  doc     = <<-EOT
    Why: Cloud SQL for MySQL recovers to a point in time from its binary logs.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_sql_database_instance"]
    attribute  = "settings[0].backup_configuration[0].binary_log_enabled"
    transition = "became_false"
  }
}

rule "google-sql-backup-retention-shortened" {
  class   = "destructive"
  summary = "Cloud SQL keeps fewer automated backups: the oldest are deleted"
  message = "lowers the number of automated backups {address} keeps from {before} to {after}: the older automated backups beyond the newest {after} are deleted"
  doc     = <<-EOT
    Why: `retained_backups` (unit COUNT, the only unit Cloud SQL supports) is how many automated
    backups Cloud SQL keeps, "retain the most recent N backups"; lowering it deletes the oldest
    ones beyond the new count.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_sql_database_instance"]
    attribute  = "settings[0].backup_configuration[0].backup_retention_settings[0].retained_backups"
    transition = "keeps_less"
    retention {
      unit       = "count"
      keeps_less = "smaller"
      source     = "https://cloud.google.com/sql/docs/mysql/backup-recovery/backups"
    }
  }
}

rule "google-sql-log-retention-shortened" {
  class   = "destructive"
  summary = "Cloud SQL transaction log retention is shortened: point-in-time recovery shrinks"
  message = "shortens transaction log retention on {address} from {before} to {after}: logs older than {after} are deleted, so point-in-time recovery no longer reaches past {after}"
  doc     = <<-EOT
    Why: transaction logs older than `transaction_log_retention_days` are deleted, so the
    instance can no longer be restored to those points in time.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_sql_database_instance"]
    attribute  = "settings[0].backup_configuration[0].transaction_log_retention_days"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      source     = "https://cloud.google.com/sql/docs/mysql/backup-recovery/pitr"
    }
  }
}

rule "google-sql-retain-backups-off" {
  class   = "destructive"
  summary = "Cloud SQL backups will be deleted together with the instance"
  message = "switches retain_backups_on_delete off on {address} ({attribute}: {before} → {after}): its backups die with the instance"
  doc     = <<-EOT
    Why: with `settings[0].retain_backups_on_delete = true` the automated and on-demand backups
    outlive a deleted instance; false (the default) deletes them with it.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_sql_database_instance"]
    attribute  = "settings[0].retain_backups_on_delete"
    transition = "became_false"
    default    = false
  }
}

rule "google-sql-final-backup-off" {
  class   = "destructive"
  summary = "The Cloud SQL final backup is switched off"
  message = "switches the final backup off on {address} ({attribute}: {before} → {after}): a later delete leaves no backup"
  doc     = <<-EOT
    Why: `settings[0].final_backup_config[0].enabled` takes a backup when the instance is
    deleted and keeps it for `retention_days`.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_sql_database_instance"]
    attribute  = "settings[0].final_backup_config[0].enabled"
    transition = "became_false"
  }
}

rule "google-sql-final-backup-retention-shortened" {
  class   = "risky"
  summary = "The Cloud SQL final backup is kept for less time"
  message = "shortens {attribute} on {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: the final backup is the only copy left after the instance is deleted.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_sql_database_instance"]
    attribute  = "settings[0].final_backup_config[0].retention_days"
    transition = "decreased"
  }
}

rule "google-sql-restore-from-backup" {
  class   = "destructive"
  summary = "A Cloud SQL instance is restored from a backup in place"
  message = "changes {attribute} on {address}: the instance is restored from a backup, overwriting its current data"
  doc     = <<-EOT
    Why: "Adding or modifying this block during resource creation/update will trigger the
    restore action": the data written since the backup is lost, without any delete.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_sql_database_instance"]
    attribute  = "restore_backup_context"
    transition = "changed"
  }
}

rule "google-sql-restore-to-point-in-time" {
  class   = "destructive"
  summary = "A Cloud SQL instance is restored to a point in time in place"
  message = "changes {attribute} on {address}: the instance is restored to an earlier point in time, overwriting its current data"
  doc     = <<-EOT
    Why: adding or changing `point_in_time_restore_context` on an existing instance triggers an
    in-place restore; everything written after that point is lost.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_sql_database_instance"]
    attribute  = "point_in_time_restore_context"
    transition = "changed"
  }
}

rule "google-sql-restore-from-backupdr" {
  class   = "destructive"
  summary = "A Cloud SQL instance is restored from a Backup and DR backup in place"
  message = "changes {attribute} on {address}: the instance is restored from that backup, overwriting its current data"
  doc     = <<-EOT
    Why: setting or changing `backupdr_backup` on an existing instance restores it in place.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_sql_database_instance"]
    attribute  = "backupdr_backup"
    transition = "changed"
  }
}

rule "google-alloydb-backups-off" {
  class   = "destructive"
  summary = "AlloyDB automated backups are switched off"
  message = "switches automated backups off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: no new automated backups are taken; only continuous backups (if on) remain.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_alloydb_cluster"]
    attribute  = "automated_backup_policy[0].enabled"
    transition = "became_false"
  }
}

rule "google-alloydb-pitr-off" {
  class   = "destructive"
  summary = "AlloyDB continuous backup (point-in-time recovery) is switched off"
  message = "switches continuous backup off on {address} ({attribute}: {before} → {after}): point-in-time recovery is lost"
  doc     = <<-EOT
    Why: continuous backup (on by default, 14 days) is what lets the cluster be restored to any
    point in its recovery window.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_alloydb_cluster"]
    attribute  = "continuous_backup_config[0].enabled"
    transition = "became_false"
  }
}

rule "google-alloydb-pitr-window-shortened" {
  class   = "risky"
  summary = "The AlloyDB point-in-time recovery window is shortened"
  message = "shortens the recovery window of {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: the cluster can no longer be restored to points older than the new window.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_alloydb_cluster"]
    attribute  = "continuous_backup_config[0].recovery_window_days"
    transition = "decreased"
  }
}

rule "google-force-destroy-on" {
  class   = "destructive"
  summary = "force_destroy is switched on: a later delete also deletes the contents and backups"
  message = "sets {attribute} on {address}: a later destroy deletes everything inside it (objects, or every backup of the instance)"
  doc     = <<-EOT
    Why: a bucket with objects cannot be deleted, which protects them; `force_destroy` deletes
    them first. On a Spanner instance it "will delete all backups of this instance", on a
    Bigtable instance all backups in it, on Vertex AI feature stores their contents.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_storage_bucket", "google_spanner_instance", "google_bigtable_instance", "google_vertex_ai_featurestore", "google_vertex_ai_feature_online_store"]
    attribute  = "force_destroy"
    transition = "became_true"
    default    = false
  }
}

rule "google-bigtable-table-backups-off" {
  class   = "destructive"
  summary = "Automated backups of a Bigtable table are switched off"
  message = "switches automated backups off on {address} ({attribute}: {before} → \"0\")"
  doc     = <<-EOT
    Why: an `automated_backup_policy` retention period of "0" disables automated backups.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_bigtable_table"]
    attribute  = "automated_backup_policy[0].retention_period"
    transition = "set_to"
    value      = "0"
  }
}

rule "google-firestore-pitr-off" {
  class   = "destructive"
  summary = "Firestore point-in-time recovery is switched off"
  message = "switches point-in-time recovery off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: with point-in-time recovery the database keeps 7 days of versions; disabling it loses
    that history.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_firestore_database"]
    attribute  = "point_in_time_recovery_enablement"
    transition = "set_to"
    value      = "POINT_IN_TIME_RECOVERY_DISABLED"
  }
}

rule "google-bigquery-delete-contents-on" {
  class   = "destructive"
  summary = "A BigQuery dataset will be deleted with all its tables"
  message = "sets {attribute} on {address}: a later destroy deletes every table in the dataset"
  doc     = <<-EOT
    Why: without `delete_contents_on_destroy`, deleting a dataset that still has tables fails,
    which protects them.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_bigquery_dataset"]
    attribute  = "delete_contents_on_destroy"
    transition = "became_true"
    default    = false
  }
}

rule "google-bigquery-time-travel-shortened" {
  class   = "destructive"
  summary = "The BigQuery time travel window of a dataset is shortened"
  message = "shortens the time travel window of {address} from {before} to {after}: changed or deleted table data older than {after} can no longer be recovered"
  doc     = <<-EOT
    Why: `max_time_travel_hours` (48-168, 168 when not set; a string in the provider) is how far
    back deleted or changed table data can be queried or restored; a shorter window drops the
    older history at once.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_bigquery_dataset"]
    attribute  = "max_time_travel_hours"
    transition = "keeps_less"
    default    = "168"
    retention {
      unit       = "hours"
      keeps_less = "smaller"
      source     = "https://cloud.google.com/bigquery/docs/time-travel"
    }
  }
}

rule "google-bigquery-table-expiration-set" {
  class   = "risky"
  summary = "A BigQuery dataset's default table expiration is set or shortened"
  message = "sets the default table expiration of {address} from {before} to {after}: tables created from now on are deleted {after} after creation"
  doc     = <<-EOT
    Why: `default_table_expiration_ms` gives every new table an expiration time. It is risky, not
    destructive: BigQuery applies the default only to tables created after the change ("changing
    the value only affects new tables, not existing ones"), so nothing that exists is deleted.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_bigquery_dataset"]
    attribute  = "default_table_expiration_ms"
    transition = "keeps_less"
    retention {
      unit       = "ms"
      keeps_less = "smaller"
      unlimited  = [null, 0]
      source     = "https://cloud.google.com/bigquery/docs/reference/rest/v2/datasets"
    }
  }
}

rule "google-bigquery-partition-expiration-set" {
  class   = "risky"
  summary = "A BigQuery dataset's default partition expiration is set or shortened"
  message = "sets the default partition expiration of {address} from {before} to {after}: partitions of tables created from now on are deleted {after} after their partition time"
  doc     = <<-EOT
    Why: `default_partition_expiration_ms` sets the partition expiration of new partitioned
    tables. Risky, not destructive: existing tables keep their own settings.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_bigquery_dataset"]
    attribute  = "default_partition_expiration_ms"
    transition = "keeps_less"
    retention {
      unit       = "ms"
      keeps_less = "smaller"
      unlimited  = [null, 0]
      source     = "https://cloud.google.com/bigquery/docs/reference/rest/v2/datasets"
    }
  }
}

rule "google-storage-versioning-off" {
  class   = "destructive"
  summary = "Cloud Storage object versioning is switched off"
  message = "switches versioning off on {address} ({attribute}: {before} → {after}): overwritten and deleted objects can no longer be recovered"
  doc     = <<-EOT
    Why: versioning keeps noncurrent copies of every object; without it an overwrite or delete
    is final (once soft delete expires).
  EOT
  match {
    actions    = ["update"]
    types      = ["google_storage_bucket"]
    attribute  = "versioning[0].enabled"
    transition = "became_false"
  }
}

rule "google-storage-soft-delete-off" {
  class   = "destructive"
  summary = "Cloud Storage soft delete is switched off"
  message = "sets {attribute} on {address} to 0: deleted objects can no longer be restored"
  doc     = <<-EOT
    Why: soft delete keeps deleted objects restorable for its retention duration; 0 disables it.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_storage_bucket"]
    attribute  = "soft_delete_policy[0].retention_duration_seconds"
    transition = "set_to"
    value      = 0
  }
}

rule "google-storage-soft-delete-shortened" {
  class   = "risky"
  summary = "Cloud Storage soft delete retention is shortened"
  message = "shortens {attribute} on {address} from {before} to {after} seconds"
  doc     = <<-EOT
    Why: deleted objects become unrecoverable sooner.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_storage_bucket"]
    attribute  = "soft_delete_policy[0].retention_duration_seconds"
    transition = "decreased"
  }
}

rule "google-storage-retention-shortened" {
  class   = "risky"
  summary = "A Cloud Storage bucket retention policy is shortened"
  message = "shortens the retention policy of {address} from {before} to {after} seconds: objects can be deleted sooner"
  doc     = <<-EOT
    Why: the retention policy is what stops objects from being deleted or overwritten early.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_storage_bucket"]
    attribute  = "retention_policy[0].retention_period"
    transition = "decreased"
  }
}

rule "google-storage-lifecycle-delete-sooner" {
  class   = "destructive"
  summary = "A GCS lifecycle rule starts deleting objects, or deletes them sooner"
  message = "deletes objects in {address}{element} at age {after} instead of {before}: objects older than {after} that match the rule are deleted"
  doc     = <<-EOT
    Why: Object Lifecycle Management applies to the objects already in the bucket: a
    `lifecycle_rule` whose `action[0].type` is `Delete` deletes every object its conditions match.
    Rules have no name, so a rule is matched by everything except its age: a Delete rule that is
    new, or whose other conditions changed, counts as deleting where nothing was deleted; one that
    was a storage-class move and became a Delete does too. A Delete rule without an age (only
    other conditions) cannot be compared and fails closed.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_storage_bucket"]
    attribute  = "lifecycle_rule[*].condition[0].age"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      source     = "https://cloud.google.com/storage/docs/lifecycle"
      active {
        attribute = "action[0].type"
        value     = "Delete"
      }
    }
  }
}

rule "google-storage-retention-locked" {
  class   = "risky"
  summary = "A Cloud Storage bucket retention policy is locked (irreversible)"
  message = "locks the retention policy of {address}: this cannot be undone, and the bucket cannot be deleted until every object has aged out"
  doc     = <<-EOT
    Why: not data loss, but irreversible: a locked retention policy can never be removed or
    shortened. Review it before applying.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_storage_bucket"]
    attribute  = "retention_policy[0].is_locked"
    transition = "became_true"
    default    = false
  }
}

rule "google-snapshots-deleted-with-disk" {
  class   = "risky"
  summary = "A snapshot schedule will delete its snapshots after their disk is gone"
  message = "sets {attribute} on {address} to APPLY_RETENTION_POLICY: auto snapshots of a deleted disk expire instead of being kept"
  doc     = <<-EOT
    Why: with KEEP_AUTO_SNAPSHOTS (the default) the scheduled snapshots of a deleted disk are
    kept; APPLY_RETENTION_POLICY lets them expire, so the last copies of that disk go too.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_compute_resource_policy"]
    attribute  = "snapshot_schedule_policy[0].retention_policy[0].on_source_disk_delete"
    transition = "set_to"
    value      = "APPLY_RETENTION_POLICY"
    default    = "KEEP_AUTO_SNAPSHOTS"
  }
}

rule "google-snapshot-retention-shortened" {
  class   = "risky"
  summary = "Scheduled snapshots are kept for less time"
  message = "shortens {attribute} on {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: the oldest scheduled snapshots are deleted sooner.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_compute_resource_policy"]
    attribute  = "snapshot_schedule_policy[0].retention_policy[0].max_retention_days"
    transition = "decreased"
  }
}

rule "google-backup-vault-force-delete-on" {
  class   = "destructive"
  summary = "force_delete is switched on for a Backup and DR vault"
  message = "sets {attribute} on {address}: the restrictions against deleting the vault with backups in it can be overridden"
  doc     = <<-EOT
    Why: a backup vault holds the copies that survive the protected resource; `force_delete`
    lifts the guard against deleting it while it still holds backups.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_backup_dr_backup_vault"]
    attribute  = "force_delete"
    transition = "became_true"
    default    = false
  }
}

rule "google-log-retention-shortened" {
  class   = "risky"
  summary = "Cloud Logging bucket retention is shortened"
  message = "shortens the retention of {address} from {before} to {after} days: older log entries are deleted"
  doc     = <<-EOT
    Why: log entries older than `retention_days` are deleted; audit trails may need them.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_logging_project_bucket_config"]
    attribute  = "retention_days"
    transition = "decreased"
  }
}

# --- what a delete takes with it (judged on the state the provider deletes with) ------------

rule "google-sql-deleted-with-backups" {
  class   = "destructive"
  summary = "A Cloud SQL instance is deleted together with its backups"
  message = "the automated and on-demand backups of {address} are deleted with it ({attribute} = {before}); only a final backup, if configured, survives"
  doc     = <<-EOT
    Why: Cloud SQL deletes an instance's backups with it unless
    `settings[0].retain_backups_on_delete = true`; a final backup
    (`settings[0].final_backup_config`) is the other way to keep a copy.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["google_sql_database_instance"]
    attribute  = "settings[0].retain_backups_on_delete"
    transition = "is"
    value      = false
    default    = false
  }
}

rule "google-sql-deleted-without-final-backup" {
  class   = "destructive"
  summary = "A Cloud SQL instance is deleted without a final backup"
  message = "{address} is deleted without a final backup ({attribute} = {before} in its state)"
  doc     = <<-EOT
    Why: the final backup is taken at delete time from the configuration in the state.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["google_sql_database_instance"]
    attribute  = "settings[0].final_backup_config[0].enabled"
    transition = "is"
    value      = false
    default    = false
  }
}

rule "google-deleted-with-force-destroy" {
  class   = "destructive"
  summary = "A bucket or instance is deleted with force_destroy: its contents or backups go too"
  message = "{address} is deleted with {attribute} = true in its state: everything inside it (objects, or every backup of the instance) is deleted too"
  doc     = <<-EOT
    Why: a Spanner or Bigtable instance deleted with `force_destroy` takes all its backups
    (the out-of-instance copies) with it; a bucket takes every object.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["google_storage_bucket", "google_spanner_instance", "google_bigtable_instance", "google_vertex_ai_featurestore", "google_vertex_ai_feature_online_store"]
    attribute  = "force_destroy"
    transition = "is"
    value      = true
  }
}

rule "google-bigquery-dataset-deleted-with-tables" {
  class   = "destructive"
  summary = "A BigQuery dataset is deleted with every table in it"
  message = "{address} is deleted with {attribute} = true in its state: every table in it is deleted too"
  doc     = <<-EOT
    Why: `delete_contents_on_destroy` is read from the state; with true the tables go first.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["google_bigquery_dataset"]
    attribute  = "delete_contents_on_destroy"
    transition = "is"
    value      = true
  }
}

rule "google-project-deleted" {
  class   = "destructive"
  summary = "A project is deleted with every database and backup in it"
  message = "{address} is deleted with deletion_policy = DELETE in its state: every resource in the project, backups included, goes with it"
  doc     = <<-EOT
    Why: a project delete takes everything inside it. With the default PREVENT the delete
    fails; DELETE in the state means it will happen.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["google_project"]
    attribute  = "deletion_policy"
    transition = "is"
    value      = "DELETE"
    default    = "PREVENT"
  }
}

rule "google-instance-boot-disk-deleted" {
  class   = "risky"
  summary = "A VM's boot disk is deleted with it"
  message = "the boot disk of {address} is deleted with it ({attribute} = {before}, the default)"
  doc     = <<-EOT
    Why: `boot_disk[0].auto_delete` "Defaults to true": deleting or replacing the VM deletes
    its boot disk and whatever was written to it.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["google_compute_instance"]
    attribute  = "boot_disk[0].auto_delete"
    transition = "is"
    value      = true
    default    = true
  }
}

rule "google-kms-destroy-window-shortened" {
  class   = "risky"
  summary = "The scheduled-destruction window of a Cloud KMS key is shortened"
  message = "shortens destroy_scheduled_duration of {address} from {before} to {after}"
  doc     = <<-EOT
    Why: `destroy_scheduled_duration` (default 30 days, "2592000s") is the time left to restore
    a key version scheduled for destruction; after it, data encrypted with it is gone.
  EOT
  match {
    actions    = ["update"]
    types      = ["google_kms_crypto_key"]
    attribute  = "destroy_scheduled_duration"
    transition = "decreased"
    default    = "2592000s"
  }
}

# --- recovery facts: how a store's own backups fare on delete -------------------------------

store "google_sql_database_instance" {
  summary              = "Automated backups are deleted with the instance unless settings[0].retain_backups_on_delete is true; a final backup is taken only with settings[0].final_backup_config[0].enabled."
  source               = "google website/docs/r/sql_database_instance.html.markdown (retain_backups_on_delete, final_backup_config)"
  take_final_backup    = "settings[0].final_backup_config[0].enabled"
  final_backup_default = false
  backups_retained_by  = "settings[0].retain_backups_on_delete"
}

store "google_sql_database" {
  summary = "Abandoned rather than deleted with deletion_policy = ABANDON; otherwise the instance's backups hold the database while the instance exists."
  source  = "google website/docs/r/sql_database.html.markdown (deletion_policy)"
  abandon {
    says      = "deletion_policy = ABANDON: Terraform removes the database from the state and leaves it in the instance"
    attribute = "deletion_policy"
    default   = "DELETE"
    values    = ["ABANDON"]
    source    = "google website/docs/r/sql_database.html.markdown (deletion_policy)"
  }
  parent "google_sql_database_instance" {
    attribute = "instance"
    key       = "name"
    says      = "deleting the instance deletes its databases"
    source    = "google website/docs/r/sql_database_instance.html.markdown"
  }
  survives "instance-backups" {
    says          = "the instance's automated backups hold the database: restoring one brings it back"
    otherwise     = "the instance takes no automated backups"
    via_types     = ["google_sql_database_instance"]
    via_attribute = "instance"
    via_key       = "name"
    attribute     = "settings[0].backup_configuration[0].enabled"
    default       = false
    values        = [true]
    needs_parent  = true
    source        = "https://cloud.google.com/sql/docs/postgres/backup-recovery/backups; google website/docs/r/sql_database_instance.html.markdown (backup_configuration.enabled)"
  }
}

store "google_spanner_instance" {
  summary = "force_destroy deletes every backup of the instance with it; without it the delete fails while backups exist."
  source  = "google website/docs/r/spanner_instance.html.markdown (force_destroy)"
  unknown "delete-fails-while-backups-exist" {
    says      = "without force_destroy the delete fails while the instance holds backups (then nothing is deleted); whether it holds any is not in the plan"
    otherwise = "force_destroy deletes every backup of the instance with it"
    attribute = "force_destroy"
    default   = false
    values    = [false]
    source    = "google website/docs/r/spanner_instance.html.markdown (force_destroy)"
  }
}

store "google_spanner_database" {
  summary = "The provider refuses the delete while deletion_protection is true (the default); Spanner backups live in the instance and outlive the database."
  source  = "google website/docs/r/spanner_database.html.markdown (deletion_protection)"
  parent "google_spanner_instance" {
    attribute = "instance"
    key       = "name"
    says      = "deleting the instance deletes its databases"
    source    = "google website/docs/r/spanner_instance.html.markdown"
  }
  survives "deletion-protection" {
    says      = "the provider refuses to delete it while deletion_protection is true"
    otherwise = "deletion_protection is off"
    attribute = "deletion_protection"
    default   = true
    values    = [true]
    source    = "google website/docs/r/spanner_database.html.markdown (deletion_protection, default true)"
  }
  unknown "backups-in-instance" {
    says         = "Spanner backups of the database live in its instance and outlive the database; whether any exist is not in the plan"
    needs_parent = true
    source       = "https://cloud.google.com/spanner/docs/backup (checked 2026-11: a backup resides in its source database's instance and lives until its expire_time)"
  }
  unknown "instance-force-destroy" {
    says          = "its instance's delete fails while backups exist, unless force_destroy"
    otherwise     = "its instance's force_destroy deletes every backup"
    via_types     = ["google_spanner_instance"]
    via_attribute = "instance"
    via_key       = "name"
    attribute     = "force_destroy"
    default       = false
    values        = [false]
    source        = "google website/docs/r/spanner_instance.html.markdown (force_destroy)"
  }
}

store "google_bigtable_instance" {
  summary = "The provider refuses the delete while deletion_protection is true (the default); force_destroy deletes every backup; without it the delete fails while backups exist."
  source  = "google website/docs/r/bigtable_instance.html.markdown (deletion_protection, force_destroy)"
  survives "deletion-protection" {
    says      = "the provider refuses to delete it while deletion_protection is true"
    otherwise = "deletion_protection is off"
    attribute = "deletion_protection"
    default   = true
    values    = [true]
    source    = "google website/docs/r/bigtable_instance.html.markdown (deletion_protection, default true)"
  }
  unknown "delete-fails-while-backups-exist" {
    says      = "without force_destroy the delete is blocked while the instance holds backups; whether it holds any is not in the plan"
    otherwise = "force_destroy deletes every backup in the instance first"
    attribute = "force_destroy"
    default   = false
    values    = [false]
    source    = "google website/docs/r/bigtable_instance.html.markdown (force_destroy)"
  }
}

store "google_bigtable_table" {
  summary = "The provider refuses the delete while deletion_protection is PROTECTED; backups of the table live in its instance."
  source  = "google website/docs/r/bigtable_table.html.markdown (deletion_protection)"
  parent "google_bigtable_instance" {
    attribute = "instance_name"
    key       = "name"
    says      = "deleting the instance deletes its tables"
    source    = "google website/docs/r/bigtable_instance.html.markdown"
  }
  survives "deletion-protection" {
    says      = "the provider refuses to delete it while deletion_protection is PROTECTED"
    otherwise = "deletion_protection is not PROTECTED"
    attribute = "deletion_protection"
    default   = "UNPROTECTED"
    values    = ["PROTECTED"]
    source    = "google website/docs/r/bigtable_table.html.markdown (deletion_protection)"
  }
  unknown "backups-in-instance" {
    says         = "backups of the table live in its instance's clusters; whether any exist is not in the plan"
    needs_parent = true
    source       = "https://cloud.google.com/bigtable/docs/backups"
  }
}

store "google_firestore_database" {
  summary = "deletion_policy defaults to ABANDON: Terraform forgets the database and leaves it; with DELETE the API refuses while delete protection is enabled."
  source  = "google website/docs/r/firestore_database.html.markdown (deletion_policy, delete_protection_state)"
  abandon {
    says      = "deletion_policy = ABANDON (the default): Terraform removes the database from the state and leaves it in place"
    attribute = "deletion_policy"
    default   = "ABANDON"
    values    = ["ABANDON"]
    source    = "google website/docs/r/firestore_database.html.markdown (deletion_policy, default ABANDON)"
  }
  survives "delete-protection" {
    says      = "the API refuses to delete it while delete protection is enabled"
    otherwise = "delete protection is disabled"
    attribute = "delete_protection_state"
    default   = "DELETE_PROTECTION_DISABLED"
    values    = ["DELETE_PROTECTION_ENABLED"]
    source    = "google website/docs/r/firestore_database.html.markdown (delete_protection_state)"
  }
  unknown "backups" {
    says   = "whether backups taken by a google_firestore_backup_schedule outlive the database is not stated in the provider documentation"
    source = "google website/docs/r/firestore_backup_schedule.html.markdown"
  }
}

store "google_alloydb_cluster" {
  summary = "The provider refuses the delete while deletion_protection is true (the default); what happens to its backups is not stated."
  source  = "google website/docs/r/alloydb_cluster.html.markdown (deletion_protection, deletion_policy)"
  survives "deletion-protection" {
    says      = "the provider refuses to delete it while deletion_protection is true"
    otherwise = "deletion_protection is off"
    attribute = "deletion_protection"
    default   = true
    values    = [true]
    source    = "google website/docs/r/alloydb_cluster.html.markdown (deletion_protection)"
  }
  unknown "backups" {
    says   = "whether its automated, continuous and on-demand backups outlive the cluster is not stated in the provider documentation"
    source = "google website/docs/r/alloydb_cluster.html.markdown"
  }
}

store "google_filestore_instance" {
  summary = "Snapshots go with the instance; Filestore backups (google_filestore_backup) are separate and outlive it; deletion_protection_enabled refuses the delete."
  source  = "https://cloud.google.com/filestore/docs/backups"
  survives "deletion-protection" {
    says      = "the API refuses to delete it while deletion_protection_enabled is true"
    otherwise = "deletion_protection_enabled is off"
    attribute = "deletion_protection_enabled"
    default   = false
    values    = [true]
    source    = "google website/docs/r/filestore_instance.html.markdown (deletion_protection_enabled)"
  }
}

store "google_bigquery_dataset" {
  summary = "A deleted dataset can be undeleted within its time travel window (max_time_travel_hours, 48 to 168, default 168)."
  source  = "https://cloud.google.com/bigquery/docs/restore-deleted-datasets"
  survives "undelete-within-time-travel" {
    says      = "a deleted dataset can be undeleted within its time travel window ({value} hours)"
    attribute = "max_time_travel_hours"
    default   = "168"
    source    = "https://cloud.google.com/bigquery/docs/restore-deleted-datasets; https://cloud.google.com/bigquery/docs/time-travel (checked 2026-11: 2 to 7 days, 7 by default; a deleted dataset keeps the window in effect when it was deleted); google website/docs/r/bigquery_dataset.html.markdown (max_time_travel_hours)"
  }
}

store "google_bigquery_table" {
  summary = "The provider refuses the delete while deletion_protection is true (the default); a deleted table can be restored within its dataset's time travel window."
  source  = "https://cloud.google.com/bigquery/docs/restore-deleted-tables"
  survives "deletion-protection" {
    says      = "the provider refuses to delete it while deletion_protection is true"
    otherwise = "deletion_protection is off"
    attribute = "deletion_protection"
    default   = true
    values    = [true]
    source    = "google website/docs/r/bigquery_table.html.markdown (deletion_protection, default true)"
  }
  survives "restore-within-time-travel" {
    says   = "a deleted table can be restored within its dataset's time travel window"
    source = "https://cloud.google.com/bigquery/docs/restore-deleted-tables"
  }
}

store "google_storage_bucket" {
  summary = "Soft delete (7 days by default) keeps a deleted bucket and its objects restorable; retention_duration_seconds = 0 turns it off."
  source  = "https://cloud.google.com/storage/docs/soft-delete"
  survives "soft-delete" {
    says       = "the deleted bucket and its objects stay soft-deleted and restorable for {value} seconds"
    otherwise  = "soft delete is off"
    attribute  = "soft_delete_policy[0].retention_duration_seconds"
    default    = 604800
    not_values = [0]
    source     = "https://cloud.google.com/storage/docs/soft-delete (checked 2026-11: on by default for buckets and their objects, 7 days); google website/docs/r/storage_bucket.html.markdown (soft_delete_policy)"
  }
  unknown "non-empty-guard" {
    says      = "without force_destroy the delete fails while the bucket holds objects; whether it holds any is not in the plan"
    otherwise = "force_destroy deletes every object first"
    attribute = "force_destroy"
    default   = false
    values    = [false]
    source    = "google website/docs/r/storage_bucket.html.markdown (force_destroy)"
  }
}

store "google_kms_crypto_key" {
  summary = "Destroying a key schedules its versions for destruction; they can be restored during destroy_scheduled_duration (30 days by default)."
  source  = "google website/docs/r/kms_crypto_key.html.markdown"
  survives "scheduled-destruction" {
    says      = "its versions are only scheduled for destruction and can be restored for {value}"
    attribute = "destroy_scheduled_duration"
    default   = "2592000s"
    source    = "google website/docs/r/kms_crypto_key.html.markdown (destroy_scheduled_duration)"
  }
}

store "google_compute_disk" {
  summary = "Nothing is kept when a disk is deleted; its snapshots (google_compute_snapshot) are separate and outlive it."
  source  = "https://cloud.google.com/compute/docs/disks/snapshots"
}

backup "google_compute_snapshot" {
  of              = ["google_compute_disk"]
  attribute       = "source_disk"
  store_attribute = "self_link"
  source          = "https://cloud.google.com/compute/docs/disks/snapshots"
}

backup "google_filestore_backup" {
  of              = ["google_filestore_instance"]
  attribute       = "source_instance"
  store_attribute = "id"
  source          = "https://cloud.google.com/filestore/docs/backups (backups outlive the source instance)"
}
