"""Validation: SHACL over the assembled dataset, worded for curators."""
