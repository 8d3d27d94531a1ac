"""The project's own spaCy pipeline: entity patterns, builder and safety-signal detection."""
