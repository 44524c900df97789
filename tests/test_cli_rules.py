"""`tfguard rules` filters and JSON, and `tfguard explain`'s did-you-mean."""

from __future__ import annotations

from tfguard.read import rulebook

BOOK = rulebook.load()


def test_rules_json_lists_every_rule_with_its_class_and_doc_link(run) -> None:
    result = run("rules", "--format", "json")
    assert result.exit_code == 0
    listed = result.json()
    assert [entry["id"] for entry in listed] == [rule.id for rule in BOOK.rules]
    first = listed[0]
    assert set(first) >= {"id", "pack", "provider", "class", "summary", "matches", "doc_url"}
    assert first["doc_url"].endswith(f"#{first['id']}")


def test_rules_filter_by_provider_and_class(run) -> None:
    listed = run("rules", "--format", "json", "--provider", "google", "--class", "destructive")
    rules = listed.json()
    assert rules, "the google pack has destructive rules"
    assert {r["class"] for r in rules} == {"destructive"}
    assert {r["pack"] for r in rules} == {"google"}


def test_rules_filter_by_type_keeps_type_category_and_generic_rules(run) -> None:
    ids = {r["id"] for r in run("rules", "--format", "json", "--type", "aws_db_instance").json()}
    assert "aws-deletion-protection-off" in ids  # named by type
    assert "store-deleted" in ids  # by the type's category (database)
    assert "unknown-action" in ids  # applies to every type
    assert "google-sql-deletion-protection-off" not in ids


def test_rules_text_with_a_filter_says_how_many_of_all(run) -> None:
    result = run("rules", "--provider", "heroku")
    total = len(BOOK.rules)
    shown = sum(1 for r in BOOK.rules if r.pack == "heroku")
    assert result.exit_code == 0
    assert f"{shown} of {total} rules" in result.stdout


def test_rules_markdown_refuses_filters(run) -> None:
    assert run("rules", "--format", "markdown", "--provider", "aws").exit_code == 2


def test_explain_suggests_the_rule_meant(run) -> None:
    result = run("explain", "aws-deletion-protection-of")
    assert result.exit_code == 2
    assert "did you mean aws-deletion-protection-off" in result.stderr


def test_explain_without_a_near_miss_only_points_at_the_list(run) -> None:
    result = run("explain", "zzzz")
    assert result.exit_code == 2
    assert "did you mean" not in result.stderr and "tfguard rules" in result.stderr
