"""hashicorp/kubernetes look-alikes: namespaces, storage classes, PVs, PVCs, StatefulSets."""

from __future__ import annotations

from typing import Any

from tf.types import Map, Set
from tfguard_test_provider import (
    B,
    N,
    S,
    computed,
    list_block,
    optional,
    optional_computed,
    required,
)

CONFIG: list[Any] = [optional("config_path", S), optional("config_context", S)]


def _metadata(namespaced: bool) -> Any:
    attributes = [
        required("name", S, requires_replace=True),
        optional("labels", Map(S)),
        optional("annotations", Map(S)),
        computed("uid"),
        computed("resource_version"),
    ]
    if namespaced:
        attributes.append(
            optional_computed("namespace", S, default="default", requires_replace=True)
        )
    return list_block("metadata", attributes, min_items=1)


def _id(p: Any) -> dict[str, Any]:
    meta = p["metadata"][0]
    name = meta["name"]
    return {"id": f"{meta['namespace']}/{name}" if meta.get("namespace") else name}


def _resources() -> Any:
    return list_block("resources", [optional("requests", Map(S)), optional("limits", Map(S))])


RESOURCES: dict[str, Any] = {
    "namespace_v1": ([computed("id")], [_metadata(False)], _id),
    "storage_class_v1": (
        [
            computed("id"),
            required("storage_provisioner", S, requires_replace=True),
            optional_computed("reclaim_policy", S, default="Delete", requires_replace=True),
            optional_computed("volume_binding_mode", S, default="Immediate", requires_replace=True),
            optional("parameters", Map(S), requires_replace=True),
        ],
        [_metadata(False)],
        _id,
    ),
    "persistent_volume_v1": (
        [computed("id")],
        [
            _metadata(False),
            list_block(
                "spec",
                [
                    required("access_modes", Set(S)),
                    required("capacity", Map(S)),
                    optional_computed("persistent_volume_reclaim_policy", S, default="Retain"),
                    optional("storage_class_name", S),
                ],
                [
                    list_block(
                        "persistent_volume_source",
                        [],
                        [list_block("host_path", [optional("path", S)])],
                    )
                ],
                min_items=1,
            ),
        ],
        _id,
    ),
    "persistent_volume_claim_v1": (
        [computed("id"), optional_computed("wait_until_bound", B, default=False)],
        [
            _metadata(True),
            list_block(
                "spec",
                [
                    required("access_modes", Set(S), requires_replace=True),
                    optional_computed("storage_class_name", S, requires_replace=True),
                    optional_computed("volume_name", S, requires_replace=True),
                    optional_computed(
                        "volume_mode", S, default="Filesystem", requires_replace=True
                    ),
                ],
                [_resources()],
                min_items=1,
            ),
        ],
        _id,
    ),
    "stateful_set_v1": (
        [computed("id"), optional_computed("wait_for_rollout", B, default=True)],
        [
            _metadata(True),
            list_block(
                "spec",
                [
                    optional_computed("replicas", N, default=1),
                    required("service_name", S, requires_replace=True),
                ],
                [
                    list_block("selector", [optional("match_labels", Map(S))]),
                    list_block(
                        "volume_claim_template",
                        [],
                        [
                            _metadata(False),
                            list_block(
                                "spec",
                                [
                                    required("access_modes", Set(S)),
                                    optional("storage_class_name", S),
                                ],
                                [_resources()],
                            ),
                        ],
                        max_items=None,
                    ),
                    list_block(
                        "persistent_volume_claim_retention_policy",
                        [
                            optional_computed("when_deleted", S, default="Retain"),
                            optional_computed("when_scaled", S, default="Retain"),
                        ],
                    ),
                ],
                min_items=1,
            ),
        ],
        _id,
    ),
}
