"""Benchmarks: `python -m bench <name>`. They print figures and ratios; they are not tests."""
