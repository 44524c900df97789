# Resources that exist only inside Terraform: the built-in terraform_data and the utility
# providers null, random and time. They hold no data outside Terraform, but deleting or replacing
# them is not harmless: provisioners and triggers run again, a random_password rotates, a
# destroy-time provisioner runs any command. Those changes are risky, with the reason.

pack {
  provider      = "terraform"
  summary       = "terraform_data, null_resource, random_* and time_*: Terraform-only resources"
  type_prefixes = ["terraform_", "null_", "random_", "time_"]
}

resource "terraform_data" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; deleting or replacing it re-runs what depends on it (see the rules)."
}

resource "null_resource" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; deleting or replacing it re-runs what depends on it (see the rules)."
}

resource "random_id" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; deleting or replacing it re-runs what depends on it (see the rules)."
}

resource "random_integer" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; deleting or replacing it re-runs what depends on it (see the rules)."
}

resource "random_password" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; deleting or replacing it re-runs what depends on it (see the rules)."
}

resource "random_pet" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; deleting or replacing it re-runs what depends on it (see the rules)."
}

resource "random_shuffle" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; deleting or replacing it re-runs what depends on it (see the rules)."
}

resource "random_string" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; deleting or replacing it re-runs what depends on it (see the rules)."
}

resource "random_uuid" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; deleting or replacing it re-runs what depends on it (see the rules)."
}

resource "random_bytes" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; deleting or replacing it re-runs what depends on it (see the rules)."
}

resource "time_offset" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; deleting or replacing it re-runs what depends on it (see the rules)."
}

resource "time_rotating" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; deleting or replacing it re-runs what depends on it (see the rules)."
}

resource "time_sleep" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; deleting or replacing it re-runs what depends on it (see the rules)."
}

resource "time_static" {
  category = "ephemeral"
  summary  = "Exists only in Terraform's state; deleting or replacing it re-runs what depends on it (see the rules)."
}

rule "terraform-provisioners-rerun" {
  class   = "risky"
  summary = "A terraform_data or null_resource is replaced: its provisioners and triggers run again"
  message = "replaces {address}: its provisioners run again, and whatever its triggers drive happens again{why}"
  doc     = <<-EOT
    Why: terraform_data and null_resource exist to run provisioners (scripts, migrations, local
    commands) and to trigger replacements of what references them. A replace runs all of that
    again.
    How to proceed: check what its provisioners do and what uses it, then apply.
  EOT
  match {
    actions = ["replace"]
    types   = ["terraform_data", "null_resource"]
  }
}

rule "terraform-destroy-provisioner" {
  class   = "risky"
  summary = "A terraform_data or null_resource is deleted: its destroy-time provisioners run"
  message = "deletes {address}: nothing outside Terraform is lost, but a destroy-time provisioner (when = destroy) of it would run its command now{why}"
  doc     = <<-EOT
    Why: a provisioner with `when = destroy` runs an arbitrary command when the resource is
    deleted (or replaced); it is a common way to clean up, or wipe, something outside Terraform.
    The plan does not say which provisioners run at destroy time, so every delete is flagged.
    How to proceed: read the provisioners of the block, then apply.
  EOT
  match {
    actions = ["delete"]
    types   = ["terraform_data", "null_resource"]
  }
}

rule "terraform-random-regenerated" {
  class   = "risky"
  summary = "A random_* resource is deleted or replaced: a new value is generated"
  message = "{action}s {address}: its value is generated anew, so a random_password or random_string rotates the credential it holds and every resource using the value changes{why}"
  doc     = <<-EOT
    Why: random values are often passwords, name suffixes or ids. A new random_password rotates
    a credential (clients with the old one fail); a new suffix renames, and so replaces, the
    resources that use it.
    How to proceed: make sure the new value is wanted everywhere it is used, then apply.
  EOT
  match {
    actions = ["delete", "replace"]
    types   = ["random_*"]
  }
}

rule "terraform-time-reset" {
  class   = "risky"
  summary = "A time_* resource is deleted or replaced: its timestamp is taken again"
  message = "{action}s {address}: its timestamp is taken again, so a time_rotating rotation or time_sleep wait restarts and everything keyed on it changes{why}"
  doc     = <<-EOT
    Why: time_rotating drives credential and key rotation, time_static pins a date other
    resources use, time_sleep orders creation. Resetting any of them changes what depends on it.
    How to proceed: check what references it, then apply.
  EOT
  match {
    actions = ["delete", "replace"]
    types   = ["time_*"]
  }
}
