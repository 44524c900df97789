#!/usr/bin/env python3
"""Generate realistic, deterministic `terraform show -json PLANFILE` documents for benchmarks.

    python benchmarks/generate.py --sizes 1000,10000,100000        # -> benchmarks/data/
    python benchmarks/generate.py --sizes 1000 --force --seed 7

Each file has exactly N `resource_changes` and the shape Terraform 1.x writes (format_version
"1.2"): `variables`, `planned_values` (module tree), `resource_drift`, `resource_changes`,
`output_changes`, `prior_state` (module tree), `configuration` (module calls with
`for_each_expression` / `count_expression`), `relevant_attributes`, `timestamp`, `applyable`,
`complete`, `errored`. Values are SDKv2-style: nested blocks are arrays of objects, every
attribute of the schema is present (null when unset), `tags` / `tags_all` maps,
`before_sensitive` / `after_sensitive` / `sensitive_values` mirror the value's collections
exactly as Terraform's `SensitiveAsBool` does, `after_unknown` as `unknownAsBool` does, and
unknown values are omitted from `after` and `planned_values`.

The mix: most changes are no-op, then update, create, delete, replace; a few data-source
reads, moved resources (`previous_address`), whole tenants onboarded (all create) or
offboarded (all delete, `delete_because_no_module`), and out-of-band tag edits that show up
as `resource_drift`. Databases, backups and buckets are sprinkled among stateless resources,
so a plan of any size contains destructive changes (tfguard should answer 1, blocked).

Memory: the file is written incrementally. `planned_values` goes straight to the output;
`resource_drift`, `resource_changes` and `prior_state` go to temporary files next to it and
are appended in order, so at most one resource is held in memory at a time (plus the
skeleton: one small tuple per resource). A `.meta.json` file beside each plan records the
counts the benchmark checks against. Stdlib + orjson only.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
try:
    import orjson
except ImportError:  # run with a python that lacks orjson: use the project's venv
    _venv_python = HERE.parent / ".venv" / "bin" / "python"
    if __name__ != "__main__" or not _venv_python.exists():
        raise
    os.execv(_venv_python, [str(_venv_python), __file__, *sys.argv[1:]])

DATA = HERE / "data"
RULE_CACHE = Path(tempfile.gettempdir()) / f"tfguard-benchmark-rules-{os.getuid()}"
"""The runners' warm rule cache: outside the work tree, where tfguard believes a cache."""
DEFAULT_SEED = 20261127
TERRAFORM_VERSION = "1.9.8"
TIMESTAMP = "2026-11-27T09:00:00Z"
GENERATOR_VERSION = 2  # bump when the output changes, so stale files are regenerated

AWS = "registry.terraform.io/hashicorp/aws"
# types whose delete or replace loses data (what a gate like tfguard must block)
DATA_BEARING = frozenset(
    {
        "aws_db_instance",
        "aws_rds_cluster",
        "aws_dynamodb_table",
        "google_sql_database_instance",
        "aws_db_snapshot",
        "aws_backup_vault",
        "aws_s3_bucket",
    }
)
GOOGLE = "registry.terraform.io/hashicorp/google"


def path_for(size: int, seed: int = DEFAULT_SEED) -> Path:
    suffix = "" if seed == DEFAULT_SEED else f"-s{seed}"
    return DATA / f"plan-{size}{suffix}.json"


def meta_path(plan: Path) -> Path:
    return plan.with_suffix(".meta.json")


# --------------------------------------------------------------------------------------------
# Unknown values and the Terraform "as bool" mirrors
# --------------------------------------------------------------------------------------------


class _Unknown:
    __slots__ = ()

    def __repr__(self) -> str:
        return "(known after apply)"


UNKNOWN = _Unknown()


class _Secret(str):
    """A string that Terraform marks sensitive (the value is still written, as Terraform does)."""

    __slots__ = ()


def known(value: Any) -> Any:
    """`after` as Terraform writes it: unknown object attributes omitted, unknown elements null."""
    if value is UNKNOWN:
        return None
    if isinstance(value, dict):
        return {k: known(value[k]) for k in sorted(value) if value[k] is not UNKNOWN}
    if isinstance(value, list):
        return [known(v) for v in value]
    if isinstance(value, _Secret):
        return str(value)
    return value


def unknown_mirror(value: Any) -> Any:
    """Terraform's unknownAsBool: True for unknown leaves, collections mirrored, false omitted
    in objects (kept in lists)."""
    if value is UNKNOWN:
        return True
    if isinstance(value, dict):
        out = {}
        for k in sorted(value):
            m = unknown_mirror(value[k])
            if m is not False:
                out[k] = m
        return out
    if isinstance(value, list):
        return [unknown_mirror(v) for v in value]
    return False


def sensitive_mirror(value: Any) -> Any:
    """Terraform's SensitiveAsBool over a value whose sensitive strings are `_Secret`."""
    if isinstance(value, _Secret):
        return True
    if isinstance(value, dict):
        out = {}
        for k in sorted(value):
            m = sensitive_mirror(value[k])
            if m is not False:
                out[k] = m
        return out
    if isinstance(value, list):
        return [sensitive_mirror(v) for v in value]
    return False


# --------------------------------------------------------------------------------------------
# Per-resource context and value helpers
# --------------------------------------------------------------------------------------------

REGIONS = {
    "eu": "eu-west-1",
    "us": "us-east-1",
    "ap": "ap-southeast-2",
}
TEAMS = ["payments", "identity", "search", "platform", "growth", "data", "billing", "mobile"]
INSTANCE_TYPES = ["t3.micro", "t3.medium", "m6i.large", "m6i.xlarge", "c6i.2xlarge", "r6g.large"]
DB_CLASSES = ["db.t4g.medium", "db.r6g.large", "db.r6g.xlarge", "db.m6i.large"]


@dataclass
class Ctx:
    rng: random.Random
    address: str
    slug: str  # a name for identifiers, unique per resource
    region: str
    account: str
    env: str
    team: str

    def hexid(self, n: int) -> str:
        return f"{self.rng.getrandbits(4 * n):0{n}x}"

    def az(self) -> str:
        return self.region + "abc"[self.rng.randrange(3)]

    def arn(self, service: str, resource: str, region: bool = True) -> str:
        return f"arn:aws:{service}:{self.region if region else ''}:{self.account}:{resource}"

    def tags(self) -> dict[str, str]:
        return {"Name": self.slug, "Environment": self.env, "Team": self.team}

    def tags_all(self, tags: dict[str, str]) -> dict[str, str]:
        return {**tags, "ManagedBy": "terraform"}

    def ip(self) -> str:
        r = self.rng
        return f"10.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(1, 255)}"


def _tagged(c: Ctx, values: dict[str, Any]) -> dict[str, Any]:
    tags = c.tags()
    values["tags"] = tags
    values["tags_all"] = c.tags_all(tags)
    return values


def _policy(c: Ctx, service: str) -> str:
    doc = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": f"{service}.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": c.account}},
            }
        ],
    }
    return orjson.dumps(doc).decode()


# Each generator returns the full attribute object of one resource as it is in state (or as
# planned, for a create: computed attributes are UNKNOWN then and filled in otherwise).
# COMPUTED lists the attributes that are unknown on create; UPDATES the in-place mutations a
# plan may show; REPLACES the attributes that force a replacement (replace_paths).


def gen_aws_instance(c: Ctx) -> dict[str, Any]:
    r = c.rng
    az = c.az()
    vol = f"vol-{c.hexid(17)}"
    return _tagged(
        c,
        {
            "ami": f"ami-{c.hexid(17)}",
            "arn": c.arn("ec2", f"instance/i-{c.hexid(17)}"),
            "associate_public_ip_address": False,
            "availability_zone": az,
            "capacity_reservation_specification": [
                {"capacity_reservation_preference": "open", "capacity_reservation_target": []}
            ],
            "cpu_core_count": 2,
            "cpu_options": [{"amd_sev_snp": "", "core_count": 2, "threads_per_core": 2}],
            "cpu_threads_per_core": 2,
            "credit_specification": [],
            "disable_api_stop": False,
            "disable_api_termination": r.random() < 0.3,
            "ebs_block_device": [],
            "ebs_optimized": True,
            "enclave_options": [{"enabled": False}],
            "ephemeral_block_device": [],
            "get_password_data": False,
            "hibernation": False,
            "host_id": "",
            "iam_instance_profile": f"{c.slug}-profile",
            "id": f"i-{c.hexid(17)}",
            "instance_initiated_shutdown_behavior": "stop",
            "instance_lifecycle": "",
            "instance_market_options": [],
            "instance_state": "running",
            "instance_type": r.choice(INSTANCE_TYPES),
            "ipv6_address_count": 0,
            "ipv6_addresses": [],
            "key_name": "",
            "launch_template": [],
            "maintenance_options": [{"auto_recovery": "default"}],
            "metadata_options": [
                {
                    "http_endpoint": "enabled",
                    "http_protocol_ipv6": "disabled",
                    "http_put_response_hop_limit": 2,
                    "http_tokens": "required",
                    "instance_metadata_tags": "disabled",
                }
            ],
            "monitoring": True,
            "network_interface": [],
            "outpost_arn": "",
            "password_data": "",
            "placement_group": "",
            "placement_partition_number": 0,
            "primary_network_interface_id": f"eni-{c.hexid(17)}",
            "private_dns": f"ip-{c.ip().replace('.', '-')}.{c.region}.compute.internal",
            "private_ip": c.ip(),
            "public_dns": "",
            "public_ip": "",
            "root_block_device": [
                {
                    "delete_on_termination": True,
                    "device_name": "/dev/xvda",
                    "encrypted": True,
                    "iops": 3000,
                    "kms_key_id": c.arn("kms", f"key/{c.hexid(8)}-{c.hexid(4)}-{c.hexid(12)}"),
                    "tags": {},
                    "tags_all": {},
                    "throughput": 125,
                    "volume_id": vol,
                    "volume_size": r.choice([20, 50, 100]),
                    "volume_type": "gp3",
                }
            ],
            "secondary_private_ips": [],
            "security_groups": [],
            "source_dest_check": True,
            "spot_instance_request_id": "",
            "subnet_id": f"subnet-{c.hexid(17)}",
            "tenancy": "default",
            "timeouts": None,
            "user_data": c.hexid(40),
            "user_data_base64": None,
            "user_data_replace_on_change": False,
            "volume_tags": None,
            "vpc_security_group_ids": [f"sg-{c.hexid(17)}" for _ in range(r.randrange(1, 4))],
        },
    )


def _rule(c: Ctx, port: int, egress: bool = False) -> dict[str, Any]:
    return {
        "cidr_blocks": ["0.0.0.0/0"] if egress else [f"10.{c.rng.randrange(256)}.0.0/16"],
        "description": "" if egress else f"port {port} from the VPC",
        "from_port": 0 if egress else port,
        "ipv6_cidr_blocks": [],
        "prefix_list_ids": [],
        "protocol": "-1" if egress else "tcp",
        "security_groups": [],
        "self": False,
        "to_port": 0 if egress else port,
    }


def gen_aws_security_group(c: Ctx) -> dict[str, Any]:
    r = c.rng
    sg = f"sg-{c.hexid(17)}"
    return _tagged(
        c,
        {
            "arn": c.arn("ec2", f"security-group/{sg}"),
            "description": f"Security group for {c.slug}",
            "egress": [_rule(c, 0, egress=True)],
            "id": sg,
            "ingress": [_rule(c, p) for p in r.sample([22, 80, 443, 5432, 6379, 8080], 2)],
            "name": c.slug,
            "name_prefix": "",
            "owner_id": c.account,
            "revoke_rules_on_delete": False,
            "timeouts": None,
            "vpc_id": f"vpc-{c.hexid(17)}",
        },
    )


def gen_aws_iam_role(c: Ctx) -> dict[str, Any]:
    r = c.rng
    return _tagged(
        c,
        {
            "arn": f"arn:aws:iam::{c.account}:role/{c.slug}",
            "assume_role_policy": _policy(c, r.choice(["ec2", "lambda", "ecs-tasks", "backup"])),
            "create_date": "2025-03-14T10:12:44Z",
            "description": f"Role for {c.slug}",
            "force_detach_policies": False,
            "id": c.slug,
            "inline_policy": [],
            "managed_policy_arns": [
                "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                f"arn:aws:iam::{c.account}:policy/{c.slug}-access",
            ],
            "max_session_duration": 3600,
            "name": c.slug,
            "name_prefix": "",
            "path": "/",
            "permissions_boundary": None,
            "unique_id": "AROA" + c.hexid(17).upper(),
        },
    )


def gen_aws_lambda_function(c: Ctx) -> dict[str, Any]:
    r = c.rng
    variables: dict[str, Any] = {"LOG_LEVEL": "info", "STAGE": c.env, "TABLE": c.slug}
    if r.random() < 0.4:
        variables["DB_PASSWORD"] = _Secret(c.hexid(24))
    return _tagged(
        c,
        {
            "architectures": ["arm64"],
            "arn": c.arn("lambda", f"function:{c.slug}"),
            "code_signing_config_arn": "",
            "dead_letter_config": [],
            "description": "",
            "environment": [{"variables": variables}],
            "ephemeral_storage": [{"size": 512}],
            "file_system_config": [],
            "filename": None,
            "function_name": c.slug,
            "handler": "app.handler",
            "id": c.slug,
            "image_config": [],
            "image_uri": "",
            "invoke_arn": f"arn:aws:apigateway:{c.region}:lambda:path/2015-03-31/functions/"
            + c.arn("lambda", f"function:{c.slug}")
            + "/invocations",
            "kms_key_arn": "",
            "last_modified": "2026-10-02T08:41:17.000+0000",
            "layers": [],
            "logging_config": [
                {
                    "application_log_level": "",
                    "log_format": "Text",
                    "log_group": f"/aws/lambda/{c.slug}",
                    "system_log_level": "",
                }
            ],
            "memory_size": r.choice([128, 256, 512, 1024]),
            "package_type": "Zip",
            "publish": False,
            "qualified_arn": c.arn("lambda", f"function:{c.slug}:$LATEST"),
            "qualified_invoke_arn": "",
            "replace_security_groups_on_destroy": None,
            "replacement_security_group_ids": None,
            "reserved_concurrent_executions": -1,
            "role": f"arn:aws:iam::{c.account}:role/{c.slug}",
            "runtime": r.choice(["python3.12", "nodejs20.x"]),
            "s3_bucket": "acme-lambda-artifacts",
            "s3_key": f"{c.slug}/{c.hexid(12)}.zip",
            "s3_object_version": None,
            "signing_job_arn": "",
            "signing_profile_version_arn": "",
            "skip_destroy": False,
            "snap_start": [],
            "source_code_hash": c.hexid(43),
            "source_code_size": r.randrange(10_000, 5_000_000),
            "timeout": r.choice([3, 10, 30, 60]),
            "timeouts": None,
            "tracing_config": [{"mode": "PassThrough"}],
            "version": "$LATEST",
            "vpc_config": [],
        },
    )


def gen_aws_cloudwatch_metric_alarm(c: Ctx) -> dict[str, Any]:
    r = c.rng
    return _tagged(
        c,
        {
            "actions_enabled": True,
            "alarm_actions": [c.arn("sns", "alerts-" + c.team)],
            "alarm_description": f"{c.slug} breached its threshold",
            "alarm_name": c.slug,
            "arn": c.arn("cloudwatch", f"alarm:{c.slug}"),
            "comparison_operator": "GreaterThanThreshold",
            "datapoints_to_alarm": 0,
            "dimensions": {"FunctionName": c.slug.rsplit("-", 1)[0]},
            "evaluate_low_sample_count_percentiles": "",
            "evaluation_periods": r.choice([1, 2, 3, 5]),
            "extended_statistic": "",
            "id": c.slug,
            "insufficient_data_actions": [],
            "metric_name": r.choice(["Errors", "Duration", "Throttles", "CPUUtilization"]),
            "metric_query": [],
            "namespace": "AWS/Lambda",
            "ok_actions": [],
            "period": 300,
            "statistic": "Sum",
            "threshold": float(r.randrange(1, 100)),
            "threshold_metric_id": "",
            "treat_missing_data": "missing",
            "unit": "",
        },
    )


def gen_aws_lb_target_group(c: Ctx) -> dict[str, Any]:
    r = c.rng
    name = c.slug[:32]
    return _tagged(
        c,
        {
            "arn": c.arn("elasticloadbalancing", f"targetgroup/{name}/{c.hexid(16)}"),
            "arn_suffix": f"targetgroup/{name}/{c.hexid(16)}",
            "connection_termination": None,
            "deregistration_delay": "300",
            "health_check": [
                {
                    "enabled": True,
                    "healthy_threshold": 3,
                    "interval": 30,
                    "matcher": "200-399",
                    "path": "/healthz",
                    "port": "traffic-port",
                    "protocol": "HTTP",
                    "timeout": 5,
                    "unhealthy_threshold": 3,
                }
            ],
            "id": c.arn("elasticloadbalancing", f"targetgroup/{name}/{c.hexid(16)}"),
            "ip_address_type": "ipv4",
            "lambda_multi_value_headers_enabled": False,
            "load_balancer_arns": [],
            "load_balancing_algorithm_type": "round_robin",
            "load_balancing_anomaly_mitigation": "off",
            "load_balancing_cross_zone_enabled": "use_load_balancer_configuration",
            "name": name,
            "name_prefix": "",
            "port": r.choice([80, 8080, 3000]),
            "preserve_client_ip": None,
            "protocol": "HTTP",
            "protocol_version": "HTTP1",
            "proxy_protocol_v2": False,
            "slow_start": 0,
            "stickiness": [
                {"cookie_duration": 86400, "cookie_name": "", "enabled": False, "type": "lb_cookie"}
            ],
            "target_failover": [{"on_deregistration": None, "on_unhealthy": None}],
            "target_health_state": [],
            "target_type": "instance",
            "vpc_id": f"vpc-{c.hexid(17)}",
        },
    )


def gen_aws_sqs_queue(c: Ctx) -> dict[str, Any]:
    r = c.rng
    url = f"https://sqs.{c.region}.amazonaws.com/{c.account}/{c.slug}"
    return _tagged(
        c,
        {
            "arn": c.arn("sqs", c.slug),
            "content_based_deduplication": False,
            "deduplication_scope": "",
            "delay_seconds": 0,
            "fifo_queue": False,
            "fifo_throughput_limit": "",
            "id": url,
            "kms_data_key_reuse_period_seconds": 300,
            "kms_master_key_id": "",
            "max_message_size": 262144,
            "message_retention_seconds": r.choice([345600, 1209600]),
            "name": c.slug,
            "name_prefix": "",
            "policy": "",
            "receive_wait_time_seconds": 0,
            "redrive_allow_policy": "",
            "redrive_policy": "",
            "sqs_managed_sse_enabled": True,
            "timeouts": None,
            "url": url,
            "visibility_timeout_seconds": 30,
        },
    )


def gen_aws_db_instance(c: Ctx) -> dict[str, Any]:
    r = c.rng
    ident = c.slug[:63]
    engine = r.choice(["postgres", "mysql"])
    port = 5432 if engine == "postgres" else 3306
    endpoint = f"{ident}.{c.hexid(12)}.{c.region}.rds.amazonaws.com"
    return _tagged(
        c,
        {
            "address": endpoint,
            "allocated_storage": r.choice([20, 100, 500]),
            "allow_major_version_upgrade": None,
            "apply_immediately": False,
            "arn": c.arn("rds", f"db:{ident}"),
            "auto_minor_version_upgrade": True,
            "availability_zone": c.az(),
            "backup_retention_period": r.choice([7, 14, 35]),
            "backup_target": "region",
            "backup_window": "03:00-04:00",
            "blue_green_update": [],
            "ca_cert_identifier": "rds-ca-rsa2048-g1",
            "character_set_name": "",
            "copy_tags_to_snapshot": True,
            "custom_iam_instance_profile": "",
            "customer_owned_ip_enabled": False,
            "db_name": "app",
            "db_subnet_group_name": f"{c.env}-db",
            "dedicated_log_volume": False,
            "delete_automated_backups": True,
            "deletion_protection": r.random() < 0.7,
            "domain": "",
            "enabled_cloudwatch_logs_exports": ["postgresql"] if engine == "postgres" else [],
            "endpoint": f"{endpoint}:{port}",
            "engine": engine,
            "engine_lifecycle_support": "open-source-rds-extended-support",
            "engine_version": "16.4" if engine == "postgres" else "8.0.39",
            "engine_version_actual": "16.4" if engine == "postgres" else "8.0.39",
            "final_snapshot_identifier": f"{ident}-final",
            "hosted_zone_id": "Z29XKXDKYMONMX",
            "iam_database_authentication_enabled": False,
            "id": f"db-{c.hexid(26).upper()}",
            "identifier": ident,
            "identifier_prefix": "",
            "instance_class": r.choice(DB_CLASSES),
            "iops": 0,
            "kms_key_id": c.arn("kms", f"key/{c.hexid(8)}-{c.hexid(4)}-{c.hexid(12)}"),
            "latest_restorable_time": "2026-11-27T08:55:00Z",
            "license_model": "postgresql-license"
            if engine == "postgres"
            else "general-public-license",
            "listener_endpoint": [],
            "maintenance_window": "sun:05:00-sun:06:00",
            "manage_master_user_password": None,
            "master_user_secret": [],
            "max_allocated_storage": 1000,
            "monitoring_interval": 60,
            "monitoring_role_arn": f"arn:aws:iam::{c.account}:role/rds-monitoring",
            "multi_az": r.random() < 0.5,
            "network_type": "IPV4",
            "option_group_name": "default:postgres-16",
            "parameter_group_name": f"{c.env}-postgres16",
            "password": _Secret(c.hexid(32)),
            "performance_insights_enabled": True,
            "performance_insights_kms_key_id": "",
            "performance_insights_retention_period": 7,
            "port": port,
            "publicly_accessible": False,
            "replica_mode": "",
            "replicas": [],
            "replicate_source_db": "",
            "resource_id": f"db-{c.hexid(26).upper()}",
            "restore_to_point_in_time": [],
            "s3_import": [],
            "skip_final_snapshot": r.random() < 0.1,
            "snapshot_identifier": None,
            "status": "available",
            "storage_encrypted": True,
            "storage_throughput": 0,
            "storage_type": "gp3",
            "timeouts": None,
            "timezone": "",
            "username": "app_admin",
            "vpc_security_group_ids": [f"sg-{c.hexid(17)}"],
        },
    )


def gen_aws_rds_cluster(c: Ctx) -> dict[str, Any]:
    r = c.rng
    ident = c.slug[:63]
    host = f"{ident}.cluster-{c.hexid(12)}.{c.region}.rds.amazonaws.com"
    return _tagged(
        c,
        {
            "allocated_storage": 1,
            "allow_major_version_upgrade": None,
            "apply_immediately": None,
            "arn": c.arn("rds", f"cluster:{ident}"),
            "availability_zones": sorted({c.az() for _ in range(3)}),
            "backtrack_window": 0,
            "backup_retention_period": r.choice([7, 14, 35]),
            "cluster_identifier": ident,
            "cluster_identifier_prefix": "",
            "cluster_members": [f"{ident}-{i}" for i in range(r.randrange(1, 4))],
            "cluster_resource_id": f"cluster-{c.hexid(26).upper()}",
            "copy_tags_to_snapshot": True,
            "database_name": "analytics",
            "db_cluster_parameter_group_name": "default.aurora-postgresql16",
            "db_subnet_group_name": f"{c.env}-db",
            "delete_automated_backups": True,
            "deletion_protection": r.random() < 0.7,
            "enable_http_endpoint": False,
            "enabled_cloudwatch_logs_exports": ["postgresql"],
            "endpoint": host,
            "engine": "aurora-postgresql",
            "engine_mode": "provisioned",
            "engine_version": "16.4",
            "engine_version_actual": "16.4",
            "final_snapshot_identifier": f"{ident}-final",
            "hosted_zone_id": "Z29XKXDKYMONMX",
            "iam_database_authentication_enabled": False,
            "iam_roles": [],
            "id": ident,
            "kms_key_id": c.arn("kms", f"key/{c.hexid(8)}-{c.hexid(4)}-{c.hexid(12)}"),
            "manage_master_user_password": None,
            "master_password": _Secret(c.hexid(32)),
            "master_user_secret": [],
            "master_username": "analytics_admin",
            "network_type": "IPV4",
            "port": 5432,
            "preferred_backup_window": "02:00-03:00",
            "preferred_maintenance_window": "sun:04:00-sun:05:00",
            "reader_endpoint": host.replace(".cluster-", ".cluster-ro-"),
            "restore_to_point_in_time": [],
            "s3_import": [],
            "scaling_configuration": [],
            "serverlessv2_scaling_configuration": [
                {"max_capacity": 16.0, "min_capacity": 0.5, "seconds_until_auto_pause": None}
            ],
            "skip_final_snapshot": r.random() < 0.1,
            "snapshot_identifier": None,
            "source_region": None,
            "storage_encrypted": True,
            "storage_type": "",
            "timeouts": None,
            "vpc_security_group_ids": [f"sg-{c.hexid(17)}"],
        },
    )


def gen_aws_dynamodb_table(c: Ctx) -> dict[str, Any]:
    r = c.rng
    name = c.slug
    return _tagged(
        c,
        {
            "arn": c.arn("dynamodb", f"table/{name}"),
            "attribute": [{"name": "pk", "type": "S"}, {"name": "sk", "type": "S"}],
            "billing_mode": "PAY_PER_REQUEST",
            "deletion_protection_enabled": r.random() < 0.6,
            "global_secondary_index": [
                {
                    "hash_key": "sk",
                    "name": "by-sk",
                    "non_key_attributes": [],
                    "on_demand_throughput": [],
                    "projection_type": "ALL",
                    "range_key": "pk",
                    "read_capacity": 0,
                    "write_capacity": 0,
                }
            ],
            "hash_key": "pk",
            "id": name,
            "import_table": [],
            "local_secondary_index": [],
            "name": name,
            "on_demand_throughput": [],
            "point_in_time_recovery": [{"enabled": r.random() < 0.8}],
            "range_key": "sk",
            "read_capacity": 0,
            "replica": [],
            "restore_date_time": None,
            "restore_source_name": None,
            "restore_source_table_arn": None,
            "restore_to_latest_time": None,
            "server_side_encryption": [],
            "stream_arn": "",
            "stream_enabled": False,
            "stream_label": "",
            "stream_view_type": "",
            "table_class": "STANDARD",
            "timeouts": None,
            "ttl": [{"attribute_name": "expires_at", "enabled": True}],
            "write_capacity": 0,
        },
    )


def gen_google_sql_database_instance(c: Ctx) -> dict[str, Any]:
    r = c.rng
    name = c.slug
    region = {"eu-west-1": "europe-west1", "us-east-1": "us-east1"}.get(c.region, "asia-east1")
    return {
        "available_maintenance_versions": [],
        "clone": [],
        "connection_name": f"acme-{c.env}:{region}:{name}",
        "database_version": r.choice(["POSTGRES_15", "POSTGRES_16", "MYSQL_8_0"]),
        "deletion_protection": r.random() < 0.7,
        "dns_name": "",
        "encryption_key_name": None,
        "first_ip_address": c.ip(),
        "id": name,
        "instance_type": "CLOUD_SQL_INSTANCE",
        "ip_address": [{"ip_address": c.ip(), "time_to_retire": "", "type": "PRIVATE"}],
        "maintenance_version": "POSTGRES_16_4.R20240910.01_02",
        "master_instance_name": "",
        "name": name,
        "private_ip_address": c.ip(),
        "project": f"acme-{c.env}",
        "psc_service_attachment_link": "",
        "public_ip_address": "",
        "region": region,
        "replica_configuration": [],
        "restore_backup_context": [],
        "root_password": _Secret(c.hexid(24)),
        "self_link": f"https://sqladmin.googleapis.com/sql/v1beta4/projects/acme-{c.env}/instances/{name}",
        "server_ca_cert": [
            {
                "cert": "-----BEGIN CERTIFICATE-----\n"
                + c.hexid(64)
                + "\n-----END CERTIFICATE-----",
                "common_name": "C=US,O=Google\\, Inc,CN=Google Cloud SQL Server CA,"
                f"dnQualifier={c.hexid(8)}",
                "create_time": "2025-01-10T09:14:11.117Z",
                "expiration_time": "2035-01-08T09:15:11.117Z",
                "sha1_fingerprint": c.hexid(40),
            }
        ],
        "service_account_email_address": (
            f"p{r.randrange(10**11)}-abc@gcp-sa-cloud-sql.iam.gserviceaccount.com"
        ),
        "settings": [
            {
                "activation_policy": "ALWAYS",
                "active_directory_config": [],
                "advanced_machine_features": [],
                "availability_type": r.choice(["ZONAL", "REGIONAL"]),
                "backup_configuration": [
                    {
                        "backup_retention_settings": [
                            {"retained_backups": r.choice([7, 14, 30]), "retention_unit": "COUNT"}
                        ],
                        "binary_log_enabled": False,
                        "enabled": True,
                        "location": "",
                        "point_in_time_recovery_enabled": True,
                        "start_time": "03:00",
                        "transaction_log_retention_days": 7,
                    }
                ],
                "collation": "",
                "connector_enforcement": "NOT_REQUIRED",
                "data_cache_config": [],
                "database_flags": [{"name": "max_connections", "value": "200"}],
                "deletion_protection_enabled": False,
                "deny_maintenance_period": [],
                "disk_autoresize": True,
                "disk_autoresize_limit": 0,
                "disk_size": r.choice([10, 50, 100]),
                "disk_type": "PD_SSD",
                "edition": "ENTERPRISE",
                "insights_config": [],
                "ip_configuration": [
                    {
                        "allocated_ip_range": "",
                        "authorized_networks": [],
                        "enable_private_path_for_google_cloud_services": False,
                        "ipv4_enabled": False,
                        "private_network": f"projects/acme-{c.env}/global/networks/main",
                        "psc_config": [],
                        "server_ca_mode": "",
                        "ssl_mode": "ENCRYPTED_ONLY",
                    }
                ],
                "location_preference": [
                    {"follow_gae_application": "", "secondary_zone": "", "zone": region + "-b"}
                ],
                "maintenance_window": [{"day": 7, "hour": 3, "update_track": "stable"}],
                "password_validation_policy": [],
                "pricing_plan": "PER_USE",
                "sql_server_audit_config": [],
                "tier": r.choice(["db-custom-2-7680", "db-custom-4-15360"]),
                "time_zone": "",
                "user_labels": {"team": c.team, "env": c.env},
                "version": r.randrange(1, 40),
            }
        ],
        "timeouts": None,
    }


def gen_aws_db_snapshot(c: Ctx) -> dict[str, Any]:
    r = c.rng
    ident = c.slug[:63]
    return _tagged(
        c,
        {
            "allocated_storage": r.choice([20, 100, 500]),
            "availability_zone": c.az(),
            "db_instance_identifier": ident.rsplit("-", 1)[0],
            "db_snapshot_arn": c.arn("rds", f"snapshot:{ident}"),
            "db_snapshot_identifier": ident,
            "encrypted": True,
            "engine": "postgres",
            "engine_version": "16.4",
            "id": ident,
            "iops": 0,
            "kms_key_id": c.arn("kms", f"key/{c.hexid(8)}-{c.hexid(4)}-{c.hexid(12)}"),
            "license_model": "postgresql-license",
            "option_group_name": "default:postgres-16",
            "port": 5432,
            "shared_accounts": [],
            "snapshot_type": "manual",
            "source_db_snapshot_identifier": "",
            "source_region": "",
            "status": "available",
            "storage_type": "gp3",
            "timeouts": None,
            "vpc_id": f"vpc-{c.hexid(17)}",
        },
    )


def gen_aws_backup_vault(c: Ctx) -> dict[str, Any]:
    return _tagged(
        c,
        {
            "arn": c.arn("backup", f"backup-vault:{c.slug}"),
            "force_destroy": c.rng.random() < 0.05,
            "id": c.slug,
            "kms_key_arn": c.arn("kms", f"key/{c.hexid(8)}-{c.hexid(4)}-{c.hexid(12)}"),
            "name": c.slug,
            "recovery_points": c.rng.randrange(0, 400),
            "timeouts": None,
        },
    )


def gen_aws_backup_selection(c: Ctx) -> dict[str, Any]:
    return {
        "condition": [
            {
                "string_equals": [{"key": "aws:ResourceTag/Backup", "value": "daily"}],
                "string_like": [],
                "string_not_equals": [],
                "string_not_like": [],
            }
        ],
        "iam_role_arn": f"arn:aws:iam::{c.account}:role/backup-{c.env}",
        "id": f"{c.hexid(8)}-{c.hexid(4)}-{c.hexid(4)}-{c.hexid(4)}-{c.hexid(12)}",
        "name": c.slug[:50],
        "not_resources": [],
        "plan_id": f"{c.hexid(8)}-{c.hexid(4)}-{c.hexid(4)}-{c.hexid(4)}-{c.hexid(12)}",
        "resources": [c.arn("rds", f"db:{c.slug}-{i}") for i in range(c.rng.randrange(1, 4))],
        "selection_tag": [{"key": "Backup", "type": "STRINGEQUALS", "value": "daily"}],
    }


def gen_aws_s3_bucket(c: Ctx) -> dict[str, Any]:
    r = c.rng
    bucket = f"acme-{c.slug}"[:63]
    return _tagged(
        c,
        {
            "acceleration_status": "",
            "acl": None,
            "arn": f"arn:aws:s3:::{bucket}",
            "bucket": bucket,
            "bucket_domain_name": f"{bucket}.s3.amazonaws.com",
            "bucket_prefix": "",
            "bucket_regional_domain_name": f"{bucket}.s3.{c.region}.amazonaws.com",
            "cors_rule": [],
            "force_destroy": r.random() < 0.05,
            "grant": [
                {
                    "id": c.hexid(64),
                    "permissions": ["FULL_CONTROL"],
                    "type": "CanonicalUser",
                    "uri": "",
                }
            ],
            "hosted_zone_id": "Z1BKCTXD74EZPE",
            "id": bucket,
            "lifecycle_rule": [],
            "logging": [],
            "object_lock_configuration": [],
            "object_lock_enabled": False,
            "policy": "",
            "region": c.region,
            "replication_configuration": [],
            "request_payer": "BucketOwner",
            "server_side_encryption_configuration": [
                {
                    "rule": [
                        {
                            "apply_server_side_encryption_by_default": [
                                {"kms_master_key_id": "", "sse_algorithm": "AES256"}
                            ],
                            "bucket_key_enabled": False,
                        }
                    ]
                }
            ],
            "timeouts": None,
            "versioning": [{"enabled": r.random() < 0.8, "mfa_delete": False}],
            "website": [],
            "website_domain": None,
            "website_endpoint": None,
        },
    )


def gen_data_aws_iam_policy_document(c: Ctx) -> dict[str, Any]:
    return {
        "id": str(c.rng.randrange(10**9, 10**10)),
        "json": UNKNOWN,
        "minified_json": UNKNOWN,
        "override_policy_documents": None,
        "policy_id": None,
        "source_policy_documents": None,
        "statement": [
            {
                "actions": ["s3:GetObject", "s3:PutObject"],
                "condition": [],
                "effect": "Allow",
                "not_actions": [],
                "not_principals": [],
                "not_resources": [],
                "principals": [],
                "resources": UNKNOWN,
                "sid": "",
            }
        ],
        "version": "2012-10-17",
    }


@dataclass(frozen=True)
class Kind:
    gen: Any
    provider: str
    schema_version: int
    computed: tuple[str, ...]
    updates: tuple[str, ...]  # mutation names, see `mutate`
    replaces: tuple[str, ...]  # attributes that force a replacement
    cbd: bool = False  # create_before_destroy is usual for this type


KINDS: dict[str, Kind] = {
    "aws_instance": Kind(
        gen_aws_instance,
        AWS,
        1,
        (
            "arn",
            "id",
            "instance_state",
            "primary_network_interface_id",
            "private_dns",
            "private_ip",
            "public_dns",
            "public_ip",
            "outpost_arn",
            "password_data",
            "ipv6_addresses",
            "capacity_reservation_specification",
            "cpu_core_count",
            "host_id",
            "instance_lifecycle",
            "spot_instance_request_id",
        ),
        ("tags", "tags", "instance_type", "monitoring"),
        ("ami", "availability_zone", "user_data", "subnet_id"),
    ),
    "aws_security_group": Kind(
        gen_aws_security_group,
        AWS,
        1,
        ("arn", "id", "owner_id"),
        ("tags", "ingress"),
        ("name", "description", "vpc_id"),
        cbd=True,
    ),
    "aws_iam_role": Kind(
        gen_aws_iam_role,
        AWS,
        0,
        ("arn", "create_date", "id", "unique_id"),
        ("tags", "max_session_duration", "assume_role_policy"),
        ("name", "path"),
    ),
    "aws_lambda_function": Kind(
        gen_aws_lambda_function,
        AWS,
        0,
        (
            "arn",
            "id",
            "invoke_arn",
            "last_modified",
            "qualified_arn",
            "qualified_invoke_arn",
            "signing_job_arn",
            "signing_profile_version_arn",
            "source_code_size",
            "version",
        ),
        ("tags", "memory_size", "timeout", "source_code_hash", "environment"),
        ("function_name", "package_type"),
    ),
    "aws_cloudwatch_metric_alarm": Kind(
        gen_aws_cloudwatch_metric_alarm,
        AWS,
        1,
        ("arn", "id"),
        ("tags", "threshold", "evaluation_periods"),
        ("alarm_name",),
    ),
    "aws_lb_target_group": Kind(
        gen_aws_lb_target_group,
        AWS,
        0,
        ("arn", "arn_suffix", "id", "load_balancer_arns"),
        ("tags", "health_check", "deregistration_delay"),
        ("name", "port", "protocol", "vpc_id"),
        cbd=True,
    ),
    "aws_sqs_queue": Kind(
        gen_aws_sqs_queue,
        AWS,
        0,
        ("arn", "id", "url"),
        ("tags", "visibility_timeout_seconds", "message_retention_seconds"),
        ("name", "fifo_queue"),
    ),
    "aws_db_instance": Kind(
        gen_aws_db_instance,
        AWS,
        2,
        (
            "address",
            "arn",
            "endpoint",
            "hosted_zone_id",
            "id",
            "latest_restorable_time",
            "listener_endpoint",
            "resource_id",
            "status",
            "engine_version_actual",
            "replicas",
            "master_user_secret",
        ),
        (
            "tags",
            "tags",
            "instance_class",
            "allocated_storage",
            "engine_version",
            "backup_retention_period",
            "deletion_protection",
            "skip_final_snapshot",
            "password",
        ),
        (
            "identifier",
            "availability_zone",
            "kms_key_id",
            "storage_encrypted",
            "engine",
            "db_name",
            "username",
        ),
    ),
    "aws_rds_cluster": Kind(
        gen_aws_rds_cluster,
        AWS,
        0,
        (
            "arn",
            "cluster_members",
            "cluster_resource_id",
            "endpoint",
            "hosted_zone_id",
            "id",
            "reader_endpoint",
            "engine_version_actual",
            "master_user_secret",
        ),
        (
            "tags",
            "backup_retention_period",
            "deletion_protection",
            "engine_version",
            "preferred_backup_window",
            "master_password",
        ),
        ("cluster_identifier", "engine", "availability_zones", "kms_key_id", "database_name"),
    ),
    "aws_dynamodb_table": Kind(
        gen_aws_dynamodb_table,
        AWS,
        1,
        ("arn", "id", "stream_arn", "stream_label"),
        ("tags", "tags", "deletion_protection_enabled", "point_in_time_recovery", "ttl"),
        ("name", "hash_key", "range_key"),
    ),
    "google_sql_database_instance": Kind(
        gen_google_sql_database_instance,
        GOOGLE,
        0,
        (
            "available_maintenance_versions",
            "connection_name",
            "dns_name",
            "first_ip_address",
            "id",
            "ip_address",
            "maintenance_version",
            "private_ip_address",
            "public_ip_address",
            "psc_service_attachment_link",
            "self_link",
            "server_ca_cert",
            "service_account_email_address",
        ),
        ("settings_tier", "settings_disk", "deletion_protection", "settings_labels"),
        ("name", "region", "project"),
    ),
    "aws_db_snapshot": Kind(
        gen_aws_db_snapshot,
        AWS,
        0,
        (
            "allocated_storage",
            "availability_zone",
            "db_snapshot_arn",
            "encrypted",
            "engine",
            "engine_version",
            "id",
            "iops",
            "kms_key_id",
            "license_model",
            "option_group_name",
            "port",
            "snapshot_type",
            "source_db_snapshot_identifier",
            "source_region",
            "status",
            "storage_type",
            "vpc_id",
        ),
        ("tags", "shared_accounts"),
        ("db_instance_identifier", "db_snapshot_identifier"),
    ),
    "aws_backup_vault": Kind(
        gen_aws_backup_vault,
        AWS,
        0,
        ("arn", "id", "recovery_points"),
        ("tags", "force_destroy"),
        ("name", "kms_key_arn"),
    ),
    "aws_backup_selection": Kind(
        gen_aws_backup_selection,
        AWS,
        0,
        ("id",),
        (),
        ("resources", "iam_role_arn", "selection_tag", "condition", "name"),
    ),
    "aws_s3_bucket": Kind(
        gen_aws_s3_bucket,
        AWS,
        0,
        (
            "arn",
            "bucket_domain_name",
            "bucket_regional_domain_name",
            "hosted_zone_id",
            "id",
            "region",
            "website_domain",
            "website_endpoint",
            "acceleration_status",
            "request_payer",
            "grant",
            "policy",
        ),
        ("tags", "tags", "force_destroy", "versioning"),
        ("bucket", "object_lock_enabled"),
    ),
    "aws_iam_policy_document": Kind(gen_data_aws_iam_policy_document, AWS, 0, (), (), ()),
}


def mutate(c: Ctx, resource_type: str, values: dict[str, Any], what: str) -> None:
    """Apply one in-place change (config drifted from state) to `values` (the planned after)."""
    r = c.rng
    if what == "tags" and "tags" in values:
        tags = dict(values["tags"])
        choice = r.randrange(3)
        if choice == 0:
            tags["CostCenter"] = f"cc-{r.randrange(1000, 9999)}"
        elif choice == 1:
            tags["Owner"] = r.choice(TEAMS)
        else:
            tags.pop("Team", None)
        values["tags"] = tags
        values["tags_all"] = c.tags_all(tags)
    elif what == "instance_type":
        values["instance_type"] = r.choice(INSTANCE_TYPES)
    elif what == "instance_class":
        values["instance_class"] = r.choice(DB_CLASSES)
    elif what == "monitoring":
        values["monitoring"] = not values["monitoring"]
    elif what == "ingress":
        values["ingress"] = [*values["ingress"], _rule(c, r.choice([9090, 9100, 3000]))]
    elif what == "max_session_duration":
        values["max_session_duration"] = 7200
    elif what == "assume_role_policy":
        values["assume_role_policy"] = _policy(c, "states")
    elif what in (
        "memory_size",
        "timeout",
        "threshold",
        "evaluation_periods",
        "allocated_storage",
        "visibility_timeout_seconds",
        "message_retention_seconds",
    ):
        old = values[what]
        values[what] = type(old)(old * 2) if old else 1
    elif what == "source_code_hash":
        values["source_code_hash"] = c.hexid(43)
        values["last_modified"] = UNKNOWN
        values["qualified_arn"] = UNKNOWN
        values["version"] = UNKNOWN
    elif what == "environment":
        env = dict(values["environment"][0]["variables"])
        env["FEATURE_FLAGS"] = "new-checkout"
        values["environment"] = [{"variables": env}]
    elif what == "health_check":
        values["health_check"] = [{**values["health_check"][0], "path": "/ready"}]
    elif what == "deregistration_delay":
        values["deregistration_delay"] = "30"
    elif what == "engine_version":
        values["engine_version"] = {"16.4": "16.6", "8.0.39": "8.0.40"}.get(
            values["engine_version"], values["engine_version"]
        )
        values["engine_version_actual"] = UNKNOWN
    elif what == "backup_retention_period":
        values["backup_retention_period"] = r.choice([0, 1, 3, 35])
    elif what == "deletion_protection":
        values["deletion_protection"] = not values["deletion_protection"]
    elif what == "deletion_protection_enabled":
        values["deletion_protection_enabled"] = not values["deletion_protection_enabled"]
    elif what == "skip_final_snapshot":
        values["skip_final_snapshot"] = not values["skip_final_snapshot"]
    elif what in ("password", "master_password"):
        values[what] = _Secret(c.hexid(32))
    elif what == "preferred_backup_window":
        values["preferred_backup_window"] = "05:00-06:00"
    elif what == "point_in_time_recovery":
        values["point_in_time_recovery"] = [
            {"enabled": not values["point_in_time_recovery"][0]["enabled"]}
        ]
    elif what == "ttl":
        values["ttl"] = [{"attribute_name": "ttl", "enabled": True}]
    elif what == "force_destroy":
        values["force_destroy"] = not values["force_destroy"]
    elif what == "versioning":
        values["versioning"] = [
            {"enabled": not values["versioning"][0]["enabled"], "mfa_delete": False}
        ]
    elif what == "shared_accounts":
        values["shared_accounts"] = [str(r.randrange(10**11, 10**12))]
    elif what.startswith("settings_"):
        settings = dict(values["settings"][0])
        if what == "settings_tier":
            settings["tier"] = "db-custom-8-30720"
        elif what == "settings_disk":
            settings["disk_size"] = settings["disk_size"] * 2
        else:
            settings["user_labels"] = {**settings["user_labels"], "owner": r.choice(TEAMS)}
        settings["version"] = UNKNOWN
        values["settings"] = [settings]
    elif what in values:  # generic: change a string or a number
        old = values[what]
        values[what] = old + "-v2" if isinstance(old, str) else old


# --------------------------------------------------------------------------------------------
# The skeleton: modules, resource blocks, instances and their actions
# --------------------------------------------------------------------------------------------

# (type, name, repetition) — repetition: None, ("count", n) or ("for_each", [keys])
Block = tuple[str, str, Any]

ROOT_BLOCKS: list[Block] = [
    ("aws_security_group", "bastion", None),
    ("aws_iam_role", "ci_deploy", None),
    ("aws_s3_bucket", "terraform_logs", None),
    ("aws_backup_vault", "central", None),
    ("aws_instance", "bastion", ("count", 2)),
    ("aws_iam_role", "break_glass", None),
]
NETWORK_BLOCKS: list[Block] = [
    (
        "aws_security_group",
        "tier",
        ("for_each", ["alb", "app", "db", "cache", "vpn", "monitoring"]),
    ),
    ("aws_iam_role", "flow_logs", None),
]
APP_BLOCKS: list[Block] = [
    ("aws_instance", "web", ("count", 12)),
    ("aws_security_group", "web", None),
    ("aws_lb_target_group", "web", None),
    ("aws_lambda_function", "fn", ("for_each", ["resize", "notify", "export", "cleanup"])),
    (
        "aws_cloudwatch_metric_alarm",
        "fn_errors",
        ("for_each", ["resize", "notify", "export", "cleanup"]),
    ),
    ("aws_sqs_queue", "jobs", ("for_each", ["jobs", "jobs-dlq"])),
    ("aws_iam_role", "app", None),
]
DB_BLOCKS: list[Block] = [
    ("aws_db_instance", "main", None),
    ("aws_db_instance", "replica", ("count", 2)),
    ("aws_rds_cluster", "analytics", None),
    ("aws_db_snapshot", "pre_migration", None),
    ("aws_backup_selection", "db", None),
    ("aws_iam_role", "rds_monitoring", None),
    ("aws_security_group", "db", None),
]
STORAGE_BLOCKS: list[Block] = [
    ("aws_s3_bucket", "this", ("for_each", ["assets", "uploads", "logs", "exports"])),
    ("aws_dynamodb_table", "this", ("for_each", ["sessions", "orders", "events"])),
]
TENANT_BLOCKS: list[Block] = [
    ("aws_iam_role", "tenant", None),
    ("aws_iam_policy_document", "tenant_access", "data"),
    ("aws_lambda_function", "svc", ("for_each", ["api", "worker"])),
    ("aws_iam_role", "svc", ("for_each", ["api"])),
    ("aws_cloudwatch_metric_alarm", "svc", ("count", 10)),
    ("aws_dynamodb_table", "store", ("for_each", ["data", "audit"])),
    ("aws_s3_bucket", "data", None),
    ("aws_sqs_queue", "jobs", ("for_each", ["jobs", "dlq", "events"])),
    ("aws_instance", "worker", ("count", 1)),
    ("aws_security_group", "tenant", ("for_each", ["api", "worker"])),
    ("google_sql_database_instance", "db", None),
    ("aws_db_instance", "primary", None),
    ("aws_db_snapshot", "nightly", ("count", 1)),
]
TENANT_BACKUP_BLOCKS: list[Block] = [
    ("aws_backup_vault", "tenant", None),
    ("aws_backup_selection", "daily", ("for_each", ["rds", "dynamodb", "s3", "ebs"])),
    ("aws_iam_role", "backup", None),
]

# call name -> (source, blocks, child calls, repetition of the call)
MODULES: dict[str, tuple[str, list[Block], list[str], Any]] = {
    "network": ("./modules/network", NETWORK_BLOCKS, [], None),
    "app": ("./modules/app", APP_BLOCKS, ["db", "storage"], ("for_each", list(REGIONS))),
    "db": ("./modules/db", DB_BLOCKS, [], None),
    "storage": ("./modules/storage", STORAGE_BLOCKS, [], None),
    "tenant": ("./modules/tenant", TENANT_BLOCKS, ["backup"], ("for_each", "local.tenants")),
    "backup": ("../backup", TENANT_BACKUP_BLOCKS, [], None),
}

# the plan-wide mix of actions (per resource; tenants onboarded/offboarded come on top)
MIX = [
    ("no-op", 0.855),
    ("update", 0.085),
    ("create", 0.025),
    ("delete", 0.015),
    ("replace", 0.015),
    ("read", 0.005),
]


@dataclass
class Res:
    """One resource instance of the skeleton (what is known before values are generated)."""

    ordinal: int
    type: str
    name: str
    mode: str
    index: Any  # None, int or str
    action: str
    reason: str | None = None

    @property
    def local_address(self) -> str:
        prefix = "data." if self.mode == "data" else ""
        key = "" if self.index is None else f"[{orjson.dumps(self.index).decode()}]"
        return f"{prefix}{self.type}.{self.name}{key}"


@dataclass
class Node:
    """A module instance: its own resources, then its child module instances."""

    address: str  # "" for the root module
    call_path: tuple[str, ...]
    env: str
    region: str
    resources: list[Res] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    planned: int = 0  # resources in planned_values in this subtree
    prior: int = 0  # resources in prior_state in this subtree


def _pick_action(rng: random.Random, mode: str) -> str:
    if mode == "data":
        return "read" if rng.random() < 0.05 else "skip"
    x = rng.random()
    for action, p in MIX:
        if action == "read":
            continue
        if x < p:
            return action
        x -= p
    return "no-op"


def build_skeleton(size: int, seed: int) -> Node:
    rng = random.Random(seed)
    counter = [0]
    root = Node("", (), "prod", "eu-west-1")

    def instances(rep: Any) -> list[Any]:
        if rep is None or rep == "data":
            return [None]
        kind, arg = rep
        return list(range(arg)) if kind == "count" else list(arg)

    def fill(node: Node, blocks: list[Block], forced: str | None) -> bool:
        for rtype, name, rep in blocks:
            mode = "data" if rep == "data" else "managed"
            for index in instances(rep):
                if counter[0] >= size:
                    return False
                action = forced or _pick_action(rng, mode)
                if mode == "data" and forced == "create":
                    action = "read"
                if action == "skip" or (mode == "data" and forced is not None):
                    continue  # a data source read during plan: not in resource_changes
                reason = None
                if action == "delete":
                    if forced:
                        reason = "delete_because_no_module"
                    elif isinstance(index, int) and index > 0 and rng.random() < 0.5:
                        reason = "delete_because_count_index"
                    elif isinstance(index, str) and rng.random() < 0.5:
                        reason = "delete_because_each_key"
                    else:
                        reason = "delete_because_no_resource_config"
                elif action == "read":
                    reason = "read_because_dependency_pending"
                node.resources.append(Res(counter[0], rtype, name, mode, index, action, reason))
                counter[0] += 1
        return True

    def add_call(parent: Node, call: str, key: Any, forced: str | None) -> bool:
        _, blocks, children, _ = MODULES[call]
        suffix = "" if key is None else f"[{orjson.dumps(key).decode()}]"
        address = f"{parent.address + '.' if parent.address else ''}module.{call}{suffix}"
        region = REGIONS.get(key, parent.region) if isinstance(key, str) else parent.region
        node = Node(address, (*parent.call_path, call), parent.env, region)
        parent.children.append(node)
        if not fill(node, blocks, forced):
            return False
        return all(add_call(node, child, None, forced) for child in children)

    ok = fill(root, ROOT_BLOCKS, None) and add_call(root, "network", None, None)
    for region in REGIONS:
        ok = ok and add_call(root, "app", region, None)
    tenant = 0
    while ok:
        x = rng.random()
        forced = "create" if x < 0.01 else "delete" if x < 0.015 else None
        ok = add_call(root, "tenant", f"tenant-{tenant:05d}", forced)
        tenant += 1
    if counter[0] != size:
        raise AssertionError(f"skeleton has {counter[0]} resources, expected {size}")
    _prune_and_count(root)
    return root


def _prune_and_count(node: Node) -> None:
    for child in node.children:
        _prune_and_count(child)
    node.children = [c for c in node.children if c.resources or c.children]
    node.planned = sum(1 for r in node.resources if r.action != "delete") + sum(
        c.planned for c in node.children
    )
    node.prior = sum(1 for r in node.resources if r.action not in ("create", "read")) + sum(
        c.prior for c in node.children
    )


# --------------------------------------------------------------------------------------------
# One resource -> its resource_changes / planned_values / prior_state / drift entries
# --------------------------------------------------------------------------------------------

_ENVS = ["prod", "staging"]


def _slug(node: Node, res: Res) -> str:
    parts = [p.split("[", 1)[1].strip('"]') for p in node.address.split(".") if "[" in p]
    parts.append(res.name.replace("_", "-"))
    if res.index is not None:
        parts.append(str(res.index))
    return "-".join(parts)


def render_resource(node: Node, res: Res, seed: int) -> dict[str, Any]:
    """Everything one resource contributes, deterministic in (seed, ordinal)."""
    rng = random.Random(seed * 1_000_003 + res.ordinal)
    kind = KINDS[res.type]
    address = (node.address + "." if node.address else "") + res.local_address
    ctx = Ctx(
        rng=rng,
        address=address,
        slug=_slug(node, res),
        region=node.region,
        account=str(100000000000 + (seed % 1000) * 1000 + len(node.call_path)),
        env=_ENVS[res.ordinal % 7 == 0],
        team=TEAMS[res.ordinal % len(TEAMS)],
    )
    state = kind.gen(ctx)  # the object as it exists now (or will, for a create)
    action = res.action
    before: Any = None
    after: Any = None
    actions: list[str]
    replace_paths: list[list[Any]] | None = None
    reason = res.reason
    drift: tuple[Any, Any] | None = None
    previous_address = None

    if action == "read":
        actions = ["read"]
        after = state
    elif action == "create":
        actions = ["create"]
        after = {k: (UNKNOWN if k in kind.computed else v) for k, v in state.items()}
    elif action == "delete":
        actions = ["delete"]
        before = state
    elif action == "no-op" or (action == "update" and not kind.updates):
        actions = ["no-op"]
        before = after = state
        if rng.random() < 0.002:
            previous_address = address.replace(f".{res.name}", f".{res.name}_old", 1)
    elif action == "update":
        actions = ["update"]
        before = state
        after = dict(state)
        what = rng.choice(kind.updates)
        mutate(ctx, res.type, after, what)
        if "tags" in after and after["tags"] is not state.get("tags") and rng.random() < 0.25:
            drift = (after, before)  # tags edited outside Terraform; the plan puts them back
    else:  # replace
        cbd = kind.cbd or rng.random() < 0.2
        actions = ["create", "delete"] if cbd else ["delete", "create"]
        before = state
        after = {k: (UNKNOWN if k in kind.computed else v) for k, v in state.items()}
        if rng.random() < 0.15 or not kind.replaces:
            reason = "replace_because_tainted"
        else:
            reason = "replace_because_cannot_update"
            attr = rng.choice(kind.replaces)
            old = after[attr]
            if isinstance(old, str):
                after[attr] = old + "-v2"
            elif isinstance(old, bool):
                after[attr] = not old
            elif isinstance(old, int):
                after[attr] = old + 1
            elif isinstance(old, list):
                after[attr] = UNKNOWN if not old else old[:-1] if len(old) > 1 else [*old, old[0]]
            replace_paths = [[attr]]
            if attr in ("ami", "engine") and rng.random() < 0.3:
                replace_paths.append(["tags"])

    change: dict[str, Any] = {"actions": actions}
    change["before"] = known(before) if before is not None else None
    change["after"] = known(after) if after is not None else None
    change["after_unknown"] = unknown_mirror(after) if after is not None else {}
    change["before_sensitive"] = sensitive_mirror(before) if before is not None else False
    change["after_sensitive"] = sensitive_mirror(after) if after is not None else False
    if replace_paths:
        change["replace_paths"] = replace_paths

    common = {"address": address}
    if node.address:
        common["module_address"] = node.address
    common["mode"] = res.mode
    common["type"] = res.type
    common["name"] = res.name
    if res.index is not None:
        common["index"] = res.index
    common["provider_name"] = kind.provider
    rc = dict(common)
    if previous_address:
        rc["previous_address"] = previous_address
    rc["change"] = change
    if reason:
        rc["action_reason"] = reason

    out: dict[str, Any] = {"rc": rc, "action": actions, "type": res.type}
    instance = {k: v for k, v in common.items() if k != "module_address"}
    instance["schema_version"] = kind.schema_version
    if action != "delete":
        out["pv"] = {
            **instance,
            "values": change["after"],
            "sensitive_values": change["after_sensitive"],
        }
    if action not in ("create", "read"):
        out["ps"] = {
            **instance,
            "values": change["before"],
            "sensitive_values": change["before_sensitive"],
        }
    if drift is not None:
        was, now = drift
        out["drift"] = {
            **common,
            "change": {
                "actions": ["update"],
                "before": known(was),
                "after": known(now),
                "after_unknown": {},
                "before_sensitive": sensitive_mirror(was),
                "after_sensitive": sensitive_mirror(now),
            },
        }
    return out


# --------------------------------------------------------------------------------------------
# Configuration (one entry per resource *block* and module *call*: small)
# --------------------------------------------------------------------------------------------


def _config_resource(rtype: str, name: str, rep: Any, provider_key: str) -> dict[str, Any]:
    mode = "data" if rep == "data" else "managed"
    expressions: dict[str, Any] = {
        "tags": {"references": ["local.common_tags"]},
        "name": {
            "references": ["var.name", "each.key"]
            if rep and rep != "data" and rep[0] == "for_each"
            else ["var.name"]
        },
    }
    if rtype == "aws_instance":
        expressions["ami"] = {"references": ["data.aws_ami.al2023.id", "data.aws_ami.al2023"]}
        expressions["instance_type"] = {"references": ["var.instance_type"]}
        expressions["root_block_device"] = [
            {"encrypted": {"constant_value": True}, "volume_type": {"constant_value": "gp3"}}
        ]
    elif rtype in ("aws_db_instance", "aws_rds_cluster"):
        expressions["deletion_protection"] = {"constant_value": True}
        expressions["password" if rtype == "aws_db_instance" else "master_password"] = {
            "references": ["random_password.db.result", "random_password.db"]
        }
        expressions["backup_retention_period"] = {"references": ["var.backup_retention_days"]}
    entry: dict[str, Any] = {
        "address": f"{'data.' if mode == 'data' else ''}{rtype}.{name}",
        "mode": mode,
        "type": rtype,
        "name": name,
        "provider_config_key": provider_key,
        "expressions": expressions,
        "schema_version": KINDS[rtype].schema_version,
    }
    if rep and rep != "data":
        kind, arg = rep
        if kind == "count":
            entry["count_expression"] = {"constant_value": arg}
        else:
            entry["for_each_expression"] = {"references": [f"local.{name}_keys"]}
    return entry


def _config_module(blocks: list[Block], calls: list[str]) -> dict[str, Any]:
    module: dict[str, Any] = {
        "resources": [
            _config_resource(t, n, rep, "google" if t.startswith("google_") else "aws")
            for t, n, rep in blocks
        ],
        "variables": {
            "name": {"description": "Name prefix"},
            "tags": {"default": {}, "description": "Extra tags"},
        },
    }
    if calls:
        module["module_calls"] = {call: _config_call(call) for call in calls}
    return module


def _config_call(call: str) -> dict[str, Any]:
    source, blocks, children, rep = MODULES[call]
    entry: dict[str, Any] = {
        "source": source,
        "expressions": {"name": {"references": ["each.key"] if rep else ["var.name"]}},
        "module": _config_module(blocks, children),
    }
    if rep:
        entry["for_each_expression"] = {
            "references": [rep[1]] if isinstance(rep[1], str) else ["var.regions"]
        }
    return entry


def configuration() -> dict[str, Any]:
    root = _config_module(ROOT_BLOCKS, ["network", "app", "tenant"])
    root["outputs"] = {
        "bastion_ids": {"expression": {"references": ["aws_instance.bastion"]}},
        "db_endpoints": {"expression": {"references": ["module.app"]}, "sensitive": False},
    }
    root["variables"] = {
        "regions": {"default": list(REGIONS)},
        "backup_retention_days": {"default": 14},
        "db_password": {"sensitive": True},
    }
    return {
        "provider_config": {
            "aws": {
                "name": "aws",
                "full_name": AWS,
                "version_constraint": "~> 5.80",
                "expressions": {
                    "region": {"references": ["var.region"]},
                    "default_tags": [{"tags": {"constant_value": {"ManagedBy": "terraform"}}}],
                },
            },
            "google": {"name": "google", "full_name": GOOGLE, "version_constraint": "~> 6.10"},
        },
        "root_module": root,
    }


# --------------------------------------------------------------------------------------------
# Streaming writer
# --------------------------------------------------------------------------------------------


class Stream:
    """A file plus the comma state of the JSON arrays currently open in it."""

    def __init__(self, fh: Any) -> None:
        self.fh = fh
        self.first = [True]

    def raw(self, text: bytes) -> None:
        self.fh.write(text)

    def open_array(self, prefix: bytes) -> None:
        self.item_sep()
        self.fh.write(prefix)
        self.first.append(True)

    def close_array(self, suffix: bytes) -> None:
        self.first.pop()
        self.fh.write(suffix)

    def item_sep(self) -> None:
        if self.first[-1]:
            self.first[-1] = False
        else:
            self.fh.write(b",")

    def item(self, data: bytes) -> None:
        self.item_sep()
        self.fh.write(data)


def write_plan(size: int, seed: int, target: Path) -> dict[str, Any]:
    target.parent.mkdir(parents=True, exist_ok=True)
    skeleton = build_skeleton(size, seed)
    tmp_rc = target.with_suffix(".rc.tmp")
    tmp_ps = target.with_suffix(".ps.tmp")
    tmp_drift = target.with_suffix(".drift.tmp")
    partial = target.with_suffix(".partial")
    counts: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    relevant: list[dict[str, Any]] = []
    stats = {
        "resources": 0,
        "sensitive": 0,
        "replace_paths": 0,
        "drift": 0,
        "modules": 0,
        "data_bearing_deleted_or_replaced": 0,
    }
    dumps = orjson.dumps

    with (
        partial.open("wb", buffering=1 << 20) as out,
        tmp_rc.open("wb", buffering=1 << 20) as rc_fh,
        tmp_ps.open("wb", buffering=1 << 20) as ps_fh,
        tmp_drift.open("wb", buffering=1 << 20) as drift_fh,
    ):
        pv, ps, rc, dr = Stream(out), Stream(ps_fh), Stream(rc_fh), Stream(drift_fh)

        def walk(node: Node) -> None:
            stats["modules"] += 1
            own_pv = [r for r in node.resources if r.action != "delete"]
            own_ps = [r for r in node.resources if r.action not in ("create", "read")]
            in_pv, in_ps = node.planned > 0, node.prior > 0
            for stream, present, own in ((pv, in_pv, own_pv), (ps, in_ps, own_ps)):
                if not present:
                    continue
                if node.address:
                    stream.item_sep()
                    stream.raw(b"{")
                stream.first.append(True)  # fields of this module object
                if own:
                    stream.item_sep()
                    stream.raw(b'"resources":[')
                    stream.first.append(True)
            for res in node.resources:
                entry = render_resource(node, res, seed)
                stats["resources"] += 1
                counts[" ".join(entry["action"])] += 1
                by_type[entry["type"]] += 1
                if "delete" in entry["action"] and entry["type"] in DATA_BEARING:
                    stats["data_bearing_deleted_or_replaced"] += 1
                change = entry["rc"]["change"]
                if (change["before_sensitive"] and _has_true(change["before_sensitive"])) or (
                    change["after_sensitive"] and _has_true(change["after_sensitive"])
                ):
                    stats["sensitive"] += 1
                if "replace_paths" in change:
                    stats["replace_paths"] += 1
                rc.item(dumps(entry["rc"]))
                if "pv" in entry:
                    pv.item(dumps(entry["pv"]))
                if "ps" in entry:
                    ps.item(dumps(entry["ps"]))
                if "drift" in entry:
                    stats["drift"] += 1
                    dr.item(dumps(entry["drift"]))
                    relevant.append({"resource": entry["drift"]["address"], "attribute": ["tags"]})
            for stream, present, own in ((pv, in_pv, own_pv), (ps, in_ps, own_ps)):
                if present and own:
                    stream.close_array(b"]")
            kids_pv = [c for c in node.children if c.planned]
            kids_ps = [c for c in node.children if c.prior]
            for stream, present, addr_needed in ((pv, in_pv, True), (ps, in_ps, True)):
                if present and node.address and addr_needed:
                    stream.item_sep()
                    stream.raw(b'"address":' + dumps(node.address))
            if kids_pv:
                pv.item_sep()
                pv.raw(b'"child_modules":[')
                pv.first.append(True)
            if kids_ps:
                ps.item_sep()
                ps.raw(b'"child_modules":[')
                ps.first.append(True)
            # children are written to both streams in one walk; a child absent from one tree
            # skips that tree itself
            for child in node.children:
                walk(child)
            if kids_pv:
                pv.close_array(b"]")
            if kids_ps:
                ps.close_array(b"]")
            for stream, present in ((pv, in_pv), (ps, in_ps)):
                if present:
                    stream.first.pop()
                    if node.address:
                        stream.raw(b"}")

        outputs_pv = {
            "bastion_ids": {
                "sensitive": False,
                "type": ["tuple", ["string", "string"]],
                "value": ["i-0a1b2c3d4e5f60718", "i-0f1e2d3c4b5a69788"],
            },
        }
        head = {
            "format_version": "1.2",
            "terraform_version": TERRAFORM_VERSION,
            "variables": {
                "regions": {"value": list(REGIONS)},
                "backup_retention_days": {"value": 14},
                "db_password": {"value": "correct-horse-battery-staple"},
            },
        }
        out.write(dumps(head)[:-1])
        out.write(b',"planned_values":{"outputs":' + dumps(outputs_pv) + b',"root_module":{')
        ps_fh.write(
            b',"prior_state":{"format_version":"1.0","terraform_version":'
            + dumps(TERRAFORM_VERSION)
            + b',"values":{"outputs":'
            + dumps(
                {
                    "bastion_ids": {
                        "sensitive": False,
                        "value": outputs_pv["bastion_ids"]["value"],
                        "type": ["tuple", ["string", "string"]],
                    }
                }
            )
            + b',"root_module":{'
        )
        rc_fh.write(b',"resource_changes":[')
        drift_fh.write(b',"resource_drift":[')
        walk(skeleton)
        out.write(b"}}")  # root_module, planned_values
        ps_fh.write(b"}}}")  # root_module, values, prior_state
        rc_fh.write(b"]")
        drift_fh.write(b"]")

    with partial.open("ab", buffering=0) as out:
        if stats["drift"]:
            _append(out, tmp_drift)
        _append(out, tmp_rc)
        out.write(
            b',"output_changes":'
            + dumps(
                {
                    "bastion_ids": {
                        "actions": ["no-op"],
                        "before": ["i-0a1b2c3d4e5f60718", "i-0f1e2d3c4b5a69788"],
                        "after": ["i-0a1b2c3d4e5f60718", "i-0f1e2d3c4b5a69788"],
                        "after_unknown": False,
                        "before_sensitive": False,
                        "after_sensitive": False,
                    }
                }
            )
        )
        _append(out, tmp_ps)
        out.write(b',"configuration":' + dumps(configuration()))
        if relevant:
            out.write(b',"relevant_attributes":' + dumps(relevant))
        out.write(
            b',"timestamp":'
            + dumps(TIMESTAMP)
            + b',"applyable":true,"complete":true,"errored":false}'
        )
    for tmp in (tmp_rc, tmp_ps, tmp_drift):
        tmp.unlink()
    os.replace(partial, target)

    deletes = sum(v for k, v in counts.items() if "delete" in k.split())
    meta = {
        "generator_version": GENERATOR_VERSION,
        "size": size,
        "seed": seed,
        "bytes": target.stat().st_size,
        "actions": dict(sorted(counts.items())),
        "changes_with_delete": deletes,
        "types": dict(sorted(by_type.items())),
        **stats,
    }
    meta_path(target).write_bytes(orjson.dumps(meta, option=orjson.OPT_INDENT_2) + b"\n")
    return meta


def _has_true(mirror: Any) -> bool:
    if mirror is True:
        return True
    if isinstance(mirror, dict):
        return any(_has_true(v) for v in mirror.values())
    if isinstance(mirror, list):
        return any(_has_true(v) for v in mirror)
    return False


def _append(out: Any, path: Path) -> None:
    with path.open("rb") as src:
        while chunk := src.read(8 << 20):
            out.write(chunk)


def ensure(size: int, seed: int = DEFAULT_SEED, force: bool = False, quiet: bool = False) -> Path:
    """The plan of `size` changes, generated unless an up-to-date one is already there."""
    target = path_for(size, seed)
    meta_file = meta_path(target)
    if not force and target.exists() and meta_file.exists():
        try:
            meta = orjson.loads(meta_file.read_bytes())
        except orjson.JSONDecodeError:
            meta = {}
        if (
            meta.get("generator_version") == GENERATOR_VERSION
            and meta.get("bytes") == target.stat().st_size
        ):
            return target
    if not quiet:
        print(
            f"generating {target.relative_to(HERE.parent)} ({size:,} changes) …",
            file=sys.stderr,
            flush=True,
        )
    start = time.perf_counter()
    meta = write_plan(size, seed, target)
    if not quiet:
        print(
            f"  {meta['bytes'] / 1e6:,.1f} MB in {time.perf_counter() - start:.1f} s; "
            f"actions {meta['actions']}",
            file=sys.stderr,
            flush=True,
        )
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="comma-separated numbers of resource changes"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="regenerate even if present")
    parser.add_argument("--out", type=Path, help="write one plan here instead (single size)")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.out:
        if len(sizes) != 1:
            parser.error("--out takes exactly one size")
        meta = write_plan(sizes[0], args.seed, args.out)
        print(orjson.dumps(meta, option=orjson.OPT_INDENT_2).decode())
        return 0
    for size in sizes:
        print(ensure(size, args.seed, force=args.force))
    return 0


if __name__ == "__main__":
    sys.exit(main())
