"""Parity: a staging environment that mirrors production and shares nothing with it."""

__version__ = "0.1.0"
