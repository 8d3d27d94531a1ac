"""Developer tooling: setup, model cache, starting and stopping the assistant."""
