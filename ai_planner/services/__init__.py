"""Use cases: plain Python, testable without Reflex."""
