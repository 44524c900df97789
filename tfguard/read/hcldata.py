"""A small, strict HCL reader for data files tfguard judges history with (the approval file).

Why not python-hcl2 (`hcl.py`): it takes ~15 ms per block, so a 10,000-entry approval file took
minutes, and semantic provenance parses every committed version of that file. This reader
accepts the HCL that data needs and refuses the rest with a one-line reason:

* blocks with optional labels, attributes, strings, numbers, `true`/`false`/`null`, lists
  (which may span lines);
* `#`, `//` and one-line `/* */` comments;
* refused: heredocs, templates (`${…}`, `%{…}`), expressions, objects, multi-line `/* */`
  comments, and any line break other than `\\n` (or `\\r\\n`): U+2028/U+2029, `\\x85`,
  `\\x0b`, `\\x0c`, `\\x1c`-`\\x1e` or a lone `\\r` could make an editor or a review page show a
  line break where git and this parser see none.

Lines are what git calls lines (`\\n`), so what a reviewer reads line by line is what this
reader reads. The output has the same shape as `hcl.loads` (blocks are lists of dicts, labels
under `_labels`), so one JSON Schema validates both.
"""

from __future__ import annotations

import re
from typing import Any

from tfguard.errors import DataError

LABELS = "_labels"

_BAD_BREAK = re.compile("\r(?!\n)|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_TOKEN = re.compile(
    r"""
    (?P<nl>\r?\n)
  | (?P<ws>[ \t]+)
  | (?P<comment>(?:\#|//)[^\n]*|/\*(?:[^*\n]|\*(?!/))*\*/)
  | (?P<string>"(?:[^"\\\n]|\\[^\n])*")
  | (?P<number>-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_-]*)
  | (?P<punct>[{}\[\]=,])
    """,
    re.VERBOSE,
)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\", "b": "\b", "f": "\f", "/": "/"}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))|([$%])\4\{|([$%])\{")
_KEYWORDS = {"true": True, "false": False, "null": None}

Token = tuple[str, str, int]
"""(kind, text, line)."""


BLOCK_START = re.compile(r"[ \t]*[A-Za-z_][A-Za-z0-9_-]*[ \t]*\{")
"""A line that opens a top-level block in the layout people write: pieces of a file cut
before such lines are read one by one (and cached by history.py)."""
_PIECES = re.compile(r"(?m)^(?=[ \t]*[A-Za-z_][A-Za-z0-9_-]*[ \t]*\{)")
_BLANK = re.compile(r"(?:[ \t]*(?:(?:\#|//)[^\n]*)?\r?\n)*")


def loads(text: str) -> dict[str, Any]:
    """Parse `text` into normalised data; anything not accepted raises DataError."""
    out: dict[str, list[Any]] = {}
    for piece in _PIECES.split(text):
        if not piece or (_BLANK.fullmatch(piece) and not _BAD_BREAK.search(piece)):
            continue
        fast = _plain_block(piece)
        if fast is None:
            return _Parser(tokens(text)).body(top=True)
        for name, blocks in fast.items():
            out.setdefault(name, []).extend(blocks)
    return out


# The fast path: one top-level block of `name = "string"` / `name = ["string", …]` lines
# (lists may span lines), # comments and blank lines: what `tfguard approve` writes and what
# people type. Checked by one regular expression, read by another; anything else goes to the
# parser above. tests/test_hcldata.py requires both paths to give the same data.
_S = r'"(?:[^"\\\n]|\\[^\n])*"'
_NAME = r"[A-Za-z_][A-Za-z0-9_-]*"
_END = r"[ \t]*(?:(?:\#|//)[^\n]*)?\r?\n"
_GAP = r"(?:[ \t]|(?:\#|//)[^\n]*\r?\n|\r?\n)*"
_LIST = rf"\[{_GAP}(?:{_S}{_GAP}(?:,{_GAP}{_S}{_GAP})*(?:,{_GAP})?)?\]"
_PLAIN = re.compile(
    rf"(?:{_END})*[ \t]*({_NAME})[ \t]*\{{{_END}"
    rf"((?:{_END}|[ \t]*{_NAME}[ \t]*=[ \t]*(?:{_S}|{_LIST}){_END})*)"
    rf"[ \t]*\}}{_END}(?:{_END})*"
)
_ATTRIBUTE = re.compile(rf"^[ \t]*({_NAME})[ \t]*=[ \t]*({_S}|{_LIST})", re.M)
_ITEM = re.compile(rf"({_S})|(?:\#|//)[^\n]*")


def _plain_block(text: str) -> dict[str, Any] | None:
    if "{" in text.replace("{", "", 1) or not text.endswith("\n") or _BAD_BREAK.search(text):
        return None
    match = _PLAIN.fullmatch(text)
    if match is None:
        return None
    block: dict[str, Any] = {}
    try:
        for name, value in _ATTRIBUTE.findall(match.group(2)):
            if name in block:
                return None
            block[name] = (
                [unquote(item, 0) for item in _ITEM.findall(value) if item]
                if value.startswith("[")
                else unquote(value, 0)
            )
    except DataError:
        return None
    return {match.group(1): [block]}


def tokens(text: str) -> list[Token]:
    bad = _BAD_BREAK.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise DataError(
            f"line {line}: unusual line break U+{ord(bad.group()[0]):04X}; "
            "only \\n ends a line here"
        )
    found: list[Token] = []
    position, line, end = 0, 1, len(text)
    match = _TOKEN.match
    while position < end:
        token = match(text, position)
        if token is None:
            raise DataError(f"line {line}: {_unexpected(text, position)}")
        kind = token.lastgroup or ""
        value = token.group()
        if kind == "nl":
            found.append(("nl", "\n", line))
            line += 1
        elif kind not in ("ws", "comment"):
            found.append((kind, value, line))
        position = token.end()
    found.append(("nl", "\n", line))
    return found


def _unexpected(text: str, position: int) -> str:
    rest = text[position : position + 3]
    if rest.startswith("<<"):
        return "heredocs are not accepted here; write a quoted string"
    if rest.startswith("/*"):
        return "a /* comment */ must end on the line it starts; use # comments"
    if rest.startswith('"'):
        return "unterminated string (a string ends on the line it starts)"
    return f"unexpected {rest[0]!r} (expressions are not supported here; write a literal value)"


def unquote(literal: str, line: int) -> str:
    body = literal[1:-1]
    if "\\" not in body and "{" not in body:
        return body

    def replace(match: re.Match[str]) -> str:
        short, long, single, doubled, template = match.groups()
        if template:
            raise DataError(f"line {line}: templates ({template}{{…}}) are not accepted here")
        if doubled:
            return doubled + "{"
        if short or long:
            return chr(int(short or long, 16))
        if single in _ESCAPES:
            return _ESCAPES[single]
        raise DataError(f"line {line}: unknown escape \\{single}")

    return _ESCAPE.sub(replace, body)


class _Parser:
    def __init__(self, found: list[Token]) -> None:
        self.tokens = found
        self.at = 0

    def peek(self) -> Token:
        return self.tokens[self.at]

    def take(self, kind: str, text: str | None = None) -> Token:
        token = self.tokens[self.at]
        if token[0] != kind or (text is not None and token[1] != text):
            wanted = repr(text) if text else kind
            raise DataError(f"line {token[2]}: expected {wanted}, found {_shown(token)}")
        self.at += 1
        return token

    def newlines(self) -> None:
        while self.tokens[self.at][0] == "nl" and self.at < len(self.tokens) - 1:
            self.at += 1

    def body(self, top: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        attributes: set[str] = set()
        while True:
            self.newlines()
            token = self.peek()
            if top and self.at == len(self.tokens) - 1:
                return out
            if not top and token[:2] == ("punct", "}"):
                return out
            name = self.take("ident")[1]
            following = self.peek()
            if following[:2] == ("punct", "="):
                self.at += 1
                if name in out:
                    raise DataError(f"line {following[2]}: {name} is set twice")
                out[name] = self.value()
                attributes.add(name)
            else:
                if name in attributes:
                    raise DataError(f"line {following[2]}: {name} is both an attribute and a block")
                out.setdefault(name, []).append(self.block())
            self.end_of_item(top)

    def end_of_item(self, top: bool) -> None:
        token = self.peek()
        if token[0] == "nl" or (not top and token[:2] == ("punct", "}")):
            return
        raise DataError(f"line {token[2]}: expected a new line, found {_shown(token)}")

    def block(self) -> dict[str, Any]:
        labels: list[str] = []
        while self.peek()[0] in ("string", "ident"):
            kind, text, line = self.take(self.peek()[0])
            labels.append(unquote(text, line) if kind == "string" else text)
        self.take("punct", "{")
        inner = self.body(top=False)
        self.take("punct", "}")
        if labels:
            inner[LABELS] = labels
        return inner

    def value(self) -> Any:
        kind, text, line = self.peek()
        self.at += 1
        if kind == "string":
            return unquote(text, line)
        if kind == "number":
            return float(text) if any(c in text for c in ".eE") else int(text)
        if kind == "ident" and text in _KEYWORDS:
            return _KEYWORDS[text]
        if (kind, text) == ("punct", "["):
            return self.items()
        raise DataError(
            f"line {line}: expected a literal value, found {_shown((kind, text, line))} "
            "(expressions are not supported here)"
        )

    def items(self) -> list[Any]:
        values: list[Any] = []
        while True:
            self.newlines()
            if self.peek()[:2] == ("punct", "]"):
                self.at += 1
                return values
            values.append(self.value())
            self.newlines()
            token = self.peek()
            if token[:2] == ("punct", ","):
                self.at += 1
            elif token[:2] != ("punct", "]"):
                raise DataError(
                    f"line {token[2]}: expected , or ] in a list, found {_shown(token)}"
                )


def _shown(token: Token) -> str:
    return "the end of the line" if token[0] == "nl" else repr(token[1][:20])
