"""Publishing: citation metadata, the dataset description, releases and persistent IRIs."""
