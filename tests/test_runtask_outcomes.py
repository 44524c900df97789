"""The callback body built from a verdict: JSON:API shape, one outcome per flagged change,
untrusted text made inert, sensitive values never shown. No HTTP here (test_runtask.py does
that); the verdict comes from the real gate."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone
from pathlib import Path

from tests.helpers import plan_document, resource_change
from tfguard import pipeline
from tfguard.model import Verdict
from tfguard.runtask import outcomes

KEY = "<img src=x onerror=alert(1)>*x*[y](z)`|"


def judge(tmp_path: Path, rule_cache: Path, *changes: dict) -> Verdict:
    document = json.dumps(plan_document(*changes)).encode()
    request = pipeline.Request(
        plans=["run-1.json"],
        now=datetime.now(timezone.utc),
        stdin=io.BytesIO(),
        cwd=tmp_path,
        cache_dir=rule_cache,
        documents={"run-1.json": document},
    )
    verdict, _ = pipeline.judge(request)
    return verdict


def test_untrusted_addresses_are_inert_in_the_markdown_body(tmp_path: Path, rule_cache) -> None:
    address = f'aws_db_instance.db["{KEY}"]'
    db = {"identifier": "db", "skip_final_snapshot": True, "password": "hunter2-secret"}
    change = resource_change(
        address, ["delete"], db, None, before_sensitive={"password": True}, index=KEY
    )
    body = outcomes.judged(judge(tmp_path, rule_cache, change))
    data = body["data"]
    assert data["type"] == "task-results" and data["attributes"]["status"] == "failed"
    [outcome] = [
        o
        for o in data["relationships"]["outcomes"]["data"]
        if o["attributes"]["outcome-id"] != "tfguard-notes"
    ]
    markdown = outcome["attributes"]["body"]
    assert "<img" not in markdown and "&lt;img" in markdown
    assert "\\*x\\*\\[y\\](z)\\`\\|" in markdown
    assert "hunter2-secret" not in json.dumps(body)
    assert "\n" not in outcome["attributes"]["description"]


def test_every_flagged_change_has_an_outcome_and_safe_ones_none(tmp_path: Path, rule_cache) -> None:
    changes = [
        resource_change(
            "aws_s3_bucket.logs", ["delete"], {"bucket": "logs", "force_destroy": True}
        ),
        resource_change("aws_instance.web", ["delete"], {"instance_type": "t3.small"}),
        resource_change("aws_iam_role.r", ["create"], None, {"name": "r"}),
    ]
    body = outcomes.judged(judge(tmp_path, rule_cache, *changes))
    ids = [o["attributes"]["outcome-id"] for o in body["data"]["relationships"]["outcomes"]["data"]]
    assert ids[:2] == ["aws_s3_bucket.logs", "aws_instance.web"]  # destructive first
    assert "aws_iam_role.r" not in ids


def test_outcomes_are_capped_with_a_note_saying_how_many(tmp_path: Path, rule_cache) -> None:
    changes = [
        resource_change(f"aws_instance.web{i}", ["delete"], {"instance_type": "t3.small"})
        for i in range(outcomes.MAX_OUTCOMES + 5)
    ]
    body = outcomes.judged(judge(tmp_path, rule_cache, *changes))
    listed = body["data"]["relationships"]["outcomes"]["data"]
    assert len(listed) == outcomes.MAX_OUTCOMES + 1
    assert "5 more flagged change(s) not listed" in listed[-1]["attributes"]["body"]
