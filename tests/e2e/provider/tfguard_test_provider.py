#!/usr/bin/env python3
"""A stateless, offline Terraform provider for tfguard's end-to-end tests.

It is written with the PyPI package ``tf`` (https://python-tf.readthedocs.io) and
serves look-alike schemas of a handful of ``hashicorp/aws`` and ``hashicorp/google``
resources, so that a real ``terraform plan`` / ``terraform show -json`` produces
plans shaped like the ones tfguard meets in production:

* attribute names are those of the real providers;
* attributes that force replacement in the real provider are ``requires_replace``
  here, so Terraform records ``replace_paths`` and ``action_reason``;
* ``password``/``master_password`` are Sensitive, so they show up in
  ``before_sensitive``/``after_sensitive`` (and, as in real plans, in plain text
  in ``before``/``after``);
* nested blocks use Terraform's LIST (or SET) nesting, as SDKv2 providers do, so
  they render as arrays in plan JSON (``settings[0].backup_configuration[0]``).

The provider keeps no external state: create fills the computed attributes
(``id``, ``arn``, ...) deterministically from the planned values, read returns
the state unchanged, update returns the planned state and delete succeeds.

Usage (Terraform runs it through a launcher found via ``dev_overrides``)::

    python tfguard_test_provider.py aws
    python tfguard_test_provider.py google
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from copy import deepcopy
from typing import Any, ClassVar

from tf import runner
from tf.gen import tfplugin_pb2 as pb
from tf.iface import (
    Config,
    CreateContext,
    DataSource,
    DeleteContext,
    PlanContext,
    Provider,
    ReadContext,
    Resource,
    State,
    UpdateContext,
)
from tf.schema import Attribute, Block, NestedBlock, NestMode, Schema
from tf.types import Bool, Map, Number, Set, String, Unknown
from tf.utils import Diagnostics

ACCOUNT_ID = "123456789012"
AWS_REGION = "us-east-1"
GCP_PROJECT = "tfguard-e2e"

S, N, B = String(), Number(), Bool()


# --------------------------------------------------------------------------- schema helpers


def required(name: str, t: Any, **kw: Any) -> Attribute:
    return Attribute(name, t, required=True, **kw)


def optional(name: str, t: Any, **kw: Any) -> Attribute:
    return Attribute(name, t, optional=True, **kw)


def optional_computed(name: str, t: Any, default: Any = Unknown, **kw: Any) -> Attribute:
    """Optional+Computed; ``default`` plays the part of an SDKv2 ``Default``."""
    return Attribute(name, t, optional=True, computed=True, default=default, **kw)


def computed(name: str, t: Any = S) -> Attribute:
    return Attribute(name, t, computed=True)


def aws_tags() -> list[Attribute]:
    return [optional("tags", Map(S)), computed("tags_all", Map(S))]


class _Nested(NestedBlock):
    """A nested block in LIST or SET nesting mode (``tf`` ships only SET/SINGLE).

    Values are lists of dicts in state and in plan JSON, like SDKv2's
    ``TypeList``/``TypeSet`` of ``*schema.Resource``.
    """

    _modes: ClassVar[dict[str, Any]] = {
        "list": pb.Schema.NestedBlock.NestingMode.LIST,
        "set": pb.Schema.NestedBlock.NestingMode.SET,
    }

    def __init__(self, type_name: str, block: Block, mode: str = "list", **kw: Any) -> None:
        # NestMode only matters to tf's own to_pb, which we override below.
        super().__init__(type_name, NestMode.Set, block, **kw)
        self.mode = mode

    def to_pb(self) -> pb.Schema.NestedBlock:
        return pb.Schema.NestedBlock(
            type_name=self.type_name,
            block=self.block.to_pb(),
            min_items=self.min_items,
            max_items=self.max_items,
            nesting=self._modes[self.mode],
        )

    def encode(self, value: Any) -> Any:
        from tf.provider import _encode_state_d

        if value in (None, Unknown):
            return value
        return [_encode_state_d(self._amap(), self._bmap(), v, None) for v in value]

    def decode(self, value: Any) -> Any:
        from tf.provider import _decode_state

        if value in (None, Unknown):
            return value
        return [_decode_state(Diagnostics(), self._amap(), self._bmap(), v)[1] for v in value]

    def semantically_equal(self, a_decoded: Any, b_decoded: Any) -> bool:
        # Compare whole elements, nested blocks included (tf's SetNestedBlock compares
        # only the top-level attributes, which would hide a change of
        # rule[0].lifecycle[0].delete_after).
        if self.mode == "set" and isinstance(a_decoded, list) and isinstance(b_decoded, list):
            return sorted(map(repr, a_decoded)) == sorted(map(repr, b_decoded))
        return a_decoded == b_decoded


def list_block(
    name: str,
    attributes: list[Attribute],
    blocks: list[NestedBlock] | None = None,
    max_items: int | None = 1,
    min_items: int | None = None,
) -> _Nested:
    return _Nested(
        name,
        Block(attributes=attributes, block_types=blocks or []),
        "list",
        max_items=max_items,
        min_items=min_items,
    )


def set_block(
    name: str,
    attributes: list[Attribute],
    blocks: list[NestedBlock] | None = None,
    min_items: int | None = None,
) -> _Nested:
    return _Nested(
        name, Block(attributes=attributes, block_types=blocks or []), "set", min_items=min_items
    )


# --------------------------------------------------------------------------- resources


def _short_hash(*parts: Any, n: int = 17) -> str:
    return hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()[:n]


def _name_or_generated(value: Any, type_name: str, prefix: str = "terraform-") -> str:
    if isinstance(value, str) and value:
        return value
    return prefix + _short_hash(type_name, "generated", n=24)


class FakeResource(Resource):
    """Generic stateless resource; subclasses are generated from ``RESOURCES`` below."""

    NAME: ClassVar[str] = ""
    ATTRIBUTES: ClassVar[list[Attribute]] = []
    BLOCKS: ClassVar[list[NestedBlock]] = []
    # Fill computed values at create time: planned state -> {attr: value}
    ON_CREATE: Callable[[State], dict[str, Any]] = staticmethod(lambda planned: {})

    def __init__(self, provider: FakeProvider) -> None:
        self.provider = provider

    @classmethod
    def get_name(cls) -> str:
        return cls.NAME

    @classmethod
    def get_schema(cls) -> Schema:
        return Schema(version=0, attributes=cls.ATTRIBUTES, block_types=cls.BLOCKS)

    def plan(self, ctx: PlanContext, current: State | None, planned: State) -> State:
        # tags_all mirrors tags (no provider default_tags), labels likewise.
        if "tags_all" in planned and "tags" in planned and planned["tags"] is not Unknown:
            planned["tags_all"] = dict(planned["tags"] or {})
        if "effective_labels" in planned and planned.get("labels") is not Unknown:
            planned["effective_labels"] = dict(planned.get("labels") or {})
            planned["terraform_labels"] = dict(planned.get("labels") or {})
        return planned

    def create(self, ctx: CreateContext, planned: State) -> State:
        state = deepcopy(planned)
        state = self.plan(PlanContext(ctx.diagnostics, ctx.type_name, set()), None, state)
        for key, value in type(self).ON_CREATE(state).items():
            if state.get(key) is Unknown:
                state[key] = value
        for attr in self.ATTRIBUTES:
            if state.get(attr.name) is Unknown:
                # Any computed value nobody filled in: a null is a valid "known" value.
                state[attr.name] = None
        return state

    def read(self, ctx: ReadContext, current: State) -> State:
        return current

    def update(self, ctx: UpdateContext, current: State, planned: State) -> State:
        state = deepcopy(planned)
        for attr in self.ATTRIBUTES:
            if state.get(attr.name) is Unknown:
                state[attr.name] = current.get(attr.name)
        return state

    def delete(self, ctx: DeleteContext, current: State) -> None:
        return None


def _arn(service: str, resource: str, region: str = AWS_REGION) -> str:
    return f"arn:aws:{service}:{region}:{ACCOUNT_ID}:{resource}"


def _db_instance(p: State) -> dict[str, Any]:
    ident = _name_or_generated(p.get("identifier"), "aws_db_instance")
    return {
        "identifier": ident,
        "id": "db-" + _short_hash("db", ident, n=26).upper(),
        "arn": _arn("rds", f"db:{ident}"),
        "engine": "postgres",
        "allocated_storage": 20,
        "engine_version": "16.3",
        "username": "admin",
        "backup_retention_period": 1,
    }


def _rds_cluster(p: State) -> dict[str, Any]:
    ident = _name_or_generated(p.get("cluster_identifier"), "aws_rds_cluster", "tf-")
    return {
        "cluster_identifier": ident,
        "id": ident,
        "arn": _arn("rds", f"cluster:{ident}"),
        "master_username": "admin",
    }


def _db_snapshot(p: State) -> dict[str, Any]:
    ident = p["db_snapshot_identifier"]
    return {"id": ident, "db_snapshot_arn": _arn("rds", f"snapshot:{ident}")}


def _s3_bucket(p: State) -> dict[str, Any]:
    name = _name_or_generated(p.get("bucket"), "aws_s3_bucket")
    return {"bucket": name, "id": name, "arn": f"arn:aws:s3:::{name}"}


def _backup_vault(p: State) -> dict[str, Any]:
    return {"id": p["name"], "arn": _arn("backup", f"backup-vault:{p['name']}")}


def _backup_plan(p: State) -> dict[str, Any]:
    plan_id = "-".join(
        _short_hash("backup-plan", p["name"], n=32)[i : i + 8] for i in (0, 8, 16, 24)
    )
    return {
        "id": plan_id,
        "arn": _arn("backup", f"backup-plan:{plan_id}"),
        "version": _short_hash(plan_id, n=32),
    }


def _backup_selection(p: State) -> dict[str, Any]:
    return {"id": _short_hash("backup-selection", p["plan_id"], p["name"], n=36)}


def _dynamodb_table(p: State) -> dict[str, Any]:
    return {"id": p["name"], "arn": _arn("dynamodb", f"table/{p['name']}")}


def _ebs_volume(p: State) -> dict[str, Any]:
    vol = "vol-" + _short_hash("ebs", p["availability_zone"], p.get("tags"))
    return {"id": vol, "arn": _arn("ec2", f"volume/{vol}"), "size": 8, "type": "gp3"}


def _efs(p: State) -> dict[str, Any]:
    token = _name_or_generated(p.get("creation_token"), "aws_efs_file_system")
    fs = "fs-" + _short_hash("efs", token)
    return {
        "creation_token": token,
        "id": fs,
        "arn": _arn("elasticfilesystem", f"file-system/{fs}"),
        "encrypted": False,
    }


def _kms_key(p: State) -> dict[str, Any]:
    key = "-".join(
        _short_hash("kms", p.get("description"), n=32)[i : i + 8] for i in (0, 8, 16, 24)
    )
    return {"id": key, "key_id": key, "arn": _arn("kms", f"key/{key}"), "description": ""}


def _instance(p: State) -> dict[str, Any]:
    iid = "i-" + _short_hash("ec2", p.get("ami"), p.get("tags"))
    return {
        "id": iid,
        "arn": _arn("ec2", f"instance/{iid}"),
        "instance_type": "t3.micro",
        "ami": "ami-0c55b159cbfafe1f0",
    }


def _security_group(p: State) -> dict[str, Any]:
    name = _name_or_generated(p.get("name"), "aws_security_group")
    sg = "sg-" + _short_hash("sg", name)
    return {"name": name, "id": sg, "arn": _arn("ec2", f"security-group/{sg}")}


def _iam_role(p: State) -> dict[str, Any]:
    name = _name_or_generated(p.get("name"), "aws_iam_role")
    return {
        "name": name,
        "id": name,
        "arn": f"arn:aws:iam::{ACCOUNT_ID}:role/{name}",
        "unique_id": "AROA" + _short_hash("role", name).upper(),
    }


def _sql_instance(p: State) -> dict[str, Any]:
    name = _name_or_generated(p.get("name"), "google_sql_database_instance", "tf-")
    region = p.get("region") or "us-central1"
    return {
        "name": name,
        "id": name,
        "region": region,
        "connection_name": f"{GCP_PROJECT}:{region}:{name}",
        "self_link": f"https://sqladmin.googleapis.com/sql/v1beta4/projects/{GCP_PROJECT}/instances/{name}",
    }


def _storage_bucket(p: State) -> dict[str, Any]:
    name = p["name"]
    return {
        "id": name,
        "self_link": f"https://www.googleapis.com/storage/v1/b/{name}",
        "url": f"gs://{name}",
    }


# Resource schemas.  Keep attribute names identical to hashicorp/aws v5 and
# hashicorp/google v5/v6; requires_replace=True mirrors ForceNew / RequiresReplace.
AWS_RESOURCES: dict[
    str, tuple[list[Attribute], list[NestedBlock], Callable[[State], dict[str, Any]]]
] = {
    "db_instance": (
        [
            computed("id"),
            computed("arn"),
            optional_computed("identifier", S, requires_replace=True),
            optional_computed("engine", S, requires_replace=True),
            optional_computed("engine_version", S),
            required("instance_class", S),
            optional_computed("allocated_storage", N),
            optional_computed("username", S),
            optional("password", S, sensitive=True),
            optional_computed("deletion_protection", B, default=False),
            optional_computed("skip_final_snapshot", B, default=False),
            optional("final_snapshot_identifier", S),
            optional_computed("delete_automated_backups", B, default=True),
            optional_computed("backup_retention_period", N),
            *aws_tags(),
        ],
        [],
        _db_instance,
    ),
    "rds_cluster": (
        [
            computed("id"),
            computed("arn"),
            optional_computed("cluster_identifier", S, requires_replace=True),
            required("engine", S, requires_replace=True),
            optional_computed("master_username", S, requires_replace=True),
            optional("master_password", S, sensitive=True),
            optional_computed("deletion_protection", B, default=False),
            optional_computed("skip_final_snapshot", B, default=False),
            optional("final_snapshot_identifier", S),
            optional_computed("delete_automated_backups", B, default=True),
            optional_computed("backup_retention_period", N, default=1),
            *aws_tags(),
        ],
        [],
        _rds_cluster,
    ),
    "db_snapshot": (
        [
            computed("id"),
            required("db_instance_identifier", S, requires_replace=True),
            required("db_snapshot_identifier", S, requires_replace=True),
            computed("db_snapshot_arn"),
            *aws_tags(),
        ],
        [],
        _db_snapshot,
    ),
    "s3_bucket": (
        [
            computed("id"),
            computed("arn"),
            optional_computed("bucket", S, requires_replace=True),
            optional_computed("force_destroy", B, default=False),
            *aws_tags(),
        ],
        [],
        _s3_bucket,
    ),
    # a real aws type no tfguard pack lists: the unknown-type heuristic meets it
    "codeartifact_repository": (
        [
            computed("id"),
            computed("arn"),
            required("repository", S, requires_replace=True),
            required("domain", S, requires_replace=True),
            optional("description", S),
            *aws_tags(),
        ],
        [],
        lambda p: {
            "id": _arn("codeartifact", f"repository/{p['domain']}/{p['repository']}"),
            "arn": _arn("codeartifact", f"repository/{p['domain']}/{p['repository']}"),
        },
    ),
    "s3_bucket_versioning": (
        [
            computed("id"),
            required("bucket", S, requires_replace=True),
        ],
        [list_block("versioning_configuration", [required("status", S)], min_items=1)],
        lambda p: {"id": p["bucket"]},
    ),
    "backup_vault": (
        [
            computed("id"),
            computed("arn"),
            required("name", S, requires_replace=True),
            optional_computed("force_destroy", B, default=False),
            optional_computed("kms_key_arn", S, requires_replace=True),
            *aws_tags(),
        ],
        [],
        _backup_vault,
    ),
    "backup_plan": (
        [
            computed("id"),
            computed("arn"),
            computed("version"),
            required("name", S, requires_replace=True),
            *aws_tags(),
        ],
        [
            set_block(
                "rule",
                [
                    required("rule_name", S),
                    required("target_vault_name", S),
                    optional("schedule", S),
                ],
                [
                    list_block(
                        "lifecycle",
                        [optional("cold_storage_after", N), optional("delete_after", N)],
                    )
                ],
                min_items=1,
            )
        ],
        _backup_plan,
    ),
    "backup_selection": (
        [
            computed("id"),
            required("name", S, requires_replace=True),
            required("plan_id", S, requires_replace=True),
            required("iam_role_arn", S, requires_replace=True),
            optional("resources", Set(S), requires_replace=True),
        ],
        [],
        _backup_selection,
    ),
    "dynamodb_table": (
        [
            computed("id"),
            computed("arn"),
            required("name", S, requires_replace=True),
            optional("hash_key", S, requires_replace=True),
            optional_computed("billing_mode", S, default="PROVISIONED"),
            optional("read_capacity", N),
            optional("write_capacity", N),
            optional_computed("deletion_protection_enabled", B, default=False),
            *aws_tags(),
        ],
        [
            set_block("attribute", [required("name", S), required("type", S)]),
            list_block("point_in_time_recovery", [required("enabled", B)]),
        ],
        _dynamodb_table,
    ),
    "ebs_volume": (
        [
            computed("id"),
            computed("arn"),
            required("availability_zone", S, requires_replace=True),
            optional_computed("size", N),
            optional_computed("type", S),
            optional_computed("final_snapshot", B, default=False),
            *aws_tags(),
        ],
        [],
        _ebs_volume,
    ),
    "efs_file_system": (
        [
            computed("id"),
            computed("arn"),
            optional_computed("creation_token", S, requires_replace=True),
            optional_computed("encrypted", B, requires_replace=True),
            *aws_tags(),
        ],
        [],
        _efs,
    ),
    "kms_key": (
        [
            computed("id"),
            computed("arn"),
            computed("key_id"),
            optional_computed("description", S),
            optional_computed("key_usage", S, default="ENCRYPT_DECRYPT", requires_replace=True),
            optional_computed(
                "customer_master_key_spec", S, default="SYMMETRIC_DEFAULT", requires_replace=True
            ),
            optional("deletion_window_in_days", N),
            optional_computed("is_enabled", B, default=True),
            *aws_tags(),
        ],
        [],
        _kms_key,
    ),
    "instance": (
        [
            computed("id"),
            computed("arn"),
            optional_computed("ami", S, requires_replace=True),
            optional_computed("instance_type", S),
            *aws_tags(),
        ],
        [],
        _instance,
    ),
    "security_group": (
        [
            computed("id"),
            computed("arn"),
            optional_computed("name", S, requires_replace=True),
            optional_computed(
                "description", S, default="Managed by Terraform", requires_replace=True
            ),
            *aws_tags(),
        ],
        [],
        _security_group,
    ),
    "iam_role": (
        [
            computed("id"),
            computed("arn"),
            computed("unique_id"),
            optional_computed("name", S, requires_replace=True),
            required("assume_role_policy", S),
            *aws_tags(),
        ],
        [],
        _iam_role,
    ),
}

GOOGLE_RESOURCES: dict[
    str, tuple[list[Attribute], list[NestedBlock], Callable[[State], dict[str, Any]]]
] = {
    "sql_database_instance": (
        [
            computed("id"),
            optional_computed("name", S, requires_replace=True),
            required("database_version", S),
            optional_computed("region", S, requires_replace=True),
            optional_computed("deletion_protection", B, default=True),
            computed("connection_name"),
            computed("self_link"),
        ],
        [
            list_block(
                "settings",
                [required("tier", S), optional("user_labels", Map(S))],
                [
                    list_block(
                        "backup_configuration",
                        [optional("enabled", B), optional("point_in_time_recovery_enabled", B)],
                    )
                ],
            )
        ],
        _sql_instance,
    ),
    "storage_bucket": (
        [
            computed("id"),
            required("name", S, requires_replace=True),
            required("location", S, requires_replace=True),
            optional_computed("force_destroy", B, default=False),
            optional("labels", Map(S)),
            computed("effective_labels", Map(S)),
            computed("terraform_labels", Map(S)),
            computed("self_link"),
            computed("url"),
        ],
        [],
        _storage_bucket,
    ),
}


def _make_resource(
    name: str, spec: tuple[list[Attribute], list[NestedBlock], Callable[[State], dict[str, Any]]]
) -> type[FakeResource]:
    attributes, blocks, on_create = spec
    return type(
        f"Fake_{name}",
        (FakeResource,),
        {
            "NAME": name,
            "ATTRIBUTES": attributes,
            "BLOCKS": blocks,
            "ON_CREATE": staticmethod(on_create),
        },
    )


# --------------------------------------------------------------------------- providers


class FakeProvider(Provider):
    def __init__(self, kind: str) -> None:
        if kind == "aws":
            self._prefix, self._specs = "aws_", AWS_RESOURCES
            self._config = [optional("region", S), optional("profile", S)]
        elif kind == "google":
            self._prefix, self._specs = "google_", GOOGLE_RESOURCES
            self._config = [optional("project", S), optional("region", S)]
        else:  # azurerm, kubernetes, mongodbatlas, digitalocean: provider/kinds_*.py
            import extra_kinds

            if kind not in extra_kinds.KINDS:
                raise SystemExit(f"unknown provider kind {kind!r}")
            self._prefix, self._specs, self._config = extra_kinds.KINDS[kind]
        if kind == "google":
            import extra_kinds

            self._specs = {**self._specs, **extra_kinds.EXTRA["google"]}
        self.kind = kind
        self._resources = [_make_resource(n, s) for n, s in self._specs.items()]

    def full_name(self) -> str:
        import extra_kinds

        return (
            f"registry.terraform.io/{extra_kinds.SOURCES.get(self.kind, 'hashicorp/' + self.kind)}"
        )

    def get_model_prefix(self) -> str:
        return self._prefix

    def get_provider_schema(self, diags: Diagnostics) -> Schema:
        # A kind's configuration may hold blocks too (azurerm `features {}`).
        blocks = [c for c in self._config if isinstance(c, NestedBlock)]
        attributes = [c for c in self._config if not isinstance(c, NestedBlock)]
        return Schema(attributes=attributes, block_types=blocks)

    def validate_config(self, diags: Diagnostics, config: Config) -> None:
        pass

    def configure_provider(self, diags: Diagnostics, config: Config) -> None:
        pass

    def get_data_sources(self) -> list[type[DataSource]]:
        return []

    def get_resources(self) -> list[type[Resource]]:
        return list(self._resources)


def _install_servicer_fixes() -> None:
    """Small adaptations of tf's gRPC servicer, for this test provider only.

    * Create plans: tf plans a create without consulting the resource; run the
      resource's ``plan`` hook too so ``tags_all`` is known at plan time, as with
      the real AWS provider.
    * Destroy plans: should Terraform ask the provider to plan a destroy (a null
      proposed state), answer with a null planned state instead of an error.
    """
    import tf.provider as tfp
    from tf.utils import read_dynamic_value

    base = tfp.ProviderServicer

    class Servicer(base):  # type: ignore[misc, valid-type]
        def PlanResourceChange(self, request, context):
            prior = read_dynamic_value(request.prior_state)
            proposed = read_dynamic_value(request.proposed_new_state)
            if proposed is None:
                return pb.PlanResourceChange.Response(planned_state=request.proposed_new_state)
            resp = base.PlanResourceChange(self, request, context)
            if prior is not None or any(
                d.severity == pb.Diagnostic.ERROR for d in resp.diagnostics
            ):
                return resp
            type_name = request.type_name
            attrs, blocks = self._get_res_attrs(type_name), self._get_res_blocks(type_name)
            diags = Diagnostics()
            enc, planned = tfp._decode_state(diags, attrs, blocks, resp.planned_state)
            inst = self.app.new_resource(self._get_res_cls(type_name))
            planned = inst.plan(PlanContext(diags, type_name, set()), None, planned)
            resp.planned_state.CopyFrom(tfp._encode_state(attrs, blocks, planned, enc))
            return resp

    tfp.ProviderServicer = Servicer  # run_provider imports it from tf.provider at call time


__import__("retention_schemas").register(sys.modules[__name__])  # retention e2e types


def main(argv: list[str]) -> None:
    if len(argv) < 2:
        raise SystemExit("usage: tfguard_test_provider.py aws|google [go-plugin args...]")
    provider = FakeProvider(argv[1])
    _install_servicer_fixes()
    runner.run_provider(provider, [argv[0], *argv[2:]])


if __name__ == "__main__":
    main(sys.argv)
