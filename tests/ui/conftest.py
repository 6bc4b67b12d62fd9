"""Qt tests: the offscreen platform is set in the top-level conftest before Qt loads."""
