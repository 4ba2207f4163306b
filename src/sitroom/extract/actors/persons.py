"""Person mentions for the actor extractor: names, surnames, handles, roles and role descriptions.

Names come from PERSON entities cleaned of titles and possessives, from mis-tagged or
untagged proper-noun runs that a title or a role apposition marks as a person's, and
from @handles; they are merged when one name's words lie within another's, and a
single word joins the nearest person whose surname it is. Roles and countries are
learned from premodifiers ("Polish Interior Minister X") and appositions ("X, Belarus'
foreign minister"). A role description without a name ("the Belarusian foreign
minister") joins the named person of compatible role and country, else the single
known office-holder of the actor file, else becomes an actor of its own.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from ...knowledge import countries as _countries
from ...knowledge.actorkb import RoleInfo, name_key, squash


# The country tables normalise every lookup; the same words recur in every article.
@functools.lru_cache(maxsize=65536)
def country_code(text: str) -> str | None:
    return _countries.country_code(text)


@functools.lru_cache(maxsize=65536)
def demonym_code(text: str) -> str | None:
    return _countries.demonym_code(text)


@functools.lru_cache(maxsize=65536)
def capital_code(text: str) -> str | None:
    return _countries.capital_code(text)


@functools.lru_cache(maxsize=65536)
def demonym_is_people(text: str) -> bool:
    return _countries.demonym_is_people(text)

POSS_TOKENS = {"'s", "'", "’s", "’"}
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{3,}")
# "The Belarusian leader" may be its president, "the head of government" its prime minister.
HEAD_ROLES = {"leader", "president", "prime minister", "chancellor", "king", "queen", "emir",
              "head of state", "head of government", "crown prince"}
PLATFORMS = {"twitter", "facebook", "telegram", "instagram", "youtube", "tiktok", "whatsapp",
             "x", "linkedin", "vkontakte", "vk", "weibo", "wechat", "bluesky", "threads"}
PLACE_NOUNS = {"border", "frontier", "village", "city", "town", "region", "side", "capital",
               "territory", "soil", "airport", "area", "zone", "province", "district", "camp",
               "crossing", "coast", "forest", "checkpoint"}


def surface_form(text: str) -> str:
    """A mention as an alias: no leading "the", no possessive, single spaces."""
    t = re.sub(r"^(?:the|The|THE)\s+", "", text.strip())
    t = re.sub(r"\s*(?:'s|’s|'|’)$", "", t)
    return re.sub(r"\s+", " ", t).lstrip("#")


@dataclass
class Draft:
    """An actor being assembled."""
    kind: str
    key: tuple
    name: str | None = None
    forms: list[tuple[int, str]] = field(default_factory=list)     # (start, surface)
    spans: set[tuple[int, int]] = field(default_factory=set)
    toks: list[str] = field(default_factory=list)                  # person name tokens
    names: list[str] = field(default_factory=list)                 # person proper names
    countries: Counter = field(default_factory=Counter)
    sectors: Counter = field(default_factory=Counter)
    roles: list[str] = field(default_factory=list)
    agentive: bool = True
    order: int = 0

    def add(self, start: int, end: int, surface: str) -> None:
        self.spans.add((start, end))
        self.forms.append((start, surface))

    @property
    def country(self) -> str | None:
        return self.countries.most_common(1)[0][0] if self.countries else None

    @property
    def role(self) -> str | None:
        return max(self.roles, key=lambda r: (len(r.split()), len(r))) if self.roles else None


class PersonSteps:
    """Mixin of the actor extractor that finds persons and role descriptions."""

    # -- 2. persons -----------------------------------------------------------------
    def persons_step(self) -> None:
        cands = []
        kb_spans = []                  # known names override the tagger's cuts ("Ursula von der")
        for m in self.kb.person_pattern.finditer(self.text) if self.kb.person_pattern else ():
            span = self.sdoc.char_span(m.start(), m.end())
            if span is not None and not any(self.claimed[t.i] for t in span):
                kb_spans.append((span.start, span.end))
        cands.extend(kb_spans)
        for ent in list(self.ents) + self._untagged_names():
            if ent.label_ != "PERSON" and not self._titled(ent):
                continue
            if any(ks < ent.end and ent.start < ke for ks, ke in kb_spans):
                continue
            if self.org_head(ent.start, ent.end) is not None:
                continue                       # "the volunteer network Border Help"
            i, j = ent.start, ent.end
            while j > i and self.toks[j - 1].text in POSS_TOKENS:
                j -= 1
            while i < j and (name_key(self.toks[i].text) in self.kb.role_words
                             or self.toks[i].lower_ == "the" or self.tok_country[i]):
                i += 1
            if i >= j or any(self.claimed[k] for k in range(i, j)):
                continue
            words = [t.text for t in self.sdoc[i:j]]
            txt = " ".join(words)
            if (name_key(txt) in PLATFORMS or not any(w[:1].isupper() for w in words)
                    or any(c.isdigit() for c in txt) or capital_code(txt) or demonym_code(txt)
                    or self._is_place(i, j) or self._group_word(i, j)):
                continue
            known = self.kb.match(txt, self.date)
            if known is not None and known.kind != "person":
                continue                       # a known organization the tagger took for a person
            cands.append((i, j))
        for m in _HANDLE.finditer(self.text):
            tok = self.sdoc.char_span(m.start(), m.end(), alignment_mode="expand")
            if tok is not None:
                cands.append((tok.start, tok.end))
        multi = sorted((c for c in cands if c[1] - c[0] > 1), key=lambda c: (c[0] - c[1], c[0]))
        for i, j in multi:
            self._attach_person(i, j, [name_key(t.text) for t in self.sdoc[i:j]])
        for i, j in sorted(c for c in cands if c[1] - c[0] == 1):
            self._attach_person(i, j, [name_key(self.toks[i].text)])
        self._surname_scan()
        for i in sorted(self.person_at):
            if i == 0 or self.person_at.get(i - 1) is not self.person_at[i]:
                self._learn_role(i)

    def _titled(self, ent) -> bool:
        """A mis-tagged or untagged name that a title or role apposition shows to be a person's."""
        if ent.label_ not in ("ORG", "WORK_OF_ART", "GPE", "NORP", "FAC", "PRODUCT", "") or len(ent) < 2:
            return False
        if not all(t.text[:1].isupper() and t.is_alpha for t in ent):
            return False
        if self.kb.match(ent.text, self.date):
            return False
        if any(self.tok_country[t.i] or name_key(t.text) in self.kb.role_words for t in ent):
            return False
        prev = self.toks[ent.start - 1] if ent.start > 0 else None
        if prev is not None and prev.text[:1].isupper() and name_key(prev.text) in self.kb.role_words:
            return True
        root = ent.root
        if any(c.dep_ == "appos" and c.i >= ent.end and name_key(c.text) in self.kb.role_words
               for c in root.children):
            return True
        return root.dep_ == "appos" and name_key(root.head.text) in self.kb.role_words

    def _untagged_names(self) -> list:
        """Runs of two to four capitalised proper nouns outside every entity, a leading title
        set apart ("Interior Minister | Ivo Rask")."""
        runs, cur = [], []
        for t in self.toks:
            if t.pos_ == "PROPN" and not t.ent_type_ and t.is_alpha and t.text[:1].isupper():
                cur.append(t)
                continue
            k = 0
            while k < len(cur) - 2 and (name_key(cur[k].text) in self.kb.role_words
                                        or self.tok_country[cur[k].i]):
                k += 1
            if 2 <= len(cur) - k <= 4:
                runs.append(self.sdoc[cur[k].i:cur[-1].i + 1])
            cur = []
        return runs

    def _group_word(self, i: int, j: int) -> bool:
        """A lone capitalised word that opens a role or group noun ("Riot police")."""
        if j - i != 1 or j >= len(self.toks):
            return False
        phrase = f"{self.toks[i].lower_} {self.toks[j].lower_}"
        return self.kb.group(phrase) is not None or phrase in self.kb.phoenix.agents

    def _is_place(self, i: int, j: int) -> bool:
        """Whether tokens ``i:j`` name a place (per the places layer, or "the village of X")."""
        s, e = self.toks[i].idx, self.toks[j - 1].idx + len(self.toks[j - 1].text)
        if any(p.span.start < e and s < p.span.end and p.feature != "country" for p in self.doc.places):
            return True
        if self.text[s:e].lower() in self.place_names:     # named as a place elsewhere
            return True
        root = self.sdoc[i:j].root
        if root.dep_ in ("compound", "nmod") and root.head.lemma_.lower() in PLACE_NOUNS:
            return True                    # "the Kuznica border crossing"
        if j - i == 1 and root.dep_ == "pobj" and root.head.lower_ in ("in", "into", "near", "outside", "at"):
            return True                    # a lone name where something is: "landed in Erbil"
        return root.dep_ == "pobj" and root.head.lower_ == "of" \
            and root.head.head.lemma_.lower() in PLACE_NOUNS

    def _attach_person(self, i: int, j: int, toks: list[str]) -> None:
        text = self.sdoc[i:j].text
        if text.startswith("@"):
            h = squash(text)
            best = None
            for p in self.persons:
                full = "".join(p.toks)
                if len(full) >= 5 and (full in h or (len(p.toks) > 1 and "".join(p.toks[:2]) in h)):
                    best = p
                    break
            if best is None:
                return                   # a handle of no one named here: not an actor by itself
            self.add_span(best, i, j)
            self.claim(i, j)
            return
        target = None
        if len(toks) > 1:
            for p in self.persons:
                if contains_run(p.toks, toks) or contains_run(toks, p.toks):
                    target = p
                    break
        else:
            hits = [p for p in self.persons if toks[0] in p.toks[1:] or p.toks == toks]
            if hits:
                target = min(hits, key=lambda p: distance_back(p, self.toks[i].idx))
        if target is None:
            target = self.acc("person", ("person", " ".join(toks), i))
            target.toks = toks
            self.persons.append(target)
        elif len(toks) > len(target.toks):
            target.toks = toks
        target.names.append(text)
        self.add_span(target, i, j)
        self.claim(i, j)
        for k in range(i, j):
            self.person_at[k] = target

    def _surname_scan(self) -> None:
        index: dict[str, list[Draft]] = {}
        for p in self.persons:
            for n in p.names:
                ws = [name_key(w) for w in n.split()]
                for w in ws[1:] if len(ws) > 1 else ws:
                    if len(w) > 2 and p not in index.setdefault(w, []):
                        index[w].append(p)
        for t in self.toks:
            if self.claimed[t.i] or not t.text[:1].isupper():
                continue
            hits = index.get(name_key(t.text))
            if not hits:
                continue
            p = min(hits, key=lambda a: distance_back(a, t.idx))
            i = t.i
            while i > 0 and not self.claimed[i - 1] and name_key(self.toks[i - 1].text) in p.toks:
                i -= 1
            self.add_span(p, i, t.i + 1)
            self.claim(i, t.i + 1)
            for k in range(i, t.i + 1):
                self.person_at[k] = p

    def _learn_role(self, i0: int) -> None:
        p = self.person_at[i0]
        j = i0
        while j < len(self.sdoc) and self.person_at.get(j) is p:
            j += 1
        k = i0 - 1
        while k >= 0 and self.same_line(k, i0):
            t = self.toks[k]
            if (t.text in POSS_TOKENS or t.text in ("#", "-") or self.tok_country[k]
                    or (name_key(t.text) in self.kb.role_words and t.pos_ in ("PROPN", "NOUN", "ADJ"))):
                k -= 1
            else:
                break
        pre = list(self.sdoc[k + 1:i0])
        while pre and (pre[0].text in POSS_TOKENS or pre[0].text in ("#", "-")):
            pre.pop(0)
        if pre:
            info, country = self._parse_role(pre)
            if info:
                self._apply_role(p, info, country)
                self.add_span(p, pre[0].i, j)
                self.claim(pre[0].i, i0)
            elif country and len(pre) == 1:
                p.countries[country] += 1
        root = self.sdoc[i0:j].root
        for ch in root.children:             # "X, Belarus' foreign minister, ..."
            if ch.dep_ == "appos" and ch.i >= j and ch.i not in self.person_at and ch.ent_type_ != "DATE" \
                    and self.same_line(root.i, ch.i) and not ch.text.startswith("@"):
                toks = [t for t in ch.subtree if self.same_line(root.i, t.i)]
                info, country = self._parse_role(toks)
                if info:
                    self._apply_role(p, info, country)
                    self._add_description(p, self.role_toks)
                    if self.role_affiliation is not None:
                        self.affiliations.append((p, self.role_affiliation))
        if root.dep_ == "appos" and root.head.i < i0 and root.head.i not in self.person_at:
            toks = [t for t in root.head.subtree if t.i < i0 and self.same_line(t.i, i0)
                    and t.text not in (",", "(")]
            info, country = self._parse_role(toks)
            if info and toks:
                self._apply_role(p, info, country)
                self._add_description(p, self.role_toks)

    def _parse_role(self, toks: list) -> tuple[RoleInfo | None, str | None]:
        """Role and country of a role phrase's tokens ("the Belarusian foreign minister").

        ``self.role_toks`` is left holding the tokens that make the role phrase.
        """
        toks = [t for t in toks if t.dep_ != "det" and t.lower_ not in ("the", "a", "an")]
        self.role_toks, self.role_affiliation = toks, None
        if not toks:
            return None, None
        country = next((self.tok_country[t.i] for t in toks if self.tok_country[t.i]), None)
        full = self.kb.match_role(" ".join(t.text for t in toks if t.text not in POSS_TOKENS))
        if full is None and country:   # "the European Union's foreign policy chief" = "EU ..."
            words, prev = [], None
            for t in toks:
                c = self.tok_country[t.i]
                if t.text not in POSS_TOKENS and not (c and c == prev):
                    words.append(c.lower() if c else t.text)
                prev = c
            full = self.kb.match_role(" ".join(words))
        if full:
            return full, full.country or country
        root = min(toks, key=lambda t: len(list(t.ancestors)))
        rest = [t for t in toks if t.i > root.i]
        toks = [t for t in toks if t.i <= root.i]
        if rest and rest[0].lower_ in ("of", "for", "at", "with") \
                and not any(self.tok_country[t.i] for t in rest):
            self.role_toks = toks
            obj = next((c for c in rest[0].children if c.dep_ == "pobj"), None)
            self.role_affiliation = obj
        else:
            self.role_affiliation = None
        words = [t.text for t in toks if not self.tok_country[t.i] and t.text not in POSS_TOKENS
                 and t.text not in ("#", "-", "(", ")", ",")
                 and not (t.lower_ == "of" and any(self.tok_country[c.i] for c in t.children))]
        found = self.kb.find_role(words)
        if found and found[2] == len(words):        # the role must end the phrase
            return found[0], found[0].country or country
        return None, country

    def _apply_role(self, p: Draft, info: RoleInfo, country: str | None) -> None:
        p.roles.append(info.role)
        if info.sector or country:         # a leader or spokesman of a country speaks for its state
            p.sectors[info.sector or "GOV"] += 1
        if country:
            p.countries[country] += 2

    # -- 4. role descriptions -------------------------------------------------------
    def role_descriptions(self) -> None:
        for t in self.toks:
            if self.claimed[t.i] or t.tag_ not in ("NN", "NNP") or t.dep_ == "compound":
                continue
            if name_key(t.text) not in self.kb.role_words:
                continue
            left = [m for m in self.left_mods(t) if m.tag_ != "PRP$"]
            if any(self.claimed[m.i] and not self.tok_country[m.i] for m in left):
                continue
            right = []
            for ch in t.rights:
                if ch.dep_ == "prep" and ch.lower_ == "of" and self.same_line(t.i, ch.i):
                    right = [x for x in ch.subtree if self.same_line(t.i, x.i)]
                break
            toks = left + [t] + right
            info, country = self._parse_role(toks)
            if info is None and right:
                toks = left + [t]
                info, country = self._parse_role(toks)
            if info is None or info.role == "spokesperson":
                continue
            target = self._coref_role(info, country, t.idx)
            if target is not None:
                self._add_description(target, toks)

    def _add_description(self, a: Draft, toks: list) -> None:
        """A role description as a mention: its full text as alias, its unclaimed tokens as span."""
        s, e, txt = self.span_text(toks[0].i, toks[-1].i + 1)
        free = [t for t in toks if not self.claimed[t.i]]
        if free:
            self.add_span(a, free[0].i, free[-1].i + 1)
            self.claim(free[0].i, free[-1].i + 1)
        a.forms.append((s, surface_form(txt)))

    def _coref_role(self, info: RoleInfo, country: str | None, pos: int) -> Draft | None:
        best, best_key = None, None
        rw = set(info.role.split())
        for p in self.persons:
            roles = list(p.roles)
            pc = p.country
            if not roles:
                continue
            score = 0
            for r in roles:
                if r == info.role:
                    score = max(score, 2)
                elif rw <= set(r.split()) or set(r.split()) <= rw or \
                        (r in HEAD_ROLES and info.role in HEAD_ROLES):
                    score = max(score, 1)
            if score == 0 or (country and pc and country != pc):
                continue
            if country and pc == country:
                score += 1
            if not country and score < 2 and not any(s < pos for s, _ in p.spans):
                continue
            key = (score, -distance_back(p, pos))
            if best_key is None or key > best_key:
                best, best_key = p, key
        if best is not None:
            return best
        holders = self.kb.holders(info.role, country, self.date) if (country or info.country) else []
        if len(holders) == 1:
            k = holders[0]
            for p in self.persons:
                if self.kb.match(" ".join(p.toks), self.date) is k:
                    return p
            p = self.acc("person", ("person", name_key(k.name), -1), name=k.name)
            p.toks = name_key(k.name).split()
            p.names.append(k.name)
            self._apply_role(p, info, country or k.country)
            self.persons.append(p)
            return p
        if not country and len(info.role.split()) < 2:
            return None
        a = self.acc("person", ("role", info.role, country))
        self._apply_role(a, info, country)
        return a


def contains_run(big: list[str], small: list[str]) -> bool:
    n = len(small)
    return n > 0 and any(big[k:k + n] == small for k in range(len(big) - n + 1))


def distance_back(a: Draft, pos: int) -> int:
    """Characters from ``pos`` back to the actor's nearest earlier mention (later ones count double)."""
    best = 10 ** 9
    for s, _ in a.spans:
        best = min(best, pos - s if s <= pos else 2 * (s - pos))
    return best
