# MongoDB Atlas (mongodb/mongodbatlas): clusters, their Cloud Backup snapshots and schedules, the
# Backup Compliance Policy and the encryption-at-rest keys. Facts and citations: taxonomy §3.5 and
# §4.4 (shared reference).
#
# The incident pattern in one sentence from the provider docs: "When the Backup Compliance Policy
# is not enabled, Atlas deletes the cluster's associated backup snapshots when a cluster is
# terminated." retain_backups_enabled (read on delete) is the per-cluster way out.

pack {
  provider      = "mongodbatlas"
  summary       = "MongoDB Atlas clusters, Cloud Backup snapshots and schedules, Backup Compliance Policy and encryption at rest"
  type_prefixes = ["mongodbatlas_"]
}

# --- databases --------------------------------------------------------------------------------

resource "mongodbatlas_advanced_cluster" {
  category = "database"
  summary  = "Atlas cluster. Terminating it deletes its backup snapshots unless retain_backups_enabled is true or a Backup Compliance Policy is on; renaming it replaces it."
}

resource "mongodbatlas_cluster" {
  category = "database"
  summary  = "Legacy Atlas cluster resource. Terminating it deletes its backup snapshots unless retain_backups_enabled is true or a Backup Compliance Policy is on."
}

resource "mongodbatlas_flex_cluster" {
  category = "database"
  summary  = "Atlas Flex cluster. Deleting or replacing it deletes its data."
}

resource "mongodbatlas_serverless_instance" {
  category = "database"
  summary  = "Atlas serverless instance. Deleting or replacing it deletes its data."
}

# --- backups ----------------------------------------------------------------------------------

resource "mongodbatlas_cloud_backup_snapshot" {
  category = "backup"
  summary  = "On-demand Cloud Backup snapshot of a cluster. Deleting it deletes that recovery copy."
}

resource "mongodbatlas_cloud_backup_schedule" {
  category = "backup_policy"
  summary  = "Cloud Backup schedule of a cluster: snapshot frequency and retention, restore window (PITR), copies to other regions."
}

resource "mongodbatlas_online_archive" {
  category = "backup_policy"
  summary  = "Online Archive: moves aged documents out of the cluster into Atlas-managed storage. Whether deleting it also deletes the archived documents is not confirmed, so a delete is reviewed as risky."
}

# --- protection controls ----------------------------------------------------------------------

resource "mongodbatlas_backup_compliance_policy" {
  category = "protection"
  summary  = "Backup Compliance Policy of a project: keeps snapshots of terminated clusters and forbids weakening backups. It cannot be disabled through Terraform."
}

# --- keys -------------------------------------------------------------------------------------

resource "mongodbatlas_encryption_at_rest" {
  category = "key"
  summary  = "Customer-managed key configuration for encryption at rest: clusters and snapshots encrypted with it depend on the key."
}

# --- dependencies -----------------------------------------------------------------------------

resource "mongodbatlas_project" {
  category = "dependency"
  summary  = "Atlas project: the container of clusters, backup policies and access."
}

resource "mongodbatlas_cloud_backup_snapshot_export_bucket" {
  category = "dependency"
  summary  = "Cloud bucket that snapshot exports are written to."
}

# --- disarm rules -----------------------------------------------------------------------------

rule "mongodbatlas-termination-protection-off" {
  class   = "destructive"
  summary = "Termination protection is switched off on an Atlas cluster"
  message = "switches termination protection off on {address} ({attribute}: {before} → {after}): the step before terminating the cluster"
  doc     = <<-EOT
    Why: `termination_protection_enabled` makes Atlas refuse to terminate the cluster.
    How to proceed: approve the change, or keep the protection on.
  EOT
  match {
    actions    = ["update"]
    types      = ["mongodbatlas_advanced_cluster", "mongodbatlas_cluster"]
    attribute  = "termination_protection_enabled"
    transition = "became_false"
    default    = false
  }
}

rule "mongodbatlas-retain-backups-off" {
  class   = "destructive"
  summary = "An Atlas cluster's snapshots will be deleted when it is terminated"
  message = "switches retain_backups_enabled off on {address}: terminating the cluster deletes its backup snapshots"
  doc     = <<-EOT
    Why: the provider reads `retain_backups_enabled` from the state when it deletes. Without it
    (and without a Backup Compliance Policy) Atlas deletes the cluster's snapshots with it.
  EOT
  match {
    actions    = ["update"]
    types      = ["mongodbatlas_advanced_cluster", "mongodbatlas_cluster"]
    attribute  = "retain_backups_enabled"
    transition = "became_false"
    default    = false
  }
}

rule "mongodbatlas-backup-off" {
  class   = "destructive"
  summary = "Cloud Backup is switched off on an Atlas cluster"
  message = "switches Cloud Backup off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: with `backup_enabled = false` the cluster takes no snapshots.
  EOT
  match {
    actions    = ["update"]
    types      = ["mongodbatlas_advanced_cluster"]
    attribute  = "backup_enabled"
    transition = "became_false"
  }
}

rule "mongodbatlas-cloud-backup-off" {
  class   = "destructive"
  summary = "Cloud Backup is switched off on a legacy Atlas cluster"
  message = "switches Cloud Backup off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: with `cloud_backup = false` the cluster takes no snapshots.
  EOT
  match {
    actions    = ["update"]
    types      = ["mongodbatlas_cluster"]
    attribute  = "cloud_backup"
    transition = "became_false"
  }
}

rule "mongodbatlas-pitr-off" {
  class   = "destructive"
  summary = "Continuous Cloud Backup (point-in-time restore) is switched off on an Atlas cluster"
  message = "switches point-in-time restore off on {address} ({attribute}: {before} → {after})"
  doc     = <<-EOT
    Why: `pit_enabled` keeps the oplog history that lets the cluster be restored to any moment
    in the restore window.
  EOT
  match {
    actions    = ["update"]
    types      = ["mongodbatlas_advanced_cluster", "mongodbatlas_cluster"]
    attribute  = "pit_enabled"
    transition = "became_false"
  }
}

rule "mongodbatlas-restore-window-shortened" {
  class   = "destructive"
  summary = "The Atlas point-in-time restore window is shortened"
  message = "shortens the restore window of {address} from {before} to {after}: continuous-backup restore points older than {after} are gone"
  doc     = <<-EOT
    Why: `restore_window_days` is how far back a continuous-backup restore can go; the oplog
    kept for older points is dropped.
  EOT
  match {
    actions    = ["update"]
    types      = ["mongodbatlas_cloud_backup_schedule"]
    attribute  = "restore_window_days"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      source     = "https://www.mongodb.com/docs/atlas/backup/cloud-backup/overview/"
    }
  }
}

rule "mongodbatlas-backup-copies-removed" {
  class   = "risky"
  summary = "Atlas snapshot copies to other regions are removed"
  message = "removes the snapshot copy settings of {address}: snapshots are no longer copied out of the cluster's region"
  doc     = <<-EOT
    Why: copies in other regions survive a regional outage of the cluster's own region.
  EOT
  match {
    actions    = ["update"]
    types      = ["mongodbatlas_cloud_backup_schedule"]
    attribute  = "copy_settings"
    transition = "removed"
  }
}

rule "mongodbatlas-snapshot-retention-shortened" {
  class   = "risky"
  summary = "An on-demand Atlas snapshot is kept for less time"
  message = "shortens the retention of {address} from {before} to {after} days"
  doc     = <<-EOT
    Why: the snapshot is deleted sooner.
  EOT
  match {
    actions    = ["update"]
    types      = ["mongodbatlas_cloud_backup_snapshot"]
    attribute  = "retention_in_days"
    transition = "decreased"
  }
}

rule "mongodbatlas-hourly-snapshot-retention-shortened" {
  class   = "destructive"
  summary = "An Atlas backup policy keeps hourly snapshots for less time, applied to existing snapshots"
  message = "shortens hourly snapshot retention on {address}{element} from {before} to {after} with update_snapshots = true: existing hourly snapshots older than {after} are deleted"
  doc     = <<-EOT
    Why: `policy_item_hourly[*].retention_value` with `retention_unit` (days, weeks, months,
    years) is how long hourly snapshots are kept. With `update_snapshots = true` Atlas applies the
    retention change to the snapshots it already took, so a shorter retention deletes them; without
    it only new snapshots are affected (store-updated still reviews the change). Policy items are
    matched by `id`.
  EOT
  match {
    actions    = ["update"]
    types      = ["mongodbatlas_cloud_backup_schedule"]
    attribute  = "policy_item_hourly[*].retention_value"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      unit_from  = "retention_unit"
      key        = "id"
      source     = "https://registry.terraform.io/providers/mongodb/mongodbatlas/latest/docs/resources/cloud_backup_schedule"
      only_if {
        attribute = "update_snapshots"
        value     = true
      }
    }
  }
}

rule "mongodbatlas-daily-snapshot-retention-shortened" {
  class   = "destructive"
  summary = "An Atlas backup policy keeps daily snapshots for less time, applied to existing snapshots"
  message = "shortens daily snapshot retention on {address}{element} from {before} to {after} with update_snapshots = true: existing daily snapshots older than {after} are deleted"
  doc     = <<-EOT
    Why: `policy_item_daily[*].retention_value` with `retention_unit` (days, weeks, months,
    years) is how long daily snapshots are kept. With `update_snapshots = true` Atlas applies the
    retention change to the snapshots it already took, so a shorter retention deletes them; without
    it only new snapshots are affected (store-updated still reviews the change). Policy items are
    matched by `id`.
  EOT
  match {
    actions    = ["update"]
    types      = ["mongodbatlas_cloud_backup_schedule"]
    attribute  = "policy_item_daily[*].retention_value"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      unit_from  = "retention_unit"
      key        = "id"
      source     = "https://registry.terraform.io/providers/mongodb/mongodbatlas/latest/docs/resources/cloud_backup_schedule"
      only_if {
        attribute = "update_snapshots"
        value     = true
      }
    }
  }
}

rule "mongodbatlas-weekly-snapshot-retention-shortened" {
  class   = "destructive"
  summary = "An Atlas backup policy keeps weekly snapshots for less time, applied to existing snapshots"
  message = "shortens weekly snapshot retention on {address}{element} from {before} to {after} with update_snapshots = true: existing weekly snapshots older than {after} are deleted"
  doc     = <<-EOT
    Why: `policy_item_weekly[*].retention_value` with `retention_unit` (days, weeks, months,
    years) is how long weekly snapshots are kept. With `update_snapshots = true` Atlas applies the
    retention change to the snapshots it already took, so a shorter retention deletes them; without
    it only new snapshots are affected (store-updated still reviews the change). Policy items are
    matched by `id`.
  EOT
  match {
    actions    = ["update"]
    types      = ["mongodbatlas_cloud_backup_schedule"]
    attribute  = "policy_item_weekly[*].retention_value"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      unit_from  = "retention_unit"
      key        = "id"
      source     = "https://registry.terraform.io/providers/mongodb/mongodbatlas/latest/docs/resources/cloud_backup_schedule"
      only_if {
        attribute = "update_snapshots"
        value     = true
      }
    }
  }
}

rule "mongodbatlas-monthly-snapshot-retention-shortened" {
  class   = "destructive"
  summary = "An Atlas backup policy keeps monthly snapshots for less time, applied to existing snapshots"
  message = "shortens monthly snapshot retention on {address}{element} from {before} to {after} with update_snapshots = true: existing monthly snapshots older than {after} are deleted"
  doc     = <<-EOT
    Why: `policy_item_monthly[*].retention_value` with `retention_unit` (days, weeks, months,
    years) is how long monthly snapshots are kept. With `update_snapshots = true` Atlas applies the
    retention change to the snapshots it already took, so a shorter retention deletes them; without
    it only new snapshots are affected (store-updated still reviews the change). Policy items are
    matched by `id`.
  EOT
  match {
    actions    = ["update"]
    types      = ["mongodbatlas_cloud_backup_schedule"]
    attribute  = "policy_item_monthly[*].retention_value"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      unit_from  = "retention_unit"
      key        = "id"
      source     = "https://registry.terraform.io/providers/mongodb/mongodbatlas/latest/docs/resources/cloud_backup_schedule"
      only_if {
        attribute = "update_snapshots"
        value     = true
      }
    }
  }
}

rule "mongodbatlas-yearly-snapshot-retention-shortened" {
  class   = "destructive"
  summary = "An Atlas backup policy keeps yearly snapshots for less time, applied to existing snapshots"
  message = "shortens yearly snapshot retention on {address}{element} from {before} to {after} with update_snapshots = true: existing yearly snapshots older than {after} are deleted"
  doc     = <<-EOT
    Why: `policy_item_yearly[*].retention_value` with `retention_unit` (days, weeks, months,
    years) is how long yearly snapshots are kept. With `update_snapshots = true` Atlas applies the
    retention change to the snapshots it already took, so a shorter retention deletes them; without
    it only new snapshots are affected (store-updated still reviews the change). Policy items are
    matched by `id`.
  EOT
  match {
    actions    = ["update"]
    types      = ["mongodbatlas_cloud_backup_schedule"]
    attribute  = "policy_item_yearly[*].retention_value"
    transition = "keeps_less"
    retention {
      unit       = "days"
      keeps_less = "smaller"
      unit_from  = "retention_unit"
      key        = "id"
      source     = "https://registry.terraform.io/providers/mongodb/mongodbatlas/latest/docs/resources/cloud_backup_schedule"
      only_if {
        attribute = "update_snapshots"
        value     = true
      }
    }
  }
}

rule "mongodbatlas-compliance-policy-deleted" {
  class   = "destructive"
  summary = "An Atlas Backup Compliance Policy is deleted"
  message = "{action}s {address}: snapshots of terminated clusters would no longer be kept{why}"
  doc     = <<-EOT
    Why: the Backup Compliance Policy is what keeps snapshots when a cluster is terminated. It
    cannot be disabled through Terraform, so a plan that deletes it is wrong either way: fail it
    and ask MongoDB support if it really must go.
  EOT
  match {
    actions = ["delete", "replace"]
    types   = ["mongodbatlas_backup_compliance_policy"]
  }
}

# --- what a delete takes with it (judged on the state the provider deletes with) ------------

rule "mongodbatlas-deleted-with-snapshots" {
  class   = "destructive"
  summary = "An Atlas cluster is terminated together with its backup snapshots"
  message = "the backup snapshots of {address} are deleted with it ({attribute} = {before}), unless a Backup Compliance Policy is on"
  doc     = <<-EOT
    Why: "When the Backup Compliance Policy is not enabled, Atlas deletes the cluster's
    associated backup snapshots when a cluster is terminated." Set
    `retain_backups_enabled = true` (and apply) before deleting.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["mongodbatlas_advanced_cluster", "mongodbatlas_cluster"]
    attribute  = "retain_backups_enabled"
    transition = "is"
    value      = false
    default    = false
  }
}

store "mongodbatlas_advanced_cluster" {
  also    = ["mongodbatlas_cluster"]
  summary = "Atlas deletes a terminated cluster's cloud backup snapshots unless retain_backups_enabled is true or a Backup Compliance Policy protects the project; termination protection refuses the delete."
  source  = "mongodbatlas docs/resources/backup_compliance_policy.md; docs/resources/advanced_cluster.md (retain_backups_enabled)"
  parent "mongodbatlas_project" {
    attribute = "project_id"
    key       = "id"
    says      = "deleting the project deletes its clusters"
    source    = "mongodbatlas docs/resources/project.md"
  }
  survives "termination-protection" {
    says      = "Atlas refuses to terminate it while termination protection is on"
    otherwise = "termination protection is off"
    attribute = "termination_protection_enabled"
    default   = false
    values    = [true]
    source    = "mongodbatlas docs/resources/advanced_cluster.md (termination_protection_enabled)"
  }
  survives "retain-backups" {
    says      = "its cloud backup snapshots are retained after the cluster is deleted"
    otherwise = "its cloud backup snapshots are deleted with it"
    attribute = "retain_backups_enabled"
    default   = false
    values    = [true]
    source    = "mongodbatlas docs/resources/advanced_cluster.md (retain_backups_enabled)"
  }
  survives "backup-compliance-policy" {
    says          = "a Backup Compliance Policy on its project keeps its snapshots after termination"
    otherwise     = "without a Backup Compliance Policy Atlas deletes the cluster's snapshots when it is terminated"
    via_types     = ["mongodbatlas_backup_compliance_policy"]
    via_attribute = "project_id"
    via_key       = "project_id"
    source        = "mongodbatlas docs/resources/backup_compliance_policy.md (\"When the Backup Compliance Policy is not enabled, Atlas deletes the cluster's associated backup snapshots when a cluster is terminated\")"
  }
}

backup "mongodbatlas_cloud_backup_snapshot" {
  of              = ["mongodbatlas_advanced_cluster", "mongodbatlas_cluster"]
  attribute       = "cluster_name"
  store_attribute = "name"
  in_store        = true
  source          = "mongodbatlas docs/resources/backup_compliance_policy.md (snapshots are deleted with the cluster unless retained)"
}
