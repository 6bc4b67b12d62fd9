"""Excel status reports for stakeholders who never open Migrator: plain data in, a workbook out.

Nothing here touches the database or Qt; the services gather a ``ReportContent`` and
``write_workbook`` turns it into the sheets the chosen audience reads.
"""

from migrator.reports.content import Audience, Progress, ReportContent, SnapshotInfo
from migrator.reports.workbook import write_workbook

__all__ = ["Audience", "Progress", "ReportContent", "SnapshotInfo", "write_workbook"]
