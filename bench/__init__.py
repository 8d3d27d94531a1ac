"""Benchmarks: numbers for the README, measured on this machine."""
