# AWS (hashicorp/aws): data stores, their backups, the keys that encrypt them, and the switches
# that guard them. Facts and citations: taxonomy §3.1 and §4.1 (shared reference).

pack {
  provider = "aws"
  summary  = "AWS databases (RDS, Aurora, DynamoDB), S3, EBS, EFS, backups and KMS keys"
}

# --- databases --------------------------------------------------------------------------------

resource "aws_db_instance" {
  category = "database"
  summary  = "RDS DB instance. Deleting it removes its automated backups too (delete_automated_backups defaults to true); only manual or final snapshots and AWS Backup recovery points survive."
}

resource "aws_rds_cluster" {
  category = "database"
  summary  = "Aurora / RDS Multi-AZ cluster: owns the cluster volume and its automated backups."
}

resource "aws_rds_global_cluster" {
  category = "database"
  summary  = "Aurora global database spanning regions."
}

resource "aws_rds_cluster_instance" {
  category = "dependency"
  summary  = "Compute instance of an Aurora cluster; the data lives in the cluster volume, not here."
}

resource "aws_docdb_cluster" {
  category = "database"
  summary  = "Amazon DocumentDB cluster."
}

resource "aws_neptune_cluster" {
  category = "database"
  summary  = "Amazon Neptune graph database cluster."
}

resource "aws_redshift_cluster" {
  category = "database"
  summary  = "Amazon Redshift data warehouse cluster."
}

resource "aws_dynamodb_table" {
  category = "database"
  summary  = "DynamoDB table. Point-in-time recovery history is deleted with the table."
}

resource "aws_dynamodb_table_replica" {
  category = "database"
  summary  = "Regional replica of a DynamoDB global table."
}

resource "aws_dynamodb_global_table" {
  category = "database"
  summary  = "Legacy (2017) DynamoDB global table."
}

# --- data stores ------------------------------------------------------------------------------

resource "aws_s3_bucket" {
  category = "data_store"
  summary  = "S3 bucket. Deleting a non-empty bucket fails unless force_destroy is true, which deletes every object, locked ones included, unrecoverably."
}

resource "aws_s3_object" {
  category = "data_store"
  summary  = "An object in an S3 bucket."
}

# --- volumes ----------------------------------------------------------------------------------

resource "aws_ebs_volume" {
  category = "volume"
  summary  = "EBS volume. No snapshot is taken on delete unless final_snapshot is true (default false)."
}

resource "aws_efs_file_system" {
  category = "volume"
  summary  = "EFS file system. It has no deletion protection."
}

resource "aws_fsx_lustre_file_system" {
  category = "volume"
  summary  = "FSx for Lustre file system. skip_final_backup defaults to true: no final backup."
}

resource "aws_fsx_windows_file_system" {
  category = "volume"
  summary  = "FSx for Windows File Server file system."
}

resource "aws_fsx_ontap_file_system" {
  category = "volume"
  summary  = "FSx for NetApp ONTAP file system."
}

resource "aws_fsx_openzfs_file_system" {
  category = "volume"
  summary  = "FSx for OpenZFS file system."
}

# --- backups ----------------------------------------------------------------------------------

resource "aws_db_snapshot" {
  category = "backup"
  summary  = "Manual RDS snapshot: survives the instance unless it is itself destroyed."
}

resource "aws_db_cluster_snapshot" {
  category = "backup"
  summary  = "Manual Aurora / RDS cluster snapshot."
}

resource "aws_db_snapshot_copy" {
  category = "backup"
  summary  = "Copy of an RDS snapshot (often to another region or account)."
}

resource "aws_rds_cluster_snapshot_copy" {
  category = "backup"
  summary  = "Copy of an RDS cluster snapshot."
}

resource "aws_db_instance_automated_backups_replication" {
  category = "backup"
  summary  = "Cross-region replication of an RDS instance's automated backups."
}

resource "aws_ebs_snapshot" {
  category = "backup"
  summary  = "EBS snapshot."
}

resource "aws_ebs_snapshot_copy" {
  category = "backup"
  summary  = "Copy of an EBS snapshot."
}

resource "aws_backup_vault" {
  category = "backup"
  summary  = "AWS Backup vault: holds recovery points. Deleting a non-empty vault fails unless force_destroy is true, which deletes every recovery point."
}

resource "aws_backup_logically_air_gapped_vault" {
  category = "backup"
  summary  = "AWS Backup logically air-gapped vault."
}

resource "aws_backup_plan" {
  category = "backup_policy"
  summary  = "AWS Backup plan: when backups are taken and how long they are kept."
}

resource "aws_backup_selection" {
  category = "backup_policy"
  summary  = "AWS Backup selection: which resources a backup plan covers."
}

resource "aws_efs_backup_policy" {
  category = "backup_policy"
  summary  = "Automatic AWS Backup of an EFS file system."
}

resource "aws_dlm_lifecycle_policy" {
  category = "backup_policy"
  summary  = "Data Lifecycle Manager policy automating EBS snapshots and AMIs."
}

# --- protection controls ----------------------------------------------------------------------

resource "aws_backup_vault_lock_configuration" {
  category = "protection"
  summary  = "WORM lock on an AWS Backup vault."
}

resource "aws_s3_bucket_versioning" {
  category = "protection"
  summary  = "S3 bucket versioning. Deleting this resource suspends versioning on the bucket."
}

resource "aws_s3_bucket_object_lock_configuration" {
  category = "protection"
  summary  = "S3 object lock (WORM) defaults of a bucket."
}

# --- keys -------------------------------------------------------------------------------------

resource "aws_kms_key" {
  category = "key"
  summary  = "KMS key. Destroying it schedules deletion; afterwards every store and backup encrypted with it is unreadable."
}

resource "aws_kms_replica_key" {
  category = "key"
  summary  = "Multi-region replica of a KMS key."
}

resource "aws_kms_external_key" {
  category = "key"
  summary  = "KMS key with imported key material."
}

# --- caches -----------------------------------------------------------------------------------

resource "aws_elasticache_replication_group" {
  category = "cache"
  summary  = "ElastiCache replication group (Redis / Valkey)."
}

resource "aws_elasticache_cluster" {
  category = "cache"
  summary  = "ElastiCache cluster (Memcached / Redis)."
}

# --- disarm rules: the update that comes before the delete ------------------------------------

rule "aws-deletion-protection-off" {
  class   = "destructive"
  summary = "Deletion protection is switched off on an AWS database"
  message = "switches deletion protection off on {address} ({attribute}: {before} → {after}): the step before a delete"
  doc     = <<-EOT
    Why: deletion protection is the API-level guard that makes a delete fail. Switching it off
    is the step before deleting the database, and it is exactly what an agent "fixing" a failed
    destroy does. A null value means false for these types (no provider default).
    How to proceed: approve the change, or keep the protection on.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_db_instance", "aws_rds_cluster", "aws_rds_global_cluster", "aws_docdb_cluster", "aws_neptune_cluster", "aws_qldb_ledger"]
    attribute  = "deletion_protection"
    transition = "became_false"
    default    = false
  }
}

rule "aws-dynamodb-deletion-protection-off" {
  class   = "destructive"
  summary = "Deletion protection is switched off on a DynamoDB table"
  message = "switches deletion protection off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: `deletion_protection_enabled` is what makes DeleteTable fail.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_dynamodb_table"]
    attribute  = "deletion_protection_enabled"
    transition = "became_false"
    default    = false
  }
}

rule "aws-final-snapshot-skipped" {
  class   = "destructive"
  summary = "A database will be deleted without a final snapshot"
  message = "sets {attribute} on {address}: a later delete takes no final snapshot"
  doc     = <<-EOT
    Why: the provider reads `skip_final_snapshot` from the state when it deletes. Setting it to
    true now means the next destroy leaves no snapshot behind.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster", "aws_redshift_cluster"]
    attribute  = "skip_final_snapshot"
    transition = "became_true"
    default    = false
  }
}

rule "aws-automated-backups-deleted" {
  class   = "destructive"
  summary = "Automated backups will be deleted together with the database"
  message = "sets {attribute} on {address}: automated backups and point-in-time history die with the database"
  doc     = <<-EOT
    Why: with `delete_automated_backups = true` (the AWS default) deleting the database also
    deletes its automated backups. Setting it to true on a database that kept them removes a
    recovery path.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_db_instance", "aws_rds_cluster"]
    attribute  = "delete_automated_backups"
    transition = "became_true"
    default    = true
  }
}

rule "aws-backup-retention-zero" {
  class   = "destructive"
  summary = "Automated backups are switched off (retention set to 0)"
  message = "sets {attribute} on {address} from {before} to 0: automated backups and point-in-time recovery stop"
  doc     = <<-EOT
    Why: "Setting this parameter to 0 disables automated backups" (RDS ModifyDBInstance).
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster"]
    attribute  = "backup_retention_period"
    transition = "set_to"
    value      = 0
  }
}

rule "aws-backup-retention-shortened" {
  class   = "risky"
  summary = "Automated backup retention is shortened"
  message = "shortens {attribute} on {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: a shorter retention window deletes the oldest automated backups and shortens the
    point-in-time recovery window.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster"]
    attribute  = "backup_retention_period"
    transition = "decreased"
  }
}

rule "aws-force-destroy-on" {
  class   = "destructive"
  summary = "force_destroy is switched on: a later delete also deletes every object or recovery point"
  message = "sets {attribute} on {address}: a later destroy deletes everything inside it, unrecoverably"
  doc     = <<-EOT
    Why: a non-empty S3 bucket or backup vault cannot be deleted, which protects its contents.
    `force_destroy = true` removes that guard: "all objects (including any locked objects) …
    are not recoverable".
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_s3_bucket", "aws_backup_vault", "aws_ecr_repository"]
    attribute  = "force_destroy"
    transition = "became_true"
    default    = false
  }
}

rule "aws-dynamodb-pitr-off" {
  class   = "destructive"
  summary = "DynamoDB point-in-time recovery is switched off"
  message = "switches point-in-time recovery off on {address}: its recovery history is lost"
  doc     = <<-EOT
    Why: disabling PITR (or removing its block, which defaults to disabled) deletes the
    continuous backups of the table.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_dynamodb_table"]
    attribute  = "point_in_time_recovery[0].enabled"
    transition = "became_false"
    default    = false
  }
}

rule "aws-s3-versioning-suspended" {
  class   = "destructive"
  summary = "S3 bucket versioning is suspended"
  message = "suspends versioning on {address} ({attribute}: {before} → {after}): overwritten and deleted objects can no longer be recovered"
  doc     = <<-EOT
    Why: versioning keeps old copies of every object; suspending it removes that safety net.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_s3_bucket_versioning"]
    attribute  = "versioning_configuration[0].status"
    transition = "changed"
  }
}

rule "aws-ebs-final-snapshot-off" {
  class   = "destructive"
  summary = "An EBS volume will be deleted without a final snapshot"
  message = "switches final_snapshot off on {address}: a later delete leaves no snapshot"
  doc     = <<-EOT
    Why: `final_snapshot = true` makes the provider snapshot the volume before deleting it.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_ebs_volume"]
    attribute  = "final_snapshot"
    transition = "became_false"
    default    = false
  }
}

rule "aws-kms-deletion-window-shortened" {
  class   = "risky"
  summary = "The KMS key deletion window is shortened"
  message = "shortens the deletion window of {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: the deletion window is the time left to cancel a scheduled key deletion.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key"]
    attribute  = "deletion_window_in_days"
    transition = "decreased"
    default    = 30
  }
}

rule "aws-kms-key-disabled" {
  class   = "destructive"
  summary = "A KMS key is disabled"
  message = "disables {address}: every store and backup encrypted with it becomes unreadable"
  doc     = <<-EOT
    Why: data encrypted under a disabled key cannot be read until the key is enabled again.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_kms_key"]
    attribute  = "is_enabled"
    transition = "became_false"
    default    = true
  }
}

rule "aws-s3-versioning-deleted" {
  class   = "destructive"
  summary = "The versioning resource of an S3 bucket is deleted (versioning is suspended)"
  message = "{action}s {address}: deleting it suspends versioning on the bucket{why}"
  doc     = <<-EOT
    Why: "Deleting this resource will either suspend versioning on the associated S3 bucket or
    simply remove the resource from Terraform state if the associated S3 bucket is unversioned."
  EOT
  match {
    actions = ["delete", "replace"]
    types   = ["aws_s3_bucket_versioning"]
  }
}

# --- what a delete takes with it (judged on the state the provider deletes with) ------------

rule "aws-deleted-without-final-snapshot" {
  class   = "destructive"
  summary = "A database is deleted without a final snapshot"
  message = "{address} is deleted without a final snapshot ({attribute} = true in its state)"
  doc     = <<-EOT
    Why: the provider reads `skip_final_snapshot` from the state when it deletes; with true, no
    snapshot of the last state of the data is taken.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster", "aws_redshift_cluster"]
    attribute  = "skip_final_snapshot"
    transition = "is"
    value      = true
  }
}

rule "aws-automated-backups-die-with-database" {
  class   = "destructive"
  summary = "A database's automated backups are deleted together with it"
  message = "the automated backups and point-in-time history of {address} are deleted with it ({attribute} = {before}, the AWS default)"
  doc     = <<-EOT
    Why: "When you delete a DB instance, all automated backups for that instance are deleted and
    can't be recovered" unless `delete_automated_backups = false`. Only manual or final
    snapshots and AWS Backup recovery points survive.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["aws_db_instance", "aws_rds_cluster"]
    attribute  = "delete_automated_backups"
    transition = "is"
    value      = true
    default    = true
  }
}
