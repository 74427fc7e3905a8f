"""Export: deterministic serializations of the dataset."""
