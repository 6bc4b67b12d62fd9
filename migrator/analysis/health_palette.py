"""The health colours, as hex values: the window's screen shades and the workbook's print shades.

One module so a colour changes in one place. The two sets differ on purpose: the window
draws light tints behind dark text on a bright screen; the workbook's fills are stronger so
they survive grey print. Both keep their text readable (WCAG AA) on their own fill and on white.
"""

from __future__ import annotations

from dataclasses import dataclass

from migrator.analysis.results import HealthLevel


@dataclass(frozen=True)
class Shades:
    """A health level's text colour and the fill behind it, as ``#RRGGBB``."""

    text: str
    fill: str

    @property
    def print_pair(self) -> tuple[str, str]:
        """(fill, text) without the hash, as spreadsheet styles take them."""
        return self.fill.removeprefix("#"), self.text.removeprefix("#")


SCREEN = {
    HealthLevel.GREEN: Shades(text="#2E7D32", fill="#EDF7EE"),
    HealthLevel.AMBER: Shades(text="#9A5B00", fill="#FFF4E0"),
    HealthLevel.RED: Shades(text="#C62828", fill="#FDECEC"),
    HealthLevel.DONE: Shades(text="#546E7A", fill="#F1F3F4"),
    HealthLevel.CANCELLED: Shades(text="#616161", fill="#F5F5F5"),
}

PRINT = {  # worst first, the order the workbook's rules are written in
    HealthLevel.RED: Shades(text="#8B1A10", fill="#F4C7C3"),
    HealthLevel.AMBER: Shades(text="#7A4B00", fill="#FCE4B6"),
    HealthLevel.GREEN: Shades(text="#1E5631", fill="#D5EDD9"),
    HealthLevel.DONE: Shades(text="#3E4C59", fill="#E4E7EB"),
    HealthLevel.CANCELLED: Shades(text="#7B8794", fill="#F5F7FA"),
}
