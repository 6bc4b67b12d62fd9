"""How much room text takes in a cell, in the report's font (Calibri; Carlito in LibreOffice).

A printed page can't reflow, and LibreOffice keeps the default height for rows of wrapped
text, so every sheet sizes its rows from these estimates when it writes them. They err on
the tall side: a little space under the text, never a line cut off.
"""

from __future__ import annotations

import math
import unicodedata

PLAIN_SIZE = 10.0  # points: the report's body text

# Row heights are sized for Excel, where stakeholders read the report: it sets wrapped lines
# Calibri's ascent, descent and line gap apart, about 1.25 font sizes. LibreOffice sets them a
# font size apart, so there a cell of several lines keeps a little space below its text; the
# other way round, Excel would cut the last line off.
_LINE_SPACING = 1.25  # points per line of text, per point of font size
_ROW_PADDING = 3.0  # points: above the first line and below the last
# A width unit is a digit of the 11 pt default font, 5.575 points of Calibri, but LibreOffice
# rounds each column so a unit comes out at 5.45 to 5.7 points; it keeps 2.5 points of a cell
# for margins. The estimate takes the narrowest, so that it errs on the tall side.
_POINTS_PER_UNIT = 5.45
_CELL_MARGINS = 3.0
_BOLD_FACTOR = 1.04  # bold Calibri text is 2 to 3% wider
_ELLIPSIS = "…"
# Calibri's advance widths in em (Carlito, which LibreOffice uses in its place, has the same).
_EM_WIDTHS = {
    character: em
    for em, characters in (
        (0.221, "'"), (0.226, " "), (0.229, "il"), (0.239, "j"), (0.25, ",’"), (0.252, ".I·"),
        (0.268, ":;"), (0.291, "`"), (0.303, "()"), (0.305, "f"), (0.306, "-"), (0.307, "[]"),
        (0.314, "{}"), (0.319, "J"), (0.326, "!"), (0.335, "t"), (0.349, "r"), (0.386, "/\\"),
        (0.391, "s"), (0.395, "z"), (0.401, '"'), (0.418, "“”"), (0.42, "L"), (0.423, "c"),
        (0.433, "x"), (0.452, "v"), (0.453, "y"), (0.455, "k"), (0.459, "FS"), (0.46, "|"),
        (0.463, "?"), (0.468, "Z"), (0.471, "g"), (0.479, "a"), (0.487, "TY"), (0.488, "E"),
        (0.498, "#*+<=>^_e~•–−"), (0.507, "$0123456789€"), (0.517, "P"), (0.519, "X"), (0.52, "K"),
        (0.525, "bdhnpqu"), (0.527, "o"), (0.533, "C"), (0.543, "R"), (0.544, "B"), (0.567, "V"),
        (0.579, "A"), (0.615, "D"), (0.623, "H"), (0.631, "G"), (0.642, "U"), (0.646, "N"),
        (0.662, "O"), (0.673, "Q"), (0.682, "&"), (0.69, "…"), (0.715, "%w"), (0.799, "m"),
        (0.855, "M"), (0.89, "W"), (0.894, "@"), (0.905, "—"),
    )
    for character in characters
}  # fmt: skip
_WIDEST = 0.905  # em: no common character is wider ("—")
_WIDE = 0.7  # em: any other character, wider than most letters so that it errs on the tall side


def row_height(lines: int, size: float = PLAIN_SIZE) -> float:
    """Points a row needs for ``lines`` lines of text in ``size`` point type."""
    return lines * size * _LINE_SPACING + _ROW_PADDING


def _em(character: str) -> float:
    found = _EM_WIDTHS.get(character)
    if found is None:  # an accented letter is as wide as its letter
        found = _EM_WIDTHS.get(unicodedata.normalize("NFD", character)[:1], _WIDE)
    return found


def text_width(text: str, size: float = PLAIN_SIZE, bold: bool = False) -> float:
    """Points ``text`` takes on one line in the report's font."""
    return sum(map(_em, text)) * size * (_BOLD_FACTOR if bold else 1.0)


def line_room(width: float) -> float:
    """Points of text that fit on a line of a cell ``width`` units wide."""
    return max(1.0, width * _POINTS_PER_UNIT - _CELL_MARGINS)


def wrapped_lines(text: str, width: float, size: float = PLAIN_SIZE, bold: bool = False) -> int:
    """How many lines ``text`` takes when wrapped at word breaks in a column ``width`` units wide."""
    room = line_room(width)
    if len(text) * _WIDEST * size <= room and "\n" not in text:  # short text: no need to measure
        return 1
    space = text_width(" ", size, bold)
    lines = 0
    for paragraph in text.split("\n"):
        used = 0.0
        count = 1
        for word in paragraph.split(" "):
            length = text_width(word, size, bold)
            if used and used + space + length > room:
                count += 1
                used = 0.0
            used += (space if used else 0.0) + length
            if used > room:  # a word longer than the line breaks inside itself
                count += math.ceil(used / room) - 1
                used = used % room
        lines += count
    return max(1, lines)


def one_line(text: str, width: float, size: float = PLAIN_SIZE, bold: bool = False) -> str:
    """``text`` as it fits on one line of a cell ``width`` units wide: cut with an ellipsis if it must be."""
    room = line_room(width)
    if text_width(text, size, bold) <= room:
        return text
    room -= text_width(_ELLIPSIS, size, bold)
    used = 0.0
    for end, character in enumerate(text):
        used += text_width(character, size, bold)
        if used > room:
            return text[:end].rstrip(" ,;:·-–—") + _ELLIPSIS
    return text
