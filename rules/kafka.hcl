# Apache Kafka through the Mongey/kafka provider (self-managed or any Kafka-compatible cluster):
# topics and their retention. Sources: the provider's docs/resources/topic.md (Mongey/terraform-
# provider-kafka) and the Apache Kafka topic configuration reference. The provider writes the whole
# `config` map with AlterConfigs, so a key removed from it falls back to the topic default.

pack {
  provider      = "kafka"
  summary       = "Apache Kafka topics (Mongey/kafka provider) and their retention"
  type_prefixes = ["kafka_"]
}

# --- data stores ------------------------------------------------------------------------------

resource "kafka_topic" {
  category = "data_store"
  summary  = "Kafka topic: its retained messages (retention.ms, retention.bytes, cleanup.policy in config). Changing its name or replication factor, or lowering its partitions, replaces it."
}

# --- dependencies -----------------------------------------------------------------------------

resource "kafka_acl" {
  category = "dependency"
  summary  = "Kafka ACL: who may read or write a topic; no data of its own."
}

resource "kafka_quota" {
  category = "dependency"
  summary  = "Kafka client quota: throughput limits; no data of its own."
}

resource "kafka_user_scram_credential" {
  category = "dependency"
  summary  = "SCRAM credential of a Kafka user; no data of its own."
}

# --- retention: settings that make Kafka delete messages after the apply ---------------------

rule "kafka-topic-retention-shortened" {
  class   = "destructive"
  summary = "The time retention of a Kafka topic is set or shortened: older messages are deleted"
  message = "shortens config[\"retention.ms\"] on {address} from {before} to {after}: messages older than {after} are deleted"
  doc     = <<-EOT
    Why: Kafka deletes log segments whose messages are older than `retention.ms` (a string of
    milliseconds; -1 keeps them forever). The provider writes the whole config map, so removing
    the key resets it to the topic default of 604800000 (7 days), which counts here too.
  EOT
  match {
    actions    = ["update"]
    types      = ["kafka_topic"]
    attribute  = "config[\"retention.ms\"]"
    transition = "keeps_less"
    default    = "604800000"
    retention {
      unit       = "ms"
      keeps_less = "smaller"
      unlimited  = ["-1", -1]
      source     = "https://kafka.apache.org/documentation/#topicconfigs_retention.ms; Mongey/terraform-provider-kafka docs/resources/topic.md (retention.ms, default 604800000)"
    }
  }
}

rule "kafka-topic-retention-bytes-lowered" {
  class   = "destructive"
  summary = "The size retention of a Kafka topic is set or lowered: the oldest messages are deleted"
  message = "lowers config[\"retention.bytes\"] on {address} from {before} to {after}: the oldest messages beyond {after} per partition are deleted"
  doc     = <<-EOT
    Why: once a partition grows past `retention.bytes` (-1, the default, means no limit), Kafka
    deletes its oldest segments.
  EOT
  match {
    actions    = ["update"]
    types      = ["kafka_topic"]
    attribute  = "config[\"retention.bytes\"]"
    transition = "keeps_less"
    default    = "-1"
    retention {
      unit       = "bytes"
      keeps_less = "smaller"
      unlimited  = ["-1", -1]
      source     = "https://kafka.apache.org/documentation/#topicconfigs_retention.bytes; Mongey/terraform-provider-kafka docs/resources/topic.md (retention.bytes, default -1)"
    }
  }
}
