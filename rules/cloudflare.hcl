# Cloudflare (cloudflare/cloudflare v5): D1 databases, R2 buckets, Workers KV, Queues, and the R2
# bucket locks and lifecycle rules. Facts and citations: taxonomy §3.5, §4.4 and §5.4.
# v5 is a Plugin Framework provider: nested attributes are objects, without [0].

pack {
  provider      = "cloudflare"
  summary       = "Cloudflare D1, R2, Workers KV and Queues"
  type_prefixes = ["cloudflare_"]
}

# --- databases --------------------------------------------------------------------------------

resource "cloudflare_d1_database" {
  category = "database"
  summary  = "D1 (SQLite) database. \"When a D1 Database is replaced all the data is lost\", and renaming it replaces it."
}

# --- data stores ------------------------------------------------------------------------------

resource "cloudflare_r2_bucket" {
  category = "data_store"
  summary  = "R2 bucket (object storage); changing its name or location replaces it."
}

resource "cloudflare_r2_data_catalog" {
  category = "data_store"
  summary  = "R2 Data Catalog (Apache Iceberg catalog) of a bucket."
}

resource "cloudflare_workers_kv_namespace" {
  category = "data_store"
  summary  = "Workers KV namespace: deleting or replacing it deletes every key in it."
}

resource "cloudflare_workers_kv" {
  category = "data_store"
  summary  = "A key-value pair in a Workers KV namespace. Deleting or replacing it deletes what it holds."
}

resource "cloudflare_queue" {
  category = "data_store"
  summary  = "Cloudflare Queue: undelivered messages are lost with it."
}

# --- protection controls ----------------------------------------------------------------------

resource "cloudflare_r2_bucket_lock" {
  category = "protection"
  summary  = "R2 bucket lock rules: objects cannot be deleted or overwritten before their retention ends."
}

resource "cloudflare_r2_bucket_lifecycle" {
  category = "protection"
  summary  = "R2 lifecycle rules. delete_objects_transition is scheduled deletion, so every in-place change is reviewed."
}

# --- dependencies -----------------------------------------------------------------------------

resource "cloudflare_zone" {
  category = "dependency"
  summary  = "DNS zone: deleting it deletes every record in it, which is an outage but not stored data, so the delete is risky."
}

resource "cloudflare_dns_record" {
  category = "dependency"
  summary  = "DNS record: deleting it breaks name resolution for what uses it, but deletes no stored data."
}

# --- rules ------------------------------------------------------------------------------------

rule "cloudflare-d1-renamed" {
  class   = "destructive"
  summary = "A D1 database is renamed, which replaces it: all its data is lost"
  message = "renames {address}, which replaces it: \"When a D1 Database is replaced all the data is lost\""
  doc     = <<-EOT
    Why: `name` cannot be changed in place; the provider deletes the database and creates an
    empty one. Export the data first, or keep the name.
  EOT
  match {
    actions       = ["replace"]
    types         = ["cloudflare_d1_database"]
    replace_paths = ["name"]
  }
}

rule "cloudflare-r2-bucket-lock-removed" {
  class   = "destructive"
  summary = "The lock rules of an R2 bucket are removed"
  message = "{action}s {address}: the bucket's objects lose their retention lock{why}"
  doc     = <<-EOT
    Why: bucket lock rules stop objects from being deleted or overwritten before their
    retention ends; without them, they can be.
  EOT
  match {
    actions = ["delete", "replace"]
    types   = ["cloudflare_r2_bucket_lock"]
  }
}
