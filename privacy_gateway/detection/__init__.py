"""Chinese (and mixed Chinese/English) PII detection on Presidio."""
