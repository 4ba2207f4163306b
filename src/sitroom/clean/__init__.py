"""Cleaning: boilerplate, credits and embedded social posts."""
