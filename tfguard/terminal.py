"""Text bound for a terminal: control characters shown, never obeyed.

Addresses, reasons, tickets, approver names, file names and rule texts come from plans, approval
files, configs and rule packs that anyone with commit access writes. A terminal obeys what it
receives: ESC starts CSI and OSC sequences (OSC 52 writes the clipboard, OSC 8 hides a link
behind innocent text, CSI moves the cursor and repaints lines), C1 characters do the same in one
byte, CR and BS overwrite what was printed, and bidi overrides make text read in another order.
`escape` is the one function every terminal output goes through; markdown, JSON, SARIF and JUnit
have their own escaping for their own readers.
"""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNSAFE = re.compile(
    "["
    "\x00-\x1f\x7f-\x9f"  # C0, DEL, C1
    "\u00ad\u061c\u180e"  # soft hyphen, Arabic letter mark, Mongolian vowel separator
    "\u200b-\u200f"  # zero-width space/joiners, LRM, RLM
    "\u2028-\u202e"  # line/paragraph separators, bidi embeddings and overrides
    "\u2060-\u206f"  # word joiner, invisible operators, bidi isolates
    "\ufeff\ufff9-\ufffb"  # zero-width no-break space, interlinear annotations
    "\U000e0000-\U000e007f"  # tag characters (invisible ASCII look-alikes)
    "]"
)
_UNSAFE_IN_LINES = re.compile(_UNSAFE.pattern.replace("\x00-\x1f", "\x00-\x08\x0b-\x1f"))


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _json_visible(match: re.Match[str]) -> str:
    encoded = match.group().encode("utf-16-be")
    units = [int.from_bytes(encoded[i : i + 2], "big") for i in range(0, len(encoded), 2)]
    return "".join(f"\\u{unit:04x}" for unit in units)


def escape(text: str, *, lines: bool = False, within_json: bool = False) -> str:
    """`text` with every control and invisible formatting character written as `\\x1b`,
    `\\u202e`, `\\n`…

    `lines=True` keeps newlines and tabs: a message of several lines that tfguard composed, or a
    rendered document; a value (an address, a name) is escaped whole. `within_json=True` is for
    a JSON document (such characters can only stand inside its strings): they become `\\u009b`
    escapes, so the document still parses to the same values."""
    if text.isascii() and text.isprintable():  # no C0 or DEL, and nothing else to fear:
        return text  # nearly every string, without the regex (tens of thousands per report)
    pattern = _UNSAFE_IN_LINES if lines or within_json else _UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_json_visible if within_json else _visible, text)
