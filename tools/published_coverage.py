"""Publication dates found in the text of realdev files ingested without metadata.

Prints, per file, the true date (SOURCES.tsv), the date found and how, and whether the
text states the date at all (the true day written in a common numeric or English form);
then coverage = share of files stating their date for which the right date is found.

    .venv/bin/python tools/published_coverage.py [../shared/eval-data/realdev]
"""
from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from pathlib import Path

from sitroom.clean.stage import clean_stage
from sitroom.records import Document
from sitroom.resources import Resources

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]


def _stated(text: str, iso: str) -> bool:
    """Whether the text writes the day (or, for a month-only date, the month) of ``iso``."""
    t = " ".join(text.lower().split())
    parts = iso.split("-")
    y = parts[0]
    if len(parts) == 2:
        return bool(re.search(rf"\b{y}-{parts[1]}\b", t))
    d = dt.date.fromisoformat(iso)
    m, dd = d.month, d.day
    mon = _MONTHS[m - 1]
    forms = [iso, f"{y} {m:02d} {dd:02d}", f"{y}.{m:02d}.{dd:02d}", f"{dd:02d}.{m:02d}.{y}",
             f"{dd}.{m:02d}.{y}", f"[{iso}", f"{y}/{m:02d}/{dd:02d}"]
    if any(f in t for f in forms):
        return True
    return bool(re.search(rf"\b{mon[:3]}[a-z]*\.? {dd}(?:st|nd|rd|th)?,? {y}\b"
                          rf"|\b{dd}(?:st|nd|rd|th)? {mon[:3]}[a-z]*\.?,? {y}\b", t))


def main(folder: str = "../shared/eval-data/realdev") -> int:
    root = Path(folder)
    rows = list(csv.DictReader((root / "SOURCES.tsv").open(encoding="utf-8"), delimiter="\t"))
    res = Resources()
    stated = found_right = found_any = wrong = 0
    print(f"{'file':<58} {'true':<10} {'found':<10} {'how':<9} stated ok")
    for r in rows:
        path = root / r["file"]
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        true = (r.get("published") or "").strip()
        if not re.fullmatch(r"\d{4}-\d\d(?:-\d\d)?", true):
            true = ""
        doc = Document.from_text(text, language=r.get("lang") or "en")
        out = clean_stage(doc, res)
        got, how = out["published"], out["published_source"]
        st = bool(true) and _stated(text, true)
        ok = bool(got and true and got[:len(true)] == true)
        stated += st
        found_right += st and ok
        found_any += bool(got)
        wrong += bool(got and true) and not ok
        print(f"{r['file'][:58]:<58} {true:<10} {got or '-':<10} {how or '-':<9} "
              f"{'yes' if st else 'no':<6} {'ok' if ok else ('WRONG' if got and true else '-')}")
    print(f"\nfiles {len(rows)}; text states the date: {stated}; right date found for "
          f"{found_right}/{stated} = {found_right / max(stated, 1):.3f}; "
          f"dated at all: {found_any}; wrong dates: {wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
