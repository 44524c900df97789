# Elastic Cloud (elastic/ec): hosted and serverless Elasticsearch deployments. Facts and citations:
# taxonomy §3.5. Whether deleting a deployment also deletes its snapshots in the found-snapshots
# repository is not confirmed, so no rule says so; a delete is destructive as a data store.

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
