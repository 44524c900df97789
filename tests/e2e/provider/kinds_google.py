"""hashicorp/google look-alikes for recovery facts: Firestore, Spanner, BigQuery."""

from __future__ import annotations

from typing import Any

from tf.types import Map
from tfguard_test_provider import (
    GCP_PROJECT,
    B,
    N,
    S,
    computed,
    optional,
    optional_computed,
    required,
)


def _named(path: str) -> Any:
    return lambda p: {"id": path.format(project=GCP_PROJECT, **p)}


RESOURCES: dict[str, Any] = {
    "firestore_database": (
        [
            computed("id"),
            required("name", S, requires_replace=True),
            required("location_id", S, requires_replace=True),
            required("type", S),
            optional_computed("deletion_policy", S, default="ABANDON"),
            optional_computed("delete_protection_state", S, default="DELETE_PROTECTION_DISABLED"),
            optional_computed(
                "point_in_time_recovery_enablement", S, default="POINT_IN_TIME_RECOVERY_DISABLED"
            ),
        ],
        [],
        _named("projects/{project}/databases/{name}"),
    ),
    "spanner_instance": (
        [
            computed("id"),
            required("name", S, requires_replace=True),
            required("config", S, requires_replace=True),
            required("display_name", S),
            optional_computed("num_nodes", N),
            optional_computed("force_destroy", B, default=False),
            optional("labels", Map(S)),
        ],
        [],
        _named("{project}/{name}"),
    ),
    "spanner_database": (
        [
            computed("id"),
            required("name", S, requires_replace=True),
            required("instance", S, requires_replace=True),
            optional_computed("deletion_protection", B, default=True),
            optional_computed("version_retention_period", S, default="1h"),
        ],
        [],
        _named("{instance}/{name}"),
    ),
    "bigquery_dataset": (
        [
            computed("id"),
            required("dataset_id", S, requires_replace=True),
            optional_computed("location", S, default="US", requires_replace=True),
            optional_computed("delete_contents_on_destroy", B, default=False),
            optional_computed("max_time_travel_hours", S, default="168"),
        ],
        [],
        _named("projects/{project}/datasets/{dataset_id}"),
    ),
}
