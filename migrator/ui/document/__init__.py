"""The plan document: the window's only door to the plan file.

``plan_document`` opens the file, keeps the plan in memory (``plan_in_memory``), runs the analysis
and watches for changes made elsewhere (``outside_changes``); ``plan_edits`` writes and patches in
one call; the undo ``commands`` hold ids and values and call only those edits."""
