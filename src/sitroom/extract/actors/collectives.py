"""Collectives for the actor extractor: groups, spokespeople, and the country a text is about.

Unnamed collectives come from the group lexicon (``data/groups.tsv``) and demonym plurals.
A government noun with a country ("the Belarusian authorities") is its country; an
acting "officials" likewise, but officials as targets ("sanctions against Belarusian
officials") and premodified bodies ("EU ambassadors", "border officials") are groups
of their own. An unnamed spokesperson ("a border guard spokeswoman") is a person of
the body they speak for. A national collective without a country ("the soldiers") is
of the country named with it before, else of the country the paragraph is about.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter

from ...knowledge.actorkb import name_key
from .persons import HEAD_ROLES, demonym_is_people, distance_back, surface_form
from ..quotes.marks import quote_spans
from .participation import mention_role

# Parts a collective of the "acting" kind must play to be an actor: act, undergo, speak,
# or be a party ("clashes between police and protesters").
CORE_ROLES = frozenset({"agent", "patient", "source", "possessor", "relation"})

IGO_CODES = {"EU": "European Union", "UN": "United Nations", "NATO": "NATO"}
ACTING_DEPS = {"nsubj", "nsubjpass", "agent", "csubj"}
# Modifiers that say where people belong, not whose a collective is ("their home countries").
RELATIONAL_MODS = {"home", "origin", "transit", "destination", "other"}
GOV_NOUNS = {"government", "state", "regime", "administration", "cabinet", "kremlin"}


def _climb(tok):
    """The first conjunct of a coordination (its dependency stands for all conjuncts)."""
    seen = 0
    while tok.dep_ == "conj" and tok.head is not tok and seen < 10:
        tok, seen = tok.head, seen + 1
    return tok


class CollectiveSteps:
    """Mixin of the actor extractor for groups, spokespeople and salience."""

    # -- 6. groups ------------------------------------------------------------------
    def groups(self) -> None:
        for t in self.toks:
            if self.claimed[t.i] or t.pos_ not in ("NOUN", "PROPN"):
                continue
            g, i = None, t.i
            prev = self.toks[t.i - 1] if t.i > 0 else None
            if prev is not None and not self.claimed[prev.i] and prev.is_alpha:
                g = self.kb.group(f"{prev.lower_} {t.lower_}")
                i = prev.i if g else t.i
            if g is None:
                g = self.kb.group(t.lower_) or (self.kb.group(t.lemma_.lower()) if t.tag_ == "NNS" else None)
            if g is None and t.tag_ == "NNS" and t.pos_ == "NOUN" and t.is_lower:
                g = self.kb.collective(t.lower_)       # the Phoenix agents: "lawmakers", "students"
            if g is None:
                if demonym_is_people(t.text) and self.tok_country[t.i] \
                        and t.dep_ not in ("compound", "amod"):
                    a = self.acc("group", ("people", self.tok_country[t.i]), name=t.text)
                    a.countries[self.tok_country[t.i]] += 1
                    a.sectors["CVL"] += 1
                    self.add_span(a, t.i, t.i + 1)
                continue
            if t.dep_ in ("compound", "amod") and name_key(t.head.text) not in self.kb.role_words:
                continue                      # "migrant camp": a modifier, not a mention
            pre = self._premods(t)
            if "premod" in g.flags and not pre:
                continue
            if "proper" in g.flags and not (t.text[:1].isupper()
                                            and (prev is None or prev.lower_ == "the")):
                continue
            own = False                   # a collective of its own rather than its government
            if "acting" in g.flags and "gov" in g.flags and not self._acts(t):
                if not pre:
                    continue
                own = True
            elif "acting" in g.flags and mention_role(t, "group", self._person_noun) not in CORE_ROLES:
                continue           # "pressure from European diplomats": no part of its own
            mods = [m for m in self.left_mods(t) if self.tok_country[m.i]]
            code = self.tok_country[mods[0].i] if mods else None
            owner = next((m for m in self.left_mods(t) if m.dep_ == "poss" and m.i in self.person_at), None)
            if owner is not None and g.kind == "organization":      # "Lukashenko's press office"
                first = min((k for k, p in self.person_at.items() if p is self.person_at[owner.i]
                             and k <= owner.i and k >= owner.i - 4), default=owner.i)
                mods = [self.toks[first]]
                code = self.person_at[owner.i].country
            free = [m for m in mods if not self.claimed[m.i]]     # "Iraq's" stays Iraq's mention
            i = min(i, free[0].i) if free else i
            j = t.i + 1
            if t.dep_ == "compound" and not self._spokes(t.head):
                j = t.head.i + 1                   # "police officers"
            if own or ("premod" in g.flags and "gov" not in g.flags):
                # "Belarusian officials" as a target, "EU foreign ministers", "border officials"
                i = min(i, pre[0].i)
                code = code or next((self.tok_country[m.i] for m in pre if self.tok_country[m.i]),
                                    None) or (self.salient_country(t.idx) if own else None)
                name = surface_form(self.span_text(i, t.i + 1)[2])
                a = self.acc(g.kind, ("group", name_key(name), code), name=name)
                if code:
                    a.countries[code] += 1
                mods = []
            elif "gov" in g.flags:
                if pre and not any(self.tok_country[m.i] or m.pos_ == "PROPN" or m.i in self.person_at
                                   for m in pre):
                    continue               # "the sanctions regime", "a border regime"
                code = code or self.salient_country(t.idx)
                a = self.country_acc(code) if code else \
                    self.acc(g.kind, ("group", g.name, None), name=g.name)
                a.agentive = True
            else:
                if code is None and "national" in g.flags:
                    # "the soldiers" after "Polish soldiers": the ones named before, if only one
                    seen = {k[2] for k, d in self.accs.items() if k[:2] == ("group", g.name) and k[2]
                            and any(s0 < t.idx for s0, _ in d.spans)}
                    code = seen.pop() if len(seen) == 1 else self.salient_country(t.idx)
                a = self.acc(g.kind, ("group", g.name, code), name=g.name)
                if code:
                    a.countries[code] += 1
            if g.sector:
                a.sectors[g.sector] += 1
            self.add_span(a, i, j)
            self.claim(i, j)
            if mods and a.kind != "country" and a.name == g.name:
                # "Polish police", "Iraq's foreign ministry" rather than "police", "foreign ministry"
                a.name = surface_form(self.span_text(min(i, mods[0].i), j)[2])
                a.forms.append((self.toks[mods[0].i].idx, a.name))
            if a.kind != "country":
                # the whole description as a further name: "local activists", "Junta troops"
                full = [m for m in self.left_mods(t) if m.pos_ in ("ADJ", "NOUN", "PROPN", "VERB")
                        or m.dep_ == "poss"]
                if full and full[0].i < i:
                    a.forms.append((self.toks[full[0].i].idx,
                                    surface_form(self.span_text(full[0].i, j)[2])))

    def _spokes(self, tok) -> bool:
        info = self.kb.match_role(tok.lower_) if tok.tag_ == "NN" else None
        return info is not None and info.role == "spokesperson"

    def spokespeople(self) -> None:
        """"A border guard spokeswoman", "a spokesman for the German government": a person of
        their own, of the country and sector of the body they speak for; "the spokeswoman"
        is the one mentioned last."""
        for t in self.toks:
            if self.claimed[t.i] or not self._spokes(t):
                continue
            lefts = [c for c in t.lefts if c.dep_ != "det" and self.same_line(c.i, t.i)]
            body = [x for c in lefts for x in c.subtree]
            right = t
            for prep in t.rights:
                if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "at") and self.same_line(t.i, prep.i):
                    body += [x for x in prep.subtree if x.i != prep.i]
                    right = max(prep.subtree, key=lambda x: x.i)
            owner = None
            for b in body:
                owner = next((a for a in self.accs.values() if a.kind != "person" and any(
                    s0 <= b.idx < e0 for s0, e0 in a.spans)), None)
                if owner is not None:
                    break
            det = next((c.lower_ for c in t.lefts if c.dep_ == "det"), None)
            if not body and det != "a":         # "the spokeswoman": the one mentioned last
                prev = [p for p in self.persons if "spokesperson" in p.roles
                        and any(s0 < t.idx for s0, _ in p.spans)]
                if prev:
                    p = min(prev, key=lambda x: distance_back(x, t.idx))
                    self.add_span(p, t.i, t.i + 1)
                    self.claim(t.i, t.i + 1)
                    continue
            left = min([t] + [x for c in lefts for x in c.subtree if x.dep_ != "det"], key=lambda x: x.i)
            desc = surface_form(self.span_text(left.i, right.i + 1)[2])
            p = self.acc("person", ("spokes", name_key(desc), owner.key if owner else None), name=desc)
            if p not in self.persons:
                self.persons.append(p)
                p.roles.append("spokesperson")
            code = (owner.country if owner else None) or next(
                (self.tok_country[b.i] for b in body if self.tok_country[b.i]), None) \
                or self.salient_country(t.idx)
            if code:
                p.countries[code] += 1
            if owner is not None and owner.sectors:
                p.sectors[owner.sectors.most_common(1)[0][0]] += 1
            elif code:
                p.sectors["GOV"] += 1
            p.spans.add((t.idx, t.idx + len(t.text)))
            p.forms.append((left.idx, desc))
            self.claim(t.i, t.i + 1)

    def _premods(self, tok) -> list:
        """Left modifiers saying whose a collective is: a country, a name, a noun ("border")."""
        mods = self.left_mods(tok)
        if any(m.lower_ in GOV_NOUNS for m in mods):
            return []                      # "government officials": the government itself
        keep = [m for m in mods if self.tok_country[m.i] or m.pos_ == "PROPN"
                or (m.pos_ == "NOUN" and m.lower_ not in RELATIONAL_MODS)
                or (m.dep_ == "poss" and m.pos_ != "PRON") or m.i in self.person_at]
        return mods[mods.index(keep[0]):] if keep else []

    def _acts(self, tok) -> bool:
        t = _climb(tok)
        if t.dep_ in ACTING_DEPS:
            return True
        if t.dep_ == "pobj":
            prep = t.head
            return (prep.lower_ == "by" and prep.dep_ == "agent") or \
                (prep.lower_ == "to" and prep.head.lower_ == "according")
        return False

    def salient_country(self, pos: int) -> str | None:
        """The country the text at ``pos`` is about, for a collective or official not saying whose.

        Country mentions outside quotation marks count in the paragraph up to ``pos`` (three
        times) and the paragraph before; failing those, the document's acting mentions so far.
        """
        if self._paras is None:
            self._paras = [m.start() for m in re.finditer(r"(?:^|\n\s*\n)\s*\S", self.text)]
            self._quoted = quote_spans(self.text)     # sorted, none inside another
            self._quoted_starts = [a for a, _ in self._quoted]
            self._place_marks = sorted((pl.span.start, pl.country) for pl in self.doc.places
                                       if pl.feature != "country")
        cm = getattr(self, "_cm_sorted", None)
        if cm is None or len(cm) != len(self.country_mentions):
            self._cm_sorted = sorted(self.country_mentions)   # grows while actors are read
            self._cm_seen = {c0 for c0, _, _ in self._cm_sorted}
        k = bisect.bisect_right(self._paras, pos) - 1
        p0 = self._paras[k] if k >= 0 else 0
        pm = self._paras[k - 1] if k >= 1 else p0
        score: Counter = Counter()
        last: dict[str, int] = {}

        def quoted(c: int) -> bool:
            q = bisect.bisect_right(self._quoted_starts, c) - 1
            return q >= 0 and c < self._quoted[q][1]

        def add(c: int, code: str | None, w: int) -> None:
            if code and code not in IGO_CODES and pm <= c < pos and not quoted(c):
                score[code] += w * (3 if c >= p0 else 1)
                last[code] = max(last.get(code, -1), c)

        def between(marks: list) -> list:       # marks sorted by offset, those in [pm, pos)
            return marks[bisect.bisect_left(marks, (pm,)):bisect.bisect_left(marks, (pos,))]
        for c, code, w in between(self._cm_sorted):
            add(c, code, w)
        keys = getattr(self, "_person_keys", None)
        if keys is None or len(keys) != len(self.person_at):      # person_at only grows
            self._person_keys = sorted((self.toks[i].idx, i) for i in self.person_at)
        for c, i in between(self._person_keys):
            add(c, self.person_at[i].country, 1)
        seen = self._cm_seen
        for t in self.sdoc.char_span(pm, pos, alignment_mode="expand") or ():
            if self.tok_country[t.i] and t.idx not in seen:
                add(t.idx, self.tok_country[t.i], 1)
        for c, code in between(self._place_marks):
            add(c, code, 1)
        if not score:
            for c, code, w in self.country_mentions:
                if w > 1 and c < pos and code not in IGO_CODES:
                    score[code] += 1
                    last[code] = max(last.get(code, -1), c)
        if not score:
            return None
        return max(score, key=lambda c: (score[c], last[c]))

    def merge_bodies(self) -> None:
        """"Border guards" and "the Polish Border Guard" in one text: the one body; nationals
        ("Iraqis") in a text about one group of migrants: part of it."""
        orgs = [(a, name_key(a.name or min(a.forms)[1])) for a in self.accs.values()
                if a.kind == "organization" and a.forms]
        groups = [a for a in self.accs.values() if a.kind == "group" and a.forms]
        movers = [a for a in groups if a.key[0] == "group" and a.sectors.get("REF")]
        for g in groups:
            if g.key[0] == "people" and len(movers) == 1:
                # "Iraqis" where the text is about migrants: those of them from Iraq
                movers[0].spans |= g.spans
                movers[0].forms += g.forms
                g.forms, g.spans = [], set()
        for g in groups:
            info = self.kb.group(g.key[1]) if g.key[0] == "group" else None
            if info is None or "national" not in info.flags or not g.forms:
                continue                       # only national bodies: police, border guards
            head = name_key(g.key[1]).rstrip("s")
            fits = [o for o, n in orgs if head and re.search(r"\b" + re.escape(head) + r"s?$", n)
                    and (not g.country or not o.country or g.country == o.country)]
            if len(fits) == 1:
                o = fits[0]
                o.spans |= g.spans
                o.forms += g.forms
                o.countries.update(g.countries)
                g.forms, g.spans = [], set()

    def adopt_descriptions(self) -> None:
        """"Belarus's foreign minister" and a "Vladimir Makei" of no stated role: one person,
        when the office has a single holder and one named person could hold it."""
        free = [p for p in self.persons if p.names and not p.roles and p.spans]
        for d in [a for a in self.accs.values() if a.key[0] == "role" and a.forms]:
            role = d.role or ""
            single = role in HEAD_ROLES or (role.endswith("minister") and not
                                            role.startswith(("deputy", "vice", "junior", "state")))
            fits = [p for p in free if not p.countries or p.country == d.country]
            if not single or len(fits) != 1:
                continue
            p = fits[0]
            p.spans |= d.spans
            p.forms += d.forms
            p.roles += d.roles
            p.countries.update(d.countries)
            p.sectors.update(d.sectors)
            d.forms, d.spans = [], set()
