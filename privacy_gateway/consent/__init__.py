"""Consent registry (append-only), the pure consent decision, follow-up (回访) rules and the reuse gate."""
