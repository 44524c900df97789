"""mongodb/mongodbatlas look-alikes: projects, clusters, snapshots, backup compliance policy."""

from __future__ import annotations

from typing import Any

from tfguard_test_provider import (
    B,
    N,
    S,
    _short_hash,
    computed,
    optional,
    optional_computed,
    required,
)

CONFIG: list[Any] = [optional("public_key", S), optional("private_key", S, sensitive=True)]


def _object_id(*parts: Any) -> str:
    return _short_hash("atlas", *parts, n=24)


RESOURCES: dict[str, Any] = {
    "project": (
        [computed("id"), required("name", S), required("org_id", S, requires_replace=True)],
        [],
        lambda p: {"id": _object_id("project", p["name"])},
    ),
    "advanced_cluster": (
        [
            computed("id"),
            computed("cluster_id"),
            required("project_id", S, requires_replace=True),
            required("name", S, requires_replace=True),
            required("cluster_type", S),
            optional_computed("backup_enabled", B, default=False),
            optional_computed("pit_enabled", B, default=False),
            optional_computed("retain_backups_enabled", B, default=False),
            optional_computed("termination_protection_enabled", B, default=False),
        ],
        [],
        lambda p: {
            "cluster_id": _object_id("cluster", p["project_id"], p["name"]),
            "id": _object_id("cluster-id", p["project_id"], p["name"]),
        },
    ),
    "cloud_backup_snapshot": (
        [
            computed("id"),
            computed("snapshot_id"),
            required("project_id", S, requires_replace=True),
            required("cluster_name", S, requires_replace=True),
            required("description", S, requires_replace=True),
            required("retention_in_days", N, requires_replace=True),
        ],
        [],
        lambda p: {
            "snapshot_id": _object_id("snap", p["cluster_name"], p["description"]),
            "id": _object_id("snap-id", p["cluster_name"], p["description"]),
        },
    ),
    "backup_compliance_policy": (
        [
            computed("id"),
            required("project_id", S, requires_replace=True),
            required("authorized_email", S),
            required("authorized_user_first_name", S),
            required("authorized_user_last_name", S),
            optional_computed("copy_protection_enabled", B, default=False),
            optional_computed("pit_enabled", B, default=False),
            optional_computed("encryption_at_rest_enabled", B, default=False),
            optional_computed("restore_window_days", N),
        ],
        [],
        lambda p: {"id": _object_id("policy", p["project_id"])},
    ),
}
