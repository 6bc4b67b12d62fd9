"""Item models: thin Qt adapters over the plan held by the document."""
