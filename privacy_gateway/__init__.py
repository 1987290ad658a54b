"""privacy_gateway: PII detection/masking, consent gate and tamper-evident audit for wallet feedback."""

__version__ = "0.1.0"
