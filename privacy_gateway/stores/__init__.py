"""Feedback stores in front of which the gateway sits: destinations, routing, the transactional outbox and
its dispatcher, broker ingestion, and scan/backfill of stores that predate the gateway (docs/stores.md)."""
