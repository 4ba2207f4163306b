"""Actors: one record per person, organization, country or group, with all its mention spans.

Mentions are found in this order, each step claiming the tokens it uses:

0. the agency of a dateline ("VILNIUS, Nov 10 (Baltic Wire) -"), an actor only when the
   body names it too, and organizations of the actor file named in the text;
1. country names (any entity label, also untagged proper nouns), capitals and seats of
   government ("the Kremlin");
2. persons (PERSON entities cleaned of titles and possessives, merged by name and
   surname; surnames the tagger missed; @handles), with role and country learned from
   premodifiers ("Polish Interior Minister X") and appositions ("X, Belarus' foreign
   minister");
3. government phrases ("the Belarusian authorities", "the Minsk regime",
   "Lukashenko's regime", acting "Polish officials") as mentions of the country;
4. role descriptions without a name ("the Belarusian foreign minister"), coreferred to
   a named person of compatible role and country, else to a known office-holder, else
   an actor of their own;
5. organizations (ORG entities, and names an apposition shows to be one: "the airline
   Belavia", "Forest Watch, a network of volunteers"; sector from lexical and context
   cues);
6. unnamed collectives from the group lexicon ("migrants", "NGOs", "police", "EU
   ambassadors", "Belarusian officials" as a target) and demonym plurals ("Iraqis");
   unnamed spokespeople as persons; a bare "the government" stands for the country the
   paragraph is about (see :mod:`sitroom.extract.collectives`);
7. wire-agency credits and the authors of embedded posts.

Then a collective and the named body it is ("border guards", "the Polish Border Guard")
become one, as do a single-holder office ("Belarus's foreign minister") and the one
named person of no stated role. An organization named only inside another actor's
title ("European Commission President X") is no actor of its own.

A country name is a mention of its country actor; the actor exists only when at least
one of its mentions is more than a plain location ("flights from Germany" alone makes
no actor). A capital is a mention of its country only as an agent (subject, possessor,
"the Minsk regime") or as the target of a political verb ("urged the EU to address
Minsk"). "Brussels" as an agent is the EU.
"""
from __future__ import annotations

import re

from ..pipeline import register
from ..records import Actor, Document
from ..resources import Resources
from .actorkb import ActorKB, name_key, squash
from .countries import country_name
from .collectives import ACTING_DEPS, IGO_CODES, CollectiveSteps, _climb
from .persons import (PLACE_NOUNS, PLATFORMS, POSS_TOKENS, Draft, PersonSteps, capital_code,
                      contains_run, country_code, demonym_code, distance_back, surface_form)

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
MODIFIER_DEPS = {"amod", "compound", "nmod", "poss"}
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
_DATELINE = re.compile(r"^[A-Z][A-Za-z .'’-]{1,40},?[^()\n]{0,30}?\(([A-Z][^()\n]{1,40})\)\s*[-–—]",
                       re.M)


@register("actors", requires=("nlp", "places"), assigns=("actors",))
def actors_stage(doc: Document, res: Resources) -> dict:
    """Find the document's actors and all their mention spans."""
    return {"actors": extract_actors(doc, res.actor_kb)}


def extract_actors(doc: Document, kb: ActorKB | None = None) -> tuple[Actor, ...]:
    """Actors of a parsed document (``doc.nlp`` set), ids in order of first mention."""
    if doc.nlp is None:
        return ()
    return _Extractor(doc, kb or ActorKB.load()).run()


class _Extractor(PersonSteps, CollectiveSteps):
    """One document's actor extraction; :meth:`run` returns the actors."""

    def __init__(self, doc: Document, kb: ActorKB):
        self.doc, self.kb, self.sdoc = doc, kb, doc.nlp
        self.toks = list(doc.nlp)          # Token objects built once: spaCy makes new ones per access
        self.ents = list(doc.nlp.ents)
        self.text = doc.clean_text
        self.date = doc.published
        n = len(self.sdoc)
        self.claimed = [False] * n
        self.tok_country: list[str | None] = [None] * n
        self.accs: dict[tuple, Draft] = {}
        self.persons: list[Draft] = []
        self.person_at: dict[int, Draft] = {}      # token index -> person
        self.country_mentions: list[tuple[int, str, int]] = []   # (char, code, weight)
        self.affiliations: list[tuple[Draft, object]] = []        # spokesperson -> employer token
        self.place_names = {p.text.lower() for p in doc.places if p.feature != "country"}
        self._paras: list[int] | None = None           # paragraph starts, for salience
        self.dateline_spans: set[tuple[int, int]] = set()
        self._quoted: list[tuple[int, int]] = []

    # -- helpers --------------------------------------------------------------------
    def acc(self, kind: str, key: tuple, **kw) -> Draft:
        a = self.accs.get(key)
        if a is None:
            a = self.accs[key] = Draft(kind, key, order=len(self.accs), **kw)
        return a

    def country_acc(self, code: str) -> Draft:
        a = self.accs.get(("country", code))
        if a is None:
            igo = code in IGO_CODES
            a = self.acc("organization" if igo else "country", ("country", code),
                         name=IGO_CODES.get(code) or country_name(code) or code)
            a.countries[code] += 1
            a.sectors["IGO" if igo else "GOV"] += 1
            a.agentive = False
        return a

    def same_line(self, i: int, j: int) -> bool:
        return "\n" not in self.text[self.toks[min(i, j)].idx:self.toks[max(i, j)].idx]

    def claim(self, i: int, j: int) -> None:
        for k in range(i, j):
            self.claimed[k] = True

    def span_text(self, i: int, j: int) -> tuple[int, int, str]:
        s, e = self.toks[i].idx, self.toks[j - 1].idx + len(self.toks[j - 1].text)
        return s, e, self.text[s:e]

    def add_span(self, a: Draft, i: int, j: int) -> None:
        while j > i and (self.toks[j - 1].text in POSS_TOKENS or self.toks[j - 1].is_space):
            j -= 1
        while i < j and (self.toks[i].lower_ == "the" or self.toks[i].text in ("#", "@", "-")
                         or self.toks[i].is_space or self.toks[i].text in POSS_TOKENS):
            i += 1
        if i < j:
            s, e, t = self.span_text(i, j)
            a.add(s, e, surface_form(t))

    def left_mods(self, tok) -> list:
        """Contiguous left modifiers of ``tok`` within its line (no determiners)."""
        out, i = [], tok.i - 1
        while i >= tok.sent.start and self.same_line(i, tok.i):
            t = self.toks[i]
            if (t.dep_ in MODIFIER_DEPS and i < t.head.i <= tok.i) or t.dep_ == "case" \
                    or (t.dep_ == "punct" and t.text in "()-"):
                out.insert(0, t)
                i -= 1
            else:
                break
        while out and (out[0].dep_ in ("case", "punct")):
            out.pop(0)
        return out

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
            if i >= j or any(self.claimed[k] for k in range(i, j)):
                continue
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
    def credits_and_posts(self) -> None:
        for credit in self.doc.credits:
            for piece in re.split(r"\s*(?:,|/|\band\b|&)\s*", re.sub(r"^(?:with|by|source:?)\s+", "",
                                                                    credit.strip(), flags=re.I)):
                piece = piece.strip(" .()")
                if not piece or len(piece.split()) > 4:
                    continue
                known = self.kb.match(piece, self.date)
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
            span = self.sdoc.char_span(m.start(1), m.end(1), alignment_mode="expand")
            if span is None:
                continue
            k = self.kb.match(m.group(1), self.date)
            a = self.acc("organization", ("org", name_key(k.name if k else m.group(1))),
                         name=k.name if k else None)
            self.add_span(a, span.start, span.end)
            self.dateline_spans.update(a.spans)
            self.claim(span.start, span.end)
            for again in re.finditer(r"(?<!\w)" + re.escape(m.group(1)) + r"(?!\w)", self.text):
                later = self.sdoc.char_span(again.start(), again.end())
                if again.start() > m.end() and later is not None \
                        and not any(self.claimed[t.i] for t in later):
                    self.add_span(a, later.start, later.end)     # "told Baltic Wire"
                    self.claim(later.start, later.end)
            if k:
                self._apply_known(a, k)
            else:
                a.sectors["MED"] += 1
                a.roles.append("news agency")

    def run(self) -> tuple[Actor, ...]:
        self.dateline()
        self.known_orgs()
        self.countries()
        self.persons_step()
        for p in self.persons:
            k = self.kb.match(" ".join(p.toks), self.date)
            if k is not None and k.kind == "person":
                self._apply_known(p, k)
        self.gov_phrases()
        self.role_descriptions()
        self.orgs()
        self.groups()
        self.org_anaphora()
        self.spokespeople()
        self.merge_bodies()
        self.complete_persons()
        self.credits_and_posts()
        return self.build()

    def complete_persons(self) -> None:
        """Country and sector the text implies: the country it is about, the employer named."""
        self.adopt_descriptions()
        for p in self.persons:
            if p.roles and not p.countries and p.sectors.get("GOV") and p.spans:
                code = self.salient_country(min(p.spans)[0])
                if code:
                    p.countries[code] += 1
        for p, tok in self.affiliations:   # "a spokeswoman for the Red Cross"
            owner = next((a for a in self.accs.values() if a is not p and any(
                s <= tok.idx < e for s, e in a.spans)), None)
            if owner is not None:
                if not p.countries and owner.country:
                    p.countries[owner.country] += 1
                if not p.sectors and owner.sectors:
                    p.sectors[owner.sectors.most_common(1)[0][0]] += 1

    def _in_title(self, span: tuple[int, int], heads: set[int]) -> bool:
        """Whether a mention only qualifies another actor's ("Commission spokesman X", "a border
        guard spokeswoman"); ``heads`` are the start characters of those actors' mentions."""
        cs = self.sdoc.char_span(span[0], span[1], alignment_mode="expand")
        if cs is None:
            return False
        head = cs.root.head
        while head.dep_ == "compound" and head.head.i > head.i and head.idx not in heads:
            head = head.head
        return cs.root.dep_ in ("compound", "nmod", "poss") and head.i >= cs.end and head.idx in heads

    def build(self) -> tuple[Actor, ...]:
        out = []
        person_chars = {s for p in self.persons for s, _ in p.spans}
        group_chars = {s for g in self.accs.values() if g.kind == "group" for s, _ in g.spans}
        for a in self.accs.values():
            if not a.agentive or not a.forms:
                continue
            heads = person_chars | (group_chars if a.key[0] == "country" and a.kind != "country" else set())
            if a.kind in ("organization", "group") and a.spans and \
                    not any(f[0] > len(self.text) for f in a.forms) and \
                    all(sp in self.dateline_spans or self._in_title(sp, heads) for sp in a.spans):
                continue   # only the dateline's agency, a title's body, "EU" of "EU ambassadors"
            forms = sorted(a.forms)
            aliases: list[str] = []
            for _, f in forms:
                if f and f not in aliases:
                    aliases.append(f)
            if a.kind == "person" and a.names:
                name = max((surface_form(n) for n in a.names if not n.startswith("@")),
                           key=lambda n: (len(n.split()), len(n)), default=a.name or aliases[0])
            else:
                name = a.name or aliases[0]
            sector = a.sectors.most_common(1)[0][0] if a.sectors else None
            first = min((s for s, _ in a.spans), default=len(self.text) + 1 + a.order)
            out.append((first, a.order, Actor(
                id="", name=name, aliases=tuple(x for x in aliases if x != name), kind=a.kind,
                country=a.country, sector=sector, role=a.role,
                spans=tuple(self.doc.span(s, e) for s, e in sorted(a.spans)))))
        out.sort(key=lambda x: (x[0], x[1]))
        return tuple(_with_id(act, f"a{n}") for n, (_, _, act) in enumerate(out, 1))


def _with_id(a: Actor, i: str) -> Actor:
    return Actor(i, a.name, a.aliases, a.kind, a.country, a.sector, a.role, a.spans)
