"""The domain: pure functions and frozen dataclasses. No I/O, no clock, no frameworks."""
