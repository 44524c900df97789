# AWS (hashicorp/aws): data stores, their backups, the keys that encrypt them, and the switches
# that guard them. Facts and citations: taxonomy §3.1 and §4.1 (shared reference).

pack {
  provider      = "aws"
  summary       = "AWS databases (RDS, Aurora, DynamoDB), S3, EBS, EFS, backups and KMS keys"
  type_prefixes = ["aws_"]
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

resource "aws_docdb_global_cluster" {
  category = "database"
  summary  = "Amazon DocumentDB global cluster spanning regions."
}

resource "aws_docdb_cluster_instance" {
  category = "dependency"
  summary  = "Compute instance of a DocumentDB cluster; the data lives in the cluster volume, not here."
}

resource "aws_docdbelastic_cluster" {
  category = "database"
  summary  = "Amazon DocumentDB elastic cluster: its shards hold the data."
}

resource "aws_neptune_cluster_instance" {
  category = "dependency"
  summary  = "Compute instance of a Neptune cluster; the data lives in the cluster volume, not here."
}

resource "aws_neptune_global_cluster" {
  category = "database"
  summary  = "Amazon Neptune global database spanning regions. Deleting or replacing it deletes its data."
}

resource "aws_redshiftserverless_namespace" {
  category = "database"
  summary  = "Redshift Serverless namespace: the databases, schemas and tables of a serverless warehouse."
}

resource "aws_keyspaces_keyspace" {
  category = "database"
  summary  = "Amazon Keyspaces (Cassandra) keyspace: deleting it deletes every table in it."
}

resource "aws_keyspaces_table" {
  category = "database"
  summary  = "Amazon Keyspaces table. Point-in-time recovery is point_in_time_recovery[0].status."
}

resource "aws_timestreamwrite_database" {
  category = "database"
  summary  = "Amazon Timestream database. Deleting or replacing it deletes its data."
}

resource "aws_timestreamwrite_table" {
  category = "database"
  summary  = "Amazon Timestream table; retention_properties decide how long records are kept."
}

resource "aws_qldb_ledger" {
  category = "database"
  summary  = "Amazon QLDB ledger, guarded by deletion_protection."
}

resource "aws_dsql_cluster" {
  category = "database"
  summary  = "Aurora DSQL cluster, guarded by deletion_protection_enabled."
}

resource "aws_lightsail_database" {
  category = "database"
  summary  = "Lightsail managed database. skip_final_snapshot decides whether a snapshot survives a delete; backup_retention_enabled whether automatic backups are kept."
}

resource "aws_memorydb_cluster" {
  category = "database"
  summary  = "MemoryDB cluster: a durable Redis/Valkey database (a system of record, not a cache). final_snapshot_name decides whether a snapshot survives a delete."
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

resource "aws_s3control_bucket" {
  category = "data_store"
  summary  = "S3 on Outposts bucket. Deleting or replacing it deletes what it holds."
}

resource "aws_s3_directory_bucket" {
  category = "data_store"
  summary  = "S3 Express One Zone directory bucket. Like aws_s3_bucket, force_destroy (default false) decides whether a destroy deletes every object."
}

resource "aws_s3tables_table_bucket" {
  category = "data_store"
  summary  = "S3 table bucket: holds Apache Iceberg tables. Deleting or replacing it deletes what it holds."
}

resource "aws_s3tables_table" {
  category = "data_store"
  summary  = "Apache Iceberg table in an S3 table bucket. Deleting or replacing it deletes what it holds."
}

resource "aws_glacier_vault" {
  category = "data_store"
  summary  = "S3 Glacier vault: archives, often long-term copies of backups."
}

resource "aws_opensearch_domain" {
  category = "data_store"
  summary  = "OpenSearch domain (search index). It has no deletion-protection attribute; only snapshots kept elsewhere survive a delete."
}

resource "aws_elasticsearch_domain" {
  category = "data_store"
  summary  = "Legacy Elasticsearch domain (search index); no deletion protection."
}

resource "aws_kinesis_stream" {
  category = "data_store"
  summary  = "Kinesis data stream: records are kept for retention_period hours, and go with the stream."
}

resource "aws_msk_cluster" {
  category = "data_store"
  summary  = "Amazon MSK (Kafka) cluster: its topics and their retained messages."
}

resource "aws_msk_serverless_cluster" {
  category = "data_store"
  summary  = "Amazon MSK Serverless cluster: its topics and their retained messages."
}

resource "aws_mq_broker" {
  category = "data_store"
  summary  = "Amazon MQ broker: queued messages are lost with it."
}

resource "aws_sqs_queue" {
  category = "data_store"
  summary  = "SQS queue: messages are kept for message_retention_seconds and are lost with the queue."
}

resource "aws_ecr_repository" {
  category = "data_store"
  summary  = "ECR repository (container images). Deleting a non-empty repository fails unless force_delete is true (default false)."
}

resource "aws_cloudwatch_log_group" {
  category = "data_store"
  summary  = "CloudWatch log group (logs, audit trails). Its events are deleted with it unless skip_destroy is true; retention_in_days 0 means never expire."
}

resource "aws_cognito_user_pool" {
  category = "data_store"
  summary  = "Cognito user pool: the users and their credentials. Guarded by deletion_protection = \"ACTIVE\"."
}

resource "aws_codecommit_repository" {
  category = "data_store"
  summary  = "CodeCommit git repository. Deleting or replacing it deletes what it holds."
}

resource "aws_glue_catalog_database" {
  category = "data_store"
  summary  = "Glue Data Catalog database: table definitions (the data itself stays in S3)."
}

resource "aws_glue_catalog_table" {
  category = "data_store"
  summary  = "Glue Data Catalog table definition (the data itself stays in S3)."
}

resource "aws_athena_database" {
  category = "data_store"
  summary  = "Athena database (catalog metadata; the data itself stays in S3)."
}

resource "aws_sagemaker_feature_group" {
  category = "data_store"
  summary  = "SageMaker Feature Store feature group: its online store is deleted with it."
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

resource "aws_fsx_ontap_volume" {
  category = "volume"
  summary  = "Volume of an FSx for NetApp ONTAP file system. Deleting or replacing it deletes the data on it."
}

resource "aws_fsx_openzfs_volume" {
  category = "volume"
  summary  = "Volume of an FSx for OpenZFS file system. Deleting or replacing it deletes the data on it."
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

resource "aws_ebs_snapshot_import" {
  category = "backup"
  summary  = "EBS snapshot imported from a disk image. Deleting it deletes that recovery copy."
}

resource "aws_docdb_cluster_snapshot" {
  category = "backup"
  summary  = "Manual DocumentDB cluster snapshot. Deleting it deletes that recovery copy."
}

resource "aws_neptune_cluster_snapshot" {
  category = "backup"
  summary  = "Manual Neptune cluster snapshot. Deleting it deletes that recovery copy."
}

resource "aws_memorydb_snapshot" {
  category = "backup"
  summary  = "MemoryDB snapshot. Deleting it deletes that recovery copy."
}

resource "aws_fsx_backup" {
  category = "backup"
  summary  = "FSx backup. Deleting it deletes that recovery copy."
}

resource "aws_fsx_openzfs_snapshot" {
  category = "backup"
  summary  = "FSx for OpenZFS snapshot. Deleting it deletes that recovery copy."
}

resource "aws_backup_vault" {
  category = "backup"
  summary  = "AWS Backup vault: holds recovery points. Deleting a non-empty vault fails unless force_destroy is true, which deletes every recovery point."
}

resource "aws_backup_logically_air_gapped_vault" {
  category = "backup"
  summary  = "AWS Backup logically air-gapped vault."
}

resource "aws_backup_vault_notifications" {
  category = "dependency"
  summary  = "SNS notifications of an AWS Backup vault (backup job failures are reported through it)."
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

resource "aws_efs_replication_configuration" {
  category = "backup_policy"
  summary  = "Replication of an EFS file system to another region or file system."
}

resource "aws_s3_bucket_replication_configuration" {
  category = "backup_policy"
  summary  = "S3 replication: the off-site copy of a bucket's objects."
}

resource "aws_redshift_snapshot_schedule" {
  category = "backup_policy"
  summary  = "Redshift snapshot schedule. Deleting it stops future backups; existing ones are kept."
}

resource "aws_redshift_snapshot_schedule_association" {
  category = "backup_policy"
  summary  = "Attaches a snapshot schedule to a Redshift cluster."
}

resource "aws_backup_region_settings" {
  category = "backup_policy"
  summary  = "Which resource types AWS Backup may protect in a region."
}

resource "aws_backup_global_settings" {
  category = "backup_policy"
  summary  = "Account-wide AWS Backup settings (cross-account backup)."
}

resource "aws_backup_framework" {
  category = "backup_policy"
  summary  = "AWS Backup Audit Manager framework: the controls that check backups are taken."
}

resource "aws_backup_report_plan" {
  category = "backup_policy"
  summary  = "AWS Backup Audit Manager report plan. Deleting it stops future backups; existing ones are kept."
}

resource "aws_backup_restore_testing_plan" {
  category = "backup_policy"
  summary  = "AWS Backup restore testing plan: proves recovery points can be restored."
}

resource "aws_redshift_snapshot_copy_grant" {
  category = "dependency"
  summary  = "KMS grant that lets Redshift copy encrypted snapshots to another region."
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

resource "aws_s3_bucket_lifecycle_configuration" {
  category = "protection"
  summary  = "S3 lifecycle rules. Their expiration actions are scheduled deletion, so every in-place change is reviewed."
}

resource "aws_backup_vault_policy" {
  category = "protection"
  summary  = "Resource policy of an AWS Backup vault (often denies backup:DeleteRecoveryPoint)."
}

resource "aws_glacier_vault_lock" {
  category = "protection"
  summary  = "WORM lock policy of a Glacier vault. Deleting it removes that protection from the data."
}

resource "aws_rbin_rule" {
  category = "protection"
  summary  = "Recycle Bin rule: keeps deleted EBS snapshots and AMIs recoverable for retention_period."
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

resource "aws_kms_replica_external_key" {
  category = "key"
  summary  = "Multi-region replica of a KMS key with imported key material."
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

resource "aws_elasticache_global_replication_group" {
  category = "cache"
  summary  = "ElastiCache global datastore spanning regions. Its contents can be rebuilt from the system of record."
}

resource "aws_elasticache_serverless_cache" {
  category = "cache"
  summary  = "ElastiCache Serverless cache (Redis / Valkey / Memcached)."
}

resource "aws_dax_cluster" {
  category = "cache"
  summary  = "DynamoDB Accelerator (DAX) cluster: a read-through cache in front of DynamoDB."
}

# --- dependencies -----------------------------------------------------------------------------

resource "aws_secretsmanager_secret" {
  category = "dependency"
  summary  = "Secrets Manager secret (often a database's credentials). A delete waits recovery_window_in_days (default 30) before the secret is gone; 0 deletes it at once."
}

resource "aws_ssm_parameter" {
  category = "dependency"
  summary  = "SSM parameter (configuration or a secret a data store depends on)."
}

resource "aws_route53_zone" {
  category = "dependency"
  summary  = "Route 53 hosted zone. With force_destroy true, a destroy also deletes every record in it, including records managed outside Terraform."
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
    types      = ["aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster", "aws_redshift_cluster", "aws_lightsail_database"]
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
  class   = "destructive"
  summary = "Automated backup retention is shortened: older automated backups are deleted"
  message = "shortens backup_retention_period on {address} from {before} to {after}: automated backups older than {after} are deleted, and point-in-time restore no longer reaches past {after}"
  doc     = <<-EOT
    Why: RDS keeps automated backups (and the transaction logs behind point-in-time restore) only
    for the backup retention period, so shortening it deletes every automated backup older than
    the new window once the change is applied, with no further action; 0 disables automated
    backups. Lengthening it is not flagged.
    How to proceed: approve it only if nothing older than the new window is needed.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_db_instance",  "aws_rds_cluster",  "aws_docdb_cluster",  "aws_neptune_cluster"]
    attribute  = "backup_retention_period"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      source     = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.BackupRetention.html"
    }
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
    types      = ["aws_s3_bucket", "aws_s3_directory_bucket", "aws_backup_vault", "aws_ecr_repository"]
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

resource "aws_lambda_invoke" {
  category = "action"
  summary  = "Action (Terraform 1.14+): invokes a Lambda function during apply; the function can do anything its role allows."
}

rule "aws-lambda-invoked" {
  class   = "risky"
  summary = "An aws_lambda_invoke action runs a Lambda function during apply"
  message = "invokes Lambda function through action {address}{why}: the function runs with whatever its role allows"
  doc     = <<-EOT
    Why: the aws_lambda_invoke action calls a function during apply; what it does (a data
    migration, a cleanup) is in the function's code, which the plan does not show.
    How to proceed: check which function and payload the action names, then apply.
  EOT
  match {
    actions = ["invoke"]
    types   = ["aws_lambda_invoke"]
  }
}

rule "aws-s3-inline-versioning-suspended" {
  class   = "destructive"
  summary = "S3 bucket versioning, written inline in aws_s3_bucket, is suspended"
  message = "suspends versioning on {address} ({attribute}: {before} → {after}): overwritten and deleted objects can no longer be recovered"
  doc     = <<-EOT
    Why: the deprecated inline `versioning { enabled = ... }` block of aws_s3_bucket does what
    aws_s3_bucket_versioning does; switching it off suspends versioning just the same.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_s3_bucket"]
    attribute  = "versioning[0].enabled"
    transition = "became_false"
  }
}

rule "aws-s3-inline-mfa-delete-off" {
  class   = "risky"
  summary = "MFA delete, written inline in aws_s3_bucket, is switched off"
  message = "switches MFA delete off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: as with aws_s3_bucket_versioning, without MFA delete the credentials alone can delete
    object versions or suspend versioning.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_s3_bucket"]
    attribute  = "versioning[0].mfa_delete"
    transition = "became_false"
  }
}

rule "aws-s3-inline-object-lock-retention-shortened" {
  class   = "risky"
  summary = "The default object lock retention, written inline in aws_s3_bucket, is shortened"
  message = "shortens the default object lock retention of {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: the inline `object_lock_configuration` of aws_s3_bucket sets the same default retention
    as aws_s3_bucket_object_lock_configuration: new object versions can be deleted sooner.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_s3_bucket"]
    attribute  = "object_lock_configuration[0].rule[0].default_retention[0].days"
    transition = "decreased"
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

rule "aws-dsql-deletion-protection-off" {
  class   = "destructive"
  summary = "Deletion protection is switched off on an Aurora DSQL cluster"
  message = "switches deletion protection off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: `deletion_protection_enabled` is what makes a delete of the cluster fail.
    How to proceed: approve the change, or keep the protection on.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_dsql_cluster"]
    attribute  = "deletion_protection_enabled"
    transition = "became_false"
    default    = false
  }
}

rule "aws-cognito-deletion-protection-off" {
  class   = "destructive"
  summary = "Deletion protection is switched off on a Cognito user pool"
  message = "switches deletion protection off on {address} ({attribute}: {before} → {after}): the users and their credentials can then be deleted"
  doc     = <<-EOT
    Why: `deletion_protection = "ACTIVE"` makes a delete of the user pool fail; "INACTIVE" (the
    default) lets a destroy delete every user in it.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_cognito_user_pool"]
    attribute  = "deletion_protection"
    transition = "set_to"
    value      = "INACTIVE"
    default    = "INACTIVE"
  }
}

rule "aws-rds-backtrack-off" {
  class   = "risky"
  summary = "Aurora backtrack is switched off"
  message = "switches backtrack off on {address} ({attribute}: {before} → 0): the cluster can no longer be rewound in place"
  doc     = <<-EOT
    Why: `backtrack_window = 0` disables Aurora MySQL backtrack, one of the ways to undo a bad
    write without a restore. Backups are not affected.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_rds_cluster"]
    attribute  = "backtrack_window"
    transition = "set_to"
    value      = 0
    default    = 0
  }
}

rule "aws-lightsail-backups-off" {
  class   = "destructive"
  summary = "Automatic backups of a Lightsail database are switched off"
  message = "switches automatic backups off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: with `backup_retention_enabled = false` Lightsail keeps no automatic backups of the
    database, so nothing is left to restore from after a mistake.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_lightsail_database"]
    attribute  = "backup_retention_enabled"
    transition = "became_false"
  }
}

rule "aws-dynamodb-pitr-window-shortened" {
  class   = "destructive"
  summary = "The DynamoDB point-in-time recovery window is shortened"
  message = "shortens the point-in-time recovery window of {address} from {before} to {after}: restore points older than {after} are gone"
  doc     = <<-EOT
    Why: `point_in_time_recovery[0].recovery_period_in_days` (1-35, 35 when not set) is how far
    back the table can be restored; a shorter window drops every restore point older than it.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_dynamodb_table"]
    attribute  = "point_in_time_recovery[0].recovery_period_in_days"
    transition = "keeps_less"
    default    = 35
    retention {
      unit       = "days"
      keeps_less = "smaller"
      source     = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery_Howitworks.html"
    }
  }
}

rule "aws-dynamodb-ttl-enabled" {
  class   = "risky"
  summary = "Time to live is switched on for a DynamoDB table: items start expiring"
  message = "switches time to live on for {address}: items whose TTL attribute is in the past are deleted automatically"
  doc     = <<-EOT
    Why: TTL is deletion by design. Switching it on (or pointing it at another attribute) can
    make DynamoDB delete items nobody meant to expire.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_dynamodb_table"]
    attribute  = "ttl[0].enabled"
    transition = "became_true"
    default    = false
  }
}

rule "aws-keyspaces-pitr-off" {
  class   = "destructive"
  summary = "Point-in-time recovery is switched off on an Amazon Keyspaces table"
  message = "switches point-in-time recovery off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: with `point_in_time_recovery[0].status = "DISABLED"` the table keeps no continuous
    backups: its recovery history is gone.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_keyspaces_table"]
    attribute  = "point_in_time_recovery[0].status"
    transition = "set_to"
    value      = "DISABLED"
  }
}

rule "aws-s3-mfa-delete-off" {
  class   = "risky"
  summary = "MFA delete is switched off on an S3 bucket"
  message = "switches MFA delete off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: MFA delete requires a second factor to delete object versions or suspend versioning;
    without it, the credentials alone can do both.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_s3_bucket_versioning"]
    attribute  = "versioning_configuration[0].mfa_delete"
    transition = "set_to"
    value      = "Disabled"
  }
}

rule "aws-s3-object-lock-governance" {
  class   = "risky"
  summary = "S3 object lock defaults move from compliance to governance mode"
  message = "moves the default object lock of {address} to governance mode ({attribute}: {before} → {after}): new object versions can be deleted by privileged users"
  doc     = <<-EOT
    Why: compliance mode cannot be bypassed by anyone; governance mode can be, with
    s3:BypassGovernanceRetention. Existing object versions keep the retention they have.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_s3_bucket_object_lock_configuration"]
    attribute  = "rule[0].default_retention[0].mode"
    transition = "set_to"
    value      = "GOVERNANCE"
  }
}

rule "aws-s3-object-lock-retention-shortened" {
  class   = "risky"
  summary = "The default S3 object lock retention is shortened"
  message = "shortens the default object lock retention of {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: new object versions are locked for a shorter time, so they can be deleted sooner.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_s3_bucket_object_lock_configuration"]
    attribute  = "rule[0].default_retention[0].days"
    transition = "decreased"
  }
}

rule "aws-backup-vault-lock-removed" {
  class   = "destructive"
  summary = "The WORM lock of an AWS Backup vault is removed"
  message = "{action}s {address}: the vault's recovery points lose their WORM protection{why}"
  doc     = <<-EOT
    Why: a vault lock stops anyone (an attacker, an agent, an administrator) from deleting
    recovery points early. AWS only allows removing it in governance mode or before the
    compliance lock date; once it is gone the recovery points can be deleted.
  EOT
  match {
    actions = ["delete", "replace"]
    types   = ["aws_backup_vault_lock_configuration"]
  }
}

rule "aws-backup-min-retention-shortened" {
  class   = "risky"
  summary = "The minimum retention enforced on an AWS Backup vault is lowered"
  message = "lowers the minimum retention of {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: `min_retention_days` is the shortest time a recovery point must be kept; lowering it
    lets recovery points be deleted sooner.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_backup_vault_lock_configuration", "aws_backup_logically_air_gapped_vault"]
    attribute  = "min_retention_days"
    transition = "decreased"
  }
}

rule "aws-efs-backup-off" {
  class   = "risky"
  summary = "Automatic AWS Backup of an EFS file system is switched off"
  message = "switches automatic backups off for {address} ({attribute}: {before} → {after}): no new backups are taken"
  doc     = <<-EOT
    Why: existing recovery points are kept, but the file system is no longer backed up.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_efs_backup_policy"]
    attribute  = "backup_policy[0].status"
    transition = "set_to"
    value      = "DISABLED"
  }
}

rule "aws-fsx-final-backup-skipped" {
  class   = "destructive"
  summary = "An FSx file system will be deleted without a final backup"
  message = "sets {attribute} on {address}: a later delete takes no final backup"
  doc     = <<-EOT
    Why: the provider reads `skip_final_backup` from the state when it deletes. FSx for Windows
    and OpenZFS take a final backup by default (false); setting it to true removes it.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_fsx_windows_file_system", "aws_fsx_openzfs_file_system"]
    attribute  = "skip_final_backup"
    transition = "became_true"
    default    = false
  }
}

rule "aws-fsx-lustre-final-backup-skipped" {
  class   = "destructive"
  summary = "An FSx for Lustre file system will be deleted without a final backup"
  message = "sets {attribute} on {address}: a later delete takes no final backup"
  doc     = <<-EOT
    Why: unlike Windows and OpenZFS, FSx for Lustre skips the final backup by default
    (`skip_final_backup` null means true). Going back from false to true removes it.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_fsx_lustre_file_system"]
    attribute  = "skip_final_backup"
    transition = "became_true"
    default    = true
  }
}

rule "aws-fsx-backup-retention-shortened" {
  class   = "risky"
  summary = "Automatic backup retention of an FSx file system is shortened"
  message = "shortens {attribute} on {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: a shorter retention deletes the oldest automatic backups (0 is believed to switch
    automatic backups off, which is not confirmed, so this rule stays risky).
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_fsx_windows_file_system", "aws_fsx_openzfs_file_system", "aws_fsx_lustre_file_system", "aws_fsx_ontap_file_system"]
    attribute  = "automatic_backup_retention_days"
    transition = "decreased"
  }
}

rule "aws-elasticache-final-snapshot-removed" {
  class   = "risky"
  summary = "An ElastiCache cluster loses its final snapshot on delete"
  message = "removes {attribute} from {address}: a later delete takes no final snapshot"
  doc     = <<-EOT
    Why: "If omitted, no final snapshot will be made." A cache can usually be rebuilt, which is
    why this is risky, not destructive.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_elasticache_replication_group", "aws_elasticache_cluster"]
    attribute  = "final_snapshot_identifier"
    transition = "removed"
  }
}

rule "aws-memorydb-final-snapshot-removed" {
  class   = "risky"
  summary = "A MemoryDB cluster loses its final snapshot on delete"
  message = "removes {attribute} from {address}: a later delete takes no final snapshot"
  doc     = <<-EOT
    Why: MemoryDB is a durable database; `final_snapshot_name` is the snapshot taken when it is
    deleted. Without it, only earlier snapshots survive a delete.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_memorydb_cluster"]
    attribute  = "final_snapshot_name"
    transition = "removed"
  }
}

rule "aws-snapshot-retention-shortened" {
  class   = "destructive"
  summary = "Automatic snapshot retention is shortened: older snapshots are deleted"
  message = "shortens snapshot_retention_limit on {address} from {before} to {after}: automatic snapshots older than {after} are deleted"
  doc     = <<-EOT
    Why: `snapshot_retention_limit` is "the number of days for which ElastiCache retains automatic
    snapshots before deleting them" (MemoryDB alike); shortening it deletes the older automatic
    snapshots, and 0 turns automatic snapshots off.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_elasticache_replication_group",  "aws_elasticache_cluster",  "aws_memorydb_cluster"]
    attribute  = "snapshot_retention_limit"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      source     = "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyReplicationGroup.html"
    }
  }
}

rule "aws-redshift-snapshot-retention-shortened" {
  class   = "risky"
  summary = "Automated snapshot retention of a Redshift cluster is shortened"
  message = "shortens {attribute} on {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: a shorter retention deletes the oldest automated snapshots of the warehouse.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_redshift_cluster"]
    attribute  = "automated_snapshot_retention_period"
    transition = "decreased"
  }
}

rule "aws-redshift-snapshot-copy-removed" {
  class   = "risky"
  summary = "Cross-region snapshot copy of a Redshift cluster is switched off"
  message = "removes the cross-region snapshot copy of {address}: its snapshots are back in one region"
  doc     = <<-EOT
    Why: the copy puts snapshots out of the blast radius of the source region.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_redshift_cluster"]
    attribute  = "snapshot_copy"
    transition = "removed"
  }
}

rule "aws-kms-lockout-check-bypassed" {
  class   = "risky"
  summary = "The KMS policy lockout safety check is bypassed"
  message = "sets {attribute} on {address}: a policy change can make the key unmanageable"
  doc     = <<-EOT
    Why: "increases the risk that the KMS key becomes unmanageable". A key nobody can manage
    cannot be re-enabled or have its policy fixed.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key", "aws_kms_replica_external_key"]
    attribute  = "bypass_policy_lockout_safety_check"
    transition = "became_true"
    default    = false
  }
}

rule "aws-secret-recovery-window-zero" {
  class   = "destructive"
  summary = "A secret will be deleted without a recovery window"
  message = "sets {attribute} on {address} to 0: a later delete removes the secret at once, with no recovery"
  doc     = <<-EOT
    Why: the provider reads `recovery_window_in_days` from the state when it deletes; "0 to
    force deletion without recovery". A database whose only credentials are gone is as good as
    lost until someone resets them.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_secretsmanager_secret"]
    attribute  = "recovery_window_in_days"
    transition = "set_to"
    value      = 0
    default    = 30
  }
}

rule "aws-secret-recovery-window-shortened" {
  class   = "risky"
  summary = "The recovery window of a secret is shortened"
  message = "shortens the recovery window of {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: the recovery window is the time left to restore a deleted secret.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_secretsmanager_secret"]
    attribute  = "recovery_window_in_days"
    transition = "decreased"
    default    = 30
  }
}

rule "aws-log-retention-shortened" {
  class   = "destructive"
  summary = "CloudWatch log retention is set or shortened: older log events are deleted"
  message = "sets the retention of {address} from {before} to {after}: log events older than {after} are deleted"
  doc     = <<-EOT
    Why: CloudWatch Logs deletes log events once they reach the group's retention (typically
    within 72 hours). `retention_in_days = 0` (or not set) means never expire, so setting a
    retention where there was none, or shortening it, deletes the older events; audit trails may
    need them.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_cloudwatch_log_group"]
    attribute  = "retention_in_days"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      unlimited  = [0, null]
      source     = "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html"
    }
  }
}

rule "aws-log-group-skip-destroy-off" {
  class   = "destructive"
  summary = "A log group will be deleted with its logs on destroy"
  message = "switches skip_destroy off on {address}: a later destroy deletes the log group and every log in it"
  doc     = <<-EOT
    Why: with `skip_destroy = true` a destroy only removes the log group from the state; setting
    it to false arms the next destroy to delete the logs.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_cloudwatch_log_group"]
    attribute  = "skip_destroy"
    transition = "became_false"
    default    = false
  }
}

rule "aws-ecr-force-delete-on" {
  class   = "destructive"
  summary = "force_delete is switched on for an ECR repository"
  message = "sets {attribute} on {address}: a later destroy deletes the repository with every image in it"
  doc     = <<-EOT
    Why: "If true, will delete the repository even if it contains images. Defaults to false."
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_ecr_repository"]
    attribute  = "force_delete"
    transition = "became_true"
    default    = false
  }
}

rule "aws-route53-force-destroy-on" {
  class   = "risky"
  summary = "force_destroy is switched on for a Route 53 zone"
  message = "sets {attribute} on {address}: a later destroy deletes every record in the zone, including records managed outside Terraform"
  doc     = <<-EOT
    Why: without it, deleting a zone that still has records fails.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_route53_zone"]
    attribute  = "force_destroy"
    transition = "became_true"
    default    = false
  }
}

rule "aws-kinesis-retention-shortened" {
  class   = "destructive"
  summary = "Kinesis stream retention is shortened: older records are lost"
  message = "shortens the retention of {address} from {before} to {after}: records older than {after} become inaccessible"
  doc     = <<-EOT
    Why: decreasing a stream's retention period "may result in lost data": records already in the
    stream that are older than the new period become inaccessible at once.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_kinesis_stream"]
    attribute  = "retention_period"
    transition = "keeps_less"
    retention {
      unit       = "hours"
      keeps_less = "smaller"
      source     = "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DecreaseStreamRetentionPeriod.html"
    }
  }
}

rule "aws-sqs-retention-shortened" {
  class   = "risky"
  summary = "SQS message retention is shortened"
  message = "shortens the message retention of {address} from {before} to {after} seconds: older messages are deleted"
  doc     = <<-EOT
    Why: messages older than `message_retention_seconds` are deleted from the queue.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_sqs_queue"]
    attribute  = "message_retention_seconds"
    transition = "decreased"
  }
}

rule "aws-recycle-bin-retention-shortened" {
  class   = "risky"
  summary = "Recycle Bin retention is shortened"
  message = "shortens the Recycle Bin retention of {address} from {before} to {after}: deleted snapshots and AMIs become unrecoverable sooner"
  doc     = <<-EOT
    Why: the Recycle Bin keeps deleted EBS snapshots and AMIs recoverable for its retention
    period.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_rbin_rule"]
    attribute  = "retention_period[0].retention_period_value"
    transition = "decreased"
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
    types      = ["aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster", "aws_redshift_cluster", "aws_lightsail_database"]
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

rule "aws-deleted-with-contents" {
  class   = "destructive"
  summary = "A bucket or backup vault is deleted with force_destroy: everything in it goes too"
  message = "{address} is deleted with {attribute} = true in its state: every object or recovery point in it is deleted too, unrecoverably"
  doc     = <<-EOT
    Why: without `force_destroy` a non-empty bucket or vault cannot be deleted, which protects
    its contents. With it, "all objects (including any locked objects) … are not recoverable",
    and for a backup vault "all recovery points stored in the vault are deleted".
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["aws_s3_bucket", "aws_s3_directory_bucket", "aws_backup_vault"]
    attribute  = "force_destroy"
    transition = "is"
    value      = true
  }
}

rule "aws-fsx-deleted-without-final-backup" {
  class   = "destructive"
  summary = "An FSx file system is deleted without a final backup"
  message = "{address} is deleted without a final backup ({attribute} = true in its state)"
  doc     = <<-EOT
    Why: the provider reads `skip_final_backup` from the state when it deletes.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["aws_fsx_windows_file_system", "aws_fsx_openzfs_file_system"]
    attribute  = "skip_final_backup"
    transition = "is"
    value      = true
    default    = false
  }
}

rule "aws-fsx-lustre-deleted-without-final-backup" {
  class   = "destructive"
  summary = "An FSx for Lustre file system is deleted without a final backup (the default)"
  message = "{address} is deleted without a final backup ({attribute} = {before}; Lustre skips it by default)"
  doc     = <<-EOT
    Why: FSx for Lustre skips the final backup unless `skip_final_backup = false`.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["aws_fsx_lustre_file_system"]
    attribute  = "skip_final_backup"
    transition = "is"
    value      = true
    default    = true
  }
}

rule "aws-secret-deleted-without-recovery" {
  class   = "destructive"
  summary = "A secret is deleted with no recovery window"
  message = "{address} is deleted with {attribute} = 0 in its state: the secret is gone at once, with no recovery"
  doc     = <<-EOT
    Why: Secrets Manager normally keeps a deleted secret restorable for the recovery window;
    0 forces deletion without recovery.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["aws_secretsmanager_secret"]
    attribute  = "recovery_window_in_days"
    transition = "is"
    value      = 0
    default    = 30
  }
}

rule "aws-route53-zone-deleted-with-records" {
  class   = "destructive"
  summary = "A Route 53 zone is deleted with force_destroy: every record in it goes too"
  message = "{address} is deleted with {attribute} = true in its state: every record in the zone is deleted, including records managed outside Terraform"
  doc     = <<-EOT
    Why: "destroy all records (possibly managed outside of Terraform) in the zone". Records not
    in this configuration cannot be recreated from it.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["aws_route53_zone"]
    attribute  = "force_destroy"
    transition = "is"
    value      = true
  }
}

# --- recovery facts: how a store's own backups fare on delete, and how backups name it ------
# (recovery verdicts lost / kept / unknown; see tfguard/recovery.py)

store "aws_db_instance" {
  summary                    = "Final snapshot unless skip_final_snapshot; automated backups deleted unless delete_automated_backups = false (default true)."
  source                     = "terraform-provider-aws internal/service/rds/instance.go (skip_final_snapshot default false, delete_automated_backups default true); https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html"
  skip_final_backup          = "skip_final_snapshot"
  final_backup_default       = true
  final_backup_name          = "final_snapshot_identifier"
  backups_deleted_with_store = "delete_automated_backups"
  backups_deleted_default    = true
}

store "aws_rds_cluster" {
  summary                    = "As aws_db_instance: final snapshot unless skipped; automated backups deleted by default."
  source                     = "terraform-provider-aws internal/service/rds/cluster.go; website/docs/r/rds_cluster.html.markdown"
  skip_final_backup          = "skip_final_snapshot"
  final_backup_default       = true
  final_backup_name          = "final_snapshot_identifier"
  backups_deleted_with_store = "delete_automated_backups"
  backups_deleted_default    = true
}

store "aws_docdb_cluster" {
  summary              = "Final snapshot unless skip_final_snapshot; automated backups go with the cluster."
  source               = "https://docs.aws.amazon.com/documentdb/latest/developerguide/API_DeleteDBCluster.html"
  skip_final_backup    = "skip_final_snapshot"
  final_backup_default = true
  final_backup_name    = "final_snapshot_identifier"
}

store "aws_neptune_cluster" {
  summary              = "Final snapshot unless skip_final_snapshot; automated backups go with the cluster."
  source               = "https://docs.aws.amazon.com/neptune/latest/apiref/API_DeleteDBCluster.html"
  skip_final_backup    = "skip_final_snapshot"
  final_backup_default = true
  final_backup_name    = "final_snapshot_identifier"
}

store "aws_redshift_cluster" {
  summary              = "Final snapshot unless skip_final_snapshot."
  source               = "terraform-provider-aws website/docs/r/redshift_cluster.html.markdown (skip_final_snapshot)"
  skip_final_backup    = "skip_final_snapshot"
  final_backup_default = true
  final_backup_name    = "final_snapshot_identifier"
}

store "aws_ebs_volume" {
  summary              = "A snapshot is taken on delete only with final_snapshot = true (default false)."
  source               = "terraform-provider-aws website/docs/r/ebs_volume.html.markdown (final_snapshot, default false)"
  take_final_backup    = "final_snapshot"
  final_backup_default = false
}

store "aws_fsx_lustre_file_system" {
  summary              = "skip_final_backup defaults to true for Lustre: no final backup."
  source               = "hashicorp/terraform-provider-aws#37717 (skip_final_backup defaults to true for Lustre)"
  skip_final_backup    = "skip_final_backup"
  final_backup_default = false
}

store "aws_dynamodb_table" {
  summary = "Point-in-time recovery history is deleted with the table; on-demand and AWS Backup backups survive."
  source  = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html"
}

store "aws_s3_bucket" {
  summary = "Deleting a bucket deletes its objects; only replicas and AWS Backup recovery points survive."
  source  = "terraform-provider-aws website/docs/r/s3_bucket.html.markdown (force_destroy)"
}

store "aws_efs_file_system" {
  summary = "No final backup; AWS Backup recovery points survive."
  source  = "https://docs.aws.amazon.com/efs/latest/ug/awsbackup.html"
}

backup "aws_db_snapshot" {
  of              = ["aws_db_instance"]
  attribute       = "db_instance_identifier"
  store_attribute = "identifier"
}

backup "aws_db_cluster_snapshot" {
  of              = ["aws_rds_cluster"]
  attribute       = "db_cluster_identifier"
  store_attribute = "cluster_identifier"
}

backup "aws_db_instance_automated_backups_replication" {
  of              = ["aws_db_instance"]
  attribute       = "source_db_instance_arn"
  store_attribute = "arn"
}

backup "aws_ebs_snapshot" {
  of              = ["aws_ebs_volume"]
  attribute       = "volume_id"
  store_attribute = "id"
}

backup "aws_backup_selection" {
  of              = ["aws_db_instance", "aws_rds_cluster", "aws_dynamodb_table", "aws_efs_file_system", "aws_ebs_volume", "aws_s3_bucket", "aws_fsx_lustre_file_system", "aws_docdb_cluster", "aws_neptune_cluster", "aws_redshift_cluster"]
  attribute       = "resources"
  store_attribute = "arn"
  # its recovery points live in the vault its backup plan targets:
  # selection.plan_id = plan.id, plan.rule[*].target_vault_name = vault.name
  held_by          = ["aws_backup_vault"]
  held_via         = "plan_id"
  held_via_type    = "aws_backup_plan"
  held_via_key     = "id"
  holder_attribute = "rule.target_vault_name"
  holder_key       = "name"
}

# --- rules over every element of a set block ([*]) -------------------------------------------

rule "aws-backup-plan-retention-shortened" {
  class   = "risky"
  summary = "An AWS Backup plan keeps new recovery points for less time"
  message = "shortens retention in {address}{element} from {before} to {after}: recovery points taken from now on are deleted after {after}"
  doc     = <<-EOT
    Why: `rule[*].lifecycle[0].delete_after` is how long each new recovery point is kept. Changes
    to a backup plan apply to backups created after the change; existing snapshot recovery points
    keep their lifecycle, so nothing is deleted at once (continuous backups are the exception:
    see aws-backup-plan-continuous-retention-shortened). Rules are a set, matched by `rule_name`;
    a new rule with a lifecycle counts as keeping less than none; -1 keeps recovery points
    indefinitely. Moving recovery points to cold storage (`cold_storage_after`) deletes nothing:
    `delete_after` still counts from creation and must be at least 90 days after the move, so only
    `delete_after` decides how long they are kept (AWS Backup API, Lifecycle).
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_backup_plan"]
    attribute  = "rule[*].lifecycle[0].delete_after"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      unlimited  = [null, 0, -1]
      key        = "rule_name"
      source     = "https://docs.aws.amazon.com/managedservices/latest/ctref/management-aws-backup-plan-update-review-required.html; https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html (DeleteAfterDays counts from creation, at least 90 days after MoveToColdStorageAfterDays; -1 keeps indefinitely)"
    }
  }
}

rule "aws-backup-plan-continuous-retention-shortened" {
  class   = "destructive"
  summary = "An AWS Backup plan shortens the retention of continuous (point-in-time) backups"
  message = "shortens continuous-backup retention in {address}{element} from {before} to {after}: the existing point-in-time recovery point is cut to {after}"
  doc     = <<-EOT
    Why: for continuous backups (`enable_continuous_backup = true`) of RDS and Aurora only one
    recovery point exists, and AWS Backup updates it with the plan's new retention when the next
    backup completes, so restore points older than the new window are lost (S3 continuous points
    are stopped and replaced). Rules are matched by `rule_name`.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_backup_plan"]
    attribute  = "rule[*].lifecycle[0].delete_after"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      unlimited  = [null, 0, -1]
      key        = "rule_name"
      source     = "https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery-retention-period.html"
      active {
        attribute = "enable_continuous_backup"
        value     = true
      }
    }
  }
}

rule "aws-backup-plan-copy-removed" {
  class   = "risky"
  summary = "An AWS Backup plan stops copying recovery points to another vault"
  message = "removes a copy_action from {address}: recovery points are no longer copied off-site"
  doc     = <<-EOT
    Why: `rule[*].copy_action` copies recovery points to another vault (often another region or
    account): the copy is what survives when the primary vault or account is lost.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_backup_plan"]
    attribute  = "rule[*].copy_action"
    transition = "removed"
  }
}

rule "aws-s3-lifecycle-expiration-shortened" {
  class   = "destructive"
  summary = "An S3 lifecycle rule starts expiring objects, or expires them sooner"
  message = "expires objects in {address}{element} after {after} instead of {before}: current objects older than {after} are deleted"
  doc     = <<-EOT
    Why: a lifecycle expiration is scheduled bulk deletion and applies to the objects already in
    the bucket, not only new ones. An enabled rule whose `expiration[0].days` is added or made
    smaller deletes every matching object older than that. Rules are matched by `id`; a rule only
    counts while `status = "Enabled"`; `days = 0` or no expiration block means no expiry by age.
    Expiration by `date` is aws-s3-lifecycle-expiration-date-earlier.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_s3_bucket_lifecycle_configuration"]
    attribute  = "rule[*].expiration[0].days"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      unlimited  = [null, 0]
      key        = "id"
      source     = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html"
      active {
        attribute = "status"
        value     = "Enabled"
      }
    }
  }
}

rule "aws-s3-lifecycle-noncurrent-expiration-shortened" {
  class   = "destructive"
  summary = "An S3 lifecycle rule starts deleting noncurrent versions, or deletes them sooner"
  message = "deletes noncurrent object versions in {address}{element} after {after} instead of {before}: the older versions (your undo history) are deleted"
  doc     = <<-EOT
    Why: `noncurrent_version_expiration[0].noncurrent_days` permanently deletes object versions
    that many days after they became noncurrent; with versioning these versions are the recovery
    for overwritten or deleted objects. Rules are matched by `id`, counted while enabled.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_s3_bucket_lifecycle_configuration"]
    attribute  = "rule[*].noncurrent_version_expiration[0].noncurrent_days"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      unlimited  = [null, 0]
      key        = "id"
      source     = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html"
      active {
        attribute = "status"
        value     = "Enabled"
      }
    }
  }
}

rule "aws-s3-bucket-lifecycle-expiration-shortened" {
  class   = "destructive"
  summary = "An inline S3 lifecycle rule (aws_s3_bucket) starts expiring objects, or expires them sooner"
  message = "expires objects in {address}{element} after {after} instead of {before}: current objects older than {after} are deleted"
  doc     = <<-EOT
    Why: the same scheduled deletion as aws-s3-lifecycle-expiration-shortened, written in the
    legacy inline `lifecycle_rule` blocks of `aws_s3_bucket` (matched by `id`, counted while
    `enabled = true`).
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_s3_bucket"]
    attribute  = "lifecycle_rule[*].expiration[0].days"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      unlimited  = [null, 0]
      key        = "id"
      source     = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html"
      active {
        attribute = "enabled"
        value     = true
      }
    }
  }
}

rule "aws-s3-bucket-lifecycle-noncurrent-expiration-shortened" {
  class   = "destructive"
  summary = "An inline S3 lifecycle rule (aws_s3_bucket) deletes noncurrent versions sooner"
  message = "deletes noncurrent object versions in {address}{element} after {after} instead of {before}"
  doc     = <<-EOT
    Why: the inline form of aws-s3-lifecycle-noncurrent-expiration-shortened
    (`lifecycle_rule[*].noncurrent_version_expiration[0].days`).
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_s3_bucket"]
    attribute  = "lifecycle_rule[*].noncurrent_version_expiration[0].days"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      unlimited  = [null, 0]
      key        = "id"
      source     = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html"
      active {
        attribute = "enabled"
        value     = true
      }
    }
  }
}

rule "aws-s3-lifecycle-expiration-date-earlier" {
  class   = "destructive"
  summary = "An S3 lifecycle rule starts expiring objects on a date, or on an earlier date"
  message = "expires the objects of {address}{element} on {after} (before: {before}): every matching object is deleted from that date"
  doc     = <<-EOT
    Why: `expiration[0].date` (midnight UTC) expires every object the rule matches from that date
    on, and lifecycle rules apply to the objects already in the bucket, not only new ones. A date
    added, or moved earlier, deletes objects that would otherwise have been kept. Rules are
    matched by `id`, counted while `status = "Enabled"`.
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_s3_bucket_lifecycle_configuration"]
    attribute  = "rule[*].expiration[0].date"
    transition = "keeps_less"
    retention {
      unit       = "date"
      keeps_less = "smaller"
      unlimited  = [null, ""]
      key        = "id"
      source     = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html; https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleExpiration.html (Date: midnight UTC); aws website/docs/r/s3_bucket_lifecycle_configuration.html.markdown (expiration.date, RFC3339 full-date)"
      active {
        attribute = "status"
        value     = "Enabled"
      }
    }
  }
}

rule "aws-s3-bucket-lifecycle-expiration-date-earlier" {
  class   = "destructive"
  summary = "An inline S3 lifecycle rule (aws_s3_bucket) starts expiring objects on a date, or on an earlier date"
  message = "expires the objects of {address}{element} on {after} (before: {before}): every matching object is deleted from that date"
  doc     = <<-EOT
    Why: the inline form of aws-s3-lifecycle-expiration-date-earlier
    (`lifecycle_rule[*].expiration[0].date`, matched by `id`, counted while `enabled = true`).
  EOT
  match {
    actions    = ["update"]
    types      = ["aws_s3_bucket"]
    attribute  = "lifecycle_rule[*].expiration[0].date"
    transition = "keeps_less"
    retention {
      unit       = "date"
      keeps_less = "smaller"
      unlimited  = [null, ""]
      key        = "id"
      source     = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html; https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleExpiration.html"
      active {
        attribute = "enabled"
        value     = true
      }
    }
  }
}
