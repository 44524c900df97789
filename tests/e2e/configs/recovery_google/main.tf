# Recovery verdicts on google plans beyond Cloud SQL (tests/e2e/test_e2e_recovery_providers.py).
variable "tenants" {
  type    = set(string)
  default = ["a", "b"]
}

variable "spanner" {
  type    = bool
  default = true
}

variable "reports" {
  type    = bool
  default = true
}

# One Firestore database per tenant; deletion_policy is left at its default (ABANDON).
resource "google_firestore_database" "tenant" {
  for_each    = var.tenants
  name        = "tenant-${each.key}"
  location_id = "eur3"
  type        = "FIRESTORE_NATIVE"
}

resource "google_spanner_instance" "main" {
  count         = var.spanner ? 1 : 0
  name          = "orders-spanner"
  config        = "regional-europe-west1"
  display_name  = "orders"
  num_nodes     = 1
  force_destroy = true
}

resource "google_spanner_database" "orders" {
  count               = var.spanner ? 1 : 0
  name                = "orders"
  instance            = google_spanner_instance.main[0].name
  deletion_protection = false
}

resource "google_spanner_instance" "reporting" {
  name         = "reporting-spanner"
  config       = "regional-europe-west1"
  display_name = "reporting"
}

# deletion_protection is left at its default (true).
resource "google_spanner_database" "reports" {
  count    = var.reports ? 1 : 0
  name     = "reports"
  instance = google_spanner_instance.reporting.name
}
