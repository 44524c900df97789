"""hashicorp/azurerm look-alikes: SQL, PostgreSQL flexible server, storage, managed disks,
Recovery Services vaults and protected VMs; the provider's `features {}` block."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tf.types import Map
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

SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000000"


def _arm(p: Any, provider: str) -> dict[str, Any]:
    """An Azure resource id from the resource group and name."""
    group = p["resource_group_name"]
    return {"id": f"{SUBSCRIPTION}/resourceGroups/{group}/providers/{provider}/{p['name']}"}


def _child(parent: str, kind: str) -> Callable[[Any], dict[str, Any]]:
    return lambda p: {"id": f"{p[parent]}/{kind}/{p['name']}"}


def _located() -> list[Any]:
    return [
        computed("id"),
        required("name", S, requires_replace=True),
        required("resource_group_name", S, requires_replace=True),
        required("location", S, requires_replace=True),
        optional("tags", Map(S)),
    ]


CONFIG: list[Any] = [
    optional("subscription_id", S),
    # The provider's `features {}` block, with the settings tfguard's recovery facts read.
    list_block(
        "features",
        [],
        [
            list_block("key_vault", [optional("purge_soft_delete_on_destroy", B)]),
            list_block(
                "recovery_service",
                [
                    optional("vm_backup_stop_protection_and_retain_data_on_destroy", B),
                    optional("vm_backup_suspend_protection_and_retain_data_on_destroy", B),
                    optional("purge_protected_items_from_vault_on_destroy", B),
                ],
            ),
        ],
    ),
]

RESOURCES: dict[str, Any] = {
    "mssql_server": (
        [
            *_located(),
            required("version", S, requires_replace=True),
            optional("administrator_login", S, requires_replace=True),
            optional("administrator_login_password", S, sensitive=True),
        ],
        [],
        lambda p: _arm(p, "Microsoft.Sql/servers"),
    ),
    "mssql_database": (
        [
            computed("id"),
            required("name", S, requires_replace=True),
            required("server_id", S, requires_replace=True),
            optional_computed("sku_name", S),
            optional("tags", Map(S)),
        ],
        [
            list_block(
                "short_term_retention_policy",
                [required("retention_days", N), optional_computed("backup_interval_in_hours", N)],
            ),
            list_block(
                "long_term_retention_policy",
                [
                    optional_computed("weekly_retention", S),
                    optional_computed("monthly_retention", S),
                    optional_computed("yearly_retention", S),
                    optional_computed("week_of_year", N),
                ],
            ),
        ],
        _child("server_id", "databases"),
    ),
    "postgresql_flexible_server": (
        [
            *_located(),
            optional_computed("version", S),
            optional_computed("sku_name", S),
            optional_computed("backup_retention_days", N, default=7),
            optional_computed(
                "geo_redundant_backup_enabled", B, default=False, requires_replace=True
            ),
        ],
        [],
        lambda p: _arm(p, "Microsoft.DBforPostgreSQL/flexibleServers"),
    ),
    "postgresql_flexible_server_database": (
        [
            computed("id"),
            required("name", S, requires_replace=True),
            required("server_id", S, requires_replace=True),
            optional_computed("charset", S, default="UTF8", requires_replace=True),
            optional_computed("collation", S, default="en_US.utf8", requires_replace=True),
        ],
        [],
        _child("server_id", "databases"),
    ),
    "storage_account": (
        [
            *_located(),
            required("account_tier", S, requires_replace=True),
            required("account_replication_type", S),
        ],
        [
            list_block(
                "blob_properties",
                [optional_computed("versioning_enabled", B, default=False)],
                [
                    list_block(
                        "delete_retention_policy", [optional_computed("days", N, default=7)]
                    ),
                    list_block(
                        "container_delete_retention_policy",
                        [optional_computed("days", N, default=7)],
                    ),
                ],
            )
        ],
        lambda p: _arm(p, "Microsoft.Storage/storageAccounts"),
    ),
    "storage_container": (
        [
            computed("id"),
            required("name", S, requires_replace=True),
            required("storage_account_id", S, requires_replace=True),
            optional_computed("container_access_type", S, default="private"),
        ],
        [],
        lambda p: {"id": f"{p['storage_account_id']}/blobServices/default/containers/{p['name']}"},
    ),
    "managed_disk": (
        [
            *_located(),
            required("storage_account_type", S),
            required("create_option", S, requires_replace=True),
            optional_computed("disk_size_gb", N),
        ],
        [],
        lambda p: _arm(p, "Microsoft.Compute/disks"),
    ),
    "recovery_services_vault": (
        [
            *_located(),
            required("sku", S),
            optional_computed("immutability", S, default="Disabled"),
            optional_computed("storage_mode_type", S, default="GeoRedundant"),
            # azurerm 4.x (removed in 5.0): what older states still carry.
            optional_computed("soft_delete_enabled", B, default=True),
        ],
        [],
        lambda p: _arm(p, "Microsoft.RecoveryServices/vaults"),
    ),
    "backup_protected_vm": (
        [
            computed("id"),
            required("resource_group_name", S, requires_replace=True),
            required("recovery_vault_name", S, requires_replace=True),
            optional("source_vm_id", S),
            optional("backup_policy_id", S),
        ],
        [],
        lambda p: {
            "id": f"{SUBSCRIPTION}/resourceGroups/{p['resource_group_name']}/providers/"
            f"Microsoft.RecoveryServices/vaults/{p['recovery_vault_name']}/protectedItems/"
            f"vm;{str(p['source_vm_id']).rsplit('/', 1)[-1]}"
        },
    ),
    "snapshot": (
        [
            *_located(),
            required("create_option", S, requires_replace=True),
            optional("source_uri", S, requires_replace=True),
        ],
        [],
        lambda p: _arm(p, "Microsoft.Compute/snapshots"),
    ),
}
