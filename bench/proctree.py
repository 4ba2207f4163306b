"""Resident memory and CPU time of a process and its descendants, from Linux /proc."""
from __future__ import annotations

import os

CLOCK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[bytes] | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return None
    return data[data.rindex(b")") + 2:].split()   # fields from the state on


def tree(root: int) -> list[int]:
    """``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            st = _stat(int(entry.name))
            if st is not None:
                children.setdefault(int(st[1]), []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def rss(pid: int) -> int:
    """Resident set size in bytes of one process (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(root: int) -> int:
    """Resident set size in bytes of ``root`` and all its descendants."""
    return sum(rss(p) for p in tree(root))


def cpu(pid: int) -> float:
    """User + system CPU seconds one live process has used."""
    st = _stat(pid)
    return (int(st[11]) + int(st[12])) / CLOCK if st else 0.0


def tree_cpu(root: int) -> dict[int, float]:
    """CPU seconds used so far by ``root`` and each live descendant, by pid."""
    return {p: cpu(p) for p in tree(root)}


def cpu_between(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two :func:`tree_cpu` readings by the processes alive at
    the second (the workers of a run live through it)."""
    return sum(t - before.get(p, 0.0) for p, t in after.items())
