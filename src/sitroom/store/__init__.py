"""The store: documents and every extracted layer in SQLite, with export and full-text search."""
from .export import FORMATS, export, write_rows
from .schema import SCHEMA_VERSION
from .sqlite import AddResult, DocumentNotFound, SQLiteStore

__all__ = ["SQLiteStore", "AddResult", "DocumentNotFound", "SCHEMA_VERSION", "export",
           "write_rows", "FORMATS"]
