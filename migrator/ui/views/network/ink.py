"""The network's link and lane colours, from plain links to the selection's."""

from __future__ import annotations

from migrator.analysis import HealthLevel
from migrator.ui import palette

LINK = "#A3AEBA"
CROSS_TEAM = "#3E4C59"
CHOSEN = "#1565C0"  # the selection, and the links of the current workstream
LANE_RULE = "#D5DBE1"

LINK_STYLES = (  # colour and width at 100 %, from plain to the selection's
    (LINK, 1.0),
    (CROSS_TEAM, 1.5),
    (palette.HEALTH_COLOUR[HealthLevel.RED], 2.4),
    (CHOSEN, 2.6),
)
