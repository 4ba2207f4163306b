"""Rebuild ``data/cameo_verbs.tsv``, the event verb and noun lexicon derived from the CAMEO
verb dictionary of PETRARCH2 (Open Event Data, MIT), typed with PLOVER through the
packaged CAMEO-to-PLOVER crosswalk (``data/cameo2plover.tsv``):

    python tools/build_cameo_lexicon.py ../shared/kb/petrarch2

Each verb of a synonym set gets its own CAMEO code, else the set's. Phrase patterns whose
object is a single noun phrase (``- * SANCTIONS [163]``) or a preposition with one
(``- * (WITH AID) [070]``) become object rules of the verb; more elaborate patterns are
left out. Codes the crosswalk does not map (plain statements, 01x) are left out, and so is
a pattern coded ``---`` (the phrase is no event): it is kept as a rule typed ``-``. Event
nouns are derived from the verbs by regular nominalisation (deport -> deportation,
arrest -> arrest, punish -> punishment), kept only where the noun occurs in the
dictionaries' own phrase patterns or member lists, so that no invented word ships.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "sitroom" / "data"
HEADER = """\
# Event verbs and nouns derived from the CAMEO verb dictionary of PETRARCH2
# (Open Event Data, PETRARCH2 dictionaries, MIT), typed with PLOVER through cameo2plover.tsv.
# Rebuilt by `python tools/build_cameo_lexicon.py <petrarch2 dictionaries folder>`.
# Columns: lemma, pos (V verb, N noun), cond, cameo, type, mode
#   cond  empty: the word's default code; obj=W: the direct object (or a noun of it) is W;
#         P=W: a preposition P with object W ("with=aid"); prt=X: particle X ("stir up")
#   type  PLOVER type, or - when CAMEO codes the phrase as no event
"""

_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
_CODE = re.compile(r"\[([^\]]*)\]")
_WORD = re.compile(r"^[A-Z][A-Z_-]*$")


def crosswalk() -> dict[str, tuple[str, str]]:
    out = {}
    for line in (DATA / "cameo2plover.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("code\t") or not line.strip():
            continue
        cols = line.split("\t")
        out[cols[0]] = (cols[1], cols[2] if len(cols) > 2 else "")
    return out


def plover_of(code: str, cw: dict) -> tuple[str, str] | None:
    """The PLOVER type and mode of a CAMEO code (its first alternative), or None."""
    code = code.split(":")[0].strip()
    if code == "---":
        return ("-", "")
    while code:
        if code in cw:
            return cw[code]
        code = code[:-1]
    return None


def _lemma(word: str) -> tuple[str, str]:
    """("stir", "up") for +STIR_UP; ("detain", "") for DETAIN."""
    w = word.lstrip("+&").lower()
    head, _, prt = w.partition("_")
    return head, prt.replace("_", " ")


def _object(pattern: str) -> str | None:
    """The condition of a simple phrase pattern: 'obj=sanction', 'with=aid', else None."""
    p = pattern.strip()
    if not p.startswith("*"):
        return None
    rest = p[1:].strip()
    m = re.fullmatch(r"\((\w+)\s+\{?([A-Z ]+?)\}?\)", rest)
    if m and _WORD.match(m.group(1)) and m.group(1) in _PREPS:
        words = m.group(2).split()
        return f"{m.group(1).lower()}={_singular(words[-1].lower())}"
    m = re.fullmatch(r"\{?([A-Z][A-Z ]*?)\}?", rest)
    if m:
        words = m.group(1).split()
        if 1 <= len(words) <= 2 and all(_WORD.match(w) for w in words):
            return f"obj={_singular(words[-1].lower())}"
    return None


_PREPS = {"WITH", "AGAINST", "ON", "TO", "FOR", "OF", "INTO", "FROM", "OVER"}


def _singular(w: str) -> str:
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def parse(path: Path, cw: dict) -> tuple[list[tuple], set[str]]:
    rows: list[tuple] = []
    words: set[str] = set()
    block_code = None
    members: list[tuple[str, str, str | None]] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if line.startswith("-"):   # words of phrase patterns: nouns and phrases, never the verb
            words.update(w.lower() for w in re.findall(r"[A-Z]{3,}", line.split("[", 1)[0]))
        if not line.strip():
            continue
        m = _BLOCK.match(line)
        if m:
            block_code = m.group(2).strip()
            members = []
            continue
        if line.startswith("-"):
            codes = _CODE.findall(line)
            if not codes or not members:
                continue
            cond = _object(line[1:].split("[", 1)[0])
            pv = plover_of(codes[-1], cw) if codes[-1].split(":")[0].strip() else None
            if cond is None or pv is None:
                continue
            for lem, prt, _ in members:
                rows.append((lem, "V", cond if not prt else f"prt={prt};{cond}",
                             codes[-1].split(":")[0], pv[0], pv[1]))
            continue
        tok = line.split()[0]
        if not re.match(r"^\+?[A-Z][A-Z_]*$", tok):
            continue
        codes = _CODE.findall(line)
        own = codes[0].strip() if codes else None
        lem, prt = _lemma(tok)
        members.append((lem, prt, own))
        code = own if own and own != "---" else block_code
        if not code or code == "---":
            continue
        pv = plover_of(code, cw)
        if pv is None or pv[0] == "-":
            continue
        rows.append((lem, "V", f"prt={prt}" if prt else "", code.split(":")[0], pv[0], pv[1]))
    return rows, words


def nominalisations(verb: str) -> list[str]:
    """Regular nouns of a verb: the verb itself, -ion/-ation/-ment/-al/-ure forms."""
    out = [verb]
    if verb.endswith("e"):
        out += [verb[:-1] + "ion", verb[:-1] + "ation", verb + "ment", verb[:-1] + "al",
                verb[:-1] + "ure"]
        if verb.endswith("ade"):
            out.append(verb[:-2] + "sion")   # invade -> invasion
        if verb.endswith("ise") or verb.endswith("ize"):
            out.append(verb[:-1] + "ation")
    else:
        out += [verb + "ion", verb + "ation", verb + "ment", verb + "al"]
        if verb.endswith("y"):
            out.append(verb[:-1] + "ication")
        if verb.endswith("nd"):
            out.append(verb[:-1] + "sion")   # extend -> extension
        if verb.endswith("it"):
            out.append(verb[:-1] + "ssion")  # admit -> admission
    return out


def build(src: Path) -> list[tuple]:
    cw = crosswalk()
    rows, words = parse(src / "CAMEO.2.0.txt", cw)
    seen, out = set(), []
    for r in rows:
        if r[:3] not in seen:
            seen.add(r[:3])
            out.append(r)
    nouns = set()
    for lem, pos, cond, code, typ, mode in list(out):
        if cond or typ == "-":
            continue
        for n in nominalisations(lem):
            if n in words and (n, code) not in nouns:
                nouns.add((n, code))
                out.append((n, "N", "", code, typ, mode))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("petrarch2", type=Path, help="folder holding CAMEO.2.0.txt")
    ap.add_argument("--out", type=Path, default=DATA / "cameo_verbs.tsv")
    args = ap.parse_args(argv)
    if not (args.petrarch2 / "CAMEO.2.0.txt").exists():
        print(f"no CAMEO.2.0.txt in {args.petrarch2}", file=sys.stderr)
        return 2
    rows = build(args.petrarch2)
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(HEADER)
        for r in rows:
            fh.write("\t".join(r) + "\n")
    nv = sum(1 for r in rows if r[1] == "V")
    print(f"{args.out}: {nv} verb rules, {len(rows) - nv} noun rules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
