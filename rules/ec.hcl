# Elastic Cloud (elastic/ec): hosted and serverless Elasticsearch deployments. Facts and citations:
# taxonomy §3.5. Deleting a deployment erases its data and its found-snapshots snapshots
# (Elastic's "Delete a deployment" page); the store blocks at the end say so, with sources.

pack {
  provider      = "ec"
  summary       = "Elastic Cloud deployments and serverless projects"
  type_prefixes = ["ec_"]
}

# --- data stores ------------------------------------------------------------------------------

resource "ec_deployment" {
  category = "data_store"
  summary  = "Elastic Cloud deployment: its Elasticsearch indices. No deletion protection; changing encryption_key_path replaces it."
}

resource "ec_elasticsearch_project" {
  category = "data_store"
  summary  = "Serverless Elasticsearch project: deleting or replacing it deletes its indices."
}

resource "ec_observability_project" {
  category = "data_store"
  summary  = "Serverless Observability project: its logs, metrics and traces."
}

resource "ec_security_project" {
  category = "data_store"
  summary  = "Serverless Security project: its security data and detections."
}

# --- dependencies -----------------------------------------------------------------------------

resource "ec_snapshot_repository" {
  category = "dependency"
  summary  = "Snapshot repository registration (Elastic Cloud Enterprise): where deployments write their snapshots."
}

# --- recovery facts: what survives a delete (recovery verdicts lost / kept / unknown) ---------

store "ec_deployment" {
  summary = "Deleting a deployment erases its data and its snapshots in the default (found-snapshots) repository; Elastic cannot guarantee a restore, and only snapshots in a custom repository outlive it."
  source  = "https://www.elastic.co/docs/deploy-manage/uninstall/delete-a-cloud-deployment"
  deletes "data-and-default-snapshots" {
    says   = "Elastic erases all the deployment's data on disk, its found-snapshots snapshots included; they are kept only briefly and Elastic does not guarantee a restore"
    source = "https://www.elastic.co/docs/deploy-manage/uninstall/delete-a-cloud-deployment (checked 2026-11)"
  }
  unknown "custom-snapshot-repository" {
    says   = "snapshots written to a custom snapshot repository outlive the deployment, but whether it uses one is configured inside Elasticsearch, not in the plan"
    source = "https://www.elastic.co/docs/deploy-manage/uninstall/delete-a-cloud-deployment (keep snapshots after deletion: use a custom snapshot repository)"
  }
}

store "ec_elasticsearch_project" {
  also    = ["ec_observability_project", "ec_security_project"]
  summary = "Deleting a serverless project loses all its data."
  source  = "https://www.elastic.co/docs/deploy-manage/uninstall/delete-a-cloud-deployment"
  deletes "all-data" {
    says   = "Elastic says all the data of a deleted serverless project is lost"
    source = "https://www.elastic.co/docs/deploy-manage/uninstall/delete-a-cloud-deployment (checked 2026-11)"
  }
}
