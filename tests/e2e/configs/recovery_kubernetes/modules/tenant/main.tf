terraform {
  required_providers {
    kubernetes = { source = "hashicorp/kubernetes" }
  }
}

variable "name" { type = string }
variable "storage_class" { type = string }

resource "kubernetes_namespace_v1" "this" {
  metadata {
    name = "tenant-${var.name}"
  }
}

resource "kubernetes_persistent_volume_claim_v1" "data" {
  metadata {
    name      = "data"
    namespace = kubernetes_namespace_v1.this.metadata[0].name
  }
  spec {
    access_modes       = ["ReadWriteOnce"]
    storage_class_name = var.storage_class
    resources {
      requests = { storage = "20Gi" }
    }
  }
}
