"""One Presidio recognizer per module. registry.py lists the ones the engine loads."""
