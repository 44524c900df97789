"""Retention, expiry and lifecycle attributes for the test provider (test_e2e_retention.py).

`register(provider_module)` adds, with the real providers' attribute names and nesting:

* ``aws_s3_bucket_lifecycle_configuration`` (rule: id, status, filter, expiration,
  noncurrent_version_expiration);
* ``aws_cloudwatch_log_group`` (``retention_in_days``: 0 means never expire);
* ``google_storage_bucket`` ``lifecycle_rule`` (action / condition);
* ``google_sql_database_instance`` ``settings.backup_configuration``
  ``transaction_log_retention_days`` and ``backup_retention_settings``.

Only types the examples/ plans do not use gain attributes here (a new attribute, even null,
changes those plans). Kept apart from tfguard_test_provider.py so that other areas extending
the provider do not edit the same lines; the provider calls `register` once, before it serves.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any


def _block(spec: tuple[Any, Any, Any], name: str) -> Any:
    return next(b for b in spec[1] if b.type_name == name)


def register(p: ModuleType) -> None:
    S, N, B = p.S, p.N, p.B
    optional, required, computed = p.optional, p.required, p.computed
    list_block = p.list_block

    p.AWS_RESOURCES["s3_bucket_lifecycle_configuration"] = (
        [computed("id"), required("bucket", S, requires_replace=True)],
        [
            list_block(
                "rule",
                [required("id", S), required("status", S)],
                [
                    list_block("filter", [optional("prefix", S)]),
                    list_block(
                        "expiration",
                        [
                            optional("days", N),
                            optional("date", S),
                            optional("expired_object_delete_marker", B),
                        ],
                    ),
                    list_block(
                        "noncurrent_version_expiration",
                        [optional("noncurrent_days", N), optional("newer_noncurrent_versions", N)],
                    ),
                ],
                max_items=None,
                min_items=1,
            )
        ],
        lambda planned: {"id": planned["bucket"]},
    )
    p.AWS_RESOURCES["cloudwatch_log_group"] = (
        [
            computed("id"),
            computed("arn"),
            required("name", S, requires_replace=True),
            p.optional_computed("retention_in_days", N, default=0),
            p.optional_computed("skip_destroy", B, default=False),
            *p.aws_tags(),
        ],
        [],
        lambda planned: {
            "id": planned["name"],
            "arn": p._arn("logs", f"log-group:{planned['name']}"),
        },
    )

    bucket = p.GOOGLE_RESOURCES["storage_bucket"]
    bucket[1].append(
        list_block(
            "lifecycle_rule",
            [],
            [
                list_block("action", [required("type", S), optional("storage_class", S)]),
                list_block(
                    "condition",
                    [optional("age", N), optional("with_state", S), optional("created_before", S)],
                ),
            ],
            max_items=None,
        )
    )

    settings = _block(p.GOOGLE_RESOURCES["sql_database_instance"], "settings")
    backup = next(b for b in settings.block.block_types if b.type_name == "backup_configuration")
    backup.block.attributes.append(optional("transaction_log_retention_days", N))
    backup.block.block_types.append(
        list_block(
            "backup_retention_settings",
            [optional("retained_backups", N), optional("retention_unit", S)],
        )
    )
