"""Reading migration plans exported from MS Project, GanttProject, Jira or Smartsheet.

``readers`` turns a CSV or .xlsx file into positioned cells; ``plan`` understands them.
"""
