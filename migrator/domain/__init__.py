"""The migration's vocabulary as plain Python: no Qt, no database, no spreadsheets."""
