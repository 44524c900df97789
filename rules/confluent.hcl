# Confluent Cloud (confluentinc/confluent): Kafka clusters and topics. Facts and citations:
# taxonomy §3.5 and §4.4. The docs recommend `lifecycle { prevent_destroy = true }` on clusters
# and topics (invisible in plan JSON). Topic settings are a string map: retention values such as
# config["retention.ms"] are strings, so tfguard cannot tell a decrease from an increase and
# flags every change of them.

pack {
  provider = "confluent"
  summary  = "Confluent Cloud Kafka clusters, topics and cluster links"
}

# --- databases --------------------------------------------------------------------------------

resource "confluent_kafka_cluster" {
  category = "database"
  summary  = "Kafka cluster: every topic and retained message in it. availability, cloud and region are ForceNew."
}

# --- data stores ------------------------------------------------------------------------------

resource "confluent_kafka_topic" {
  category = "data_store"
  summary  = "Kafka topic: its retained messages (retention.ms, retention.bytes, cleanup.policy in config). Renaming it replaces it."
}

resource "confluent_kafka_mirror_topic" {
  category = "data_store"
  summary  = "Mirror topic fed by a cluster link: a read-only copy that can be promoted in a failover."
}

# --- backup policies --------------------------------------------------------------------------

resource "confluent_cluster_link" {
  category = "backup_policy"
  summary  = "Cluster link: replicates topics to another cluster (disaster recovery, migration)."
}

# --- dependencies -----------------------------------------------------------------------------

resource "confluent_tableflow_topic" {
  category = "dependency"
  summary  = "Tableflow: materialises a topic as Iceberg / Delta tables."
}

# --- disarm rules -----------------------------------------------------------------------------

rule "confluent-topic-retention-changed" {
  class   = "risky"
  summary = "The time retention of a Kafka topic changes"
  message = "changes config[\"retention.ms\"] on {address} ({before} → {after}): a shorter retention deletes older messages"
  doc     = <<-EOT
    Why: messages older than `retention.ms` are deleted. The value is a string, so tfguard
    cannot tell whether it shrinks; removing the key resets it to the server default.
  EOT
  match {
    actions    = ["update"]
    types      = ["confluent_kafka_topic"]
    attribute  = "config[\"retention.ms\"]"
    transition = "changed"
  }
}

rule "confluent-topic-retention-bytes-changed" {
  class   = "risky"
  summary = "The size retention of a Kafka topic changes"
  message = "changes config[\"retention.bytes\"] on {address} ({before} → {after}): a smaller limit deletes older messages"
  doc     = <<-EOT
    Why: once a partition exceeds `retention.bytes`, its oldest messages are deleted.
  EOT
  match {
    actions    = ["update"]
    types      = ["confluent_kafka_topic"]
    attribute  = "config[\"retention.bytes\"]"
    transition = "changed"
  }
}

rule "confluent-topic-cleanup-policy-changed" {
  class   = "risky"
  summary = "The cleanup policy of a Kafka topic changes"
  message = "changes config[\"cleanup.policy\"] on {address} ({before} → {after})"
  doc     = <<-EOT
    Why: `delete` drops messages by age or size; `compact` keeps only the latest value per key.
    Switching between them changes which messages survive.
  EOT
  match {
    actions    = ["update"]
    types      = ["confluent_kafka_topic"]
    attribute  = "config[\"cleanup.policy\"]"
    transition = "changed"
  }
}
