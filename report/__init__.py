"""Documents a person can take away: the one-page summary (PDF, HTML) and a calendar reminder."""
