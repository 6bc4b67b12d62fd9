"""Dialogs of the window: each asks for one thing and hands it to the document."""
