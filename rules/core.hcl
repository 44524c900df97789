# Provider-neutral categories and the rules every plan is judged by.
# Provider packs (aws.hcl, …) put resource types into these categories; the rules below then
# apply to them. A rule fires when every field of its `match` block holds; the class of a change
# is the highest class among the rules that fired, and `safe` when none did.

pack {
  provider = "core"
  summary  = "Categories of resources and the default rules for deletes, replaces and updates"
}

category "database" {
  summary      = "Primary database: the authoritative copy of its data"
  data_bearing = true
}

category "data_store" {
  summary      = "Data store: object storage, warehouses, queues and streams that retain data, search indexes"
  data_bearing = true
}

category "volume" {
  summary      = "Block or file storage volume"
  data_bearing = true
}

category "backup" {
  summary      = "Backup artefact or container of recovery points: snapshots, backup vaults"
  data_bearing = true
}

category "key" {
  summary      = "Encryption key: deleting it makes every store and backup encrypted with it unreadable"
  data_bearing = true
}

category "backup_policy" {
  summary      = "Backup plan, selection or schedule: deleting it stops future backups, keeps existing ones"
  data_bearing = false
}

category "protection" {
  summary      = "Protection control: versioning, object lock, vault lock, resource locks"
  data_bearing = false
}

category "cache" {
  summary      = "Cache: its data can be rebuilt from a system of record"
  data_bearing = false
}

category "dependency" {
  summary      = "Something a data store or its backups depend on: IAM roles for backup services, subnet groups, parameter groups"
  data_bearing = false
}

category "ephemeral" {
  summary      = "Resources that exist only inside Terraform (terraform_data, null_resource, random_*, time_*): no data outside Terraform, but deleting or replacing them re-runs provisioners or rotates values"
  data_bearing = false
}

category "unrecognised_data" {
  summary      = "A resource type no pack names whose name (…_topic, …_bucket, …_database) or attributes (a final snapshot, backup retention, versioning) say it holds data: data-bearing until .tfguard.hcl declares it stateless"
  data_bearing = true
}

category "action" {
  summary      = "Provider action (an `action` block, Terraform 1.14+) a pack describes: it runs a provider operation during apply"
  data_bearing = false
}

category "uncategorised" {
  summary      = "Every other resource type no pack names: treated as holding no data"
  data_bearing = false
}

rule "unknown-action" {
  class   = "destructive"
  summary = "Terraform plans an action tfguard does not recognise"
  message = "plans actions {actions}, which tfguard does not recognise: treated as destructive (fail closed)"
  doc     = <<-EOT
    Why: a gate that lets through what it does not understand is not a gate. A newer Terraform
    or OpenTofu may add actions; until tfguard knows what they do, it assumes the worst.
    How to proceed: upgrade tfguard, or approve the change explicitly.
  EOT
  match {
    actions = ["unknown"]
  }
}

rule "store-deleted" {
  class   = "destructive"
  summary = "A data-bearing resource is deleted"
  message = "deletes {category} {address}: the data it holds goes with it{why}"
  doc     = <<-EOT
    Why: deleting a database, data store, volume, backup or key deletes data, or makes it
    unreadable. Terraform cannot undo it.
    How to proceed: if the deletion is intended, add a reviewed approval for this exact change
    (`tfguard approve`). If not, restore the resource block, or protect it with
    `lifecycle { prevent_destroy = true }` and the provider's deletion protection.
  EOT
  match {
    actions    = ["delete"]
    categories = ["database", "data_store", "volume", "backup", "key"]
  }
}

rule "store-replaced" {
  class   = "destructive"
  summary = "A data-bearing resource is replaced (destroyed and created again, empty)"
  message = "replaces {category} {address}: the old object and its data are destroyed, the new one starts empty{why}"
  doc     = <<-EOT
    Why: a replace is a delete followed by a create (or the reverse). The new object does not
    inherit the old one's data.
    How to proceed: find the attribute that forces the replace (shown in the reason) and change
    it back, or migrate the data first and approve the change.
  EOT
  match {
    actions    = ["replace"]
    categories = ["database", "data_store", "volume", "backup", "key"]
  }
}

rule "backup-policy-deleted" {
  class   = "risky"
  summary = "A backup plan, selection or schedule is deleted or replaced"
  message = "{action}s backup policy {address}: future backups stop (existing recovery points are kept){why}"
  doc     = <<-EOT
    Why: nothing is lost today, but the next backup will not be taken.
    How to proceed: make sure another policy covers the data, then apply.
  EOT
  match {
    actions    = ["delete", "replace"]
    categories = ["backup_policy"]
  }
}

rule "protection-deleted" {
  class   = "risky"
  summary = "A protection control is deleted or replaced"
  message = "{action}s protection control {address}{why}"
  doc     = <<-EOT
    Why: versioning, object lock and vault locks are what make data survive a mistake.
    How to proceed: confirm another control protects the same data.
  EOT
  match {
    actions    = ["delete", "replace"]
    categories = ["protection"]
  }
}

rule "cache-deleted" {
  class   = "risky"
  summary = "A cache is deleted or replaced"
  message = "{action}s cache {address}: its contents must be rebuilt{why}"
  doc     = <<-EOT
    Why: a cache holds no system-of-record data, but dropping it can take an application down
    while it warms up again.
  EOT
  match {
    actions    = ["delete", "replace"]
    categories = ["cache"]
  }
}

rule "dependency-deleted" {
  class   = "risky"
  summary = "A resource a data store or its backups depend on is deleted or replaced"
  message = "{action}s {address}, which data stores or backups depend on{why}"
  doc     = <<-EOT
    Why: deleting an IAM role used by a backup service, or a subnet group, can break backups or
    a database without deleting data.
  EOT
  match {
    actions    = ["delete", "replace"]
    categories = ["dependency"]
  }
}

rule "unknown-type-holds-data" {
  class   = "destructive"
  summary = "A resource type no pack knows, which looks like it holds data, is deleted or replaced"
  message = "{action}s {address}{why}: tfguard knows nothing about {type}; it looks like it holds data, so this is treated as destructive. If it holds none, declare it in .tfguard.hcl: stateless_types = [\"{type}\"]"
  doc     = <<-EOT
    Why: a type no pack lists may be a database, a topic or a bucket of a provider tfguard has
    no pack for (aiven_kafka_topic). Its name or its attributes say it holds data, and a gate
    that guessed "no data" would let its deletion through.
    How to proceed: if the type holds data, approve the change (`tfguard approve`). If it holds
    none, add one line to .tfguard.hcl: `stateless_types = ["TYPE"]`; its deletes are then
    risky like every other stateless resource.
  EOT
  match {
    actions    = ["delete", "replace"]
    categories = ["unrecognised_data"]
  }
}

rule "action-invoked" {
  class   = "risky"
  summary = "A provider action no pack knows runs during apply"
  message = "invokes action {address}{why}: a provider operation with side effects runs during apply, and tfguard knows nothing about {type}"
  doc     = <<-EOT
    Why: an `action` block (Terraform 1.14+) runs a provider operation during apply: invoke a
    function, stop an instance, invalidate a cache, anything the provider offers. It changes
    no resource in the state, so no other rule sees it.
    How to proceed: read what the action does in the provider's documentation, then apply.
    Packs name the actions they know, and mark those that destroy data destructive.
  EOT
  match {
    actions    = ["invoke"]
    categories = ["uncategorised"]
  }
}

rule "resource-deleted" {
  class   = "risky"
  summary = "A resource that holds no data is deleted"
  message = "deletes {address}{why}"
  doc     = <<-EOT
    Why: no data is lost, but whatever used the resource stops working.
  EOT
  match {
    actions    = ["delete"]
    categories = ["uncategorised"]
  }
}

rule "resource-replaced" {
  class   = "risky"
  summary = "A resource that holds no data is replaced"
  message = "replaces {address}{why}"
  doc     = <<-EOT
    Why: no data is lost, but the resource is briefly gone or gets a new identity.
  EOT
  match {
    actions    = ["replace"]
    categories = ["uncategorised"]
  }
}

rule "resource-forgotten" {
  class   = "risky"
  summary = "A resource is removed from the state; the real object is kept but no longer managed"
  message = "forgets {address}: the object is kept but Terraform stops managing it"
  doc     = <<-EOT
    Why: a `removed { lifecycle { destroy = false } }` block loses no data, but nobody manages
    the object any more (its protection, backups and cost included).
  EOT
  match {
    actions = ["forget"]
  }
}

rule "store-updated" {
  class   = "risky"
  summary = "A data-bearing or protecting resource is updated in place (beyond tags and labels)"
  message = "updates {category} {address} in place ({changed})"
  doc     = <<-EOT
    Why: in-place updates to data stores can restart them, change their storage, or weaken
    their protection in ways no rule names yet.
    How to proceed: review the attributes listed in the reason.
  EOT
  match {
    actions            = ["update"]
    categories         = ["database", "data_store", "volume", "backup", "key", "backup_policy", "protection", "cache"]
    changes_other_than = [
      "tags", "tags_all", "labels", "terraform_labels", "effective_labels",  # AWS, Google
      "settings[0].user_labels",                                            # Cloud SQL
      "metadata[0].labels", "metadata[0].annotations",                      # Kubernetes
      "freeform_tags", "defined_tags",                                      # Oracle OCI
    ]
  }
}
