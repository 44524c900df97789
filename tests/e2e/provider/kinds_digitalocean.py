"""digitalocean/digitalocean look-alikes: database clusters and databases, volumes, snapshots."""

from __future__ import annotations

import uuid
from typing import Any

from tf.types import Set
from tfguard_test_provider import N, S, computed, optional, optional_computed, required

CONFIG: list[Any] = [optional("token", S, sensitive=True)]


def _uuid(*parts: Any) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join(map(str, parts))))


RESOURCES: dict[str, Any] = {
    "database_cluster": (
        [
            computed("id"),
            computed("urn"),
            required("name", S, requires_replace=True),
            required("engine", S, requires_replace=True),
            optional_computed("version", S),
            required("size", S),
            required("region", S),
            required("node_count", N),
            optional("tags", Set(S)),
        ],
        [],
        lambda p: {
            "id": _uuid("db", p["name"]),
            "urn": f"do:dbaas:{_uuid('db', p['name'])}",
        },
    ),
    "database_db": (
        [
            computed("id"),
            required("cluster_id", S, requires_replace=True),
            required("name", S, requires_replace=True),
        ],
        [],
        lambda p: {"id": f"{p['cluster_id']}/database/{p['name']}"},
    ),
    "volume": (
        [
            computed("id"),
            computed("urn"),
            required("region", S, requires_replace=True),
            required("name", S),
            required("size", N),
            optional_computed("initial_filesystem_type", S, requires_replace=True),
            optional("tags", Set(S)),
        ],
        [],
        lambda p: {"id": _uuid("vol", p["name"]), "urn": f"do:volume:{_uuid('vol', p['name'])}"},
    ),
    "volume_snapshot": (
        [
            computed("id"),
            required("name", S),
            required("volume_id", S, requires_replace=True),
            computed("size", N),
            optional("tags", Set(S)),
        ],
        [],
        lambda p: {"id": _uuid("snap", p["volume_id"], p["name"]), "size": 1},
    ),
}
