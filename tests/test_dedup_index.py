"""The on-disk LSH index of near-duplicates finds exactly the candidates datasketch's
in-memory MinHashLSH finds, for the same threshold."""
from __future__ import annotations

import numpy as np
from datasketch import MinHash, MinHashLSH

from sitroom.situation.dedup import NUM_PERM, THRESHOLD, BandIndex, _new


def _mh(sig: np.ndarray) -> MinHash:
    return _new(hashvalues=sig)


def test_band_index_finds_what_minhash_lsh_finds():
    rng = np.random.default_rng(7)
    bases = [rng.integers(0, 2**32, NUM_PERM, dtype=np.uint64).astype(np.uint32) for _ in range(40)]
    sigs = {}
    for i in range(400):
        base = bases[i % len(bases)]
        keep = rng.random(NUM_PERM) < rng.uniform(0.6, 1.0)     # share part of a base signature
        noise = rng.integers(0, 2**32, NUM_PERM, dtype=np.uint64).astype(np.uint32)
        sigs[f"d{i}"] = np.where(keep, base, noise)
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    index = BandIndex()
    try:
        for doc_id, sig in list(sigs.items())[:300]:
            lsh.insert(doc_id, _mh(sig))
            index.add(doc_id, sig, new=True)
        found = 0
        for sig in list(sigs.values())[300:]:
            want = set(lsh.query(_mh(sig)))
            got = index.candidates(sig)
            assert {i for i, _ in got} == want
            assert all(np.array_equal(s, sigs[i]) for i, s in got)
            found += bool(want)
        assert found > 20
        assert index.where("d3") == (None, None) and index.where("nope") is None
    finally:
        index.close()
