"""How the command line reports errors: one line on stderr and an exit code, never a
traceback (unless ``--debug`` asks for it).

Exit codes: 0 done, 1 some inputs failed (the command says which), 2 the command could
not run: a bad option, an unusable database, output that cannot be written, or an
unexpected error (which names the command and asks for a bug report).
"""
from __future__ import annotations

import errno
import logging
import os
import sqlite3
import sys
import traceback
from typing import Any, Callable

import click

from .errors import SitroomError

EXIT_FAILED_INPUTS = 1
EXIT_CANNOT_RUN = 2


class CommandError(click.ClickException):
    """An error shown as one line on stderr, exit code 2."""
    exit_code = EXIT_CANNOT_RUN

    def format_message(self) -> str:
        return self.message


def _debug(ctx: click.Context) -> bool:
    return bool(ctx.params.get("debug")) or bool(os.environ.get("SITROOM_DEBUG"))


def _silence_stdout() -> None:
    # Output that cannot be written must not fail again when Python flushes it at exit.
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError, AttributeError):
        pass


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def run_guarded(call: Callable[[], Any], ctx: click.Context) -> Any:
    """Run a command: errors become one line on stderr and exit code 2."""
    debug = _debug(ctx)
    if debug:
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
        logging.getLogger("sitroom").setLevel(logging.DEBUG)
    try:
        result = call()
        sys.stdout.flush()
        return result
    except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()
            raise
        except OSError as exc:
            _silence_stdout()
            raise CommandError(f"cannot write the output: {exc.strerror or exc}") from exc
        raise
    except SitroomError as exc:
        if debug:
            traceback.print_exc()
        raise CommandError(_one_line(exc)) from exc
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        _silence_stdout()       # the reader (head, less) has gone: nothing to say
        sys.exit(EXIT_CANNOT_RUN)
    except OSError as exc:
        if _is_output(exc):
            _silence_stdout()
            raise CommandError(f"cannot write the output: {exc.strerror or exc}") from exc
        if debug:
            traceback.print_exc()
        where = f" ({exc.filename})" if exc.filename else ""
        raise CommandError(f"{_name(ctx)}: {exc.strerror or exc}{where}") from exc
    except sqlite3.Error as exc:
        if debug:
            traceback.print_exc()
        raise CommandError(f"{_name(ctx)}: the database cannot be used ({_one_line(exc)}); "
                           "pass --db with another file") from exc
    except Exception as exc:
        if debug:
            traceback.print_exc()
        args = " ".join(sys.argv[1:])
        raise CommandError(
            f"unexpected error in `sitroom {args}`: {type(exc).__name__}: {_one_line(exc)}. "
            "This is a bug in sitroom; please report it with this line"
            + ("" if debug else " and the traceback that --debug shows")) from exc


def _name(ctx: click.Context) -> str:
    sub = ctx.invoked_subcommand
    return f"sitroom {sub}" if sub else "sitroom"


def _is_output(exc: OSError) -> bool:
    """Whether ``exc`` came from writing standard output (full disk, closed pipe): no file
    is named (errors on named files are raised with their name), and the error is one
    that writing gives."""
    return exc.filename is None and (exc.errno in _WRITE_ERRNOS or _stdout_broken())


_WRITE_ERRNOS = {errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EFBIG, errno.EDQUOT, errno.EBADF}


def _stdout_broken() -> bool:
    try:
        sys.stdout.flush()
        return False
    except (OSError, ValueError):
        return True
