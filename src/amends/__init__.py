"""amends: a private, local-first companion for the weeks after a breakup."""

__version__ = "0.1.0"
