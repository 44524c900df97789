"""An HCL syntax error names the right line and says what is wrong, in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import REPO
from tfguard.errors import HclError
from tfguard.read import hcl

CASES = [
    ("a = \n", "line 1, column 5: expected a value"),
    ("a = @\n", "line 1, column 5: expected a value, found '@'"),
    ("a = [1, 2\n", "the file ends inside a list (missing ']')"),
    ("x {\n  a = 1\n", "the file ends inside a block (missing '}')"),
    ('a = "abc\n', "the file ends inside a string (missing '\"')"),
    ("a = 1\nb = 2 3\n", "line 2, column 7: unexpected '3': expected the end of the line"),
    (
        'approval "x" {\n  actions = ["delete"\n  expires = "x"\n}\n',
        "line 3, column 3: unexpected 'expires': expected ',' or ']' (is a list not closed?)",
    ),
]


@pytest.mark.parametrize(("text", "message"), CASES)
def test_syntax_errors_say_where_and_what(text: str, message: str) -> None:
    with pytest.raises(HclError) as caught:
        hcl.loads(text, "f.hcl")
    assert str(caught.value).startswith("f.hcl: not valid HCL at line ")
    assert message in str(caught.value)


def test_a_broken_config_is_exit_2_with_the_line(run, tmp_path: Path) -> None:
    config = tmp_path / ".tfguard.hcl"
    config.write_text('approvals {\n  file = "a.hcl"\n  required =\n}\n')
    plan = REPO / "examples" / "safe-tags" / "plan.json"
    result = run("check", plan, "--config", config)
    assert result.exit_code == 2
    assert f"{config}: not valid HCL at line 3" in result.stderr
    assert "expected a value" in result.stderr
