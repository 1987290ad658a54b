"""API keys: creation (shown once), lookup by hash, role checks."""
