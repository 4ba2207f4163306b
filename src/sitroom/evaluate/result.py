"""Evaluation results: the metrics of one dataset, their text table and JSON form."""
from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ErrorItem:
    """One miss (``fn``) or false positive (``fp``), with the sentence that shows it."""
    layer: str
    kind: str            # fn | fp | wrong
    document: str
    item: str
    evidence: str = ""
    cause: str = ""      # events: no candidate | wrong type | wrong source | wrong target | wrong date


@dataclass
class EvalResult:
    """Metrics of one dataset: ``layers`` maps a layer or metric group to its numbers."""
    dataset: str
    format: str
    documents: int
    layers: dict[str, dict] = field(default_factory=dict)
    errors: list[ErrorItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # per language of the documents ({"fr": {"documents": n, "layers": {...}}}), when
    # the set holds a language other than English
    by_language: dict[str, dict] = field(default_factory=dict)

    def to_dict(self, errors: bool = False) -> dict:
        out = {"dataset": self.dataset, "format": self.format, "documents": self.documents,
               "layers": self.layers, "notes": list(self.notes)}
        if self.by_language:
            out["by_language"] = self.by_language
        if errors:
            out["errors"] = [e.__dict__ for e in self.errors]
        return out

    def to_json(self, errors: bool = False) -> str:
        return json.dumps(self.to_dict(errors), ensure_ascii=False)

    def only(self, names: set[str] | None) -> "EvalResult":
        """A copy keeping the metric groups named (or starting with a name given)."""
        if not names:
            return self
        keep = {k: v for k, v in self.layers.items()
                if k in names or any(k.startswith(n + "_") for n in names)}
        errs = [e for e in self.errors if e.layer in keep or e.layer in names]
        langs = {k: {"documents": v["documents"],
                     "layers": {n: m for n, m in v["layers"].items() if n in keep}}
                 for k, v in self.by_language.items()}
        return EvalResult(self.dataset, self.format, self.documents, keep, errs, self.notes, langs)


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def _error_lines(errors: list[ErrorItem]) -> list[str]:
    lines = []
    for e in errors:
        lines.append(f"  [{e.layer} {e.kind}] {e.document}: {e.item}")
        if e.evidence:
            lines.append(f"      > {' '.join(e.evidence.split())}")
    return lines


def _prf_line(k: str, v: dict, width: int) -> str:
    return (f"{k:<{width}} {v['tp']:>6} {v['fp']:>6} {v['fn']:>6} "
            f"{v['precision']:>6.3f} {v['recall']:>6.3f} {v['f1']:>6.3f}")


def format_text(result: EvalResult, show_errors: bool = False) -> str:
    """The human-readable report: a P/R/F1 table, then other metrics, notes and errors."""
    lines = [f"{result.dataset} ({result.format}, {result.documents} documents)"]
    prf_rows = [(k, v) for k, v in result.layers.items() if {"tp", "fp", "fn", "f1"} <= v.keys()]
    other = [(k, v) for k, v in result.layers.items() if not {"tp", "fp", "fn", "f1"} <= v.keys()]
    if prf_rows:
        width = max(12, max(len(k) for k, _ in prf_rows))
        lines.append("")
        lines.append(f"{'layer':<{width}} {'tp':>6} {'fp':>6} {'fn':>6} {'P':>6} {'R':>6} {'F1':>6}")
        lines += [_prf_line(k, v, width) for k, v in prf_rows]
    for lang, part in result.by_language.items():
        rows = [(k, v) for k, v in part["layers"].items() if {"tp", "fp", "fn", "f1"} <= v.keys()]
        if rows:
            width = max(12, max(len(k) for k, _ in rows))
            lines.append("")
            lines.append(f"language {lang} ({part['documents']} documents)")
            lines += ["  " + _prf_line(k, v, width) for k, v in rows]
    if other:
        lines.append("")
        for k, v in other:
            parts = ", ".join(f"{mk} {_fmt(mv)}" for mk, mv in v.items() if not isinstance(mv, dict))
            lines.append(f"{k}: {parts}")
    if result.notes:
        lines.append("")
        lines.extend(f"note: {n}" for n in result.notes)
    if show_errors and result.errors:
        caused = [e for e in result.errors if e.cause]
        rest = [e for e in result.errors if not e.cause]
        if caused:
            lines.append("")
            lines.append("event errors by cause:")
            groups: dict[tuple[str, str], list[ErrorItem]] = {}
            for e in caused:
                groups.setdefault((e.kind, e.cause), []).append(e)
            order = sorted(groups, key=lambda k: (k[0], -len(groups[k])))
            for k in order:
                lines.append(f"  {k[0]:<3} {k[1]:<14} {len(groups[k]):>5}")
        if rest:
            lines.append("")
            lines.append(f"errors ({len(rest)}):")
            lines.extend(_error_lines(rest))
        for k in (order if caused else ()):
            lines.append("")
            lines.append(f"event errors, {k[0]} {k[1]} ({len(groups[k])}):")
            lines.extend(_error_lines(groups[k]))
    return "\n".join(lines) + "\n"
