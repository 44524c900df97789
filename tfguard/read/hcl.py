"""Read one HCL file into plain JSON-like data. The only module that imports python-hcl2.

python-hcl2 (v8, pinned in pyproject.toml) returns blocks as nested label dicts marked with
`__is_block__`, keeps heredoc markers in the string, and turns expressions into `"${...}"`
strings. This module smooths all of that into one shape that a JSON Schema can validate:

* attributes become plain values;
* every block type becomes a list of dicts; a labelled block carries its labels under `_labels`;
* heredocs become their text (`<<-` heredocs are dedented);
* an expression tfguard would have to evaluate (`var.x`, `foo(1)`) is an error: tfguard's files
  hold data, not code.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tfguard.errors import HclError, TfguardError
from tfguard.record import record

LABELS = "_labels"
_BLOCK = "__is_block__"
_HEREDOC = re.compile(r"\A<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\n(.*?)\n?[ \t]*\2\Z", re.DOTALL)


def load(path: Path, *, error: type[TfguardError] = HclError) -> dict[str, Any]:
    """Parse `path` into normalised data; any problem raises `error` with a one-line message."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read: {_reason(exc)}") from None
    return loads(text, str(path), error=error)


def loads(text: str, source: str, *, error: type[TfguardError] = HclError) -> dict[str, Any]:
    import hcl2
    from hcl2 import SerializationOptions

    options = SerializationOptions(
        strip_string_quotes=True, with_comments=False, explicit_blocks=True
    )
    try:
        raw = hcl2.loads(text, serialization_options=options)
    except Exception as exc:  # python-hcl2 raises lark's many exception types
        line, column = getattr(exc, "line", None), getattr(exc, "column", None)
        where = f" at line {line}, column {column}" if line else ""
        problem = syntax_problem(exc)
        raise error(f"{source}: not valid HCL{where}{': ' + problem if problem else ''}") from None
    try:
        return _body(raw)
    except ValueError as exc:
        raise error(f"{source}: {exc}") from None


# lark terminal names -> what a person would call them
_CLOSERS = {"RBRACE": "'}'", "RSQB": "']'", "RPAR": "')'", "DBLQUOTE": "'\"'"}
_UNCLOSED = {"RBRACE": "a block", "RSQB": "a list", "RPAR": "a parenthesis", "DBLQUOTE": "a string"}
_VALUES = {"DBLQUOTE", "INT_LITERAL", "FLOAT_LITERAL", "LSQB", "LBRACE", "HEREDOC_TEMPLATE"}


def syntax_problem(exc: BaseException) -> str:
    """What is wrong, in words, from python-hcl2's (lark's) parse error; empty when unknown."""
    token = getattr(exc, "token", None)
    expected = set(getattr(exc, "expected", None) or ())
    if token is None:
        char = getattr(exc, "char", None)
        return f"unexpected character {char!r}" if char else ""
    kind, text = getattr(token, "type", ""), str(token)
    closers = [name for name in ("DBLQUOTE", "RSQB", "RPAR", "RBRACE") if name in expected]
    if kind == "$END":
        if closers and not expected & _VALUES - {"DBLQUOTE"}:
            name = closers[0]
            return f"the file ends inside {_UNCLOSED[name]} (missing {_CLOSERS[name]})"
        return "the file ends too early"
    if expected & _VALUES and "LSQB" in expected:
        return "expected a value" + (f", found {text.strip()!r}" if text.strip() else "")
    if "RSQB" in expected and "COMMA" in expected:
        return f"unexpected {text.strip()!r}: expected ',' or ']' (is a list not closed?)"
    if expected & {"$END", "NL_OR_COMMENT"}:
        return f"unexpected {text.strip()!r}: expected the end of the line"
    if closers:
        return f"unexpected {text.strip()!r}: expected {_CLOSERS[closers[0]]}"
    return f"unexpected {text.strip()!r}" if text.strip() else ""


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__


def _body(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key == _BLOCK:
            continue
        if _is_block_list(value):
            out[key] = [block for item in value for block in _blocks(item, [])]
        else:
            out[key] = _value(value, key)
    return out


def _is_block_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(_holds_block(v) for v in value)


def _holds_block(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    if value.get(_BLOCK):
        return True
    return len(value) == 1 and _holds_block(next(iter(value.values())))


def _blocks(item: dict[str, Any], labels: list[str]) -> list[dict[str, Any]]:
    if item.get(_BLOCK):
        body = _body(item)
        if labels:
            body[LABELS] = labels
        return [body]
    return [block for label, inner in item.items() for block in _blocks(inner, [*labels, label])]


def _value(value: Any, where: str) -> Any:
    if isinstance(value, str):
        return _string(value, where)
    if isinstance(value, list):
        return [_value(v, where) for v in value]
    if isinstance(value, dict):
        return {k: _value(v, f"{where}.{k}") for k, v in value.items() if k != _BLOCK}
    return value


def _string(value: str, where: str) -> str:
    heredoc = _HEREDOC.match(value)
    if heredoc:
        body = heredoc.group(3)
        return textwrap.dedent(body) if heredoc.group(1) else body
    if value.startswith("${") and value.endswith("}"):
        raise ValueError(f"{where}: expressions are not supported here, write a literal value")
    # python-hcl2 keeps HCL's template escapes: `$${` and `%%{` are a literal `${` and `%{`
    return value.replace("$${", "${").replace("%%{", "%{")


# --- Terraform configuration: top-level blocks with their lines (for report locations) --------


@record
class Block:
    """One top-level block of a Terraform file (`resource "t" "n" { … }`) and where it is."""

    kind: str
    """The block type: `resource`, `data`, `module`, `locals` …"""
    labels: tuple[str, ...]
    start_line: int
    """1-based line of the block's first line (its type keyword)."""
    end_line: int
    """1-based line of its closing brace."""
    attributes: Mapping[str, Any]
    """Its top-level attributes as python-hcl2 reads them: literals are plain values, anything
    else stays an expression string (`"${var.x}"`). Nested blocks are left out."""


def load_blocks(path: Path, *, error: type[TfguardError] = HclError) -> list[Block]:
    """The top-level blocks of a Terraform file, in file order; any problem raises `error`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read: {_reason(exc)}") from None
    return blocks(text, str(path), error=error)


def blocks(text: str, source: str, *, error: type[TfguardError] = HclError) -> list[Block]:
    """Like `load_blocks`, from text. Unlike `loads`, expressions are kept, not refused: this
    reads Terraform configuration, where they are everywhere."""
    return [block for block, _ in nested_blocks(text, source, error=error)]


def nested_blocks(
    text: str, source: str, *, error: type[TfguardError] = HclError
) -> list[tuple[Block, dict[str, list[dict[str, Any]]]]]:
    """Top-level blocks with their lines, each paired with its nested blocks by type, e.g.
    `{"lifecycle": [{"prevent_destroy": True}]}`, read as python-hcl2 gives them (expressions
    stay `"${...}"` strings; a labelled nested block is a dict keyed by its labels). One parse.

    python-hcl2 v8 declares `SerializationOptions(with_meta=True)` but does not implement it
    (8.1.4 emits no `__start_line__`), so lines come from the raw Lark tree, which its parser
    builds with positions; the parsed elements give labels and attributes. Both list the
    top-level blocks in file order.
    """
    import hcl2
    from hcl2 import SerializationOptions
    from hcl2.rules.base import BlockRule

    try:
        tree = hcl2.parses_to_tree(text)
        start = hcl2.transform(tree)
    except Exception as exc:  # python-hcl2 raises lark's many exception types
        line, column = getattr(exc, "line", None), getattr(exc, "column", None)
        where = f" at line {line}, column {column}" if line else ""
        problem = syntax_problem(exc)
        raise error(f"{source}: not valid HCL{where}{': ' + problem if problem else ''}") from None
    options = SerializationOptions(
        strip_string_quotes=True, with_comments=False, explicit_blocks=True
    )
    positions = [
        (child.meta.line, child.meta.end_line)
        for body in tree.children
        for child in getattr(body, "children", ())
        if getattr(child, "data", None) == "block"
    ]
    elements = [child for child in start.body.children if isinstance(child, BlockRule)]
    if len(positions) != len(elements):  # python-hcl2 changed shape: fail loudly, not wrongly
        raise error(f"{source}: cannot locate blocks (unexpected python-hcl2 output)")
    found: list[tuple[Block, dict[str, list[dict[str, Any]]]]] = []
    for (first, last), element in zip(positions, elements, strict=True):
        labels = tuple(str(label.serialize(options)) for label in element.labels)
        body = element.serialize(options)
        for label in labels[1:]:
            body = body.get(label, {}) if isinstance(body, dict) else {}
        items = body.items() if isinstance(body, dict) else ()
        attributes = {k: v for k, v in items if k != _BLOCK and not _is_block_list(v)}
        nested = {
            k: [{ik: iv for ik, iv in item.items() if ik != _BLOCK} for item in v]
            for k, v in items
            if k != _BLOCK and _is_block_list(v)
        }
        found.append((Block(labels[0], labels[1:], first, last, attributes), nested))
    return found
