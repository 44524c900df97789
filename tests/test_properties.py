"""Property-based tests (hypothesis): the gate's promises hold for generated plans."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.helpers import plan_document, resource_change
from tfguard.judge import approvals, verdict
from tfguard.judge.classify import classify
from tfguard.model import Verdict
from tfguard.read import plan, rulebook

BOOK = rulebook.load()
STORE_TYPES = sorted(
    t
    for t, k in BOOK.kinds.items()
    if k.category in ("database", "data_store", "volume", "backup", "key")
)
OTHER_TYPES = ["aws_instance", "aws_iam_role", "terraform_data", "google_compute_instance"]
ACTIONS = [
    ["no-op"],
    ["create"],
    ["update"],
    ["delete"],
    ["delete", "create"],
    ["create", "delete"],
    ["read"],
    ["forget"],
]

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 50), st.text(max_size=8))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
attributes = st.dictionaries(
    st.sampled_from(
        [
            "id",
            "arn",
            "name",
            "deletion_protection",
            "skip_final_snapshot",
            "backup_retention_period",
            "force_destroy",
            "tags",
            "password",
            "size",
        ]
    ),
    values,
    max_size=6,
)
NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)


@st.composite
def changes(draw: Any, types: list[str]) -> dict[str, Any]:
    resource_type = draw(st.sampled_from(types))
    actions = draw(st.sampled_from(ACTIONS))
    before = None if actions in (["create"],) else draw(attributes)
    after = None if actions in (["delete"], ["forget"]) else draw(attributes)
    return resource_change(f"{resource_type}.{draw(NAMES)}", actions, before, after)


@st.composite
def plans(draw: Any) -> list[dict[str, Any]]:
    items = draw(st.lists(changes(STORE_TYPES + OTHER_TYPES), max_size=12))
    unique: dict[str, dict[str, Any]] = {c["address"]: c for c in items}
    return list(unique.values())


def judged(items: list[dict[str, Any]], **kwargs: Any) -> Verdict:
    parsed = plan.parse(json.dumps(plan_document(*items)).encode(), "p.json")
    return verdict.decide([parsed], BOOK, **kwargs)


FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(
    plans(),
    st.sampled_from(STORE_TYPES),
    st.sampled_from([["delete"], ["delete", "create"], ["create", "delete"]]),
)
def test_a_data_bearing_delete_without_approval_never_passes(items, store, actions) -> None:
    doomed = resource_change(
        f"{store}.doomed_xyz", actions, {"id": "x"}, None if actions == ["delete"] else {"id": "y"}
    )
    outcome = judged([*items, doomed])
    assert not outcome.passed
    assert any(a.change.address == f"{store}.doomed_xyz" for a in outcome.blocking)


@FAST
@given(plans(), st.randoms(use_true_random=False))
def test_classification_does_not_depend_on_order(items, rng) -> None:
    shuffled = list(items)
    rng.shuffle(shuffled)

    def classes(sequence: list[dict[str, Any]]) -> dict[str, tuple[Any, ...]]:
        parsed = plan.parse(json.dumps(plan_document(*sequence)).encode(), "p")
        return {
            a.change.address: (a.classification, tuple(f.rule for f in a.findings))
            for a in classify(parsed.changes, BOOK)
        }

    assert classes(items) == classes(shuffled)


@FAST
@given(st.sampled_from(STORE_TYPES), attributes, st.sampled_from(ACTIONS[3:6]), values)
def test_fingerprint_is_stable_and_specific(store, before, actions, noise) -> None:
    before = {**before, "id": "object-1"}
    after = None if actions == ["delete"] else {**before, "noise": noise}
    first = judged([resource_change(f"{store}.x", actions, before, after)])
    # a delete Terraform only abandons (Firestore's default deletion_policy) needs no approval,
    # so it has no fingerprint: the property is about changes an approval must name
    assume(any(x.fingerprint for x in first.assessments))
    [a] = [x for x in first.assessments if x.fingerprint]
    # a re-plan: same change, other resources around it, other unknown-after-apply noise
    again = judged(
        [
            resource_change(
                f"{store}.x", actions, copy.deepcopy(before), after, after_unknown={"noise": True}
            ),
            resource_change("aws_instance.other", ["create"], None, {"ami": "x"}),
        ]
    )
    [b] = [x for x in again.assessments if x.fingerprint]
    assert a.fingerprint == b.fingerprint
    other_object = judged(
        [resource_change(f"{store}.x", actions, {**before, "id": "object-2"}, after)]
    )
    assert [x.fingerprint for x in other_object.assessments if x.fingerprint] != [a.fingerprint]
    other_actions = ["delete"] if actions != ["delete"] else ["delete", "create"]
    moved = judged([resource_change(f"{store}.x", other_actions, before, after or before)])
    assert [x.fingerprint for x in moved.assessments if x.fingerprint] != [a.fingerprint]


def _mutations(document: Any) -> st.SearchStrategy[Any]:
    """Replace one value anywhere in the document by arbitrary JSON, or delete a key."""
    paths: list[tuple[Any, ...]] = []

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        paths.append(path)
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*path, i))

    walk(document, ())
    junk = st.recursive(
        scalars | st.floats(allow_nan=False),
        lambda inner: st.one_of(
            st.lists(inner, max_size=2), st.dictionaries(st.text(max_size=4), inner, max_size=2)
        ),
        max_leaves=4,
    )
    return st.tuples(st.sampled_from(paths[1:] or [()]), junk, st.booleans())


def _apply(document: Any, mutation: tuple[Any, Any, bool]) -> Any:
    path, junk, delete = mutation
    document = copy.deepcopy(document)
    if not path:
        return junk
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = junk
    return document


BASE = plan_document(
    resource_change(
        "aws_db_instance.db",
        ["delete"],
        {"id": "db", "skip_final_snapshot": True},
        None,
        before_sensitive={"password": True},
    ),
    resource_change(
        "aws_s3_bucket.b",
        ["update"],
        {"force_destroy": False},
        {"force_destroy": True},
        replace_paths=[["bucket"]],
    ),
    resource_drift=[resource_change("aws_instance.i", ["update"], {"a": 1}, {"a": 2})],
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_mutated_plans_only_ever_exit_0_1_or_2(run, tmp_path_factory, data) -> None:
    mutated = _apply(BASE, data.draw(_mutations(BASE)))
    path = tmp_path_factory.mktemp("m") / "plan.json"
    path.write_text(json.dumps(mutated))
    for fmt in ("json", "text"):
        result = run("check", path, "--format", fmt)
        assert result.exit_code in (0, 1, 2)
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr


APPROVAL = {
    "approval": [
        {
            "address": "aws_db_instance.db",
            "actions": ["delete"],
            "fingerprint": "sha256:" + "0" * 64,
            "reason": "r",
            "expires": "2026-12-01T00:00:00Z",
            "approved_by": ["a@example.com"],
        }
    ]
}


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_mutated_approval_files_only_ever_exit_0_1_or_2(run, tmp_path_factory, data) -> None:
    mutated = _apply(APPROVAL, data.draw(_mutations(APPROVAL)))
    directory = tmp_path_factory.mktemp("a")
    (directory / "approvals.json").write_text(json.dumps(mutated))
    (directory / "plan.json").write_text(json.dumps(BASE))
    result = run(
        "check",
        directory / "plan.json",
        "--approvals",
        directory / "approvals.json",
        "--allow-unversioned-approvals",
        "--now",
        "2026-11-27T00:00:00Z",
    )
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_approvals_module_is_covered() -> None:
    assert approvals.DEFAULT_FILE == "tfguard-approvals.hcl"
