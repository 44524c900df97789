"""The approval file's reader: its fast path never disagrees with its parser, and it refuses
what could make a reviewer read something else than git and tfguard read."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tfguard.errors import DataError
from tfguard.read import hcldata

TOKENS = [
    "approval",
    "x",
    "approved_by",
    " ",
    "\t",
    "\n",
    "\r\n",
    "=",
    "{",
    "}",
    "[",
    "]",
    ",",
    '"a"',
    '"b c"',
    '"\\"q\\""',
    '"\\\\"',
    '"#"',
    '"//"',
    '"\\u0041"',
    '"${x}"',
    '"$${x}"',
    "# note\n",
    "// note\n",
    '# "x"\n',
    "/* c */",
    "1",
    "true",
    "<<EOT\nz\nEOT\n",
    "\u2028",
    "\r",
]


def slow(text: str) -> Any:
    try:
        return hcldata._Parser(hcldata.tokens(text)).body(top=True)
    except DataError:
        return "error"


def fast(text: str) -> Any:
    try:
        return hcldata.loads(text)
    except DataError:
        return "error"


layouts = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
blocks = st.builds(
    lambda head, body, tail: f"approval {{{head}\n{body}\n}}\n{tail}",
    st.sampled_from(["", " ", " # c", "  // c"]),
    st.lists(
        st.builds(
            lambda name, value, end: f"  {name} = {value}{end}",
            st.sampled_from(["address", "actions", "approved_by", "x"]),
            st.one_of(
                st.sampled_from(['"a"', '"b\\"c"', '"#x"', '""']),
                st.lists(st.sampled_from(TOKENS[3:24]), max_size=12).map(
                    lambda parts: "[" + "".join(parts) + "]"
                ),
            ),
            st.sampled_from(["", " # c", " // c", " ,", ' "x"']),
        ),
        max_size=6,
    ).map("\n".join),
    st.sampled_from(["", "\n", "# end\n", "approval {\n}\n", "x = 1\n"]),
)


@settings(max_examples=600, deadline=None)
@given(st.one_of(layouts, blocks, st.lists(blocks, max_size=3).map("".join)))
def test_the_fast_path_agrees_with_the_parser(text: str) -> None:
    assert fast(text) == slow(text)


def test_a_plain_entry_is_read_by_the_fast_path() -> None:
    text = (
        'approval {\n  address = "a[\\"k\\"]" # c\n  actions = ["delete"]\n'
        '  approved_by = [\n    "x@y", # who\n    # "fake@y",\n  ]\n}\n'
    )
    assert hcldata._plain_block(text) == {
        "approval": [{"address": 'a["k"]', "actions": ["delete"], "approved_by": ["x@y"]}]
    }
    assert slow(text) == hcldata._plain_block(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a = <<EOT\nx\nEOT\n", "heredocs are not accepted"),
        ('# x\u2028a = "b"\n', "unusual line break U+2028"),
        ('# x\ra = "b"\n', "unusual line break U+000D"),
        ('a = "${var.x}"\n', "templates"),
        ("a = b\n", "expressions are not supported"),
        ("a = 1\na = 2\n", "a is set twice"),
        ('a = ["x" "y"]\n', "expected , or ]"),
        ("/* a\nb */\n", "must end on the line it starts"),
    ],
)
def test_refusals_name_the_line_and_the_reason(text: str, message: str) -> None:
    with pytest.raises(DataError, match="line [0-9]+: .*" + message.split("(")[0][:12]):
        hcldata.loads(text)
    with pytest.raises(DataError) as caught:
        hcldata.loads(text)
    assert message in str(caught.value)
