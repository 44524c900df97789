# DigitalOcean (digitalocean/digitalocean): managed databases, volumes, Spaces buckets, their
# snapshots, and the Kubernetes cluster switch that destroys volumes with the cluster. Facts and
# citations: taxonomy §3.5 and §4.4. Managed database clusters have no deletion protection.

pack {
  provider      = "digitalocean"
  summary       = "DigitalOcean managed databases, volumes, Spaces buckets and snapshots"
  type_prefixes = ["digitalocean_"]
}

# --- databases --------------------------------------------------------------------------------

resource "digitalocean_database_cluster" {
  category = "database"
  summary  = "Managed database cluster. No deletion-protection attribute; name, engine and private network are ForceNew. Whether its backups outlive it is not confirmed."
}

resource "digitalocean_database_db" {
  category = "database"
  summary  = "A database inside a managed database cluster. Deleting or replacing it deletes its data."
}

# --- data stores ------------------------------------------------------------------------------

resource "digitalocean_database_kafka_topic" {
  category = "data_store"
  summary  = "Topic of a managed Kafka cluster: its retained messages."
}

resource "digitalocean_spaces_bucket" {
  category = "data_store"
  summary  = "Spaces bucket. Deleting a non-empty bucket fails unless force_destroy is true."
}

resource "digitalocean_spaces_bucket_object" {
  category = "data_store"
  summary  = "An object in a Spaces bucket. Deleting or replacing it deletes what it holds."
}

# --- volumes ----------------------------------------------------------------------------------

resource "digitalocean_volume" {
  category = "volume"
  summary  = "Block storage volume. Deleting or replacing it deletes the data on it."
}

# --- backups ----------------------------------------------------------------------------------

resource "digitalocean_volume_snapshot" {
  category = "backup"
  summary  = "Snapshot of a block storage volume. Deleting it deletes that recovery copy."
}

resource "digitalocean_droplet_snapshot" {
  category = "backup"
  summary  = "Snapshot of a Droplet. Deleting it deletes that recovery copy."
}

resource "digitalocean_nfs_snapshot" {
  category = "backup"
  summary  = "Snapshot of an NFS share. Deleting it deletes that recovery copy."
}

# --- dependencies -----------------------------------------------------------------------------

resource "digitalocean_database_replica" {
  category = "dependency"
  summary  = "Read-only replica of a managed database: the data lives in the primary cluster."
}

resource "digitalocean_kubernetes_cluster" {
  category = "dependency"
  summary  = "Kubernetes cluster. With destroy_all_associated_resources true, deleting it also destroys the volumes and volume snapshots created through Kubernetes."
}

# --- disarm rules -----------------------------------------------------------------------------

rule "digitalocean-spaces-force-destroy-on" {
  class   = "destructive"
  summary = "force_destroy is switched on for a Spaces bucket"
  message = "sets {attribute} on {address}: a later destroy deletes every object in the bucket"
  doc     = <<-EOT
    Why: without it, deleting a non-empty bucket fails, which protects its objects.
  EOT
  match {
    actions    = ["update"]
    types      = ["digitalocean_spaces_bucket"]
    attribute  = "force_destroy"
    transition = "became_true"
    default    = false
  }
}

rule "digitalocean-spaces-versioning-off" {
  class   = "destructive"
  summary = "Versioning is switched off on a Spaces bucket"
  message = "switches versioning off on {address} ({attribute}: {before} → {after}): overwritten and deleted objects can no longer be recovered"
  doc     = <<-EOT
    Why: versioning keeps old copies of every object.
  EOT
  match {
    actions    = ["update"]
    types      = ["digitalocean_spaces_bucket"]
    attribute  = "versioning[0].enabled"
    transition = "became_false"
  }
}

rule "digitalocean-k8s-destroy-associated-on" {
  class   = "destructive"
  summary = "A Kubernetes cluster will destroy its volumes and snapshots with it"
  message = "sets {attribute} on {address}: a later destroy also deletes the volumes and volume snapshots created through Kubernetes"
  doc     = <<-EOT
    Why: `destroy_all_associated_resources` makes the cluster delete "load balancers, volumes,
    and volume snapshots" created via Kubernetes; without it they are left behind.
  EOT
  match {
    actions    = ["update"]
    types      = ["digitalocean_kubernetes_cluster"]
    attribute  = "destroy_all_associated_resources"
    transition = "became_true"
    default    = false
  }
}

rule "digitalocean-droplet-backups-off" {
  class   = "risky"
  summary = "Backups of a Droplet are switched off"
  message = "switches backups off on {address}: no new Droplet backups are taken"
  doc     = <<-EOT
    Why: Droplet backups are the recovery path for anything written to its disk.
  EOT
  match {
    actions    = ["update"]
    types      = ["digitalocean_droplet"]
    attribute  = "backups"
    transition = "became_false"
  }
}

# --- what a delete takes with it (judged on the state the provider deletes with) ------------

rule "digitalocean-spaces-deleted-with-contents" {
  class   = "destructive"
  summary = "A Spaces bucket is deleted with force_destroy: every object goes too"
  message = "{address} is deleted with {attribute} = true in its state: every object in it is deleted too"
  doc     = <<-EOT
    Why: `force_destroy` is read from the state when the bucket is deleted.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["digitalocean_spaces_bucket"]
    attribute  = "force_destroy"
    transition = "is"
    value      = true
  }
}

rule "digitalocean-k8s-deleted-with-volumes" {
  class   = "destructive"
  summary = "A Kubernetes cluster is deleted together with its volumes and volume snapshots"
  message = "{address} is deleted with {attribute} = true: the volumes and volume snapshots created through Kubernetes are deleted too"
  doc     = <<-EOT
    Why: `destroy_all_associated_resources` is read from the state when the cluster is deleted.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["digitalocean_kubernetes_cluster"]
    attribute  = "destroy_all_associated_resources"
    transition = "is"
    value      = true
  }
}

# --- recovery facts: what survives a delete (recovery verdicts lost / kept / unknown) ---------

store "digitalocean_database_cluster" {
  summary = "Destroying a database cluster destroys its contents and its automated backups."
  source  = "https://docs.digitalocean.com/products/databases/redis/how-to/destroy/ (\"Destroying a database cluster destroys the backups of that database\")"
  deletes "automated-backups" {
    says   = "destroying the cluster destroys its automated backups too"
    source = "https://docs.digitalocean.com/products/databases/redis/how-to/destroy/"
  }
}

store "digitalocean_database_db" {
  summary = "The cluster's daily backups hold the database while the cluster exists: restoring one (into a new cluster) brings it back."
  source  = "https://docs.digitalocean.com/products/databases/postgresql/how-to/restore-from-backups/"
  parent "digitalocean_database_cluster" {
    attribute = "cluster_id"
    key       = "id"
    says      = "destroying the cluster destroys its databases and its backups"
    source    = "https://docs.digitalocean.com/products/databases/redis/how-to/destroy/"
  }
  survives "cluster-backups" {
    says          = "the cluster's daily backups hold the database: restoring one into a new cluster brings it back"
    via_types     = ["digitalocean_database_cluster"]
    via_attribute = "cluster_id"
    via_key       = "id"
    needs_parent  = true
    source        = "https://docs.digitalocean.com/products/databases/postgresql/how-to/restore-from-backups/"
  }
}

store "digitalocean_volume" {
  summary = "Nothing is kept when a volume is destroyed; its snapshots (digitalocean_volume_snapshot) are separate and outlive it."
  source  = "https://docs.digitalocean.com/products/volumes/how-to/create-snapshots/"
}

store "digitalocean_spaces_bucket" {
  summary = "Without force_destroy the delete fails while the bucket holds objects; with it every object is deleted."
  source  = "digitalocean docs/resources/spaces_bucket.md (force_destroy)"
  unknown "non-empty-guard" {
    says      = "without force_destroy the delete fails while the bucket holds objects; whether it holds any is not in the plan"
    otherwise = "force_destroy deletes every object in the bucket first"
    attribute = "force_destroy"
    default   = false
    values    = [false]
    source    = "digitalocean docs/resources/spaces_bucket.md (force_destroy)"
  }
}

backup "digitalocean_volume_snapshot" {
  of              = ["digitalocean_volume"]
  attribute       = "volume_id"
  store_attribute = "id"
  source          = "https://docs.digitalocean.com/products/volumes/how-to/create-snapshots/"
}
