"""The timeline's pieces: chart, row labels, date header and legend, each painted from the
paint model the TimelineView fills (paint_model.py)."""
