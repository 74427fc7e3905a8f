"""The text stage: the raw article read into a normalized, segmented document."""
