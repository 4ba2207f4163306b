"""The store: documents and every extracted layer in SQLite or PostgreSQL, with export and
full-text search. :func:`open_store` chooses the backend from the ``--db`` value."""
from __future__ import annotations

from pathlib import Path

from .export import FORMATS, export, write_rows
from .postgres import PostgresStore, is_postgres_url
from . import pgschema, schema
from .schema import SCHEMA_VERSION
from .base import AddResult, DocumentNotFound
from .sqlite import SQLiteStore

Store = SQLiteStore | PostgresStore


def store_for(url_or_path: str | Path, **kwargs) -> Store:
    """A store (not yet open) for a ``postgresql://`` URL or an SQLite file path."""
    if is_postgres_url(url_or_path):
        return PostgresStore(str(url_or_path), **kwargs)
    return SQLiteStore(url_or_path, **kwargs)


def open_store(url_or_path: str | Path, *, create: bool = True, **kwargs) -> Store:
    """An open store for a ``postgresql://`` URL or an SQLite file path; with
    ``create=False`` a missing database is an error."""
    return store_for(url_or_path, create=create, **kwargs).open()


__all__ = ["SQLiteStore", "PostgresStore", "Store", "AddResult", "DocumentNotFound",
           "SCHEMA_VERSION", "export", "write_rows", "FORMATS", "open_store", "store_for",
           "is_postgres_url"]
