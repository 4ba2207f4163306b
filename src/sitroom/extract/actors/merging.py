"""Document-level merging of actor drafts that are one actor under several names.

- an acronym and the name it abbreviates ("Baltic News Service" ... "BNS"; "the European
  Police Office (Europol)": a name in brackets right after another);
- spellings of one person's name ("Vladimir Medinsky", "Vladimir Medinskiy"; "Mr Kiriella"
  and "Lakshman Kiriella");
- a bare head noun and the body named before with it ("the Russian defense ministry" ...
  "the ministry");
- one country's armed forces under their generic names ("Rwandan troops", "the Rwandan
  army"), and the migrants of one story ("migrants", "Iraqi migrants").

Each function takes the extractor's drafts and moves the mentions of the absorbed draft
into the one it joins; an emptied draft is dropped when the actors are built.
"""
from __future__ import annotations

import re
from typing import Iterable

from rapidfuzz import fuzz

from ...knowledge.actorkb import name_key
from ...knowledge.countries import country_code, demonym_code

HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "mme", "m"}
_CONNECTIVES = {"of", "for", "the", "and", "on", "in", "de", "la", "du", "des", "del", "to", "&"}
# Generic names of a country's armed forces: one actor per country in a report.
MILITARY_HEADS = {"army", "troops", "forces", "force", "soldiers", "military", "armed forces"}
# Names of people on the move: "migrants" and "Iraqi refugees" are one story's migrants.
MOVER_WORDS = {"migrants", "migrant", "refugees", "refugee", "immigrants", "immigrant",
               "returnees", "seekers", "asylum-seekers"}
REBEL_HEADS = {"rebels", "insurgents", "militants", "fighters", "guerrillas", "militiamen"}
# Plain names of a bare body noun that refers back ("the ministry said").
BARE_HEADS = {"ministry", "agency", "department", "company", "organization", "organisation",
              "charity", "group", "party", "office", "council", "committee", "commission",
              "service", "airline", "court", "parliament", "government"}


def absorb(dst, src) -> None:
    """Move every mention and attribute of draft ``src`` into ``dst``."""
    dst.spans |= src.spans
    dst.forms += src.forms
    dst.names += [n for n in src.names if n not in dst.names]
    for t in src.toks if not dst.toks else ():
        dst.toks.append(t)
    if not dst.countries:                  # what the fuller name says comes first
        dst.countries.update(src.countries)
    if not dst.sectors:
        dst.sectors.update(src.sectors)
    dst.roles += [r for r in src.roles if r not in dst.roles]
    dst.agentive = dst.agentive or src.agentive
    src.forms, src.spans, src.names = [], set(), []


def _live(drafts: Iterable) -> list:
    return [d for d in drafts if d.forms]


def _label(d) -> str:
    return d.name or (min(d.forms)[1] if d.forms else "")


def initials(name: str, keep_connectives: bool) -> str:
    words = re.findall(r"[A-Za-z][\w’'-]*", name)
    return "".join(w[0].upper() for w in words
                   if keep_connectives or w.lower() not in _CONNECTIVES)


def _is_acronym(text: str) -> bool:
    t = text.replace(".", "")
    return 2 <= len(t) <= 6 and t.isalpha() and sum(c.isupper() for c in t) >= max(2, len(t) - 1)


def merge_acronyms(drafts: Iterable, text: str) -> None:
    """An acronym joins the body whose initials it spells, or the one named just before
    it in brackets."""
    orgs = [d for d in _live(drafts) if d.kind in ("organization", "group")]
    for a in orgs:
        forms = {f for _, f in a.forms}
        if not a.forms:
            continue
        short = [f for f in forms if _is_acronym(f)]
        bracketed = []
        for s, e in a.spans:
            if text[max(0, s - 2):s].strip().endswith("(") and text[e:e + 1] == ")":
                bracketed.append(s)
        for b in orgs:
            if b is a or not b.forms or a.kind != "organization" and b.kind != "organization":
                continue
            hit = False
            for f in short:
                ac = f.replace(".", "").upper()
                if any(len(n.split()) >= 2 and ac in (initials(n, False), initials(n, True))
                       for _, n in b.forms):
                    hit = True
            for s in bracketed:
                if any(0 < s - e <= 2 for _, e in b.spans):
                    hit = True
            if hit and len(_label(b)) >= len(_label(a)):
                absorb(b, a)
                break


def _person_words(name: str) -> list[str]:
    words = [w for w in name_key(name).split() if w]
    while words and words[0].rstrip(".") in HONORIFICS:
        words = words[1:]
    return words


def merge_person_variants(persons: Iterable) -> None:
    """One person's name written two ways, or with an honorific."""
    ps = [p for p in _live(persons) if p.kind == "person" and p.names]
    for i, a in enumerate(ps):
        if not a.forms:
            continue
        wa = max((_person_words(n) for n in a.names), key=len, default=[])
        if not wa:
            continue
        for b in ps[i + 1:]:
            if not b.forms:
                continue
            wb = max((_person_words(n) for n in b.names), key=len, default=[])
            if not wb:
                continue
            same = False
            if len(wa) >= 2 and len(wb) >= 2:
                same = wa[0] == wb[0] and wa[-1] != wb[-1] and \
                    fuzz.ratio(wa[-1], wb[-1]) >= 85 and len(wa) == len(wb)
            elif len(wa) == 1 or len(wb) == 1:
                one, full = (wa, wb) if len(wa) == 1 else (wb, wa)
                same = len(one[0]) >= 4 and one[0] == full[-1]
            if same and (not a.country or not b.country or a.country == b.country):
                dst, src = (a, b) if len(wa) >= len(wb) else (b, a)
                absorb(dst, src)
                if src is a:
                    break


def merge_bare_heads(drafts: Iterable) -> None:
    """"The ministry" joins the nearest body named before whose name ends in that noun."""
    live = _live(drafts)
    for a in live:
        if a.kind not in ("organization", "group") or not a.forms:
            continue
        words = {name_key(f) for _, f in a.forms}
        if len(words) != 1:
            continue
        w = next(iter(words))
        if w not in BARE_HEADS:
            continue
        first = min(s for s, _ in a.spans) if a.spans else None
        if first is None:
            continue
        cands = [b for b in live if b is not a and b.forms and b.kind in ("organization", "country")
                 and b.spans and min(s for s, _ in b.spans) < first
                 and any(name_key(f).split()[-1:] == [w] and len(name_key(f).split()) > 1
                         for _, f in b.forms)]
        if cands:
            b = max(cands, key=lambda x: max(s for s, _ in x.spans if s < first))
            absorb(b, a)


def _generic(d, heads: set) -> bool:
    return all(name_key(f).split()[-1:] and (name_key(f) in heads or " ".join(
        name_key(f).split()[-2:]) in heads or name_key(f).split()[-1] in heads) for _, f in d.forms)


def merge_forces(drafts: Iterable) -> None:
    """A country's troops, army and forces under generic names: one actor."""
    mil = [d for d in _live(drafts) if d.kind in ("group", "organization") and d.country
           and d.sectors.get("MIL") and _generic(d, MILITARY_HEADS)]
    seen: dict[str, object] = {}
    for d in sorted(mil, key=lambda x: min((s for s, _ in x.spans), default=1 << 30)):
        first = seen.get(d.country)
        if first is None:
            seen[d.country] = d
        else:
            absorb(first, d)


def merge_unplaced(drafts: Iterable) -> None:
    """"The police" with no country and "the Hong Kong police": one body when the text
    names that collective for a single country."""
    groups = [d for d in _live(drafts) if d.key[0] == "group" and len(d.key) == 3]
    by_name: dict[str, list] = {}
    for d in groups:
        by_name.setdefault(d.key[1], []).append(d)
    for same in by_name.values():
        placed = [d for d in same if d.key[2]]
        if len({d.key[2] for d in placed}) != 1:
            continue
        for d in same:
            if not d.key[2] and d.forms:
                absorb(placed[0], d)


def _unowned(name: str, code: str) -> str:
    """A collective's name without the country in front ("EU foreign ministers" -> "foreign
    ministers", also "European Union foreign ministers")."""
    words = name.split()
    for k in (3, 2, 1):
        if len(words) > k:
            front = " ".join(words[:k])
            if country_code(front) == code or (k == 1 and demonym_code(front) == code):
                return " ".join(words[k:])
    return name


def merge_owned_spellings(drafts: Iterable) -> None:
    """"European Union foreign ministers" and "EU foreign ministers": one collective of one
    country, its country spelled two ways."""
    seen: dict[tuple, object] = {}
    groups = [d for d in _live(drafts) if d.key[0] == "group" and len(d.key) == 3 and d.key[2]]
    groups.sort(key=lambda x: min((s for s, _ in x.spans), default=1 << 30))
    for d in groups:
        k = (d.key[2], name_key(_unowned(_label(d), d.key[2])))
        if k in seen:
            absorb(seen[k], d)
        else:
            seen[k] = d


def merge_rebels(drafts: Iterable) -> None:
    """"The rebels", "the insurgents", "the militants" of one report: one armed group."""
    reb = [d for d in _live(drafts) if d.kind == "group" and d.sectors.get("REB")
           and _generic(d, REBEL_HEADS)]
    reb.sort(key=lambda x: min((s for s, _ in x.spans), default=1 << 30))
    for d in reb[1:]:
        if not d.country or not reb[0].country or d.country == reb[0].country:
            absorb(reb[0], d)


def merge_movers(drafts: Iterable) -> None:
    """The migrants or refugees of one report: one group, whatever their origin."""
    ref = [d for d in _live(drafts) if d.kind == "group" and d.sectors
           and d.sectors.most_common(1)[0][0] == "REF"
           and any(name_key(f).split()[-1:] and name_key(f).split()[-1] in MOVER_WORDS
                   for _, f in d.forms)]
    if len(ref) < 2:
        return
    ref.sort(key=lambda x: min((s for s, _ in x.spans), default=1 << 30))
    for d in ref[1:]:
        absorb(ref[0], d)


def merge_contained_names(drafts: Iterable) -> None:
    """"The Treasury Department" and "the US Treasury Department": a body's shorter name is
    its longer one without the qualifier in front."""
    orgs = [d for d in _live(drafts) if d.kind == "organization"]
    for a in orgs:
        if not a.forms:
            continue
        wa = [w for w in name_key(_label(a)).split() if w not in _CONNECTIVES]
        if len(wa) < 1 or (len(wa) == 1 and len(wa[0]) < 4):
            continue
        fits = []
        for b in orgs:
            if b is a or not b.forms:
                continue
            for _, f in b.forms:
                wb = [w for w in name_key(f).split() if w not in _CONNECTIVES]
                if len(wb) > len(wa) and wb[-len(wa):] == wa:
                    fits.append(b)
                    break
        if len(fits) == 1 and (not a.country or not fits[0].country or a.country == fits[0].country):
            absorb(fits[0], a)


def merge_governments(drafts: Iterable) -> None:
    """A bare "the government" that no country owned yet: the government of the country
    the text is most about (the country actor with most mentions as an agent)."""
    live = _live(drafts)
    countries = [d for d in live if d.kind == "country" and d.agentive and d.spans]
    if not countries:
        return
    top = sorted(countries, key=lambda d: len(d.spans), reverse=True)
    if len(top) > 1 and len(top[0].spans) == len(top[1].spans):
        return
    for d in live:
        if d.kind == "group" and not d.country and d.forms and d.sectors.get("GOV") and all(
                name_key(f) == "government" for _, f in d.forms):
            absorb(top[0], d)


def merge_all(drafts: list, text: str) -> None:
    merge_acronyms(drafts, text)
    merge_contained_names(drafts)
    merge_governments(drafts)
    merge_person_variants(drafts)
    merge_bare_heads(drafts)
    merge_unplaced(drafts)
    merge_owned_spellings(drafts)
    merge_forces(drafts)
    merge_rebels(drafts)
    merge_movers(drafts)
