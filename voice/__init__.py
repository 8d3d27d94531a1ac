"""The voice-guided session: a local program that speaks the bot and listens for commands."""
