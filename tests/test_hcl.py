"""Pin down every HCL shape tfguard's files use, so a python-hcl2 upgrade that changes its
output fails here first (python-hcl2 is pinned to one major version in pyproject.toml)."""

from __future__ import annotations

import pytest

from tfguard.errors import HclError
from tfguard.read import hcl


def test_blocks_labels_heredocs_and_objects() -> None:
    text = """
    pack {
      provider = "aws"
    }
    rule "store-deleted" {
      class = "destructive"
      doc   = <<-EOT
        Why: "quoted" words.
          indented line
      EOT
      match {
        actions = ["delete", "replace"]
        value   = 0
        guards  = { deletion_protection = true, name = "x" }
      }
    }
    rule "other" {
      plain = <<EOT
    kept as is
    EOT
      empty {}
    }
    two "a" "b" {
      flag = false
      none = null
    }
    """
    assert hcl.loads(text, "t.hcl") == {
        "pack": [{"provider": "aws"}],
        "rule": [
            {
                "_labels": ["store-deleted"],
                "class": "destructive",
                "doc": 'Why: "quoted" words.\n  indented line',
                "match": [
                    {
                        "actions": ["delete", "replace"],
                        "value": 0,
                        "guards": {"deletion_protection": True, "name": "x"},
                    }
                ],
            },
            {"_labels": ["other"], "plain": "    kept as is", "empty": [{}]},
        ],
        "two": [{"_labels": ["a", "b"], "flag": False, "none": None}],
    }


def test_escaped_quotes_in_strings() -> None:
    assert hcl.loads('a = "say \\"hi\\""\n', "t") == {"a": 'say "hi"'}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a = \n", "t.hcl: not valid HCL at line 1"),
        ('rule "x" {\n', "t.hcl: not valid HCL at line"),
        ("a = var.x\n", "t.hcl: a: expressions are not supported"),
        ('a = upper("x")\n', "expressions are not supported"),
        ("b { c = [local.x] }\n", "expressions are not supported"),
    ],
)
def test_errors_are_one_line(text: str, message: str) -> None:
    with pytest.raises(HclError) as caught:
        hcl.loads(text, "t.hcl")
    assert message in str(caught.value) and "\n" not in str(caught.value)
