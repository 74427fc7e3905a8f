"""The RDF stage: IRIs, vocabulary terms, and records rendered to triples."""
