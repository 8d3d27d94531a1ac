"""Rasa custom input channels (listed in credentials.yml by their dotted class path)."""
