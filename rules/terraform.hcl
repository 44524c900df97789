# Resources that exist only inside Terraform: the built-in terraform_data and the utility
# providers null, random and time. Replacing them is routine churn, so no rule flags them.

pack {
  provider      = "terraform"
  summary       = "terraform_data, null_resource, random_* and time_*: Terraform-only resources"
  type_prefixes = ["terraform_", "null_", "random_", "time_"]
}

resource "terraform_data" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; nothing outside Terraform is lost when it is replaced."
}

resource "null_resource" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; nothing outside Terraform is lost when it is replaced."
}

resource "random_id" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; nothing outside Terraform is lost when it is replaced."
}

resource "random_integer" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; nothing outside Terraform is lost when it is replaced."
}

resource "random_password" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; nothing outside Terraform is lost when it is replaced."
}

resource "random_pet" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; nothing outside Terraform is lost when it is replaced."
}

resource "random_shuffle" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; nothing outside Terraform is lost when it is replaced."
}

resource "random_string" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; nothing outside Terraform is lost when it is replaced."
}

resource "random_uuid" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; nothing outside Terraform is lost when it is replaced."
}

resource "random_bytes" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; nothing outside Terraform is lost when it is replaced."
}

resource "time_offset" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; nothing outside Terraform is lost when it is replaced."
}

resource "time_rotating" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; nothing outside Terraform is lost when it is replaced."
}

resource "time_sleep" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; nothing outside Terraform is lost when it is replaced."
}

resource "time_static" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; nothing outside Terraform is lost when it is replaced."
}
