"""The plan analysis: forecast dates, float, critical path, conflicts, health, slip impact.

Pure Python on the domain's dataclasses; the service layer feeds it, the window and the
reports read its results.
"""

from migrator.analysis.engine import PlanAnalysis, analyse
from migrator.analysis.results import (
    Conflict,
    HealthLevel,
    MovedWorkstream,
    SlipImpact,
    TeamHealth,
    WorkstreamAnalysis,
)

__all__ = [
    "Conflict",
    "HealthLevel",
    "MovedWorkstream",
    "PlanAnalysis",
    "SlipImpact",
    "TeamHealth",
    "WorkstreamAnalysis",
    "analyse",
]
