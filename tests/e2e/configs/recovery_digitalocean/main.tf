# Recovery verdicts on digitalocean plans (tests/e2e/test_e2e_recovery_providers.py).
terraform {
  required_providers {
    digitalocean = { source = "digitalocean/digitalocean" }
  }
}

variable "apps" {
  type    = set(string)
  default = ["shop", "blog"]
}

variable "analytics" {
  type    = bool
  default = true
}

resource "digitalocean_database_cluster" "main" {
  name       = "main-pg"
  engine     = "pg"
  version    = "16"
  size       = "db-s-1vcpu-1gb"
  region     = "ams3"
  node_count = 1
}

resource "digitalocean_database_db" "app" {
  for_each   = var.apps
  cluster_id = digitalocean_database_cluster.main.id
  name       = each.key
}

resource "digitalocean_database_cluster" "analytics" {
  count      = var.analytics ? 1 : 0
  name       = "analytics"
  engine     = "pg"
  version    = "16"
  size       = "db-s-2vcpu-4gb"
  region     = "ams3"
  node_count = 1
}
