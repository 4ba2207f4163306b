"""An ACLED-like event table: one row per merged happening that ACLED's categories cover.

ACLED records political violence, demonstrations and some non-violent strategic
developments that took place. So a row is written for each merged event that
*occurred* (not planned, not denied) and whose PLOVER type and mode map to an ACLED
event type; diplomacy, statements, aid and sanctions (CONSULT, SUPPORT, CONCEDE,
REQUEST, ACCUSE, REJECT, THREATEN, COOPERATE, AID, SANCTION) are not ACLED events and
are left out.

Mapping (PLOVER type, mode -> event_type / sub_event_type):

- ASSAULT aerial, drone -> Explosions/Remote violence / Air/drone strike
- ASSAULT heavy-weapons -> Explosions/Remote violence / Shelling/artillery/missile attack
- ASSAULT explosives -> Explosions/Remote violence / Remote explosive/landmine/IED
- ASSAULT suicide-attack -> Explosions/Remote violence / Suicide bomb
- ASSAULT unconventional -> Explosions/Remote violence / Chemical weapon
- ASSAULT abduct -> Violence against civilians / Abduction/forced disappearance
- ASSAULT sexual -> Violence against civilians / Sexual violence
- ASSAULT crowd-control -> Protests / Excessive force against protesters
- ASSAULT destroy -> Strategic developments / Looting/property destruction
- ASSAULT, any other mode or none, by the sectors of the two sides (armed: MIL, REB):
  armed against armed -> Battles / Armed clash; armed against others -> Violence
  against civilians / Attack; unarmed or unknown attackers -> Riots / Mob violence
- PROTEST riot, vandalize -> Riots / Violent demonstration
- PROTEST any other mode or none -> Protests / Peaceful protest
- COERCE arrest -> Strategic developments / Arrests
- COERCE seize -> Strategic developments / Looting/property destruction
- COERCE any other mode or none -> Strategic developments / Other
- MOBILIZE -> Strategic developments / Other
- RETREAT withdraw -> Strategic developments / Non-violent transfer of territory
- RETREAT ceasefire, release -> Strategic developments / Agreement
- RETREAT any other mode or none -> Strategic developments / Other
- AGREE -> Strategic developments / Agreement

Columns: event_id_cnty (the merged event's id), event_date (YYYY-MM-DD), year,
time_precision (1: the reports give the day; 2: undated, the first report's day; 3: only
the month or year is known, its first day), event_type, sub_event_type, actor1 and
assoc_actor_1 (the first source actor, the others joined by "; "), actor2 and
assoc_actor_2 (the same for targets), country (name), iso (ISO 3166 numeric), admin1
(the first-level division, found from the coordinates), location (the place), latitude,
longitude, geo_precision (1: a town, village or site; 2: another named feature; 3: a
region or country), source (the outlets, "; "), notes (the evidence sentence of the
first report), fatalities and fatalities_claimed_by, then plover_type, plover_mode and
status.

Fatalities come from the ``dead`` figure series: a dead-figure point told in the
sentence of one of the event's reports, or in one of its documents with the event's
day and place. When several claims fit, the lowest is used (ACLED keeps the most
conservative estimate) and its claimant (else its outlet) is named; with none, 0.
"""
from __future__ import annotations

from typing import Any

from .columns import FLOAT, INT, STR
from .gdelt import countries as _countries
from .gdelt import date_parts

COLUMNS: dict[str, str] = {
    "event_id_cnty": STR, "event_date": STR, "year": INT, "time_precision": INT,
    "event_type": STR, "sub_event_type": STR, "actor1": STR, "assoc_actor_1": STR,
    "actor2": STR, "assoc_actor_2": STR, "country": STR, "iso": INT, "admin1": STR,
    "location": STR, "latitude": FLOAT, "longitude": FLOAT, "geo_precision": INT,
    "source": STR, "notes": STR, "fatalities": INT, "fatalities_claimed_by": STR,
    "plover_type": STR, "plover_mode": STR, "status": STR,
}

BATTLES, REMOTE, VAC = "Battles", "Explosions/Remote violence", "Violence against civilians"
PROTESTS, RIOTS, STRATEGIC = "Protests", "Riots", "Strategic developments"

# (PLOVER type, mode) -> (event_type, sub_event_type); mode None is the type's default.
MAPPING: dict[tuple[str, str | None], tuple[str, str]] = {
    ("ASSAULT", "aerial"): (REMOTE, "Air/drone strike"),
    ("ASSAULT", "drone"): (REMOTE, "Air/drone strike"),
    ("ASSAULT", "heavy-weapons"): (REMOTE, "Shelling/artillery/missile attack"),
    ("ASSAULT", "explosives"): (REMOTE, "Remote explosive/landmine/IED"),
    ("ASSAULT", "suicide-attack"): (REMOTE, "Suicide bomb"),
    ("ASSAULT", "unconventional"): (REMOTE, "Chemical weapon"),
    ("ASSAULT", "abduct"): (VAC, "Abduction/forced disappearance"),
    ("ASSAULT", "sexual"): (VAC, "Sexual violence"),
    ("ASSAULT", "crowd-control"): (PROTESTS, "Excessive force against protesters"),
    ("ASSAULT", "destroy"): (STRATEGIC, "Looting/property destruction"),
    ("PROTEST", "riot"): (RIOTS, "Violent demonstration"),
    ("PROTEST", "vandalize"): (RIOTS, "Violent demonstration"),
    ("PROTEST", None): (PROTESTS, "Peaceful protest"),
    ("COERCE", "arrest"): (STRATEGIC, "Arrests"),
    ("COERCE", "seize"): (STRATEGIC, "Looting/property destruction"),
    ("COERCE", None): (STRATEGIC, "Other"),
    ("MOBILIZE", None): (STRATEGIC, "Other"),
    ("RETREAT", "withdraw"): (STRATEGIC, "Non-violent transfer of territory"),
    ("RETREAT", "ceasefire"): (STRATEGIC, "Agreement"),
    ("RETREAT", "release"): (STRATEGIC, "Agreement"),
    ("RETREAT", None): (STRATEGIC, "Other"),
    ("AGREE", None): (STRATEGIC, "Agreement"),
}
ARMED = frozenset({"MIL", "REB"})
LOCAL_FEATURES = frozenset({"city", "town", "village", "crossing", "site", "camp"})
WIDE_FEATURES = frozenset({"country", "region", "division", "admin1", "admin2", "continent"})


def acled_type(event_type: str, mode: str | None, source_sectors=(),
               target_sectors=()) -> tuple[str, str] | None:
    """(event_type, sub_event_type) of a PLOVER type and mode; None when ACLED has none."""
    if (event_type, mode) in MAPPING:
        return MAPPING[(event_type, mode)]
    if event_type == "ASSAULT":
        src_armed = bool(ARMED.intersection(source_sectors))
        tgt_armed = bool(ARMED.intersection(target_sectors))
        if src_armed and tgt_armed:
            return BATTLES, "Armed clash"
        if src_armed:
            return VAC, "Attack"
        return RIOTS, "Mob violence"
    return MAPPING.get((event_type, None))


def event_day(date: str | None, first_reported: str | None) -> tuple[str | None, int | None]:
    """(YYYY-MM-DD, ACLED time_precision) of a merged event."""
    day, month, year = date_parts(date)
    if day:
        return date[:10], 1
    if month or year:
        reported = (first_reported or "")[:10]
        if len(reported) == 10 and reported.startswith(date[:7]):
            return reported, 3
        return (date[:7] + "-01") if month else (date[:4] + "-01-01"), 3
    return ((first_reported or "")[:10] or None), (2 if first_reported else None)


def admin1_name(lat: float | None, lon: float | None, country: str | None) -> str | None:
    """The first-level division at a point (from the GeoNames towns nearest to it)."""
    if lat is None or lon is None:
        return None
    import reverse_geocoder
    hit = reverse_geocoder.search([(lat, lon)], mode=1, verbose=False)[0]
    if country and hit.get("cc") != country:
        return None
    return hit.get("admin1") or None


def geo_precision(feature: str | None) -> int | None:
    if feature is None:
        return None
    if feature in LOCAL_FEATURES:
        return 1
    return 3 if feature in WIDE_FEATURES else 2


def _place_features(place_rows) -> dict[tuple[str, str], str]:
    return {(r["doc_id"], r["name"]): r["feature"] for r in place_rows}


def fatalities(event, series, documents) -> tuple[int, str | None]:
    """Deaths told about the event, and who claims them (see the module docstring)."""
    docs = {m.doc_id for m in event.mentions}
    spans = [(m.doc_id, m.start, m.end) for m in event.mentions]
    day = (event.date or "")[:10] if len((event.date or "")) >= 10 else None
    fits = []
    for s in series:
        if s.category != "dead":
            continue
        for p in s.points:
            if p.doc_id not in docs:
                continue
            told_here = any(d == p.doc_id and a <= p.start < b for d, a, b in spans)
            same_day_place = (day is not None and (p.date or "")[:10] == day
                              and s.place is not None and s.place == event.place)
            value = p.value if p.value is not None else p.low
            if (told_here or same_day_place) and value is not None:
                fits.append((value, p))
    if not fits:
        return 0, None
    value, p = min(fits, key=lambda vp: (vp[0], vp[1].doc_id, vp[1].start))
    info = documents.get(p.doc_id)
    return int(value), p.claimed_by or p.outlet or (info.outlet if info else None)


def acled_rows(sit, place_rows) -> list[dict[str, Any]]:
    """The ACLED-like table of a situation; ``place_rows`` are ``store.rows("places")``
    (for the kind of place: town, region, country)."""
    actors = {a.id: a for a in sit.actors}
    features = _place_features(place_rows)
    countries = _countries()
    out = []
    for e in sit.events:
        if e.status != "occurred":
            continue
        src = [actors[g] for g in e.source if g in actors]
        tgt = [actors[g] for g in e.target if g in actors]
        kind = acled_type(e.type, e.mode, [a.sector for a in src], [a.sector for a in tgt])
        if kind is None:
            continue
        date, precision = event_day(e.date, e.first_reported)
        feature = next((features[(m.doc_id, e.place)] for m in e.mentions
                        if (m.doc_id, e.place) in features), None) if e.place else None
        precise = geo_precision(feature)
        country = countries.get(e.country or "", {})
        dead, claimant = fatalities(e, sit.series, sit.documents)
        out.append({
            "event_id_cnty": e.id, "event_date": date, "year": int(date[:4]) if date else None,
            "time_precision": precision, "event_type": kind[0], "sub_event_type": kind[1],
            "actor1": src[0].name if src else None,
            "assoc_actor_1": "; ".join(a.name for a in src[1:]) or None,
            "actor2": tgt[0].name if tgt else None,
            "assoc_actor_2": "; ".join(a.name for a in tgt[1:]) or None,
            "country": country.get("name"), "iso": country.get("isonumeric"),
            "admin1": (admin1_name(e.lat, e.lon, e.country)
                       if precise in (1, 2) else None),
            "location": e.place, "latitude": e.lat, "longitude": e.lon,
            "geo_precision": precise if e.place else None,
            "source": "; ".join(e.outlets) or None,
            "notes": e.mentions[0].sentence if e.mentions else None,
            "fatalities": dead, "fatalities_claimed_by": claimant,
            "plover_type": e.type, "plover_mode": e.mode, "status": e.status,
        })
    return out
