"""The exception tree. Every message says what to do next.

::

    SitroomError
    ├── InputError              an input could not be read or parsed
    │   ├── UnsupportedInput    binary, unknown format, wrong encoding
    │   └── EmptyInput          nothing to read
    ├── InvalidArgument         a value given to a function is not what it must be
    ├── PipelineError           stages assembled in an impossible order
    ├── ResourceError           a model or data package is missing
    ├── StoreError              the database cannot be used
    │   ├── StoreLocked         another process holds the write lock
    │   └── SchemaTooNew        the file was written by a newer sitroom
    └── GoldFormatError         a gold annotation file is malformed
"""


class SitroomError(Exception):
    """Base class of all sitroom errors."""


class InputError(SitroomError):
    """An input could not be read or parsed."""

    def __init__(self, path: str | None, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path or '<input>'}: {reason}")


class UnsupportedInput(InputError):
    """The input is binary, in an unknown format, or not UTF-8 text."""


class EmptyInput(InputError):
    """The input holds no text."""


class InvalidArgument(SitroomError, ValueError):
    """A value given to a library function is not what it must be (the message names it)."""


class PipelineError(SitroomError):
    """Stages cannot run in the order given."""


class ResourceError(SitroomError):
    """A model or data package is missing."""


class StoreError(SitroomError):
    """The store cannot be opened or written."""


class StoreLocked(StoreError):
    """Another process is writing to the database."""


class SchemaTooNew(StoreError):
    """The database was written by a newer version of sitroom."""


class GoldFormatError(SitroomError):
    """A gold annotation file does not follow sitroom-gold/1."""
