"""Scalene Coach action server: guided session, safety screen, red flags, history."""
