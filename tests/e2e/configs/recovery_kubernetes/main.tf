# Recovery verdicts on kubernetes plans (tests/e2e/test_e2e_recovery_providers.py).
terraform {
  required_providers {
    kubernetes = { source = "hashicorp/kubernetes" }
  }
}

variable "tenants" {
  type    = set(string)
  default = ["blue", "green"]
}

variable "stateful" {
  type    = bool
  default = true
}

resource "kubernetes_storage_class_v1" "standard" {
  metadata {
    name = "standard-delete"
  }
  storage_provisioner = "pd.csi.storage.gke.io"
  reclaim_policy      = "Delete"
}

resource "kubernetes_storage_class_v1" "retained" {
  metadata {
    name = "retained"
  }
  storage_provisioner = "pd.csi.storage.gke.io"
  reclaim_policy      = "Retain"
}

# One namespace with its data claim per tenant; blue's disks are retained.
module "tenant" {
  source        = "./modules/tenant"
  for_each      = var.tenants
  name          = each.key
  storage_class = each.key == "blue" ? "retained" : "standard-delete"
}

resource "kubernetes_stateful_set_v1" "queue" {
  count = var.stateful ? 1 : 0
  metadata {
    name      = "queue"
    namespace = "infra"
  }
  spec {
    service_name = "queue"
    selector {
      match_labels = { app = "queue" }
    }
    volume_claim_template {
      metadata {
        name = "data"
      }
      spec {
        access_modes       = ["ReadWriteOnce"]
        storage_class_name = kubernetes_storage_class_v1.standard.metadata[0].name
        resources {
          requests = { storage = "10Gi" }
        }
      }
    }
    persistent_volume_claim_retention_policy {
      when_deleted = "Delete"
    }
  }
}
