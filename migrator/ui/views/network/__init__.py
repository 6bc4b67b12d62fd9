"""The dependency network's pieces: the canvas and its colours, painted from the paint model the
NetworkView fills (paint_model.py)."""
