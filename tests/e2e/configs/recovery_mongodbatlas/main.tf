# Recovery verdicts on mongodbatlas plans (tests/e2e/test_e2e_recovery_providers.py).
terraform {
  required_providers {
    mongodbatlas = { source = "mongodb/mongodbatlas" }
  }
}

variable "clusters" {
  type    = set(string)
  default = ["orders", "ledger"]
}

resource "mongodbatlas_project" "shop" {
  name   = "shop"
  org_id = "5f0c4ad1e3b6a94f2a3c1d00"
}

resource "mongodbatlas_project" "finance" {
  name   = "finance"
  org_id = "5f0c4ad1e3b6a94f2a3c1d00"
}

# Finance keeps its snapshots whatever happens to a cluster.
resource "mongodbatlas_backup_compliance_policy" "finance" {
  project_id                 = mongodbatlas_project.finance.id
  authorized_email           = "dpo@example.com"
  authorized_user_first_name = "Data"
  authorized_user_last_name  = "Protection"
  copy_protection_enabled    = true
  restore_window_days        = 7
}

resource "mongodbatlas_advanced_cluster" "orders" {
  count          = contains(var.clusters, "orders") ? 1 : 0
  project_id     = mongodbatlas_project.shop.id
  name           = "orders"
  cluster_type   = "REPLICASET"
  backup_enabled = true
}

resource "mongodbatlas_cloud_backup_snapshot" "orders" {
  count             = contains(var.clusters, "orders") ? 1 : 0
  project_id        = mongodbatlas_project.shop.id
  cluster_name      = mongodbatlas_advanced_cluster.orders[0].name
  description       = "before the migration"
  retention_in_days = 30
}

resource "mongodbatlas_advanced_cluster" "ledger" {
  count          = contains(var.clusters, "ledger") ? 1 : 0
  project_id     = mongodbatlas_project.finance.id
  name           = "ledger"
  cluster_type   = "REPLICASET"
  backup_enabled = true
}
