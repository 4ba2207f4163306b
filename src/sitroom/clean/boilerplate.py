"""Recognise page chrome that survives text extraction: calls to subscribe, app badges,
cross-links, share prompts, newsletter promos, cookie notices and wire credits.

Every pattern matches a *whole line* (after trimming), in English or French, so a real
sentence that merely mentions an app or a newsletter is left alone.
"""
from __future__ import annotations

import re

_END = r"\s*[.!:›>»→…]*\s*$"
_F = re.IGNORECASE

# Names of news agencies that appear in credit lines ("With AFP and Reuters").
AGENCIES = (r"afp|reuters|ap|associated press|agence france[- ]presse|dpa|ansa|efe|xinhua|tass"
            r"|ria novosti|interfax|bloomberg|upi|kyodo|yonhap|pap|belga|anadolu|ukrinform|belta"
            r"|agencies|news agencies|wires|wire services|agences")
_AGENCY = rf"(?:{AGENCIES}|(?-i:[A-Z]{{2,6}}))"
_AGENCY_LIST = rf"{_AGENCY}(?:\s*(?:,|&|\band\b|\bet\b)\s*{_AGENCY})*"

_PATTERNS: list[tuple[str, str]] = [
    ("subscribe", rf"(?:i subscribe|je m'abonne|subscribe(?: now| today| here| for free)?"
                  rf"|s'abonner|abonnez-vous(?: \S+){{0,6}}|already a subscriber\??(?: \S+){{0,4}}"
                  rf"|d[ée]j[àa] abonn[ée]e?\s*\??(?: \S+){{0,4}}|become a (?:member|subscriber)(?: \S+){{0,6}}"
                  rf"|(?:log|sign) in(?: to \S+(?: \S+){{0,3}})?|se connecter|register(?: now| for free)?"
                  rf"|sign up(?: now| here| today| for free)?|je m'inscris|inscrivez-vous(?: \S+){{0,6}}"
                  rf"|subscribe (?:to|for) (?:\S+ ){{0,4}}(?:alerts?|updates|channel|podcast|edition|access)"
                  # An offer: "Subscribe to the Harbour Gazette from €1 a month".
                  rf"|(?:subscribe|abonnez-vous) (?:to|for|à|au) (?:\S+ ){{0,6}}?(?:from|for|at|dès|à partir de|pour)"
                  rf" (?:just |only |seulement )?(?:[€$£]\s?\d[\d.,]*|\d[\d.,]*\s?(?:€|euros?|dollars?|pounds?))"
                  rf"(?: (?:a|per|par|/) ?(?:month|year|week|mois|an|semaine))?"
                  rf"|sign up (?:for|to) (?:\S+ ){{0,6}}(?:alerts?|updates|briefings?|emails?|account)"
                  rf"|support (?:our|independent|quality) journalism(?: \S+){{0,6}})"),
    # A newsletter line must also call the reader: "Get our daily newsletter".
    ("newsletter", rf"(?:(?:\S+ ){{0,5}}(?:our|your|notre|votre|subscribe|sign up|receive|recevez"
                   rf"|recevoir|inscri\w*|abonn\w*|daily|weekly|free|gratuite?)\b(?: \S+){{0,4}} newsletters?\b(?: \S+){{0,8}}"
                   rf"|(?:the |le |la |l')?(?:summary|roundup|round-up|digest|best|highlights|essentials?"
                   rf"|r[ée]sum[ée]|essentiel|meilleur) (?:of the|de la|du) (?:week|day|month|semaine|journ[ée]e|jour|mois)"
                   rf"|(?:\S+ ){{1,5}}invites? you to (?:come back|look back|catch up|return)\b(?: \S+){{0,12}}"
                   rf"|(?:\S+ ){{1,5}}vous invite à (?:revenir|retrouver|red[ée]couvrir)\b(?: \S+){{0,12}})"),
    ("badge", rf"(?:[\w.-]*(?:badge|app-?store|google-?play|appstore|play-?store)[\w.-]*"
              rf"|(?:download|get it|available|t[ée]l[ée]charger|disponible) (?:on|from|sur|dans) (?:the |l')?(?:app store|google play|play store)"
              rf"|(?:download|get|install) (?:the|our) (?:\S+ ){{0,4}}(?:app|application|apps)(?: now| for free| here)?"
              rf"(?: (?:on|from|in) (?:the )?(?:app store|google play|play store|iphone|android|ios))?"
              rf"|t[ée]l[ée]chargez? (?:l'|notre )(?:\S+ ){{0,4}}?(?:app|application)(?: \S+){{0,4}}"
              rf"|take (?:\S+ ){{1,5}}(?:everywhere|anywhere|wherever you go|on the go) with you"
              rf"|emportez (?:\S+ ){{1,5}}partout avec vous)"),
    ("crosslink", rf"(?:(?:>>|»|›|►|▶|→)+\s*\S.{{0,200}}"
                  rf"|(?:read|see|watch|listen|also read|read also|see also|read more|more|related|read next"
                  rf"|recommended|further reading|more on this(?: story)?|(?:à )?lire aussi|(?:à )?voir aussi"
                  rf"|à lire (?:également|aussi)|lire la suite|sur le même sujet|(?:à )?(?:re)?lire)\s*:\s*\S.{{0,250}}"
                  rf"|read more|continue reading|read the full (?:story|article)|lire la suite|(?:à )?lire aussi"
                  rf"|related (?:articles?|stories|content|coverage)|more on this story)"),
    ("share", rf"(?:share(?: this)?(?: article| story| page| post)?(?:\s*:|\s+on|\s+via|\s+to|\s+with)?\s+"
              rf"(?:(?:facebook|twitter|x|whatsapp|linkedin|e-?mail|messenger|telegram|reddit|pinterest)\s*[|•·,/]?\s*)+"
              # "Follow us on Telegram", "Suivez le Courrier sur Instagram".
              rf"|(?:follow|suivez)(?:-nous| us| (?:the |le |la |l')?(?:\S+ ){{0,4}}?)\s*(?:on|sur) (?:twitter|x|facebook"
              rf"|instagram|telegram|linkedin|youtube|tiktok|whatsapp|threads|bluesky|mastodon|google news)"
              rf"|click to (?:share|email|print|tweet)\b.*|share this(?: article| story| page)?"
              rf"|partager(?: sur (?:facebook|twitter|whatsapp|linkedin))?|copy link|copier le lien"
              rf"|(?:(?:facebook|twitter|whatsapp|linkedin|e-?mail|print|share|tweet|messenger|telegram"
              rf"|reddit|pinterest|flipboard|imprimer|partager)\s*[|•·,/]?\s*)+)"),
    ("other", rf"(?:advertisement|advertising|publicit[ée]|sponsored(?: content)?|supported by"
              rf"|powered by(?: \S+){{1,4}}|back to top|scroll to top|top of (?:the )?page|retour en haut"
              rf"|nach oben|zur[üu]ck nach oben|do g[óo]ry|наверх|volver arriba|loading|chargement|wird geladen"
              rf"|story continues (?:below|after)(?: (?:the )?(?:advertisement|ad))?"
              rf"|listen to (?:this|the) (?:article|story)|[ée]couter (?:cet|l')article|artikel anh[öo]ren"
              rf"|(?:\S+ ){{0,12}}(?:we use|this (?:site|website) uses|nous utilisons|ce site utilise)"
              rf" (?:\S+ ){{0,3}}cookies\b.*|(?:accept|refuse|manage|reject)(?: all)? cookies"
              rf"|(?:accepter|refuser|g[ée]rer)(?: les)? cookies|cookie (?:settings|policy|preferences)"
              # A feed's footer: "The post X appeared first on Y", "L'article X est apparu en premier sur Y".
              rf"|(?:the post|l['’]article|der beitrag|el art[íi]culo|wpis) .{{1,300}} (?:appeared first on"
              rf"|est apparu en premier sur|erschien zuerst auf|apareci[óo] primero en|pojawi[łl] si[ęe] najpierw na) .{{1,80}}"
              rf"|our standards: .{{0,60}}|all rights reserved\.?.{{0,60}}|(?:©|\(c\)\s|copyright\s+(?:©\s*)?\d{{4}}).{{0,80}})"),
]
# One alternation, one match per line; the group that matched names the kind.
_ANY = re.compile("^(?:" + "|".join(f"(?P<{kind.replace('-', '_')}>{p})" for kind, p in _PATTERNS)
                  + rf"){_END}", _F)

# Credit lines: "With AFP", "(Reuters)", "Avec AFP et Reuters", "Reporting by X; Editing by Y".
_CREDIT = re.compile(
    rf"^\(?\s*(?:(?:with|avec|source|sources)\s*:?\s+{_AGENCY_LIST}|{_AGENCY_LIST}"
    rf"|(?:\(?(?:additional )?(?:reporting|writing|written|editing|edited|compiled|compiling|research"
    rf"|translation|translated|graphics|production|produced|r[ée]daction|[ée]dition)\s+(?:by|par)\s+.{{2,300}}))"
    rf"\s*\)?\.?\s*$", _F)
_AGENCY_ONLY = re.compile(rf"^\(?\s*{_AGENCY_LIST}\s*\)?\.?\s*$", _F)
KNOWN_AGENCY = _KNOWN_AGENCY = re.compile(rf"\b(?:{AGENCIES})\b", _F)
# A byline: "By Jane Doe", "Par Jean Dupont et Marie Martin".
_BYLINE = re.compile(r"^(?:[Bb]y|[Pp]ar)\s+[A-ZÀ-Ý][\w'.-]+(?:\s+[A-ZÀ-Ý][\w'.-]+){0,3}"
                     r"(?:\s*(?:,|and|et|&)\s*[A-ZÀ-Ý][\w'.-]+(?:\s+[A-ZÀ-Ý][\w'.-]+){0,3})*\s*$")

_MAX_LEN = 400   # boilerplate lines are short; longer lines are prose and skip the patterns


def classify(line: str) -> str | None:
    """The kind of boilerplate a whole line is, or None for article text."""
    s = line.strip()
    if not s or len(s) > _MAX_LEN:
        return None
    if is_credit(s):
        return "credit"
    m = _ANY.match(s)
    return m.lastgroup if m else None


def is_credit(line: str) -> bool:
    """Whether the line credits agencies or reporters rather than telling the news."""
    s = line.strip()
    if len(s) > _MAX_LEN or not _CREDIT.match(s):
        return _BYLINE.match(s) is not None
    # A bare acronym line ("NATO") is a credit only when it names a known agency.
    if _AGENCY_ONLY.match(s):
        return bool(_KNOWN_AGENCY.search(s)) or s.lower().startswith(("with", "avec", "source"))
    return True


_SENTENCE_END = re.compile(r"[.?…][\"”»’)\]]*$|[\"”»’]$")


def is_prose(line: str) -> bool:
    """A line that reads like a sentence of the article: several words and a full stop."""
    return len(line.split()) >= 6 and _SENTENCE_END.search(line.strip()) is not None
