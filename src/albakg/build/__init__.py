"""The build: every stage run in order into an output folder swapped in on success."""
