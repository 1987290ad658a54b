"""The ingest use-case: validate -> detect -> mask -> vault -> store -> audit, in one transaction."""
