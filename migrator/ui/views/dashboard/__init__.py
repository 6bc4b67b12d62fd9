"""The dashboard's pieces: headline tiles, the go-live chart, team cards and the short lists,
each shown from the figures the DashboardView (dashboard_view.py) hands it."""
