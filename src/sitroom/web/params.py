"""Query parameters shared by the API and the pages, validated with clear messages."""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import HTTPException, Query

from ..records import EVENT_STATUSES, EVENT_TYPES

MAX_PER_PAGE = 200
MAX_PAGE = 100_000
DOC_ID = r"^[0-9a-fA-F]{4,16}$"      # a document id or a unique prefix of one: hex only
DOC_ID_RE = re.compile(DOC_ID)
SHORT = 200                           # longest free-text filter value accepted


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def paging(page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")] = 1,
           per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE,
                                          description="Rows per page.")] = 50) -> Paging:
    return Paging(page, per_page)


def bad_request(message: str) -> HTTPException:
    return HTTPException(status_code=422, detail=message)


def day(value: str | None, name: str) -> str | None:
    """A YYYY-MM-DD date, or a 422 saying what is wrong."""
    if value is None or value == "":
        return None
    try:
        if len(value) == 10:
            return _dt.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise bad_request(f"{name}: {value[:40]!r} is not a date; give it as YYYY-MM-DD")


def event_type(value: str | None) -> str | None:
    if not value:
        return None
    if value.upper() not in EVENT_TYPES:
        raise bad_request(f"type: {value[:40]!r} is not a PLOVER event type; choose one of "
                          + ", ".join(EVENT_TYPES))
    return value.upper()


def status(value: str | None) -> str | None:
    if not value:
        return None
    if value.lower() not in EVENT_STATUSES:
        raise bad_request(f"status: {value[:40]!r} is not a status; choose one of "
                          + ", ".join(EVENT_STATUSES))
    return value.lower()


Text = Annotated[str | None, Query(max_length=SHORT)]
Day = Annotated[str | None, Query(max_length=10, description="A date, YYYY-MM-DD.")]
