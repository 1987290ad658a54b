"""The vault: originals encrypted per subject (envelope encryption), authorised reveal, erasure."""
