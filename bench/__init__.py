"""Benchmark scripts (issue 9); not part of the installed package."""
