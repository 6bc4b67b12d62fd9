"""The pictures of the plan beside the table: timeline, dependency network and dashboard."""
