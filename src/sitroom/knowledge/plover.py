"""The PLOVER event ontology: types, quad codes, modes, conflict-cooperation scores, CAMEO crosswalk.

PLOVER (Political Language Ontology for Verifiable Event Records) is by the Open
Event Data Alliance, CC BY-SA 4.0. The crosswalk shipped in
``data/cameo2plover.tsv`` is derived from its ``CAMEO2PLOVER-2021.txt`` with
:func:`build_crosswalk` (run this module as a script to regenerate it).
"""
from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..records import EVENT_TYPES
from .data import data_path

# Quad categories. The manual's per-type section puts SANCTION in material conflict
# while its quad table lists it as verbal; we follow the type section (and the
# Zero-Shot-PLOVER data), so SANCTION is 4.
QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation",
              3: "verbal conflict", 4: "material conflict"}

# Base conflict-cooperation scores (-10 hostile .. +10 cooperative). ACCUSE is printed
# as +3 in the manual although all its modes are negative: read as a sign slip.
TYPE_SCORES = {
    "AID": 10.0, "COOPERATE": 9.5, "RETREAT": 6.5, "SUPPORT": 5.0, "CONCEDE": 4.5,
    "AGREE": 2.5, "CONSULT": 2.5, "REQUEST": 0.0, "REJECT": -2.0, "ACCUSE": -3.0,
    "THREATEN": -3.5, "PROTEST": -5.0, "MOBILIZE": -5.5, "SANCTION": -6.0,
    "COERCE": -7.0, "ASSAULT": -9.0,
}

# Modes per type with their scores (manual 2.0). Types without modes have none.
MODES: dict[str, dict[str, float]] = {
    "CONSULT": {"visit": 4.0, "third-party": 1.0, "multilateral": 4.0, "phone": 1.5},
    "RETREAT": {"withdraw": 8.0, "release": 6.5, "disarm": 10.0, "ceasefire": 7.5,
                "access": 6.5, "resign": 4.5},
    "REQUEST": {"assist": 0.5, "change": -1.0, "yield": -1.0, "meet": 0.0},
    "ACCUSE": {"disapprove": -2.0, "investigate": -3.5, "allege": -3.5},
    "REJECT": {"assist": -1.5, "change": -2.0, "yield": -2.0, "meet": -2.0},
    "THREATEN": {"restrict": -3.0, "arrest": -3.5, "relations": -3.5, "expel": -3.5,
                 "territory": -4.0, "violence": -3.5},
    "PROTEST": {"demo": -5.0, "riot": -7.0, "strike": -5.0, "hunger": -4.5,
                "boycott": -4.5, "obstruct": -4.5, "vandalize": -5.0},
    "SANCTION": {"convict": -6.0, "expel": -5.5, "withdraw": -6.0, "discontinue": -6.0},
    "MOBILIZE": {"troops": -6.5, "weapons": -6.5, "police": -5.5, "militia": -6.0},
    "COERCE": {"seize": -7.0, "restrict": -7.0, "censor": -6.5, "curfew": -6.5,
               "martial-law": -7.5, "arrest": -7.0, "deport": -7.0, "withhold": -7.0,
               "misinformation": -6.5, "cyber": -7.0},
    "ASSAULT": {"abduct": -8.5, "beat": -7.5, "torture": -8.5, "sexual": -8.5,
                "targeted": -9.5, "destroy": -8.5, "primitive": -8.0, "firearms": -9.0,
                "explosives": -9.0, "suicide-attack": -9.5, "aerial": -9.5, "drone": -9.5,
                "heavy-weapons": -9.5, "crowd-control": -7.5, "unconventional": -10.0},
}

# Types that normally name a recipient.
RECIPIENT_NEEDED = frozenset({"COOPERATE", "AID", "SANCTION"})

# What a THREATEN event threatens, by the type of the threatened act.
THREAT_MODES = {"SANCTION": "restrict", "COERCE": "restrict", "ASSAULT": "violence",
                "MOBILIZE": "violence", "PROTEST": "relations", "REJECT": "relations"}

# Crosswalk mode values that the current manual no longer has, mapped to its modes.
_MODE_FIXES = {"ease": "", "ban": "restrict", "return": "release", "political": "restrict",
               "assassinate": "targeted", "massacre": "", "cleansing": "", "pro_autocracy": ""}


def quad(event_type: str) -> int:
    """Quad code (1-4) of a PLOVER type."""
    return QUAD[event_type]


def score(event_type: str, mode: str | None = None) -> float:
    """Conflict-cooperation score of a type, refined by its mode when the mode has one."""
    if mode and mode in MODES.get(event_type, {}):
        return MODES[event_type][mode]
    return TYPE_SCORES[event_type]


def is_mode(event_type: str, mode: str | None) -> bool:
    return bool(mode) and mode in MODES.get(event_type, {})


@dataclass(frozen=True)
class CameoEntry:
    code: str
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    description: str


_LINE = re.compile(r"^\s*(\d{3,4})\s*:\s*([^#]*?)\s*(?:#\s*(.*))?$")


def build_crosswalk(src: str | Path) -> list[CameoEntry]:
    """Parse the OEDA ``CAMEO2PLOVER`` text file into entries with current-manual modes."""
    out: dict[str, CameoEntry] = {}
    for line in Path(src).read_text(encoding="utf-8").splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        code, body, desc = m.group(1), m.group(2), (m.group(3) or "").strip()
        parts = [p.strip() for p in body.split(",")]
        parts += [""] * (3 - len(parts))
        etype, mode, ctx = parts[0].upper(), parts[1], ",".join(parts[2:])
        if etype not in EVENT_TYPES or code in out:
            continue
        contexts = [c.strip() for c in ctx.split(";") if c.strip()]
        if mode in _MODE_FIXES:
            # A context word sitting in the mode column moves to the contexts.
            if mode == "pro_autocracy":
                contexts.insert(0, mode)
            mode = _MODE_FIXES[mode]
        if etype == "ASSAULT" and mode == "seize":  # 1712 destroy property
            mode = "destroy"
        if mode and not is_mode(etype, mode):
            mode = ""
        desc = re.sub(r"\s*\d\d\.\d\d\.\d\d:.*$", "", desc)  # editor's dated notes
        out[code] = CameoEntry(code, etype, mode or None, tuple(contexts), desc)
    return sorted(out.values(), key=lambda e: e.code)


def write_crosswalk(entries: list[CameoEntry], fh) -> None:
    fh.write("# CAMEO to PLOVER crosswalk, derived from CAMEO2PLOVER-2021.txt (PLOVER manual "
             "draft 0.8), (c) Open Event Data Alliance, CC BY-SA 4.0; modes mapped to manual 2.0.\n")
    fh.write("code\ttype\tmode\tcontexts\tdescription\n")
    for e in entries:
        fh.write(f"{e.code}\t{e.type}\t{e.mode or ''}\t{';'.join(e.contexts)}\t{e.description}\n")


@functools.lru_cache(maxsize=1)
def crosswalk() -> dict[str, CameoEntry]:
    """The shipped crosswalk, CAMEO code -> entry."""
    out = {}
    with open(data_path("cameo2plover.tsv"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("code\t") or not line.strip():
                continue
            code, etype, mode, ctx, desc = (line.rstrip("\n").split("\t") + [""] * 5)[:5]
            out[code] = CameoEntry(code, etype, mode or None,
                                   tuple(c for c in ctx.split(";") if c), desc)
    return out


def cameo_to_plover(code: str) -> CameoEntry | None:
    """The PLOVER reading of a CAMEO code; a 4-digit code falls back to its 3-digit parent."""
    table = crosswalk()
    return table.get(code) or (table.get(code[:3]) if len(code) == 4 else None)


if __name__ == "__main__":  # regenerate data/cameo2plover.tsv from the OEDA file
    write_crosswalk(build_crosswalk(sys.argv[1]), sys.stdout)
