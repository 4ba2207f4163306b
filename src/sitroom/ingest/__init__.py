"""Readers that turn files, folders, JSON Lines, feeds and stdin into Documents."""
