"""The details pane's sections: the fields form, health, links and history, each filled by the
DetailsPane (details_pane.py), which turns what is typed into document edits."""
