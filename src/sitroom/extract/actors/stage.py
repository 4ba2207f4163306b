"""Actors: one record per person, organization, country or group, with all its mention spans.

Mentions are found in this order, each step claiming the tokens it uses:

0. the agencies of a dateline ("VILNIUS, Nov 10 (Baltic Wire) -", "(REUTERS, BLOOMBERG)",
   "MOSCOW, August 8. /TASS/."), the report's sources, and organizations of the actor
   file named in the text;
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
   paragraph is about (see :mod:`sitroom.extract.actors.collectives`);
7. wire-agency credits and the authors of embedded posts.

Then a collective and the named body it is ("border guards", "the Polish Border Guard")
become one, as do a single-holder office ("Belarus's foreign minister") and the one
named person of no stated role. An organization named only inside another actor's
title ("European Commission President X") is no actor of its own.

Last, one actor's several names are joined (:mod:`.merging`: acronyms, spellings, "the
ministry", one country's forces, one story's migrants), the Phoenix lexicons fill the
country and sector the text leaves out, and only participants are kept
(:mod:`.participation`): an actor must act, undergo, speak, own or be a party in at least
one mention; a place, a credit, a byline or a name inside another's description is none.
Nor is a "person" listed among places or naming one ("Nyaung Kone village"), a union that
only says whose agency speaks ("the UN agencies said"), a nationality's people named in
passing ("with young Bangladeshis"), or plain "soldiers" of no stated country.

A country name is a mention of its country actor; the actor exists only when at least
one of its mentions is more than a plain location ("flights from Germany" alone makes
no actor). A capital is a mention of its country only as an agent (subject, possessor,
"the Minsk regime") or as the target of a political verb ("urged the EU to address
Minsk"). "Brussels" as an agent is the EU.
"""
from __future__ import annotations

from ...stages import register
from ...records import Actor, Document
from ...resources import Resources
from ...knowledge.actorkb import ActorKB
from ...knowledge.countries import country_name
from .collectives import CORE_ROLES, IGO_CODES, CollectiveSteps
from .countries import CountrySteps
from .orgs import OrgSteps
from .merging import MILITARY_HEADS, merge_all
from ...knowledge.actorkb import name_key
from .participation import participates
from .persons import POSS_TOKENS, Draft, PersonSteps, surface_form

PLACE_FEATURES = {"city", "admin1", "admin2", "region", "crossing"}
MODIFIER_DEPS = {"amod", "compound", "nmod", "poss"}
AGENCY_NOUNS = {"agency", "agencies", "body", "bodies", "organization", "organisation", "office",
                "mission", "programme", "program", "fund", "council", "envoy", "peacekeeper",
                "peacekeepers"}
LOCATIVE_PREPS = {"in", "at", "near", "from", "to", "into", "around", "outside", "inside"}
# Nouns that make the name before them a place's ("Nyaung Kone village", "a Kyar Si villager",
# "the Bab al-Hawa crossing", "Wan Chai MTR Station").
PLACE_NOUNS = {"village", "villages", "villager", "villagers", "town", "township", "crossing",
               "station", "district", "province", "square", "street", "road", "bridge", "airport",
               "port", "checkpoint", "neighbourhood", "neighborhood", "county", "city", "camp"}


@register("actors", requires=("nlp", "places"), assigns=("actors",))
def actors_stage(doc: Document, res: Resources) -> dict:
    """Find the document's actors and all their mention spans."""
    return {"actors": extract_actors(doc, res.actor_kb, res.gazetteer)}


def extract_actors(doc: Document, kb: ActorKB | None = None, gazetteer=None) -> tuple[Actor, ...]:
    """Actors of a parsed document (``doc.nlp`` set), ids in order of first mention.

    With a ``gazetteer``, a name of no stated role or known body that is only a town or
    a region's name ("left Izmir") is taken for the place, not an actor."""
    if doc.nlp is None:
        return ()
    return _Extractor(doc, kb or ActorKB.load(), gazetteer).run()


class _Extractor(CountrySteps, OrgSteps, PersonSteps, CollectiveSteps):
    """One document's actor extraction; :meth:`run` returns the actors."""

    def __init__(self, doc: Document, kb: ActorKB, gazetteer=None):
        self.doc, self.kb, self.sdoc = doc, kb, doc.nlp
        self.gazetteer = gazetteer
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
        self.dateline_places: list[tuple[int, int]] = []    # where a dateline names its place
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
        self.fill_from_lexicons()

    def fill_from_lexicons(self) -> None:
        """What the text leaves out, from the Phoenix lexicons: the sector of a role noun
        ("activist X" -> OPP), the country and sector of a named person or body on the
        report's date ("Paul Kagame" -> RW GOV). The text's own statements come first."""
        for a in self.accs.values():
            if not a.forms or a.kind not in ("person", "organization"):
                continue
            if not a.sectors and a.role and "spokes" not in a.role:   # a spokesperson is the employer's
                info = self.kb.agent(a.role)
                if info is not None:
                    a.sectors[info.sector] += 1
            if not a.sectors and a.kind == "organization" and a.name:
                g = self.kb.group(a.name)
                info = self.kb.agent(a.name)
                if g is not None and g.sector:
                    a.sectors[g.sector] += 1
                elif info is not None and len(a.name.split()) <= len(info.phrase.split()) + 1:
                    a.sectors[info.sector] += 1                    # "the Coastguard"
            if a.countries and a.sectors:
                continue
            names = [n for n in a.names if " " in n] if a.kind == "person" else \
                [n for n in [a.name] + [f for _, f in a.forms] if n]
            for n in names:
                k = self.kb.known_role(n, self.date)
                if k is None:
                    continue
                if not a.countries and k.country and (len(k.country) == 2 or k.country in IGO_CODES):
                    a.countries[k.country] += 1
                if not a.sectors and k.sector:
                    a.sectors[k.sector] += 1
                break

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

    def _participates(self, a: Draft) -> bool:
        spans = []
        for s, e in a.spans:
            if (s, e) in self.dateline_spans:
                return True                # the agency a dateline credits: the report's source
            if any(a0 <= s and e <= a1 for a0, a1 in self.dateline_places):
                continue                   # the place of the dateline
            cs = self.sdoc.char_span(s, e, alignment_mode="expand")
            union = a.kind == "organization" and (a.key[0] == "country" or a.name in IGO_CODES.values())
            if cs is not None and not (union and self._parent_body(cs)):
                spans.append(cs)
        if a.key[0] == "people":       # "Bangladeshis" only in passing ("with young Bangladeshis")
            return participates(spans, a.kind, self._person_noun, CORE_ROLES)
        return participates(spans, a.kind, self._person_noun)

    def _only_place(self, a: Draft) -> bool:
        """A person or body of no role, sector or country whose every name is a place's."""
        if self.gazetteer is None or a.kind not in ("person", "organization") or a.roles \
                or a.sectors or a.countries or not a.forms:
            return False
        for _, f in a.forms:
            if f.startswith("@") or not any(c.feature in PLACE_FEATURES and c.exact
                                            for c in self.gazetteer.lookup(f)):
                return False
        return True

    def _named_place(self, a: Draft) -> bool:
        """A "person" of no role that is a place (a mention ends in or modifies a place noun,
        "in Nyaung Kone village", or stands in a list of places) or no name at all (a
        capitalized comparative, "Smaller aid groups")."""
        if a.kind != "person" or a.roles:
            return False
        for s, e in a.spans:
            cs = self.sdoc.char_span(s, e, alignment_mode="expand")
            if cs is None:
                continue
            if len(cs) == 1 and cs[0].tag_ in ("JJR", "JJS", "RBR") and len(a.spans) == 1:
                return True                # "Smaller aid groups": a sentence's capital, no name
            if cs[-1].lower_ in PLACE_NOUNS:
                return True
            first = cs.root                # "in Kybartai, Medininkai, Rukla and Pabrade"
            while first.dep_ == "conj" and first.head is not first:
                first = first.head
            chain = [t for t in first.subtree
                     if t is first or (t.dep_ == "conj" and t.head.dep_ in ("conj", first.dep_))]
            if first.dep_ == "pobj" and first.head.lower_ in LOCATIVE_PREPS and len(chain) > 2 and \
                    any(self._place_token(t) for t in chain if t.i != cs.root.i):
                return True
            nxt = self.toks[cs.end] if cs.end < len(self.toks) else None
            if nxt is not None and nxt.lower_ in PLACE_NOUNS and nxt.pos_ == "NOUN" \
                    and not cs[-1].whitespace_.count("\n") and cs[-1].text not in POSS_TOKENS:
                return True
        return False

    def _parent_body(self, cs) -> bool:
        """Whether a union's mention only says whose agency another body is ("the UN agencies",
        "the UN's International Organization for Migration"): the agency acts, not the union."""
        root = cs.root
        if root.dep_ not in ("compound", "poss", "nmod") or root.head.i < cs.end - 1:
            return False
        head = root.head
        while head.dep_ == "compound" and head.head.i > head.i:
            head = head.head
        return head.lemma_.lower() in AGENCY_NOUNS or (head.pos_ == "PROPN" and head.ent_type_ == "ORG")

    def _counted(self, a: Draft) -> bool:
        """Whether a mention counts its people ("killed four soldiers"): those it befell."""
        for s, e in a.spans:
            cs = self.sdoc.char_span(s, e, alignment_mode="expand")
            if cs is not None and any(c.dep_ == "nummod" or c.like_num for c in cs.root.children):
                return True
        return False

    def _place_token(self, tok) -> bool:
        """Whether ``tok`` lies in a place the places layer found (not a country)."""
        return any(sp.start <= tok.idx < sp.end for p in self.doc.places
                   if p.feature != "country" for sp in (p.spans or (p.span,)))

    def _person_noun(self, lemma: str) -> bool:
        return lemma in self.kb.role_words or self.kb.group(lemma) is not None

    def build(self) -> tuple[Actor, ...]:
        merge_all(list(self.accs.values()), self.text)
        out = []
        person_chars = {s for p in self.persons for s, _ in p.spans}
        group_chars = {s for g in self.accs.values() if g.kind == "group" for s, _ in g.spans}
        for a in self.accs.values():
            if not a.agentive or not a.forms:
                continue
            if a.spans and not self._participates(a) or self._only_place(a) or self._named_place(a):
                continue
            if a.kind == "group" and a.forms and all(_bare_force(f) for _, f in a.forms) \
                    and not self._counted(a):
                continue       # "more soldiers" of no stated country: the text does not say whose
                continue
            heads = person_chars | (group_chars if a.key[0] == "country" and a.kind != "country" else set())
            if a.kind in ("organization", "group") and a.spans and \
                    not any(f[0] > len(self.text) for f in a.forms) and \
                    all(self._in_title(sp, heads) for sp in a.spans):
                continue   # only a title's body, "EU" of "EU ambassadors"
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


_NUMBER_WORDS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve", "dozen", "dozens", "hundreds", "thousands", "one", "several"}


def _bare_force(form: str) -> bool:
    """Whether a collective's name is a plain "soldiers", "troops", "more troops"."""
    words = name_key(form).split()
    if any(w.isdigit() or w in _NUMBER_WORDS for w in words):
        return False          # "killed four soldiers": the counted are the ones it befell
    return bool(words) and form == form.lower() and len(words) <= 2 and \
        words[-1] in MILITARY_HEADS | {"soldier", "troop"}


def _with_id(a: Actor, i: str) -> Actor:
    return Actor(i, a.name, a.aliases, a.kind, a.country, a.sector, a.role, a.spans)
