"""Where things go in the window's pictures of the plan: plain geometry, no Qt, tested on its own."""
