"""Syncing a local library with its team library."""
