"""What the command line prints: plan text may hold terminal control characters (ESC sequences,
bells, carriage returns, C1 codes, bidi overrides) that must never reach the terminal raw."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

# C0 controls but the newline (the output's own line breaks), DEL, C1 controls, and the
# bidi embeddings, overrides and isolates that reorder what the reader sees.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """``text`` with every control character escaped: ESC reads "\\x1b", CSI "\\u009b".

    Escapes above \\x1f use \\u, which JSON also reads: JSON output stays valid JSON (its own
    encoder already escapes \\x00-\\x1f) and decodes back to the exact text."""
    return _CONTROL.sub(_escape, text)


# Line breaks inside plan text (a pasted note, a title another program wrote): CR LF as one.
_LINE_BREAK = re.compile("\r\n|[\n\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` kept on its line: a line break inside it shows as "\\n" (the rare Unicode line
    and paragraph separators as "\\u2028", "\\u2029"), so plan text can never start a line of
    output a reader would take for the command's own. The stream still escapes the rest."""
    return _LINE_BREAK.sub(lambda found: "\\n" if found.group() in ("\r\n", "\n") else _escape(found), text)


def lines_text(lines: Iterable[str]) -> str:
    """The command's lines joined by its own line ends, each line's plan text kept on it."""
    return "\n".join(one_line(line) for line in lines)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"


class EscapingStream:
    """A text stream that writes through ``shown``: every print of the command goes through it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(shown(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def fileno(self) -> int:
        return self.stream.fileno()

    def isatty(self) -> bool:
        return self.stream.isatty()
