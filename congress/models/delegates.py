"""Delegates, their credentials and check-in, congress documents and comments."""

__all__ = []
