"""Panes and editors the main window is built from."""
