"""Reading bytes within bounds: regular files only, never past a size, gzip bombs stopped."""
from __future__ import annotations

import gzip
import io
import os
import stat
import zlib
from typing import IO

from ..errors import InputError
from ..limits import Limits, size

CHUNK = 1 << 16


class TooLarge(InputError):
    """An input is larger than a configured bound."""


def display_name(path: str | os.PathLike) -> str:
    """The path as text that can be printed and stored: bytes that are not UTF-8 in a file
    name (kept by Python as surrogates) are shown as ``\\xe9`` escapes."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", errors="backslashreplace")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def read_regular(path: str | os.PathLike, name: str, limits: Limits) -> bytes:
    """The bytes of a regular file of at most ``limits.max_bytes`` (symlinks followed).

    FIFOs, devices and sockets are refused without blocking on them.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(name, "no such file or folder") from None
    except OSError as exc:
        raise InputError(name, f"cannot read it: {exc.strerror or exc}") from None
    except ValueError:
        raise InputError(name, "not a usable file name (it holds a NUL character)") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(name, f"{_kind(st.st_mode)}, not a file; only regular files are read")
    if st.st_size > limits.max_bytes:
        raise TooLarge(name, f"{size(st.st_size)}, more than the {size(limits.max_bytes)} "
                             "a file may have (raise it with --max-bytes)")
    try:
        # O_NONBLOCK: should the file have been swapped for a FIFO since the check, opening
        # it does not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except PermissionError:
        raise InputError(name, "cannot read it: permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot read it: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise InputError(name, "not a regular file; only regular files are read")
        try:
            return read_stream(f, name, limits)
        except OSError as exc:
            raise InputError(name, f"cannot read it: {exc.strerror or exc}") from None


def read_stream(stream: IO[bytes], name: str, limits: Limits) -> bytes:
    """At most ``limits.max_bytes`` bytes of a stream; more is a :class:`TooLarge`."""
    buf = io.BytesIO()
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            return buf.getvalue()
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8", errors="surrogateescape")
        buf.write(chunk)
        if buf.tell() > limits.max_bytes:
            raise TooLarge(name, f"more than the {size(limits.max_bytes)} an input may have "
                                 "(raise it with --max-bytes)")


def gunzip(data: bytes, name: str, limits: Limits) -> bytes:
    """The unpacked bytes of a gzip file, stopped as soon as they pass
    ``limits.max_unpacked`` or ``limits.max_ratio`` times the packed size."""
    cap = min(limits.max_unpacked, max(len(data), 1) * limits.max_ratio)
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
            while chunk := gz.read(CHUNK):
                out.write(chunk)
                if out.tell() > cap:
                    if cap == limits.max_unpacked:
                        why = f"more than the {size(cap)} a .gz file may unpack to (--max-unpacked)"
                    else:
                        why = (f"unpacks to more than {limits.max_ratio} times its size "
                               "(a gzip bomb?)")
                    raise TooLarge(name, why)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(name, f"not a readable gzip file ({exc})") from None
    return out.getvalue()
