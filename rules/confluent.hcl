# Confluent Cloud (confluentinc/confluent): Kafka clusters and topics. Facts and citations:
# taxonomy §3.5 and §4.4. The docs recommend `lifecycle { prevent_destroy = true }` on clusters
# and topics (invisible in plan JSON). Topic settings are a string map: retention values such as
# config["retention.ms"] are strings, so tfguard cannot tell a decrease from an increase and
# flags every change of them.

pack {
  provider      = "confluent"
  summary       = "Confluent Cloud Kafka clusters, topics and cluster links"
  type_prefixes = ["confluent_"]
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
  class   = "destructive"
  summary = "The time retention of a Kafka topic is set or shortened: older messages are deleted"
  message = "shortens config[\"retention.ms\"] on {address} from {before} to {after}: messages older than {after} are deleted"
  doc     = <<-EOT
    Why: Kafka deletes log segments whose messages are older than `retention.ms` (-1 = keep
    forever). The value is a string of milliseconds; removing the key resets it to the server
    default (7 days), which counts here.
  EOT
  match {
    actions    = ["update"]
    types      = ["confluent_kafka_topic"]
    attribute  = "config[\"retention.ms\"]"
    transition = "keeps_less"
    default    = "604800000"
    retention {
      unit       = "ms"
      keeps_less = "smaller"
      unlimited  = ["-1", -1]
      source     = "https://docs.confluent.io/platform/current/installation/configuration/topic-configs.html"
    }
  }
}

rule "confluent-topic-retention-bytes-changed" {
  class   = "destructive"
  summary = "The size retention of a Kafka topic is set or lowered: older messages are deleted"
  message = "lowers config[\"retention.bytes\"] on {address} from {before} to {after}: the oldest messages beyond {after} per partition are deleted"
  doc     = <<-EOT
    Why: once a partition exceeds `retention.bytes` (-1 = no limit, the default), its oldest
    segments are deleted.
  EOT
  match {
    actions    = ["update"]
    types      = ["confluent_kafka_topic"]
    attribute  = "config[\"retention.bytes\"]"
    transition = "keeps_less"
    default    = "-1"
    retention {
      unit       = "bytes"
      keeps_less = "smaller"
      unlimited  = ["-1", -1]
      source     = "https://docs.confluent.io/platform/current/installation/configuration/topic-configs.html"
    }
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

# --- recovery facts: what survives a delete (recovery verdicts lost / kept / unknown) ---------

store "confluent_kafka_cluster" {
  summary = "A deleted cluster cannot be restored (Confluent keeps it briefly, for its support only)."
  source  = "https://docs.confluent.io/cloud/current/clusters/delete-cluster.html"
  deletes "topics-and-messages" {
    says   = "deleting the cluster deletes every topic and retained message in it, and Confluent says a deleted cluster cannot be restored"
    source = "https://docs.confluent.io/cloud/current/clusters/delete-cluster.html (checked 2026-11)"
  }
  deletes "support-retention" {
    says   = "Confluent retains deleted clusters only briefly and only its support can be asked about them"
    source = "https://docs.confluent.io/cloud/current/clusters/delete-cluster.html"
  }
}

store "confluent_kafka_topic" {
  summary = "Deleting a topic deletes its retained messages; nothing keeps them."
  source  = "https://docs.confluent.io/confluent-cli/current/command-reference/kafka/topic/confluent_kafka_topic_delete.html"
  parent "confluent_kafka_cluster" {
    attribute = "kafka_cluster[0].id"
    key       = "id"
    says      = "deleting the cluster deletes its topics"
    source    = "https://docs.confluent.io/cloud/current/clusters/delete-cluster.html"
  }
  deletes "retained-messages" {
    says   = "deleting a topic deletes its retained messages (Confluent: data loss can occur)"
    source = "https://docs.confluent.io/confluent-cli/current/command-reference/kafka/topic/confluent_kafka_topic_delete.html"
  }
}
