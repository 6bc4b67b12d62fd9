"""The plan analysis: forecast dates, float, critical path, conflicts, health, slip impact.

Pure Python on the domain's dataclasses; the service layer feeds it, the window and the
reports read its results.
"""

from migrator.analysis.engine import PlanAnalysis, analyse
from migrator.analysis.results import (
    Conflict,
    DecisionImpact,
    HealthLevel,
    MovedWorkstream,
    RaidReason,
    SlipImpact,
    TeamHealth,
    WorkstreamAnalysis,
)

__all__ = [
    "Conflict",
    "DecisionImpact",
    "HealthLevel",
    "MovedWorkstream",
    "PlanAnalysis",
    "RaidReason",
    "SlipImpact",
    "TeamHealth",
    "WorkstreamAnalysis",
    "analyse",
]
