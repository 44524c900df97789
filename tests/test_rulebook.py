"""rulebook.py: the built-in packs, user packs given with --rules, validation and the cache."""

from __future__ import annotations

import functools
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import Result, plan_document, resource_change
from tfguard import attrpath
from tfguard.errors import RulebookError
from tfguard.model import Action, Classification, Transition
from tfguard.read import rulebook

GOOD = """
pack {
  provider = "acme"
  summary  = "Acme databases"
}
resource "acme_database" {
  category = "database"
  summary  = "An Acme database."
}
rule "acme-retention-zero" {
  class   = "destructive"
  summary = "Retention set to zero"
  message = "sets {attribute} on {address} from {before} to {after}"
  match {
    actions    = ["update"]
    types      = ["acme_*"]
    attribute  = "backup[0].retention"
    transition = "set_to"
    value      = 0
  }
}
"""


def write(directory: Path, text: str, name: str = "acme.hcl") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(text)
    return directory


def test_builtin_packs_load_and_every_rule_is_documented() -> None:
    book = rulebook.load()
    assert {"core", "aws", "terraform"} <= {p.name for p in book.packs}
    assert book.kinds["aws_db_instance"].category == "database"
    for rule in book.rules:
        assert rule.summary and rule.doc, rule.id
    assert {r.id for r in book.rules} >= {"store-deleted", "unknown-action", "resource-forgotten"}


def test_user_pack_adds_types_and_rules(tmp_path: Path) -> None:
    book = rulebook.load([write(tmp_path / "r", GOOD)])
    rule = next(r for r in book.rules if r.id == "acme-retention-zero")
    assert rule.pack == "acme" and rule.classification is Classification.DESTRUCTIVE
    assert rule.match.attribute == ("backup", 0, "retention")
    assert rule.match.actions == frozenset({Action.UPDATE})
    assert book.category_of("acme_database") == "database"
    assert book.category_of("acme_unknown") == "uncategorised"


def test_cache_is_used_and_invalidated_by_content(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    rules = write(tmp_path / "r", GOOD)
    rulebook.load([rules], cache)
    assert len(list(cache.glob("rulebook-*.json"))) == 1
    write(rules, GOOD.replace("Acme databases", "Acme stores"))
    book = rulebook.load([rules], cache)
    assert next(p for p in book.packs if p.name == "acme").summary == "Acme stores"
    assert len(list(cache.glob("rulebook-*.json"))) == 2


def test_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    rulebook.load((), cache)
    for entry in cache.glob("rulebook-*.json"):
        entry.write_text("{not json")
    assert rulebook.load((), cache).rules


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda t: t.replace('class   = "destructive"', 'class = "catastrophic"'),
            "acme.hcl: rule \"acme-retention-zero\": class: 'catastrophic' is not one of",
        ),
        (lambda t: t.replace("value      = 0", ""), 'transition "set_to" needs a value'),
        (lambda t: t.replace('transition = "set_to"', 'transition = "vanished"'), "vanished"),
        (lambda t: t.replace("{before}", "{password}"), "unknown placeholder {password}"),
        (lambda t: t.replace('"backup[0].retention"', '"backup[0]..retention"'), "attribute path"),
        (
            lambda t: t.replace('category = "database"', 'category = "nonsense"'),
            'unknown category "nonsense"',
        ),
        (
            lambda t: t.replace(
                'summary  = "An Acme database."', 'summary = "x"\n  colour = "red"'
            ),
            "Additional properties are not allowed ('colour'",
        ),
        (
            lambda t: (
                t
                + t.split("pack {")[0]
                + 'rule "acme-retention-zero" '
                + t.split('rule "acme-retention-zero" ')[1]
            ),
            'rule "acme-retention-zero" is defined twice',
        ),
        (
            lambda t: t.replace('resource "acme_database"', 'resource "aws_db_instance"'),
            'resource "aws_db_instance" is defined twice',
        ),
        (lambda t: t.replace("pack {", "pak {"), "'pak' was unexpected"),
        (lambda t: t + "\nrule {", "not valid HCL"),
        (lambda t: t.replace("value      = 0", "value = var.zero"), "expressions are not"),
    ],
)
def test_bad_user_packs_are_refused_with_one_line(tmp_path: Path, edit, message: str) -> None:
    rules = write(tmp_path / "r", edit(GOOD))
    with pytest.raises(RulebookError) as caught:
        rulebook.load([rules])
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_missing_or_empty_rule_directory(tmp_path: Path) -> None:
    with pytest.raises(RulebookError, match="rule directory not found"):
        rulebook.load([tmp_path / "nope"])


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("a", ("a",)),
        ("a.b[0].c", ("a", "b", 0, "c")),
        ('config["retention.ms"]', ("config", "retention.ms")),
        ("rule[*].lifecycle[0].delete_after", ("rule", "*", "lifecycle", 0, "delete_after")),
    ],
)
def test_attribute_paths_round_trip(text: str, path: tuple[object, ...]) -> None:
    assert attrpath.parse(text) == path
    assert attrpath.format(attrpath.parse(text)) == text


@pytest.mark.parametrize(
    ("replace", "by", "error"),
    [
        ('resource "acme_database"', 'resource "other_database"', 'resource "other_database"'),
        ('types      = ["acme_*"]', 'types      = ["aws_*"]', 'rule "acme-retention-zero": types'),
    ],
    ids=["resource-type", "rule-types"],
)
def test_a_pack_names_only_types_with_its_declared_prefixes(
    tmp_path: Path, replace: str, by: str, error: str
) -> None:
    prefixed = GOOD.replace(
        'summary  = "Acme databases"', 'summary  = "Acme databases"\n  type_prefixes = ["acme_"]'
    )
    assert rulebook.load([write(tmp_path / "ok", prefixed)]).packs[-1].type_prefixes == ("acme_",)
    with pytest.raises(RulebookError) as raised:
        rulebook.load([write(tmp_path / "bad", prefixed.replace(replace, by))])
    assert error in str(raised.value) and 'does not start with "acme_"' in str(raised.value)


def test_the_transition_vocabulary_is_the_same_everywhere() -> None:
    """The schema's enum, the predicates (plain and `[*]`) and the catalogue's prose list the
    same transitions: one added to the schema alone would pass validation and then fail as an
    internal error."""
    import json
    from importlib.resources import files

    from tfguard import catalogue
    from tfguard.judge import classify

    schema = json.loads(files("tfguard.schemas").joinpath("rules.schema.json").read_text())
    declared = set(schema["$defs"]["match"]["properties"]["transition"]["enum"])
    assert declared == {t.value for t in Transition}
    not_moves = {Transition.IS, Transition.KEEPS_LESS}
    assert set(classify.TRANSITIONS) == set(Transition) - not_moves
    assert set(classify.ANY_TRANSITIONS) == set(Transition) - not_moves
    assert set(catalogue._TRANSITIONS) == set(Transition)


# --- a planted cache is never taken for the packs ---------------------------------------------

DB_DELETE = plan_document(
    resource_change("aws_db_instance.main", ["delete"], before={"identifier": "main"})
)


@functools.cache
def _weakened_cache() -> tuple[str, str]:
    """(file name, content) of a cache file under the right key whose packs have no rules:
    believed, it would pass a plan that deletes a database. Anyone can compute the key
    (version + packs' bytes). Made once: it takes a parse of every pack."""
    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(scratch)
        rulebook.load((), cache)
        (genuine,) = cache.glob("rulebook-*.json")
        documents = json.loads(genuine.read_bytes())
    for _source, document in documents:
        document["rule"] = []
    return genuine.name, json.dumps(documents)


def _plant_weakened_cache(cache: Path) -> Path:
    name, content = _weakened_cache()
    cache.mkdir(mode=0o700, parents=True, exist_ok=True)
    planted = cache / name
    planted.write_text(content)
    planted.chmod(0o600)
    return planted


def test_the_weakened_cache_would_pass_the_plan_if_believed(tmp_path: Path) -> None:
    """The premise of the tests below: the planted file, owned and private, is believed."""
    cache = tmp_path / "cache"
    _plant_weakened_cache(cache)
    assert rulebook.load((), cache).rules == ()


@pytest.mark.parametrize(
    "plant",
    [
        pytest.param(lambda f: f.chmod(0o644), id="file-readable-by-others-as-git-checks-out"),
        pytest.param(lambda f: f.parent.chmod(0o777), id="directory-writable-by-others"),
        pytest.param(
            lambda f: (f.rename(f.with_suffix(".real")), f.symlink_to(f.with_suffix(".real"))),
            id="symbolic-link",
        ),
    ],
)
def test_a_cache_tfguard_could_not_have_written_is_parsed_again(
    tmp_path: Path, plant: Callable[[Path], object]
) -> None:
    cache = tmp_path / "cache"
    plant(_plant_weakened_cache(cache))
    assert rulebook.load((), cache).rules  # the packs, parsed again


def test_a_planted_cache_through_the_environment_still_blocks(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """TFGUARD_CACHE_DIR is something a requester can set; a committed file is 0644."""
    cache = tmp_path / "planted"
    _plant_weakened_cache(cache).chmod(0o644)
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(DB_DELETE))
    monkeypatch.setenv("TFGUARD_CACHE_DIR", str(cache))
    result = run("check", plan)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "aws_db_instance.main" in result.stdout


def test_a_cache_inside_the_work_tree_is_never_used(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a umask of 077 a checked-out file is as private as one tfguard wrote: a cache
    directory inside the work tree being checked is not used at all."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    cache = repo / "ci" / "cache"
    _plant_weakened_cache(cache)  # private, as a umask-077 checkout would make it
    plan = repo / "plan.json"
    plan.write_text(json.dumps(DB_DELETE))
    monkeypatch.chdir(repo / "ci")
    monkeypatch.setenv("TFGUARD_CACHE_DIR", "cache")
    result = run("check", plan)
    assert result.exit_code == 1, result.stdout + result.stderr
    monkeypatch.setenv("XDG_CACHE_HOME", str(repo / "ci"))
    monkeypatch.delenv("TFGUARD_CACHE_DIR")
    (cache.parent / "tfguard").symlink_to(cache)
    assert run("check", plan).exit_code == 1  # XDG_CACHE_HOME is the requester's too


# --- the built-in packs as the wheel ships them (hatch_build.py) -------------------------------


@pytest.fixture(scope="module")
def wheel_rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built-in packs with `_parsed.json` beside them, as in an installed wheel (parsing
    every pack takes seconds: made once, copied per test)."""
    rules = tmp_path_factory.mktemp("wheel") / "rules"
    shutil.copytree(rulebook.builtin_dir(), rules, ignore=shutil.ignore_patterns("*.json"))
    (rules / rulebook.SHIPPED).write_bytes(rulebook.shipped_packs(rules))
    return rules


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wheel_rules: Path) -> Path:
    rules = tmp_path / "tfguard" / "rules"
    shutil.copytree(wheel_rules, rules)
    monkeypatch.setattr(rulebook, "builtin_dir", lambda: rules)
    return rules


def _parsed_names(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    parse = rulebook._parse

    def counting(path: Path, data: bytes) -> rulebook.Document:
        parsed.append(path.name)
        return parse(path, data)

    monkeypatch.setattr(rulebook, "_parse", counting)
    return parsed


def test_an_installed_wheel_reads_its_shipped_packs_without_parsing(
    installed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = _parsed_names(monkeypatch)
    book = rulebook.load((), None)
    assert parsed == []  # a fresh machine (no cache) skips python-hcl2 for the built-in packs
    (installed / rulebook.SHIPPED).unlink()
    assert book == rulebook.load((), None)  # ...and gets the rule book parsing would give
    assert len(parsed) == len(list(installed.glob("*.hcl")))


def test_a_pack_whose_bytes_differ_from_the_shipped_parse_is_parsed(
    installed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    core = installed / "core.hcl"
    core.write_text(core.read_text() + "\n# edited after the build\n")
    parsed = _parsed_names(monkeypatch)
    rulebook.load((), None)
    assert parsed == ["core.hcl"]


@pytest.mark.parametrize("content", [b"{not json", b'{"packs": []}', b'{"packs": {"aws.hcl": 1}}'])
def test_an_unreadable_shipped_file_means_parsing(
    installed: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    (installed / rulebook.SHIPPED).write_bytes(content)
    parsed = _parsed_names(monkeypatch)
    assert rulebook.load((), None).rules
    assert "core.hcl" in parsed and "aws.hcl" in parsed


def test_the_build_refuses_a_broken_pack(tmp_path: Path) -> None:
    """hatch_build.py calls shipped_packs: a pack that would not load fails the build."""
    (tmp_path / "core.hcl").write_text('rule "x" {\n  class = "catastrophic"\n}\n')
    with pytest.raises(RulebookError):
        rulebook.shipped_packs(tmp_path)
