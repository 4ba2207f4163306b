"""Organizations: named organizations and their sectors, agencies of datelines, credits and posts.

A mixin of the actor extractor (:mod:`.stage`): steps 0, 5 and 7 of its order.
"""
from __future__ import annotations

import re

from ...knowledge.actorkb import name_key, squash
from .collectives import ACTING_DEPS
from .persons import (PLATFORMS, POSS_TOKENS, Draft, capital_code, contains_run, country_code,
                      demonym_code, distance_back)


# Org sector cues: words in the name, its head noun or its premodifiers.
ORG_CUES = (
    ({"airline", "airlines", "airways", "air", "aviation", "carrier"}, "BUS", "airline"),
    ({"bank"}, "BUS", "bank"),
    ({"cross", "crescent", "foundation", "charity", "ngo", "amnesty", "watch", "volunteer", "aid",
      "humanitarian", "rights", "relief"}, "NGO", "NGO"),
    ({"company", "corporation", "corp", "inc", "ltd", "firm", "group", "holding", "llc", "plc",
      "sa", "gmbh"}, "BUS", "company"),
    ({"newspaper", "journal", "times", "post", "tribune", "gazette", "herald", "daily", "weekly",
      "tv", "television", "radio", "broadcaster", "channel", "news", "press", "magazine",
      "dimanche", "monde", "figaro"}, "MED", "media"),
    ({"police", "gendarmerie", "guard", "guards"}, "POL", "police"),
    ({"army", "military", "navy", "forces", "brigade", "regiment"}, "MIL", "military"),
    ({"ministry", "government", "cabinet", "kremlin", "council"}, "GOV", "ministry"),
    ({"parliament", "assembly", "senate", "congress", "duma", "sejm"}, "LEG", "parliament"),
    ({"court", "tribunal", "prosecutor"}, "JUD", "court"),
)
ORG_HEADS = {"agency", "newspaper", "daily", "airline", "company", "channel", "broadcaster",
             "group", "organization", "organisation", "network", "magazine", "bank", "ministry",
             "carrier", "firm", "website", "weekly", "radio", "television", "charity", "foundation",
             "operator", "producer", "manufacturer"}
# "VILNIUS, Nov 10 (Baltic Wire) -": the agency credited in a dateline.
_DATELINE = re.compile(r"^[A-Z][A-Za-z .'’-]{1,40},?[^()\n]{0,30}?\(([A-Z][^()\n]{1,40})\)\s*[-–—]"
                       r"|^(?:date [\d-]+ )?[A-Z][A-Za-z .'’-]{1,40}, [A-Z][a-z]+ \d{1,2}\. /([A-Z][\w-]{1,15})/\.",
                       re.M)


# Words that make what follows an approximate measure ("some 45 kilometers").
_APPROX = {"some", "about", "around", "nearly", "almost", "roughly", "approximately"}


class OrgSteps:
    """Mixin of the actor extractor that finds organizations, datelines, credits and posts."""

    # -- 5. organizations -----------------------------------------------------------
    def org_head(self, i: int, j: int):
        """The organization noun that tokens ``i:j`` name by apposition, if any: "the airline
        Belavia", "the aid group Forest Watch Podlasie", "Belavia, the state carrier"."""
        root = self.sdoc[i:j].root
        for t in self.toks[max(0, i - 4):i]:
            if t.pos_ == "NOUN" and t.lemma_.lower() in ORG_HEADS and i <= t.head.i < j \
                    and self.same_line(t.i, i):
                return t
        for c in root.children:
            if c.dep_ == "appos" and c.i >= j and c.pos_ == "NOUN" and c.lemma_.lower() in ORG_HEADS:
                return c
        h = root.head
        if root.dep_ == "appos" and h.i < i and h.pos_ == "NOUN" and h.lemma_.lower() in ORG_HEADS:
            return h
        return None

    def _owned_names(self) -> list:
        """Untagged single names a country owns and that act: "Russia's Gazprom said"."""
        out = []
        for t in self.toks:
            if t.pos_ == "PROPN" and not t.ent_type_ and not self.claimed[t.i] and t.is_alpha \
                    and t.dep_ in ACTING_DEPS and any(c.dep_ == "poss" and self.tok_country[c.i]
                                                     for c in t.children):
                out.append(self.sdoc[t.i:t.i + 1])
        return out

    def _name_bounds(self, i: int, j: int, label: str) -> int:
        """The end of a name: before an unclosed parenthesis ("Yezidis (Ezidis"), and over an
        "of" the tagger cut off ("the Economic Community | of West African States")."""
        for k in range(i, j):
            if self.toks[k].text == "(" and not any(t.text == ")" for t in self.toks[k:j]):
                return k
        if label == "ORG" and j + 1 < len(self.toks) and self.toks[j].lower_ == "of" \
                and self.same_line(j - 1, j + 1):
            k = j + 1
            while k < len(self.toks) and self.toks[k].pos_ == "PROPN" and not self.claimed[k] \
                    and not self.tok_country[k] and self.same_line(j, k) and self.toks[k].text[:1].isupper():
                k += 1
            if k > j + 1 and self.toks[k - 1].ent_type_ not in ("PERSON", "DATE"):
                return k
        return j

    def orgs(self) -> None:
        for ent in list(self.ents) + self._owned_names():
            named_as = self.org_head(ent.start, ent.end)
            if ent.label_ not in ("ORG", "PERSON", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "") \
                    and named_as is None:
                continue
            i, j = ent.start, ent.end
            while j > i and self.toks[j - 1].text in POSS_TOKENS:
                j -= 1
            while i < j and self.toks[i].lower_ == "the":
                i += 1
            while i > 0 and self.toks[i - 1].pos_ == "PROPN" and self.toks[i - 1].dep_ == "compound" \
                    and i <= self.toks[i - 1].head.i < j and not self.claimed[i - 1] \
                    and not self.tok_country[i - 1]:
                i -= 1                         # "Forest" of "Forest Watch Podlasie"
            j = self._name_bounds(i, j, ent.label_)
            if i >= j or any(self.claimed[k] for k in range(i, j)):
                continue
            if self.toks[i].like_num or self.toks[i].lower_ in _APPROX \
                    or any(t.ent_type_ in ("QUANTITY", "MONEY", "PERCENT") for t in self.toks[i:j]):
                continue                       # "some 45 kilometers": a measure, no body
            txt = self.sdoc[i:j].text
            key = name_key(txt)
            known = self.kb.match(txt, self.date)
            if ent.label_ not in ("ORG", "") and named_as is None and (known is None or known.kind == "person"):
                continue
            if known is None and (self.kb.group(key) or key in PLATFORMS
                                  or all(w in self.kb.role_words for w in key.split())):
                continue
            if (self._is_place(i, j) and named_as is None) or \
                    (known is None and (capital_code(txt) or country_code(txt))):
                continue
            root = self.sdoc[i:j].root
            a = self.acc("organization", ("org", name_key(known.name) if known else key),
                         name=known.name if known else None)
            self.add_span(a, i, j)
            self.claim(i, j)
            head = root.head if root.dep_ == "compound" and root.head.lower_ in ORG_HEADS else None
            if head is not None and head.i == j:
                self.add_span(a, i, j + 1)
                self.claim(j, j + 1)
            if known:
                self._apply_known(a, known)
                continue
            words = {w.lower() for w in txt.split()}
            code = next((c for c in (demonym_code(t.text) or country_code(t.text) for t in self.toks[i:j]
                                     if t.text[:1].isupper()) if c), None)
            if code:                               # "Belarusian Foreign Ministry"
                a.countries[code] += 1
            pre = [t for t in (head or root).subtree if t.i < i]
            role = None
            for t in pre:
                if self.tok_country[t.i]:
                    a.countries[self.tok_country[t.i]] += 1
                elif t.pos_ == "NOUN":
                    role = t.lemma_.lower()
                    words.add(role)
            if named_as is not None:
                words.update(x.lemma_.lower() for x in named_as.subtree)
                head = head or named_as
            if head is not None:
                words.add(head.lower_)
            verb = root.head
            if (root.dep_ in ("dobj", "dative") and verb.lemma_ == "tell") or \
                    (root.dep_ == "pobj" and verb.head.lemma_ in ("interview", "tell")):
                words.add("press")
            for cues, sector, kind_role in ORG_CUES:
                if words & cues:
                    a.sectors[sector] += 1
                    role = role or (head.lower_ if head is not None else None) or (
                        kind_role if kind_role not in ("media", "police", "military") else None)
                    break
            if role:
                a.roles.append(role)

    def org_anaphora(self) -> None:
        """"The airline", "the agency": the nearest organization named before with that role."""
        orgs = [a for a in self.accs.values() if a.kind == "organization" and a.spans]
        for t in self.toks:
            if self.claimed[t.i] or t.lemma_.lower() not in ORG_HEADS or t.tag_ != "NN":
                continue
            if not any(c.dep_ == "det" and c.lower_ == "the" for c in t.children) or self.left_mods(t):
                continue
            noun = t.lemma_.lower()
            cands = [a for a in orgs if min(a.spans)[0] < t.idx and (
                any(noun in r.split() for r in a.roles) or noun in name_key(a.name or "").split())]
            if cands:
                a = min(cands, key=lambda x: distance_back(x, t.idx))
                self.add_span(a, t.i, t.i + 1)
                self.claim(t.i, t.i + 1)

    def known_orgs(self) -> None:
        """Known organizations by name, where the tagger missed them ("the UN refugee agency")."""
        if self.kb.org_pattern is None:
            return
        for m in self.kb.org_pattern.finditer(self.text):
            span = self.sdoc.char_span(m.start(), m.end())
            if span is None or any(self.claimed[t.i] for t in span) or self._is_locative(span.root):
                continue
            ent = next((e for e in self.ents if e.start <= span.start and span.end <= e.end), None)
            if ent is not None and any(t.lower_ != "the" for t in ent if t.i < span.start or t.i >= span.end):
                continue                   # part of a longer name: "Belarusian Red Cross"
            k = self.kb.match(m.group(), self.date)
            if k is None or k.kind == "person":
                continue
            a = self.acc("organization", ("org", name_key(k.name)), name=k.name)
            self.add_span(a, span.start, span.end)
            self.claim(span.start, span.end)
            self._apply_known(a, k)

    def _apply_known(self, a: Draft, k) -> None:
        if k.country:
            a.countries[k.country] += 3
        if k.sector:
            a.sectors[k.sector] += 3
        if k.role and k.holds_on(self.date):
            a.roles.append(k.role)

    # -- 7. credits and post authors ------------------------------------------------
    def _credit_place(self, piece: str) -> bool:
        """Whether a piece of a credit line names where the report was filed, not who filed it."""
        if country_code(piece) or capital_code(piece):
            return True
        if self.gazetteer is None:
            return False
        name = piece.title() if piece.isupper() and len(piece) > 3 else piece
        return any(c.exact and c.feature in ("city", "admin1", "admin2", "region")
                   for c in self.gazetteer.lookup(name))

    def credits_and_posts(self) -> None:
        for credit in self.doc.credits:
            for piece in re.split(r"\s*(?:,|/|\band\b|&)\s*", re.sub(r"^(?:with|by|source:?)\s+", "",
                                                                    credit.strip(), flags=re.I)):
                piece = piece.strip(" .()")
                if not piece or len(piece.split()) > 4:
                    continue
                known = self.kb.match(piece, self.date)
                if known is None and self._credit_place(piece):
                    continue             # "Reuters and AP, VILNIUS and KAUNAS, Lithuania"

                a = self.acc("organization", ("org", name_key(known.name if known else piece)),
                             name=known.name if known else piece)
                a.forms.append((len(self.text) + 1, piece))
                if known:
                    self._apply_known(a, known)
                else:
                    a.sectors["MED"] += 1
                    a.roles.append("news agency")
        for post in self.doc.posts:
            names = [n for n in (post.author, "@" + post.handle if post.handle else None) if n]
            if not names:
                continue
            target = None
            for n in names:
                toks = [name_key(w) for w in n.lstrip("@").split()]
                h = squash(n)
                for p in self.persons:
                    if (contains_run(toks, p.toks) or contains_run(p.toks, toks)
                            or (n.startswith("@") and len("".join(p.toks)) >= 5
                                and "".join(p.toks) in h)):
                        target = p
                        break
                if target:
                    break
            if target is None:
                k = self.kb.match(names[0], self.date)
                nm = k.name if k else (post.author or names[0])
                target = self.acc(k.kind if k else "person", ("person", name_key(nm), -2), name=nm)
                target.toks = name_key(nm).split()
                target.names.append(nm)
                self.persons.append(target)
            for n in names:
                target.forms.append((len(self.text) + 1, n))
                if not n.startswith("@"):
                    target.names.append(n)

    # -- assembly -------------------------------------------------------------------
    def dateline(self) -> None:
        for m in _DATELINE.finditer(self.text[:2000]):
            g = 1 if m.group(1) else 2
            self.dateline_places.append((m.start(), m.start(g)))     # "COPENHAGEN, Denmark"
            for part in re.finditer(r"[^,/&]+", m.group(g)):       # "(REUTERS, BLOOMBERG)"
                name = re.sub(r"^and\s+", "", part.group().strip())
                if name:
                    start = m.start(g) + part.start() + part.group().index(name)
                    self._dateline_agency(name, start, m.end())
            return

    def _dateline_agency(self, name: str, start: int, after: int) -> None:
        """The agency a dateline credits, the source of the report, and its later mentions."""
        span = self.sdoc.char_span(start, start + len(name), alignment_mode="expand")
        if span is None:
            return
        k = self.kb.match(name, self.date)
        a = self.acc("organization", ("org", name_key(k.name if k else name)),
                     name=k.name if k else None)
        self.add_span(a, span.start, span.end)
        self.dateline_spans.update(a.spans)
        self.claim(span.start, span.end)
        for again in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", self.text):
            later = self.sdoc.char_span(again.start(), again.end())
            if again.start() > after and later is not None \
                    and not any(self.claimed[t.i] for t in later):
                self.add_span(a, later.start, later.end)     # "told Baltic Wire"
                self.claim(later.start, later.end)
        if k:
            self._apply_known(a, k)
        else:
            a.sectors["MED"] += 1
            a.roles.append("news agency")

