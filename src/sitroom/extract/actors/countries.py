"""Country actors: country names, capitals and seats of government, and government phrases.

A mixin of the actor extractor (:mod:`.stage`): steps 1 and 3 of its order.
"""
from __future__ import annotations

from ...knowledge.actorkb import name_key
from .collectives import ACTING_DEPS, _climb
from .persons import PLACE_NOUNS, capital_code, country_code, demonym_code, surface_form


# Cities that stand for an organization when they act, besides national capitals.
SEATS = {"brussels": "EU"}
# Seats of government that stand for it wherever they are not a plain location.
INSTITUTIONS = {"kremlin": "RU", "white house": "US", "downing street": "GB", "elysee": "FR",
                "elysee palace": "FR", "pentagon": "US", "zhongnanhai": "CN", "quai d'orsay": "FR"}
SPATIAL_PREPS = {"from", "to", "in", "into", "near", "across", "at", "toward", "towards",
                 "through", "via", "inside", "within", "along", "throughout", "around",
                 "outside", "onto", "off", "over", "beyond", "past"}
POLITICAL_VERBS = {"accuse", "sanction", "urge", "address", "blame", "criticize", "criticise",
                   "condemn", "warn", "threaten", "support", "back", "pressure", "punish",
                   "target", "recognize", "recognise", "call", "ask", "tell", "meet", "negotiate",
                   "persuade", "reject", "praise", "thank", "help", "attack", "invite", "pressure",
                   "isolate", "reward", "denounce", "confront", "engage", "challenge", "fight"}
RELATION_NOUNS = {"talks", "negotiations", "relations", "dialogue", "ties", "pressure", "sanctions"}
PEOPLE_NOUNS = {"citizen", "national", "resident", "people", "native", "passport", "holder"}
MOTION_VERBS = {"reach", "enter", "cross", "leave", "visit", "flee", "approach", "transit",
                "tour", "exit", "board"}


class CountrySteps:
    """Mixin of the actor extractor that finds countries, capitals and government phrases."""

    # -- 1. countries and capitals --------------------------------------------------
    def countries(self) -> None:
        for ent in self.ents:
            raw = surface_form(ent.text)
            # an all-capitals word is a country code only where tagged as a place or body
            upper_ok = ent.label_ in ("GPE", "ORG", "LOC") or not raw.isupper()
            code = country_code(raw) if upper_ok else None
            if code is None and raw[:1].isupper():
                code = demonym_code(raw)
                if code:
                    for t in ent:
                        self.tok_country[t.i] = code
                    continue
            if code:
                self._country_mention(ent.start, ent.end, code)
        for t in self.toks:
            if t.ent_type_ or not t.text[:1].isupper():
                continue
            c = country_code(t.text) if not t.text.isupper() or t.pos_ == "PROPN" else None
            if c and t.pos_ == "PROPN":
                self._country_mention(t.i, t.i + 1, c)
            elif demonym_code(t.text):
                self.tok_country[t.i] = demonym_code(t.text)
        for t in self.toks:            # capitals and seats acting for their country
            if self.claimed[t.i] or t.pos_ != "PROPN":
                continue
            j = t.i + 1
            code = SEATS.get(name_key(t.text)) or capital_code(t.text)
            inst = INSTITUTIONS.get(name_key(t.text))
            if j < len(self.toks) and INSTITUTIONS.get(name_key(self.sdoc[t.i:j + 1].text)):
                inst, j = INSTITUTIONS[name_key(self.sdoc[t.i:j + 1].text)], j + 1
            if inst and not self._is_locative(self.toks[j - 1]):
                self._country_mention(t.i, j, inst)
                self.country_acc(inst).agentive = True
                continue
            if code and not self._is_agentive(self.toks[j - 1]):
                self.country_mentions.append((t.idx, code, 1))     # a location, but telling
            elif code:
                a = self.country_acc(code)
                a.agentive = True
                self.add_span(a, t.i, j)
                self.claim(t.i, j)
                self.country_mentions.append((t.idx, code, 2))

    def _country_mention(self, i: int, j: int, code: str) -> None:
        a = self.country_acc(code)
        root = self.sdoc[i:j].root
        loc = self._is_locative(root)
        if not loc:
            a.agentive = True
        self.add_span(a, i, j)
        self.claim(i, j)
        for k in range(i, j):
            self.tok_country[k] = code
        self.country_mentions.append((self.toks[i].idx, code, 1 if loc else 2))

    def _is_locative(self, tok) -> bool:
        t = _climb(tok)
        if t.dep_ == "pobj":
            prep = t.head
            if prep.lower_ in SPATIAL_PREPS:
                return True
            if prep.lower_ in ("of", "between", "with") and prep.head.lemma_.lower() in PLACE_NOUNS:
                return True
            if prep.lower_ == "of" and prep.head.lemma_.lower() in PEOPLE_NOUNS:
                return True                # "citizens of Syria": where people come from
        if t.dep_ == "dobj" and t.head.lemma_.lower() in MOTION_VERBS:
            return True                    # "wanted to reach Germany"
        return t.dep_ in ("compound", "nmod") and t.head.lemma_.lower() in PLACE_NOUNS

    def _is_agentive(self, tok) -> bool:
        t = _climb(tok)
        if t.dep_ in ACTING_DEPS or t.dep_ == "poss":
            return True
        if t.dep_ in ("compound", "nmod") and self.kb.group(t.head.lemma_.lower()) \
                and "gov" in self.kb.group(t.head.lemma_.lower()).flags:
            return True
        if t.dep_ == "pobj" and t.head.lower_ == "by" and t.head.dep_ == "agent":
            return True
        if t.dep_ in ("dobj", "dative") and t.head.lemma_.lower() in POLITICAL_VERBS:
            return True
        if t.dep_ == "pobj" and t.head.lower_ not in SPATIAL_PREPS:
            gov = t.head.head
            return gov.lemma_.lower() in POLITICAL_VERBS or gov.lower_ in RELATION_NOUNS
        return False

    # -- 3. government phrases ------------------------------------------------------
    def gov_phrases(self) -> None:
        for t in self.toks:
            g = self.kb.group(t.lemma_.lower()) or self.kb.group(t.lower_)
            if self.claimed[t.i] or g is None or "gov" not in g.flags:
                continue
            if "acting" in g.flags and not self._acts(t):
                continue                   # "sanctions against Belarusian officials": a group
            mods = self.left_mods(t)
            code = None
            for n, m in enumerate(mods):
                if self.tok_country[m.i]:
                    code = self.tok_country[m.i]
                elif m.i in self.person_at and self.person_at[m.i].country:
                    code = self.person_at[m.i].country
                elif m.pos_ == "PROPN" and (SEATS.get(name_key(m.text)) or capital_code(m.text)):
                    code = SEATS.get(name_key(m.text)) or capital_code(m.text)
                if code:
                    mods = mods[n:]
                    break
            if code is None:
                for ch in t.rights:             # "the government of Poland", "officials in Minsk"
                    if ch.dep_ == "prep" and ch.lower_ in ("of", "in", "from"):
                        obj = next((c for c in ch.children if c.dep_ == "pobj"), None)
                        if obj is None:
                            continue
                        code = self.tok_country[obj.i] or (
                            capital_code(obj.text) if obj.pos_ == "PROPN" else None)
                        if code:
                            mods = []
                            break
            if code is None:
                continue
            a = self.country_acc(code)
            a.agentive = True
            i = mods[0].i if mods else t.i
            self.add_span(a, i, t.i + 1)
            self.claim(i, t.i + 1)
            self.country_mentions.append((self.toks[i].idx, code, 2))

