# Kubernetes (hashicorp/kubernetes): persistent volumes and claims, and the reclaim and retention
# policies that decide whether deleting a Kubernetes object deletes the disk behind it. Facts and
# citations: taxonomy §3.4 and §4.4 (shared reference).
#
# Labels live in metadata[0].labels, which the core "tags and labels only" exception (top-level
# names) cannot see: a label-only update of a volume is reported as a risky update.

pack {
  provider      = "kubernetes"
  summary       = "Kubernetes persistent volumes and claims, storage classes and StatefulSet volume retention"
  type_prefixes = ["kubernetes_"]
}

# --- volumes ----------------------------------------------------------------------------------

resource "kubernetes_persistent_volume_claim" {
  category = "volume"
  summary  = "PersistentVolumeClaim. Dynamically provisioned volumes default to reclaim policy Delete, so deleting the claim deletes the cloud disk; shrinking requests.storage replaces it."
}

resource "kubernetes_persistent_volume_claim_v1" {
  category = "volume"
  summary  = "PersistentVolumeClaim. Dynamically provisioned volumes default to reclaim policy Delete, so deleting the claim deletes the cloud disk; shrinking requests.storage replaces it."
}

resource "kubernetes_persistent_volume" {
  category = "volume"
  summary  = "PersistentVolume. spec[0].persistent_volume_reclaim_policy (Retain by default for volumes created this way) decides what happens to the disk when its claim goes."
}

resource "kubernetes_persistent_volume_v1" {
  category = "volume"
  summary  = "PersistentVolume. spec[0].persistent_volume_reclaim_policy (Retain by default for volumes created this way) decides what happens to the disk when its claim goes."
}

# --- dependencies -----------------------------------------------------------------------------

resource "kubernetes_storage_class" {
  category = "dependency"
  summary  = "StorageClass: reclaim_policy (Kubernetes default Delete) applies to every volume it provisions from now on."
}

resource "kubernetes_storage_class_v1" {
  category = "dependency"
  summary  = "StorageClass: reclaim_policy (Kubernetes default Delete) applies to every volume it provisions from now on."
}

resource "kubernetes_stateful_set" {
  category = "dependency"
  summary  = "StatefulSet: its data lives in the claims it templates, which are kept when it is deleted unless persistent_volume_claim_retention_policy says Delete."
}

resource "kubernetes_stateful_set_v1" {
  category = "dependency"
  summary  = "StatefulSet: its data lives in the claims it templates, which are kept when it is deleted unless persistent_volume_claim_retention_policy says Delete."
}

resource "kubernetes_namespace" {
  category = "dependency"
  summary  = "Namespace: deleting it deletes every object in it, persistent volume claims included (their volumes then follow their reclaim policy)."
}

resource "kubernetes_namespace_v1" {
  category = "dependency"
  summary  = "Namespace: deleting it deletes every object in it, persistent volume claims included (their volumes then follow their reclaim policy)."
}

resource "kubernetes_manifest" {
  category = "dependency"
  summary  = "Any Kubernetes object, custom resources included (a database operator's Cluster, a VolumeSnapshot, a Velero Schedule): tfguard cannot tell which, so a delete is reviewed as risky."
}

# --- disarm rules: reclaim and retention policies ---------------------------------------------

rule "kubernetes-pv-reclaim-delete" {
  class   = "destructive"
  summary = "A persistent volume's reclaim policy is set to Delete"
  message = "sets the reclaim policy of {address} to Delete ({before} → {after}): when its claim is deleted, the disk behind it is deleted too"
  doc     = <<-EOT
    Why: with Retain the disk outlives its claim; with Delete, deleting the claim (or its
    namespace, or a StatefulSet with Delete retention) deletes the disk and its data.
  EOT
  match {
    actions    = ["update"]
    types      = ["kubernetes_persistent_volume", "kubernetes_persistent_volume_v1"]
    attribute  = "spec[0].persistent_volume_reclaim_policy"
    transition = "set_to"
    value      = "Delete"
    default    = "Retain"
  }
}

rule "kubernetes-pv-reclaim-recycle" {
  class   = "destructive"
  summary = "A persistent volume's reclaim policy is set to Recycle"
  message = "sets the reclaim policy of {address} to Recycle ({before} → {after}): when its claim is deleted, the volume is scrubbed"
  doc     = <<-EOT
    Why: Recycle wipes the volume's contents (rm -rf) when its claim is released, so it can be
    reused.
  EOT
  match {
    actions    = ["update"]
    types      = ["kubernetes_persistent_volume", "kubernetes_persistent_volume_v1"]
    attribute  = "spec[0].persistent_volume_reclaim_policy"
    transition = "set_to"
    value      = "Recycle"
    default    = "Retain"
  }
}

rule "kubernetes-storage-class-reclaim-delete" {
  class   = "risky"
  summary = "A storage class's reclaim policy is set to Delete"
  message = "sets the reclaim policy of {address} to Delete ({before} → {after}): volumes it provisions from now on are deleted with their claims"
  doc     = <<-EOT
    Why: the storage class's reclaim policy is copied to the volumes it provisions. Existing
    volumes keep theirs, which is why this is risky rather than destructive.
  EOT
  match {
    actions    = ["update"]
    types      = ["kubernetes_storage_class", "kubernetes_storage_class_v1"]
    attribute  = "reclaim_policy"
    transition = "set_to"
    value      = "Delete"
    default    = "Delete"
  }
}

rule "kubernetes-statefulset-pvcs-deleted-with-set" {
  class   = "destructive"
  summary = "A StatefulSet will delete its volume claims when it is deleted"
  message = "sets {attribute} on {address} to Delete ({before} → {after}): deleting the StatefulSet deletes its claims and their volumes"
  doc     = <<-EOT
    Why: with the default Retain, the claims (and the data) outlive the StatefulSet; Delete arms
    the next delete to take them.
  EOT
  match {
    actions    = ["update"]
    types      = ["kubernetes_stateful_set", "kubernetes_stateful_set_v1"]
    attribute  = "spec[0].persistent_volume_claim_retention_policy[0].when_deleted"
    transition = "set_to"
    value      = "Delete"
    default    = "Retain"
  }
}

rule "kubernetes-statefulset-pvcs-deleted-on-scale-down" {
  class   = "destructive"
  summary = "A StatefulSet will delete the volume claims of replicas it scales away"
  message = "sets {attribute} on {address} to Delete ({before} → {after}): scaling down deletes the removed replicas' claims and their volumes"
  doc     = <<-EOT
    Why: with the default Retain, scaling down keeps the claims of the removed replicas.
  EOT
  match {
    actions    = ["update"]
    types      = ["kubernetes_stateful_set", "kubernetes_stateful_set_v1"]
    attribute  = "spec[0].persistent_volume_claim_retention_policy[0].when_scaled"
    transition = "set_to"
    value      = "Delete"
    default    = "Retain"
  }
}

rule "kubernetes-snapshot-deletion-policy-delete" {
  class   = "risky"
  summary = "A VolumeSnapshotClass or VolumeSnapshotContent deletion policy is set to Delete"
  message = "sets manifest.deletionPolicy of {address} to Delete ({before} → {after}): deleting the VolumeSnapshot deletes the snapshot in the storage system"
  doc     = <<-EOT
    Why: with Retain the underlying snapshot outlives its Kubernetes object. tfguard cannot
    check the manifest's kind in the same rule, hence risky.
  EOT
  match {
    actions    = ["update"]
    types      = ["kubernetes_manifest"]
    attribute  = "manifest.deletionPolicy"
    transition = "set_to"
    value      = "Delete"
  }
}

# --- what a delete takes with it (judged on the state the provider deletes with) ------------

rule "kubernetes-statefulset-deleted-with-pvcs" {
  class   = "destructive"
  summary = "A StatefulSet is deleted together with its volume claims"
  message = "{address} is deleted with {attribute} = Delete: its volume claims, and with the default reclaim policy their disks, are deleted too"
  doc     = <<-EOT
    Why: Kubernetes deletes the claims of a StatefulSet whose retention policy says Delete when
    the StatefulSet is deleted.
  EOT
  match {
    actions    = ["delete", "replace"]
    types      = ["kubernetes_stateful_set", "kubernetes_stateful_set_v1"]
    attribute  = "spec[0].persistent_volume_claim_retention_policy[0].when_deleted"
    transition = "is"
    value      = "Delete"
    default    = "Retain"
  }
}

store "kubernetes_persistent_volume_claim_v1" {
  also    = ["kubernetes_persistent_volume_claim"]
  summary = "Deleting a claim releases its volume: the volume's reclaim policy (Retain keeps the disk, Delete deletes it) decides, taken from the bound PersistentVolume or, for a dynamically provisioned one, its StorageClass (Delete by default)."
  source  = "https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reclaiming"
  parent "kubernetes_namespace_v1" {
    attribute = "metadata[0].namespace"
    key       = "metadata[0].name"
    says      = "deleting a namespace deletes every object in it, persistent volume claims included"
    source    = "https://kubernetes.io/docs/tasks/administer-cluster/namespaces/#deleting-a-namespace"
  }
  parent "kubernetes_namespace" {
    attribute = "metadata[0].namespace"
    key       = "metadata[0].name"
    says      = "deleting a namespace deletes every object in it, persistent volume claims included"
    source    = "https://kubernetes.io/docs/tasks/administer-cluster/namespaces/#deleting-a-namespace"
  }
  survives "bound-volume-retained" {
    says            = "the PersistentVolume it is bound to has reclaim policy Retain: the disk outlives the claim"
    otherwise       = "the PersistentVolume it is bound to is deleted with the claim (reclaim policy Delete)"
    via_types       = ["kubernetes_persistent_volume_v1", "kubernetes_persistent_volume"]
    via_attribute   = "spec[0].volume_name"
    via_key         = "metadata[0].name"
    skip_if_unnamed = true
    attribute       = "spec[0].persistent_volume_reclaim_policy"
    default         = "Retain"
    values          = ["Retain"]
    source          = "kubernetes docs/resources/persistent_volume_v1.md (persistent_volume_reclaim_policy); https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reclaiming"
  }
  survives "storage-class-retain" {
    says          = "its StorageClass has reclaim policy Retain: the dynamically provisioned disk outlives the claim"
    otherwise     = "its StorageClass deletes the dynamically provisioned disk with the claim (reclaim policy Delete)"
    via_types     = ["kubernetes_storage_class_v1", "kubernetes_storage_class"]
    via_attribute = "spec[0].storage_class_name"
    via_key       = "metadata[0].name"
    skip_if_set   = "spec[0].volume_name"
    attribute     = "reclaim_policy"
    default       = "Delete"
    values        = ["Retain"]
    source        = "kubernetes docs/resources/storage_class_v1.md (reclaim_policy); https://kubernetes.io/docs/concepts/storage/storage-classes/#reclaim-policy (defaults to Delete)"
  }
}

store "kubernetes_persistent_volume_v1" {
  also    = ["kubernetes_persistent_volume"]
  summary = "With reclaim policy Retain the storage asset outlives the PersistentVolume object; with Delete it is deleted."
  source  = "https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reclaiming"
  survives "reclaim-retain" {
    says      = "reclaim policy Retain: the storage asset behind the volume outlives it"
    otherwise = "reclaim policy Delete: the storage asset is deleted with the volume"
    attribute = "spec[0].persistent_volume_reclaim_policy"
    default   = "Retain"
    values    = ["Retain"]
    source    = "kubernetes docs/resources/persistent_volume_v1.md (persistent_volume_reclaim_policy, Retain by default)"
  }
}

store "kubernetes_stateful_set_v1" {
  also    = ["kubernetes_stateful_set"]
  summary = "Its claims are kept when it is deleted unless persistent_volume_claim_retention_policy.when_deleted is Delete; then their StorageClass's reclaim policy decides."
  source  = "kubernetes docs/resources/stateful_set_v1.md (persistent_volume_claim_retention_policy)"
  survives "claims-retained" {
    says      = "its volume claims are kept when it is deleted"
    otherwise = "its volume claims are deleted with it"
    attribute = "spec[0].persistent_volume_claim_retention_policy[0].when_deleted"
    default   = "Retain"
    values    = ["Retain"]
    source    = "kubernetes docs/resources/stateful_set_v1.md (when_deleted, default Retain)"
  }
  survives "storage-class-retain" {
    says          = "the StorageClass of its volume claim templates has reclaim policy Retain: the disks outlive the claims"
    otherwise     = "the StorageClass of its volume claim templates deletes the disks with the claims"
    via_types     = ["kubernetes_storage_class_v1", "kubernetes_storage_class"]
    via_attribute = "spec[0].volume_claim_template[*].spec[0].storage_class_name"
    via_key       = "metadata[0].name"
    attribute     = "reclaim_policy"
    default       = "Delete"
    values        = ["Retain"]
    source        = "https://kubernetes.io/docs/concepts/storage/storage-classes/#reclaim-policy"
  }
}
