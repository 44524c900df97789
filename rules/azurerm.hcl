# Azure (hashicorp/azurerm): databases, storage accounts, disks, Recovery Services and Data
# Protection vaults, Key Vault keys, and the switches that guard them. Facts and citations:
# taxonomy §3.3 and §4.3 (shared reference).
#
# Azure SQL and the flexible servers have no deletion-protection attribute: the provider docs
# recommend `lifecycle { prevent_destroy = true }` (invisible in plan JSON) and management locks.
# Provider-level `features {}` switches (Key Vault purge on destroy, keeping VM backup data,
# preventing NetApp volume destruction) are not visible per resource: rules assume the defaults.

pack {
  provider      = "azurerm"
  summary       = "Azure SQL, PostgreSQL/MySQL flexible servers, Cosmos DB, storage accounts, managed disks, backup vaults and Key Vault keys"
  type_prefixes = ["azurerm_"]
}

# --- databases --------------------------------------------------------------------------------

resource "azurerm_mssql_server" {
  category = "database"
  summary  = "Azure SQL logical server: deleting or replacing it drops every database on it. No deletion-protection attribute exists."
}

resource "azurerm_mssql_database" {
  category = "database"
  summary  = "Azure SQL database. PITR lives in short_term_retention_policy, long-term backups in long_term_retention_policy (PT0S means none)."
}

resource "azurerm_mssql_elasticpool" {
  category = "database"
  summary  = "Azure SQL elastic pool: the databases in it share its resources, so deleting or replacing it is reviewed like a database."
}

resource "azurerm_mssql_managed_instance" {
  category = "database"
  summary  = "Azure SQL Managed Instance: deleting it drops every database on it."
}

resource "azurerm_mssql_managed_database" {
  category = "database"
  summary  = "Database in an Azure SQL Managed Instance. Deleting or replacing it deletes its data."
}

resource "azurerm_postgresql_flexible_server" {
  category = "database"
  summary  = "Azure Database for PostgreSQL flexible server. backup_retention_days (7-35) is the PITR window; geo_redundant_backup_enabled is ForceNew."
}

resource "azurerm_postgresql_flexible_server_database" {
  category = "database"
  summary  = "Database on a PostgreSQL flexible server. Deleting or replacing it deletes its data."
}

resource "azurerm_mysql_flexible_server" {
  category = "database"
  summary  = "Azure Database for MySQL flexible server. backup_retention_days (1-35) is the PITR window; geo_redundant_backup_enabled is ForceNew."
}

resource "azurerm_mysql_flexible_database" {
  category = "database"
  summary  = "Database on a MySQL flexible server. Deleting or replacing it deletes its data."
}

resource "azurerm_cosmosdb_account" {
  category = "database"
  summary  = "Cosmos DB account: every database and container in it. backup[0] decides Periodic or Continuous backup; changing key_vault_key_id replaces it."
}

resource "azurerm_cosmosdb_sql_database" {
  category = "database"
  summary  = "Cosmos DB for NoSQL database. Deleting or replacing it deletes its data."
}

resource "azurerm_cosmosdb_sql_container" {
  category = "database"
  summary  = "Cosmos DB for NoSQL container; changing partition_key_paths replaces it."
}

resource "azurerm_cosmosdb_mongo_database" {
  category = "database"
  summary  = "Cosmos DB for MongoDB database. Deleting or replacing it deletes its data."
}

resource "azurerm_cosmosdb_mongo_collection" {
  category = "database"
  summary  = "Cosmos DB for MongoDB collection. Deleting or replacing it deletes its data."
}

resource "azurerm_cosmosdb_cassandra_keyspace" {
  category = "database"
  summary  = "Cosmos DB for Apache Cassandra keyspace. Deleting or replacing it deletes its data."
}

resource "azurerm_cosmosdb_cassandra_table" {
  category = "database"
  summary  = "Cosmos DB for Apache Cassandra table. Deleting or replacing it deletes its data."
}

resource "azurerm_cosmosdb_gremlin_database" {
  category = "database"
  summary  = "Cosmos DB for Apache Gremlin database. Deleting or replacing it deletes its data."
}

resource "azurerm_cosmosdb_gremlin_graph" {
  category = "database"
  summary  = "Cosmos DB for Apache Gremlin graph. Deleting or replacing it deletes its data."
}

resource "azurerm_cosmosdb_table" {
  category = "database"
  summary  = "Cosmos DB for Table table. Deleting or replacing it deletes its data."
}

resource "azurerm_cosmosdb_postgresql_cluster" {
  category = "database"
  summary  = "Azure Cosmos DB for PostgreSQL cluster. Deleting or replacing it deletes its data."
}

resource "azurerm_mongo_cluster" {
  category = "database"
  summary  = "Azure Cosmos DB for MongoDB (vCore) cluster. Deleting or replacing it deletes its data."
}

resource "azurerm_oracle_autonomous_database" {
  category = "database"
  summary  = "Oracle Database@Azure autonomous database. Deleting or replacing it deletes its data."
}

# Legacy types (removed from azurerm 4.0 / 5.0), still seen in plans made from old state.

resource "azurerm_sql_server" {
  category = "database"
  summary  = "Legacy Azure SQL server (removed in azurerm 4.0). Deleting or replacing it deletes its data."
}

resource "azurerm_sql_database" {
  category = "database"
  summary  = "Legacy Azure SQL database (removed in azurerm 4.0)."
}

resource "azurerm_mysql_server" {
  category = "database"
  summary  = "Legacy Azure Database for MySQL single server (removed in azurerm 4.0)."
}

resource "azurerm_mysql_database" {
  category = "database"
  summary  = "Legacy database on a MySQL single server (removed in azurerm 4.0)."
}

resource "azurerm_mariadb_server" {
  category = "database"
  summary  = "Legacy Azure Database for MariaDB server (removed in azurerm 4.0)."
}

resource "azurerm_mariadb_database" {
  category = "database"
  summary  = "Legacy database on a MariaDB server (removed in azurerm 4.0)."
}

resource "azurerm_postgresql_server" {
  category = "database"
  summary  = "Legacy Azure Database for PostgreSQL single server (removed in azurerm 5.0)."
}

resource "azurerm_postgresql_database" {
  category = "database"
  summary  = "Legacy database on a PostgreSQL single server (removed in azurerm 5.0)."
}

# --- data stores ------------------------------------------------------------------------------

resource "azurerm_storage_account" {
  category = "data_store"
  summary  = "Storage account: every blob, file share, table and queue in it. Soft delete, versioning and point-in-time restore live in blob_properties[0] and share_properties[0]."
}

resource "azurerm_storage_container" {
  category = "data_store"
  summary  = "Blob container: deleting it deletes every blob in it (recoverable only with container soft delete)."
}

resource "azurerm_storage_share" {
  category = "data_store"
  summary  = "Azure Files share: deleting it deletes every file in it (recoverable only with share soft delete)."
}

resource "azurerm_storage_table" {
  category = "data_store"
  summary  = "Table storage table. Deleting or replacing it deletes what it holds."
}

resource "azurerm_storage_queue" {
  category = "data_store"
  summary  = "Queue storage queue: queued messages are lost with it."
}

resource "azurerm_storage_blob" {
  category = "data_store"
  summary  = "A blob in a storage container. Deleting or replacing it deletes what it holds."
}

resource "azurerm_storage_data_lake_gen2_filesystem" {
  category = "data_store"
  summary  = "Data Lake Storage Gen2 file system: every file in it."
}

resource "azurerm_kusto_cluster" {
  category = "data_store"
  summary  = "Azure Data Explorer cluster: every database in it."
}

resource "azurerm_kusto_database" {
  category = "data_store"
  summary  = "Azure Data Explorer database. Deleting or replacing it deletes what it holds."
}

resource "azurerm_synapse_workspace" {
  category = "data_store"
  summary  = "Synapse Analytics workspace. Deleting or replacing it deletes what it holds."
}

resource "azurerm_synapse_sql_pool" {
  category = "data_store"
  summary  = "Synapse dedicated SQL pool (data warehouse). Deleting or replacing it deletes what it holds."
}

resource "azurerm_eventhub" {
  category = "data_store"
  summary  = "Event Hub: its retained events are lost when it is deleted or replaced."
}

resource "azurerm_servicebus_queue" {
  category = "data_store"
  summary  = "Service Bus queue: queued messages are lost with it."
}

resource "azurerm_search_service" {
  category = "data_store"
  summary  = "Azure AI Search service: deleting or replacing it deletes its indexes."
}

resource "azurerm_log_analytics_workspace" {
  category = "data_store"
  summary  = "Log Analytics workspace (logs, audit trails). retention_in_days decides how long data is kept."
}

# --- volumes ----------------------------------------------------------------------------------

resource "azurerm_managed_disk" {
  category = "volume"
  summary  = "Managed disk. disk_size_gb can only grow; many attributes force a new (empty) disk."
}

resource "azurerm_netapp_volume" {
  category = "volume"
  summary  = "Azure NetApp Files volume (protected from destruction by the default provider feature netapp.prevent_volume_destruction)."
}

resource "azurerm_elastic_san_volume" {
  category = "volume"
  summary  = "Elastic SAN volume. Deleting or replacing it deletes the data on it."
}

# --- backups ----------------------------------------------------------------------------------

resource "azurerm_snapshot" {
  category = "backup"
  summary  = "Managed disk snapshot. Deleting it deletes that recovery copy."
}

resource "azurerm_netapp_snapshot" {
  category = "backup"
  summary  = "Azure NetApp Files snapshot. Deleting it deletes that recovery copy."
}

resource "azurerm_netapp_backup_vault" {
  category = "backup"
  summary  = "Azure NetApp Files backup vault (its backups are kept on destroy unless the provider feature netapp.delete_backups_on_backup_vault_destroy is on)."
}

resource "azurerm_recovery_services_vault" {
  category = "backup"
  summary  = "Recovery Services vault: holds VM, file share and workload recovery points. immutability, cross_region_restore_enabled and storage_mode_type decide how safe they are."
}

resource "azurerm_data_protection_backup_vault" {
  category = "backup"
  summary  = "Data Protection backup vault: holds disk, blob, PostgreSQL, MySQL and AKS recovery points. soft_delete and immutability guard them."
}

resource "azurerm_backup_protected_vm" {
  category = "backup"
  summary  = "Backup protection of a VM. With the default provider features, destroying it stops protection and deletes the VM's backup data (subject to vault soft delete)."
}

resource "azurerm_postgresql_flexible_server_backup" {
  category = "backup"
  summary  = "On-demand backup of a PostgreSQL flexible server. Deleting it deletes that recovery copy."
}

resource "azurerm_oracle_autonomous_database_backup" {
  category = "backup"
  summary  = "Backup of an Oracle Database@Azure autonomous database."
}

# --- backup policies --------------------------------------------------------------------------

resource "azurerm_backup_policy_vm" {
  category = "backup_policy"
  summary  = "VM backup policy: schedule and daily/weekly/monthly/yearly retention."
}

resource "azurerm_backup_policy_vm_workload" {
  category = "backup_policy"
  summary  = "Backup policy for SQL Server / SAP HANA running in VMs."
}

resource "azurerm_backup_policy_file_share" {
  category = "backup_policy"
  summary  = "Azure Files backup policy. Deleting it stops future backups; existing ones are kept."
}

resource "azurerm_backup_protected_file_share" {
  category = "backup_policy"
  summary  = "Backup protection of an Azure Files share (whether destroying it deletes the backup data is not confirmed; treated as risky)."
}

resource "azurerm_backup_container_storage_account" {
  category = "backup_policy"
  summary  = "Registers a storage account with a Recovery Services vault for file share backup."
}

resource "azurerm_site_recovery_replication_policy" {
  category = "backup_policy"
  summary  = "Site Recovery replication policy (recovery point retention)."
}

resource "azurerm_data_protection_backup_policy_blob_storage" {
  category = "backup_policy"
  summary  = "Data Protection backup policy for blobs. Deleting it stops future backups; existing ones are kept."
}

resource "azurerm_data_protection_backup_policy_data_lake_storage" {
  category = "backup_policy"
  summary  = "Data Protection backup policy for Data Lake Storage."
}

resource "azurerm_data_protection_backup_policy_disk" {
  category = "backup_policy"
  summary  = "Data Protection backup policy for managed disks. Deleting it stops future backups; existing ones are kept."
}

resource "azurerm_data_protection_backup_policy_kubernetes_cluster" {
  category = "backup_policy"
  summary  = "Data Protection backup policy for AKS clusters. Deleting it stops future backups; existing ones are kept."
}

resource "azurerm_data_protection_backup_policy_mysql_flexible_server" {
  category = "backup_policy"
  summary  = "Data Protection backup policy for MySQL flexible servers."
}

resource "azurerm_data_protection_backup_policy_postgresql_flexible_server" {
  category = "backup_policy"
  summary  = "Data Protection backup policy for PostgreSQL flexible servers (retention rules are ForceNew: changing them replaces the policy)."
}

resource "azurerm_data_protection_backup_instance_blob_storage" {
  category = "backup_policy"
  summary  = "Data Protection backup of a storage account's blobs (whether destroying it deletes the recovery points is not confirmed; treated as risky)."
}

resource "azurerm_data_protection_backup_instance_data_lake_storage" {
  category = "backup_policy"
  summary  = "Data Protection backup of Data Lake Storage (recovery point fate on destroy not confirmed; treated as risky)."
}

resource "azurerm_data_protection_backup_instance_disk" {
  category = "backup_policy"
  summary  = "Data Protection backup of a managed disk (recovery point fate on destroy not confirmed; treated as risky)."
}

resource "azurerm_data_protection_backup_instance_kubernetes_cluster" {
  category = "backup_policy"
  summary  = "Data Protection backup of an AKS cluster (recovery point fate on destroy not confirmed; treated as risky)."
}

resource "azurerm_data_protection_backup_instance_postgresql" {
  category = "backup_policy"
  summary  = "Data Protection backup of a PostgreSQL single-server database (recovery point fate on destroy not confirmed; treated as risky)."
}

resource "azurerm_data_protection_backup_instance_postgresql_flexible_server" {
  category = "backup_policy"
  summary  = "Data Protection backup of a PostgreSQL flexible server (recovery point fate on destroy not confirmed; treated as risky)."
}

resource "azurerm_netapp_snapshot_policy" {
  category = "backup_policy"
  summary  = "Azure NetApp Files snapshot policy. Deleting it stops future backups; existing ones are kept."
}

resource "azurerm_netapp_backup_policy" {
  category = "backup_policy"
  summary  = "Azure NetApp Files backup policy. Deleting it stops future backups; existing ones are kept."
}

resource "azurerm_storage_object_replication" {
  category = "backup_policy"
  summary  = "Object replication between storage accounts (an off-account copy of blobs)."
}

# --- protection controls ----------------------------------------------------------------------

resource "azurerm_management_lock" {
  category = "protection"
  summary  = "Management lock (CanNotDelete / ReadOnly): the Azure-side guard against deleting the resources under it."
}

resource "azurerm_storage_container_immutability_policy" {
  category = "protection"
  summary  = "Immutability (WORM) policy of a blob container. Deleting it removes that protection from the data."
}

resource "azurerm_storage_management_policy" {
  category = "protection"
  summary  = "Storage lifecycle management policy. Its delete actions are scheduled deletion, so every in-place change is reviewed."
}

resource "azurerm_data_protection_resource_guard" {
  category = "protection"
  summary  = "Resource guard: multi-user authorisation for critical operations on backup vaults."
}

resource "azurerm_recovery_services_vault_resource_guard_association" {
  category = "protection"
  summary  = "Associates a resource guard with a Recovery Services vault."
}

# --- keys -------------------------------------------------------------------------------------

resource "azurerm_key_vault" {
  category = "key"
  summary  = "Key Vault. By default the provider purges it on destroy (no recovery) unless purge_protection_enabled is true; every key, secret and certificate goes with it."
}

resource "azurerm_key_vault_key" {
  category = "key"
  summary  = "Key Vault key. By default destroying it purges it: data encrypted with it (TDE, storage, disks) becomes unreadable unless the vault has purge protection."
}

resource "azurerm_key_vault_managed_hardware_security_module" {
  category = "key"
  summary  = "Key Vault Managed HSM. Data encrypted with it becomes unreadable once it is gone."
}

resource "azurerm_key_vault_managed_hardware_security_module_key" {
  category = "key"
  summary  = "Key in a Key Vault Managed HSM. Data encrypted with it becomes unreadable once it is gone."
}

resource "azurerm_disk_encryption_set" {
  category = "key"
  summary  = "Disk encryption set: the customer-managed key of the disks that use it."
}

resource "azurerm_storage_account_customer_managed_key" {
  category = "key"
  summary  = "Customer-managed key of a storage account. Data encrypted with it becomes unreadable once it is gone."
}

# --- caches -----------------------------------------------------------------------------------

resource "azurerm_redis_cache" {
  category = "cache"
  summary  = "Azure Cache for Redis. Its contents can be rebuilt from the system of record."
}

resource "azurerm_managed_redis" {
  category = "cache"
  summary  = "Azure Managed Redis (with persistence it can be a system of record)."
}

resource "azurerm_redis_enterprise_cluster" {
  category = "cache"
  summary  = "Legacy Redis Enterprise cluster (removed in azurerm 5.0)."
}

resource "azurerm_redis_enterprise_database" {
  category = "cache"
  summary  = "Legacy Redis Enterprise database (removed in azurerm 5.0)."
}

# --- dependencies -----------------------------------------------------------------------------

resource "azurerm_key_vault_secret" {
  category = "dependency"
  summary  = "Key Vault secret (often a database's credentials); by default destroying it purges it."
}

resource "azurerm_resource_group" {
  category = "dependency"
  summary  = "Resource group: deleting it deletes everything in it (the provider refuses while it holds resources Terraform does not manage, by default)."
}

# --- disarm rules: backups and point-in-time restore -------------------------------------------

rule "azurerm-mssql-pitr-shortened" {
  class   = "destructive"
  summary = "The Azure SQL point-in-time restore window is shortened: older backups are deleted"
  message = "shortens the point-in-time restore window of {address} from {before} to {after}: backups older than {after} are deleted"
  doc     = <<-EOT
    Why: `short_term_retention_policy[0].retention_days` (1-35) is how far back the database can
    be restored. Microsoft: reducing it loses the ability to restore to points older than the new
    period, and backups no longer needed for it are deleted.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_mssql_database"]
    attribute  = "short_term_retention_policy[0].retention_days"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      source     = "https://learn.microsoft.com/azure/azure-sql/database/automated-backups-change-settings"
    }
  }
}

rule "azurerm-mssql-ltr-weekly-off" {
  class   = "destructive"
  summary = "Azure SQL weekly long-term backup retention is switched off (PT0S)"
  message = "sets {attribute} on {address} to PT0S ({before} → {after}): no more weekly long-term backups"
  doc     = <<-EOT
    Why: PT0S means no long-term retention. Since azurerm 5.0 these fields default to PT0S, so
    an omitted block or a provider upgrade can plan this without anyone writing it.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_mssql_database"]
    attribute  = "long_term_retention_policy[0].weekly_retention"
    transition = "set_to"
    value      = "PT0S"
  }
}

rule "azurerm-mssql-ltr-monthly-off" {
  class   = "destructive"
  summary = "Azure SQL monthly long-term backup retention is switched off (PT0S)"
  message = "sets {attribute} on {address} to PT0S ({before} → {after}): no more monthly long-term backups"
  doc     = <<-EOT
    Why: PT0S means no long-term retention (the azurerm 5.0 default).
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_mssql_database"]
    attribute  = "long_term_retention_policy[0].monthly_retention"
    transition = "set_to"
    value      = "PT0S"
  }
}

rule "azurerm-mssql-ltr-yearly-off" {
  class   = "destructive"
  summary = "Azure SQL yearly long-term backup retention is switched off (PT0S)"
  message = "sets {attribute} on {address} to PT0S ({before} → {after}): no more yearly long-term backups"
  doc     = <<-EOT
    Why: PT0S means no long-term retention (the azurerm 5.0 default).
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_mssql_database"]
    attribute  = "long_term_retention_policy[0].yearly_retention"
    transition = "set_to"
    value      = "PT0S"
  }
}

rule "azurerm-mssql-ltr-weekly-shortened" {
  class   = "risky"
  summary = "Azure SQL weekly long-term backups will be kept for less time"
  message = "shortens weekly long-term retention on {address} from {before} to {after}: new weekly long-term backups are kept for {after}"
  doc     = <<-EOT
    Why: `long_term_retention_policy[0].weekly_retention` (ISO 8601, PT0S = none) is how long
    each weekly long-term backup is kept. Microsoft: changes to LTR retention apply only to
    backups taken after the change, never retroactively to existing LTR backups, so nothing is
    deleted and this is risky rather than destructive (switching it off is
    azurerm-mssql-ltr-weekly-off).
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_mssql_database"]
    attribute  = "long_term_retention_policy[0].weekly_retention"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      source     = "https://learn.microsoft.com/azure/azure-sql/database/long-term-retention-overview; https://learn.microsoft.com/azure/azure-sql/database/backup-immutability (checked 2026-11: LTR retention changes are not applied retroactively to existing LTR backups)"
    }
  }
}

rule "azurerm-mssql-ltr-monthly-shortened" {
  class   = "risky"
  summary = "Azure SQL monthly long-term backups will be kept for less time"
  message = "shortens monthly long-term retention on {address} from {before} to {after}: new monthly long-term backups are kept for {after}"
  doc     = <<-EOT
    Why: `long_term_retention_policy[0].monthly_retention` (ISO 8601, PT0S = none) is how long
    each monthly long-term backup is kept. Microsoft: changes to LTR retention apply only to
    backups taken after the change, never retroactively to existing LTR backups, so nothing is
    deleted and this is risky rather than destructive (switching it off is
    azurerm-mssql-ltr-monthly-off).
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_mssql_database"]
    attribute  = "long_term_retention_policy[0].monthly_retention"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      source     = "https://learn.microsoft.com/azure/azure-sql/database/long-term-retention-overview; https://learn.microsoft.com/azure/azure-sql/database/backup-immutability (checked 2026-11: LTR retention changes are not applied retroactively to existing LTR backups)"
    }
  }
}

rule "azurerm-mssql-ltr-yearly-shortened" {
  class   = "risky"
  summary = "Azure SQL yearly long-term backups will be kept for less time"
  message = "shortens yearly long-term retention on {address} from {before} to {after}: new yearly long-term backups are kept for {after}"
  doc     = <<-EOT
    Why: `long_term_retention_policy[0].yearly_retention` (ISO 8601, PT0S = none) is how long
    each yearly long-term backup is kept. Microsoft: changes to LTR retention apply only to
    backups taken after the change, never retroactively to existing LTR backups, so nothing is
    deleted and this is risky rather than destructive (switching it off is
    azurerm-mssql-ltr-yearly-off).
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_mssql_database"]
    attribute  = "long_term_retention_policy[0].yearly_retention"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      source     = "https://learn.microsoft.com/azure/azure-sql/database/long-term-retention-overview; https://learn.microsoft.com/azure/azure-sql/database/backup-immutability (checked 2026-11: LTR retention changes are not applied retroactively to existing LTR backups)"
    }
  }
}

rule "azurerm-mssql-geo-backup-off" {
  class   = "risky"
  summary = "Geo-backups of an Azure SQL data warehouse are switched off"
  message = "switches geo-backups off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: the geo-backup is the copy that survives a regional outage.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_mssql_database"]
    attribute  = "geo_backup_enabled"
    transition = "became_false"
  }
}

rule "azurerm-mssql-backup-storage-local" {
  class   = "risky"
  summary = "Azure SQL backup storage redundancy is lowered to locally redundant"
  message = "moves the backup storage of {address} to Local ({before} → {after}): backups no longer survive a zone or region outage"
  doc     = <<-EOT
    Why: `storage_account_type` decides where backups are replicated (Geo, GeoZone, Zone,
    Local).
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_mssql_database"]
    attribute  = "storage_account_type"
    transition = "set_to"
    value      = "Local"
  }
}

rule "azurerm-flexible-server-backup-retention-shortened" {
  class   = "destructive"
  summary = "The backup retention of a PostgreSQL or MySQL flexible server is shortened"
  message = "shortens backup_retention_days on {address} from {before} to {after}: backups and restore points older than {after} are deleted"
  doc     = <<-EOT
    Why: `backup_retention_days` is both the backup retention and the point-in-time restore
    window; backups older than it are deleted.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_postgresql_flexible_server",  "azurerm_mysql_flexible_server"]
    attribute  = "backup_retention_days"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      source     = "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-backup-restore"
    }
  }
}

rule "azurerm-cosmosdb-continuous-tier-shortened" {
  class   = "destructive"
  summary = "Cosmos DB continuous backup moves to a shorter tier"
  message = "moves continuous backup of {address} from {before} to {after}: restore points older than {after} are gone"
  doc     = <<-EOT
    Why: the continuous backup tier is the point-in-time restore window (Continuous7Days or
    Continuous30Days); the 7-day tier no longer keeps restore points older than 7 days.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_cosmosdb_account"]
    attribute  = "backup[0].tier"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      named      = { Continuous7Days = 7, Continuous30Days = 30 }
      source     = "https://learn.microsoft.com/azure/cosmos-db/continuous-backup-restore-introduction"
    }
  }
}

rule "azurerm-cosmosdb-backup-retention-shortened" {
  class   = "destructive"
  summary = "Cosmos DB periodic backup retention is shortened: older backups are deleted"
  message = "shortens periodic backup retention on {address} from {before} to {after}: backups older than {after} are deleted"
  doc     = <<-EOT
    Why: periodic backups older than `backup[0].retention_in_hours` are deleted.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_cosmosdb_account"]
    attribute  = "backup[0].retention_in_hours"
    transition = "keeps_less"
    retention {
      unit       = "hours"
      keeps_less = "smaller"
      source     = "https://learn.microsoft.com/azure/cosmos-db/periodic-backup-modify-interval-retention"
    }
  }
}

rule "azurerm-cosmosdb-backup-storage-local" {
  class   = "risky"
  summary = "Cosmos DB backup storage redundancy is lowered to locally redundant"
  message = "moves the backup storage of {address} to Local ({before} → {after})"
  doc     = <<-EOT
    Why: locally redundant backups do not survive a zone or region outage.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_cosmosdb_account"]
    attribute  = "backup[0].storage_redundancy"
    transition = "set_to"
    value      = "Local"
  }
}

# --- disarm rules: storage accounts -------------------------------------------------------------

rule "azurerm-storage-blob-soft-delete-off" {
  class   = "destructive"
  summary = "Blob soft delete is switched off on a storage account"
  message = "removes blob soft delete from {address}: deleted or overwritten blobs can no longer be recovered"
  doc     = <<-EOT
    Why: `blob_properties[0].delete_retention_policy` keeps deleted blobs recoverable for its
    number of days; removing the block disables it.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_storage_account"]
    attribute  = "blob_properties[0].delete_retention_policy"
    transition = "removed"
  }
}

rule "azurerm-storage-blob-soft-delete-shortened" {
  class   = "risky"
  summary = "Blob soft delete retention is shortened"
  message = "shortens blob soft delete on {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: deleted blobs become unrecoverable sooner.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_storage_account"]
    attribute  = "blob_properties[0].delete_retention_policy[0].days"
    transition = "decreased"
  }
}

rule "azurerm-storage-permanent-delete-on" {
  class   = "destructive"
  summary = "Permanent delete of soft-deleted blobs is allowed"
  message = "switches permanent delete on for {address}: soft-deleted blobs and versions can be purged before their retention ends"
  doc     = <<-EOT
    Why: `permanent_delete_enabled` lets anyone with delete rights skip the soft-delete safety
    net.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_storage_account"]
    attribute  = "blob_properties[0].delete_retention_policy[0].permanent_delete_enabled"
    transition = "became_true"
    default    = false
  }
}

rule "azurerm-storage-container-soft-delete-off" {
  class   = "destructive"
  summary = "Container soft delete is switched off on a storage account"
  message = "removes container soft delete from {address}: a deleted container (with every blob in it) can no longer be recovered"
  doc     = <<-EOT
    Why: `blob_properties[0].container_delete_retention_policy` keeps deleted containers
    recoverable; removing the block disables it.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_storage_account"]
    attribute  = "blob_properties[0].container_delete_retention_policy"
    transition = "removed"
  }
}

rule "azurerm-storage-container-soft-delete-shortened" {
  class   = "risky"
  summary = "Container soft delete retention is shortened"
  message = "shortens container soft delete on {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: deleted containers become unrecoverable sooner.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_storage_account"]
    attribute  = "blob_properties[0].container_delete_retention_policy[0].days"
    transition = "decreased"
  }
}

rule "azurerm-storage-versioning-off" {
  class   = "destructive"
  summary = "Blob versioning is switched off on a storage account"
  message = "switches blob versioning off on {address} ({attribute}: {before} → {after}): overwritten blobs can no longer be recovered"
  doc     = <<-EOT
    Why: versioning keeps previous versions of every blob; point-in-time restore needs it.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_storage_account"]
    attribute  = "blob_properties[0].versioning_enabled"
    transition = "became_false"
  }
}

rule "azurerm-storage-change-feed-off" {
  class   = "risky"
  summary = "The blob change feed is switched off on a storage account"
  message = "switches the blob change feed off on {address}: point-in-time restore of blobs depends on it"
  doc     = <<-EOT
    Why: point-in-time restore for block blobs needs versioning, soft delete and the change
    feed.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_storage_account"]
    attribute  = "blob_properties[0].change_feed_enabled"
    transition = "became_false"
  }
}

rule "azurerm-storage-restore-policy-off" {
  class   = "destructive"
  summary = "Point-in-time restore of blobs is switched off"
  message = "removes the blob restore policy from {address}: containers can no longer be restored to an earlier point in time"
  doc     = <<-EOT
    Why: `blob_properties[0].restore_policy` is what allows block blobs to be rolled back after
    a bad write or a mass delete.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_storage_account"]
    attribute  = "blob_properties[0].restore_policy"
    transition = "removed"
  }
}

rule "azurerm-storage-restore-window-shortened" {
  class   = "risky"
  summary = "The blob point-in-time restore window is shortened"
  message = "shortens the blob restore window of {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: containers can only be restored to points inside the window.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_storage_account"]
    attribute  = "blob_properties[0].restore_policy[0].days"
    transition = "decreased"
  }
}

rule "azurerm-storage-share-soft-delete-off" {
  class   = "destructive"
  summary = "File share soft delete is switched off on a storage account"
  message = "removes file share soft delete from {address}: a deleted share can no longer be recovered"
  doc     = <<-EOT
    Why: `share_properties[0].retention_policy` keeps deleted file shares recoverable; removing
    the block disables it.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_storage_account"]
    attribute  = "share_properties[0].retention_policy"
    transition = "removed"
  }
}

rule "azurerm-storage-share-soft-delete-shortened" {
  class   = "risky"
  summary = "File share soft delete retention is shortened"
  message = "shortens file share soft delete on {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: deleted file shares become unrecoverable sooner.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_storage_account"]
    attribute  = "share_properties[0].retention_policy[0].days"
    transition = "decreased"
  }
}

rule "azurerm-storage-lifecycle-base-blob-delete-sooner" {
  class   = "destructive"
  summary = "A storage management policy starts deleting base blobs, or deletes them sooner"
  message = "deletes base blobs in {address}{element} after {after} instead of {before}: blobs not modified for longer than {after} are deleted"
  doc     = <<-EOT
    Why: lifecycle management rules run against the blobs already in the account: a rule whose
    `actions[0].base_blob[0].delete_after_days_since_modification_greater_than` is added or lowered deletes every matching blob past it. Rules are matched
    by `name` and count while `enabled = true`; -1 or null means no such action.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_storage_management_policy"]
    attribute  = "rule[*].actions[0].base_blob[0].delete_after_days_since_modification_greater_than"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      unlimited  = [null, -1]
      key        = "name"
      source     = "https://learn.microsoft.com/azure/storage/blobs/lifecycle-management-overview"
      active {
        attribute = "enabled"
        value     = true
      }
    }
  }
}

rule "azurerm-storage-lifecycle-snapshot-delete-sooner" {
  class   = "destructive"
  summary = "A storage management policy starts deleting blob snapshots, or deletes them sooner"
  message = "deletes blob snapshots in {address}{element} after {after} instead of {before}: blob snapshots older than {after} are deleted"
  doc     = <<-EOT
    Why: lifecycle management rules run against the blobs already in the account: a rule whose
    `actions[0].snapshot[0].delete_after_days_since_creation_greater_than` is added or lowered deletes every matching blob past it. Rules are matched
    by `name` and count while `enabled = true`; -1 or null means no such action.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_storage_management_policy"]
    attribute  = "rule[*].actions[0].snapshot[0].delete_after_days_since_creation_greater_than"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      unlimited  = [null, -1]
      key        = "name"
      source     = "https://learn.microsoft.com/azure/storage/blobs/lifecycle-management-overview"
      active {
        attribute = "enabled"
        value     = true
      }
    }
  }
}

rule "azurerm-storage-lifecycle-version-delete-sooner" {
  class   = "destructive"
  summary = "A storage management policy starts deleting previous blob versions, or deletes them sooner"
  message = "deletes previous blob versions in {address}{element} after {after} instead of {before}: previous blob versions older than {after} are deleted"
  doc     = <<-EOT
    Why: lifecycle management rules run against the blobs already in the account: a rule whose
    `actions[0].version[0].delete_after_days_since_creation` is added or lowered deletes every matching blob past it. Rules are matched
    by `name` and count while `enabled = true`; -1 or null means no such action.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_storage_management_policy"]
    attribute  = "rule[*].actions[0].version[0].delete_after_days_since_creation"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      unlimited  = [null, -1]
      key        = "name"
      source     = "https://learn.microsoft.com/azure/storage/blobs/lifecycle-management-overview"
      active {
        attribute = "enabled"
        value     = true
      }
    }
  }
}

# --- disarm rules: Key Vault ----------------------------------------------------------------------

rule "azurerm-key-vault-purge-protection-off" {
  class   = "destructive"
  summary = "Purge protection is switched off on a Key Vault"
  message = "switches purge protection off on {address}: deleted keys could then be purged, crypto-shredding what they encrypt"
  doc     = <<-EOT
    Why: purge protection is what keeps deleted keys recoverable. Azure refuses this change
    ("Once Purge Protection has been Enabled it's not possible to Disable it"), so the plan is
    wrong either way: fail it.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_key_vault"]
    attribute  = "purge_protection_enabled"
    transition = "became_false"
    default    = false
  }
}

rule "azurerm-key-vault-soft-delete-shortened" {
  class   = "risky"
  summary = "The Key Vault soft delete retention is shortened"
  message = "shortens soft delete retention of {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: deleted keys, secrets and the vault itself become unrecoverable sooner. The provider
    refuses to change it once configured, so the plan will fail to apply.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_key_vault"]
    attribute  = "soft_delete_retention_days"
    transition = "decreased"
    default    = 90
  }
}

# --- disarm rules: backup vaults and protected items -----------------------------------------------

rule "azurerm-recovery-vault-immutability-off" {
  class   = "destructive"
  summary = "Immutability is switched off on a Recovery Services vault"
  message = "switches immutability off on {address} ({attribute}: {before} → {after}): recovery points can be deleted early"
  doc     = <<-EOT
    Why: an immutable vault stops recovery points from being deleted before they expire.
    (Locked immutability cannot be switched off; that change forces a new vault.)
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_recovery_services_vault"]
    attribute  = "immutability"
    transition = "set_to"
    value      = "Disabled"
  }
}

rule "azurerm-recovery-vault-storage-local" {
  class   = "risky"
  summary = "Recovery Services vault storage is lowered to locally redundant"
  message = "moves the storage of {address} to LocallyRedundant ({before} → {after}): recovery points no longer survive a regional outage"
  doc     = <<-EOT
    Why: `storage_mode_type` decides whether recovery points are replicated to another region.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_recovery_services_vault"]
    attribute  = "storage_mode_type"
    transition = "set_to"
    value      = "LocallyRedundant"
  }
}

rule "azurerm-backup-vault-soft-delete-off" {
  class   = "destructive"
  summary = "Soft delete is switched off on a Data Protection backup vault"
  message = "switches soft delete off on {address} ({attribute}: {before} → {after}): deleted backups are gone at once"
  doc     = <<-EOT
    Why: soft delete keeps deleted backup data recoverable for `retention_duration_in_days`.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_data_protection_backup_vault"]
    attribute  = "soft_delete"
    transition = "set_to"
    value      = "Off"
  }
}

rule "azurerm-backup-vault-soft-delete-shortened" {
  class   = "risky"
  summary = "The soft delete retention of a Data Protection backup vault is shortened"
  message = "shortens soft delete retention of {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: deleted backup data becomes unrecoverable sooner.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_data_protection_backup_vault"]
    attribute  = "retention_duration_in_days"
    transition = "decreased"
  }
}

rule "azurerm-backup-vault-immutability-off" {
  class   = "destructive"
  summary = "Immutability is switched off on a Data Protection backup vault"
  message = "switches immutability off on {address} ({attribute}: {before} → {after}): recovery points can be deleted early"
  doc     = <<-EOT
    Why: an immutable vault stops recovery points from being deleted before they expire.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_data_protection_backup_vault"]
    attribute  = "immutability"
    transition = "set_to"
    value      = "Disabled"
  }
}

rule "azurerm-vm-backup-stopped" {
  class   = "risky"
  summary = "Backup protection of a VM is stopped"
  message = "stops backup protection of {address} ({attribute}: {before} → {after}): no new backups are taken"
  doc     = <<-EOT
    Why: `ProtectionStopped` keeps existing recovery points but takes no new backups.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_backup_protected_vm"]
    attribute  = "protection_state"
    transition = "set_to"
    value      = "ProtectionStopped"
  }
}

rule "azurerm-vm-backup-suspended" {
  class   = "risky"
  summary = "Backups of a VM are suspended"
  message = "suspends backups of {address} ({attribute}: {before} → {after}): no new backups are taken"
  doc     = <<-EOT
    Why: `BackupsSuspended` keeps existing recovery points but takes no new backups.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_backup_protected_vm"]
    attribute  = "protection_state"
    transition = "set_to"
    value      = "BackupsSuspended"
  }
}

rule "azurerm-vm-backup-daily-retention-shortened" {
  class   = "risky"
  summary = "Daily VM backups are kept for less time"
  message = "keeps fewer daily backups for {address} ({before} → {after})"
  doc     = <<-EOT
    Why: the oldest daily recovery points are deleted.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_backup_policy_vm"]
    attribute  = "retention_daily[0].count"
    transition = "decreased"
  }
}

rule "azurerm-vm-backup-weekly-retention-shortened" {
  class   = "risky"
  summary = "Weekly VM backups are kept for less time"
  message = "keeps fewer weekly backups for {address} ({before} → {after})"
  doc     = <<-EOT
    Why: the oldest weekly recovery points are deleted.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_backup_policy_vm"]
    attribute  = "retention_weekly[0].count"
    transition = "decreased"
  }
}

rule "azurerm-vm-backup-monthly-retention-shortened" {
  class   = "risky"
  summary = "Monthly VM backups are kept for less time"
  message = "keeps fewer monthly backups for {address} ({before} → {after})"
  doc     = <<-EOT
    Why: the oldest monthly recovery points are deleted.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_backup_policy_vm"]
    attribute  = "retention_monthly[0].count"
    transition = "decreased"
  }
}

rule "azurerm-vm-backup-yearly-retention-shortened" {
  class   = "risky"
  summary = "Yearly VM backups are kept for less time"
  message = "keeps fewer yearly backups for {address} ({before} → {after})"
  doc     = <<-EOT
    Why: the oldest yearly recovery points are deleted.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_backup_policy_vm"]
    attribute  = "retention_yearly[0].count"
    transition = "decreased"
  }
}

rule "azurerm-vm-instant-restore-shortened" {
  class   = "risky"
  summary = "VM instant restore snapshots are kept for less time"
  message = "shortens instant restore retention of {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: instant restore snapshots are the fastest way back; fewer days means fewer of them.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_backup_policy_vm"]
    attribute  = "instant_restore_retention_days"
    transition = "decreased"
  }
}

rule "azurerm-log-retention-shortened" {
  class   = "risky"
  summary = "Log Analytics retention is shortened"
  message = "shortens the retention of {address} from {before} to {after} days: older data is deleted"
  doc     = <<-EOT
    Why: data older than `retention_in_days` is deleted; audit trails may need it.
  EOT
  match {
    actions    = ["update"]
    types      = ["azurerm_log_analytics_workspace"]
    attribute  = "retention_in_days"
    transition = "decreased"
  }
}

# --- what a delete takes with it (judged on the state the provider deletes with) ------------

rule "azurerm-key-vault-purged" {
  class   = "destructive"
  summary = "A Key Vault without purge protection is deleted: by default it is purged"
  message = "{address} is deleted without purge protection ({attribute} = {before}): with the provider's default features it is purged, with every key in it, and cannot be recovered"
  doc     = <<-EOT
    Why: `features { key_vault { purge_soft_delete_on_destroy = true } }` is the default, and
    only purge protection stops the purge. Data encrypted with the vault's keys (TDE, storage,
    disks, backups) becomes unreadable.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["azurerm_key_vault"]
    attribute  = "purge_protection_enabled"
    transition = "is"
    value      = false
    default    = false
  }
}

# --- recovery facts: what survives a delete (recovery verdicts lost / kept / unknown) ---------

store "azurerm_mssql_database" {
  summary = "A deleted database can be restored within its short-term retention while its server exists; long-term retention backups outlive the database and the server."
  source  = "https://learn.microsoft.com/azure/azure-sql/database/recovery-using-backups#deleted-database-restore"
  parent "azurerm_mssql_server" {
    attribute = "server_id"
    key       = "id"
    says      = "deleting a logical server deletes every database on it, with their short-term (point-in-time) backups"
    source    = "https://learn.microsoft.com/azure/azure-sql/database/recovery-using-backups#deleted-database-restore"
  }
  survives "deleted-database-restore" {
    says         = "a deleted database can be restored to a point within its short-term retention ({value} days)"
    attribute    = "short_term_retention_policy[0].retention_days"
    default      = 7
    not_values   = [0]
    needs_parent = true
    source       = "https://learn.microsoft.com/azure/azure-sql/database/recovery-using-backups#deleted-database-restore; azurerm website/docs/r/mssql_database.html.markdown (short_term_retention_policy)"
  }
  survives "long-term-retention-weekly" {
    says       = "weekly long-term retention backups ({value}) outlive the database and its server"
    otherwise  = "no weekly long-term retention backup"
    attribute  = "long_term_retention_policy[0].weekly_retention"
    default    = "PT0S"
    not_values = ["PT0S"]
    source     = "https://learn.microsoft.com/azure/azure-sql/database/long-term-backup-retention-configure (backups of deleted servers); azurerm 5.0 upgrade guide (LTR defaults to PT0S)"
  }
  survives "long-term-retention-monthly" {
    says       = "monthly long-term retention backups ({value}) outlive the database and its server"
    otherwise  = "no monthly long-term retention backup"
    attribute  = "long_term_retention_policy[0].monthly_retention"
    default    = "PT0S"
    not_values = ["PT0S"]
    source     = "https://learn.microsoft.com/azure/azure-sql/database/long-term-backup-retention-configure"
  }
  survives "long-term-retention-yearly" {
    says       = "yearly long-term retention backups ({value}) outlive the database and its server"
    otherwise  = "no yearly long-term retention backup"
    attribute  = "long_term_retention_policy[0].yearly_retention"
    default    = "PT0S"
    not_values = ["PT0S"]
    source     = "https://learn.microsoft.com/azure/azure-sql/database/long-term-backup-retention-configure"
  }
}

store "azurerm_mssql_server" {
  summary = "Deleting a logical server deletes its databases and their point-in-time backups; only their long-term retention backups outlive it."
  source  = "https://learn.microsoft.com/azure/azure-sql/database/recovery-using-backups"
  deletes "databases" {
    says   = "deleting the server deletes every database on it, with their point-in-time backups"
    source = "https://learn.microsoft.com/azure/azure-sql/database/recovery-using-backups"
  }
  unknown "long-term-retention" {
    says   = "whether its databases have long-term retention backups (they outlive the server) is set on each azurerm_mssql_database, judged on its own"
    source = "https://learn.microsoft.com/azure/azure-sql/database/long-term-backup-retention-configure"
  }
}

store "azurerm_postgresql_flexible_server" {
  summary = "The backups of a deleted server are kept for five days, but Microsoft does not guarantee that a deleted server can be restored from them."
  source  = "https://learn.microsoft.com/azure/postgresql/backup-restore/how-to-restore-deleted-server"
  unknown "deleted-server-restore" {
    says   = "the backups of a deleted server are kept for five days, but Microsoft says restoring a deleted server is not always guaranteed"
    source = "https://learn.microsoft.com/azure/postgresql/backup-restore/how-to-restore-deleted-server (checked 2026-11: five days; restore not always guaranteed)"
  }
}

store "azurerm_mysql_flexible_server" {
  summary = "The backups of a deleted server are kept for up to five days, and a restore works only while they still exist: Microsoft does not promise it."
  source  = "https://learn.microsoft.com/azure/mysql/flexible-server/how-to-restore-dropped-server"
  unknown "deleted-server-restore" {
    says   = "the backups of a deleted server are kept for up to five days, and a restore works only while they still exist; Microsoft does not promise it"
    source = "https://learn.microsoft.com/azure/mysql/flexible-server/how-to-restore-dropped-server (checked 2026-11: up to five days, only while the backup still exists)"
  }
}

store "azurerm_postgresql_flexible_server_database" {
  summary = "The server's backups hold the database: a point-in-time restore of the server brings it back while the server exists."
  source  = "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-backup-restore"
  parent "azurerm_postgresql_flexible_server" {
    attribute = "server_id"
    key       = "id"
    says      = "deleting the server deletes its databases"
    source    = "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-backup-restore"
  }
  survives "server-point-in-time-restore" {
    says         = "the server's backups ({value} days) hold the database: a point-in-time restore of the server brings it back"
    via_types    = ["azurerm_postgresql_flexible_server"]
    via_attribute = "server_id"
    via_key      = "id"
    attribute    = "backup_retention_days"
    default      = 7
    needs_parent = true
    source       = "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-backup-restore; azurerm website/docs/r/postgresql_flexible_server.html.markdown (backup_retention_days, default 7)"
  }
}

store "azurerm_cosmosdb_account" {
  summary = "With continuous backup a deleted account can be restored within the retention window; with periodic backup only an Azure support request can restore it."
  source  = "https://learn.microsoft.com/azure/cosmos-db/continuous-backup-restore-introduction"
  survives "continuous-backup" {
    says      = "with continuous backup a deleted account can be restored to a point within its retention window"
    otherwise = "no continuous backup"
    attribute = "backup[0].type"
    default   = "Periodic"
    values    = ["Continuous"]
    source    = "https://learn.microsoft.com/azure/cosmos-db/continuous-backup-restore-introduction; azurerm website/docs/r/cosmosdb_account.html.markdown (backup.type, default Periodic)"
  }
  unknown "periodic-backup" {
    says      = "periodic backups of a deleted account are restored only through an Azure support request, within their retention; the documentation promises no self-service restore"
    otherwise = "not periodic backup"
    attribute = "backup[0].type"
    default   = "Periodic"
    values    = ["Periodic"]
    source    = "https://learn.microsoft.com/azure/cosmos-db/periodic-backup-restore-introduction"
  }
}

store "azurerm_storage_account" {
  summary = "Blob and container soft delete do not survive the account; Azure may recover a deleted account within 14 days but does not guarantee it."
  source  = "https://learn.microsoft.com/azure/storage/common/storage-account-recover"
  unknown "account-recovery" {
    says   = "a deleted storage account can sometimes be recovered within 14 days, but Azure does not guarantee it (soft delete does not protect against an account delete)"
    source = "https://learn.microsoft.com/azure/storage/common/storage-account-recover"
  }
}

store "azurerm_storage_container" {
  summary = "A deleted container is kept as soft-deleted for the account's container_delete_retention_policy days, while the account exists."
  source  = "https://learn.microsoft.com/azure/storage/blobs/soft-delete-container-overview"
  parent "azurerm_storage_account" {
    attribute = "storage_account_id"
    key       = "id"
    says      = "deleting the account deletes its containers, soft-deleted ones included"
    source    = "https://learn.microsoft.com/azure/storage/blobs/soft-delete-container-overview"
  }
  survives "container-soft-delete" {
    says          = "a deleted container stays soft-deleted and restorable for {value} days"
    otherwise     = "container soft delete is off"
    via_types     = ["azurerm_storage_account"]
    via_attribute = "storage_account_id"
    via_key       = "id"
    attribute     = "blob_properties[0].container_delete_retention_policy[0].days"
    default       = 0
    not_values    = [0]
    needs_parent  = true
    source        = "https://learn.microsoft.com/azure/storage/blobs/soft-delete-container-overview; azurerm website/docs/r/storage_account.html.markdown (container_delete_retention_policy)"
  }
}

store "azurerm_key_vault" {
  summary = "With purge protection a deleted vault stays soft-deleted and recoverable; without it the provider purges the vault on destroy unless its features block (read from the plan's provider configuration) says otherwise."
  source  = "azurerm website/docs/guides/features-block.html.markdown (key_vault.purge_soft_delete_on_destroy, default true)"
  survives "purge-protection" {
    says      = "purge protection keeps the deleted vault soft-deleted and recoverable for its retention (soft_delete_retention_days, 7 to 90)"
    otherwise = "no purge protection"
    attribute = "purge_protection_enabled"
    default   = false
    values    = [true]
    source    = "azurerm website/docs/r/key_vault.html.markdown (purge_protection_enabled)"
  }
  survives "soft-deleted-on-destroy" {
    says      = "the provider only soft-deletes the vault on destroy: it stays recoverable for its soft_delete_retention_days"
    otherwise = "the provider purges the vault on destroy: it cannot be recovered"
    provider  = "azurerm"
    attribute = "features[0].key_vault[0].purge_soft_delete_on_destroy"
    default   = true
    values    = [false]
    source    = "azurerm website/docs/guides/features-block.html.markdown (key_vault.purge_soft_delete_on_destroy, default true); https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview"
  }
}

store "azurerm_recovery_services_vault" {
  summary = "Azure refuses to delete a vault that still holds backup items or backup data (soft-deleted ones included), so the apply fails and its recovery points stay; only the provider feature purge_protected_items_from_vault_on_destroy deletes its protected items first."
  source  = "https://learn.microsoft.com/azure/backup/backup-azure-delete-vault"
  survives "delete-refused-while-it-holds-backups" {
    says      = "Azure refuses to delete a vault that still holds backup items or backup data, soft-deleted ones included: the apply fails and its recovery points stay (the provider deletes no protected item first)"
    otherwise = "the provider deletes every protected item of the vault before deleting the vault"
    provider  = "azurerm"
    attribute = "features[0].recovery_service[0].purge_protected_items_from_vault_on_destroy"
    default   = false
    values    = [false]
    source    = "https://learn.microsoft.com/azure/backup/backup-azure-delete-vault (before you start); azurerm website/docs/guides/features-block.html.markdown (recovery_service.purge_protected_items_from_vault_on_destroy, default false)"
  }
  survives "immutable-vault" {
    says      = "the vault is immutable (immutability = {value}): Azure blocks every operation that would delete recovery points before they expire"
    otherwise = "the vault is not immutable"
    attribute = "immutability"
    default   = "Disabled"
    values    = ["Unlocked", "Locked"]
    source    = "https://learn.microsoft.com/azure/backup/backup-azure-immutable-vault-how-to-manage; azurerm website/docs/r/recovery_services_vault.html.markdown (immutability)"
  }
  survives "backup-soft-delete" {
    says      = "protected items deleted with the vault stay soft-deleted for 14 days, and Azure refuses to delete a vault that holds soft-deleted items"
    otherwise = "soft delete is off for the vault: protected items the provider deletes are gone at once"
    attribute = "soft_delete_enabled"
    values    = [true]
    source    = "https://learn.microsoft.com/azure/backup/backup-azure-security-feature-cloud; azurerm 4.x website/docs/r/recovery_services_vault.html.markdown (soft_delete_enabled, removed from the state in azurerm 5.0)"
  }
}

store "azurerm_backup_protected_vm" {
  summary = "Destroying it stops protection and deletes the VM's backup data, which Azure keeps soft-deleted for 14 days while soft delete is on for the vault; the provider features vm_backup_stop/suspend_protection_and_retain_data_on_destroy keep the data instead, and an immutable vault refuses the delete."
  source  = "azurerm website/docs/guides/features-block.html.markdown (recovery_service); https://learn.microsoft.com/azure/backup/soft-delete-virtual-machines"
  survives "stop-protection-and-retain-data" {
    says      = "the provider stops protection and retains the backup data instead of deleting it"
    otherwise = "the provider deletes the backup data on destroy"
    provider  = "azurerm"
    attribute = "features[0].recovery_service[0].vm_backup_stop_protection_and_retain_data_on_destroy"
    default   = false
    values    = [true]
    source    = "azurerm website/docs/guides/features-block.html.markdown (recovery_service.vm_backup_stop_protection_and_retain_data_on_destroy, default false)"
  }
  survives "suspend-protection-and-retain-data" {
    says      = "the provider suspends protection and retains the backup data instead of deleting it"
    otherwise = "the provider does not suspend protection instead"
    provider  = "azurerm"
    attribute = "features[0].recovery_service[0].vm_backup_suspend_protection_and_retain_data_on_destroy"
    default   = false
    values    = [true]
    source    = "azurerm website/docs/guides/features-block.html.markdown (recovery_service.vm_backup_suspend_protection_and_retain_data_on_destroy, default false)"
  }
  survives "immutable-vault" {
    says          = "its vault is immutable (immutability = {value}): Azure refuses to delete recovery points before they expire"
    otherwise     = "its vault is not immutable"
    via_types     = ["azurerm_recovery_services_vault"]
    via_attribute = "recovery_vault_name"
    via_key       = "name"
    attribute     = "immutability"
    default       = "Disabled"
    values        = ["Unlocked", "Locked"]
    source        = "https://learn.microsoft.com/azure/backup/backup-azure-immutable-vault-how-to-manage"
  }
  survives "backup-soft-delete" {
    says          = "the deleted backup data stays soft-deleted, and can be undeleted, for 14 days"
    otherwise     = "soft delete is off for its vault: the backup data is deleted at once"
    via_types     = ["azurerm_recovery_services_vault"]
    via_attribute = "recovery_vault_name"
    via_key       = "name"
    attribute     = "soft_delete_enabled"
    values        = [true]
    source        = "https://learn.microsoft.com/azure/backup/soft-delete-virtual-machines; azurerm 4.x website/docs/r/recovery_services_vault.html.markdown (soft_delete_enabled, removed from the state in azurerm 5.0)"
  }
}

backup "azurerm_snapshot" {
  of              = ["azurerm_managed_disk"]
  attribute       = "source_uri"
  store_attribute = "id"
  source          = "azurerm website/docs/r/snapshot.html.markdown (a snapshot is a separate resource; it outlives its source disk)"
}

backup "azurerm_data_protection_backup_instance_disk" {
  of               = ["azurerm_managed_disk"]
  attribute        = "disk_id"
  store_attribute  = "id"
  held_by          = ["azurerm_data_protection_backup_vault"]
  holder_attribute = "vault_id"
  holder_key       = "id"
  source           = "azurerm website/docs/r/data_protection_backup_instance_disk.html.markdown"
}

backup "azurerm_data_protection_backup_instance_postgresql_flexible_server" {
  of               = ["azurerm_postgresql_flexible_server"]
  attribute        = "server_id"
  store_attribute  = "id"
  held_by          = ["azurerm_data_protection_backup_vault"]
  holder_attribute = "vault_id"
  holder_key       = "id"
  source           = "azurerm website/docs/r/data_protection_backup_instance_postgresql_flexible_server.html.markdown"
}

store "azurerm_cosmosdb_sql_database" {
  also = [
    "azurerm_cosmosdb_sql_container", "azurerm_cosmosdb_mongo_database",
    "azurerm_cosmosdb_mongo_collection", "azurerm_cosmosdb_cassandra_keyspace",
    "azurerm_cosmosdb_cassandra_table", "azurerm_cosmosdb_gremlin_database",
    "azurerm_cosmosdb_gremlin_graph", "azurerm_cosmosdb_table",
  ]
  summary = "With continuous backup on its account, a deleted database or container can be restored into the same account within the retention window."
  source  = "https://learn.microsoft.com/azure/cosmos-db/restore-in-account-continuous-backup-introduction"
  parent "azurerm_cosmosdb_account" {
    attribute = "account_name"
    key       = "name"
    says      = "deleting the account deletes its databases"
    source    = "https://learn.microsoft.com/azure/cosmos-db/restore-in-account-continuous-backup-introduction"
  }
  survives "same-account-restore" {
    says          = "with continuous backup on its account, a deleted database or container can be restored into the same account (or with the account, if the account is deleted too)"
    otherwise     = "its account has no continuous backup"
    via_types     = ["azurerm_cosmosdb_account"]
    via_attribute = "account_name"
    via_key       = "name"
    attribute     = "backup[0].type"
    default       = "Periodic"
    values        = ["Continuous"]
    source        = "https://learn.microsoft.com/azure/cosmos-db/restore-in-account-continuous-backup-introduction; a deleted account restores with its databases: https://learn.microsoft.com/azure/cosmos-db/continuous-backup-restore-introduction"
  }
  unknown "periodic-backup" {
    says          = "with periodic backup on its account, only an Azure support request can restore it"
    otherwise     = "its account does not use periodic backup"
    via_types     = ["azurerm_cosmosdb_account"]
    via_attribute = "account_name"
    via_key       = "name"
    attribute     = "backup[0].type"
    default       = "Periodic"
    values        = ["Periodic"]
    source        = "https://learn.microsoft.com/azure/cosmos-db/periodic-backup-restore-introduction"
  }
}

store "azurerm_managed_disk" {
  summary = "Nothing is kept when a managed disk is deleted; its snapshots and Azure Backup vault recovery points are separate and outlive it."
  source  = "https://learn.microsoft.com/azure/virtual-machines/snapshot-copy-managed-disk (a snapshot is an independent copy of the disk)"
}
