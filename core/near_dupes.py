"""Near-duplicate articles: MinHash signatures over word shingles, banded for lookup.

Exact copies already share an article id (core.ingest.article_id).  Near-copies — the same
agency report at several outlets with a different intro or footer, re-scraped versions of
one page, liveblog snapshots — do not.  Each article gets a MinHash signature (datasketch,
`NUM_PERM` permutations) of its `SHINGLE`-word shingles (lower-cased words, punctuation
off); the signature's bands (`BANDS` of `ROWS` values, the classic LSH banding) are stored
with the article, so a later ingest finds copies of older articles with one indexed
lookup per band, in bounded memory, without loading every signature.  Candidates that
share a band are kept when the signatures' estimated Jaccard similarity reaches the
threshold (setting ``near_duplicate``; default chosen on hand-labelled pairs, see README).

Pure functions here; the store holds the bands and signatures (core.store).
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable

import numpy as np

SHINGLE = 5
NUM_PERM = 128
BANDS, ROWS = 32, 4  # 32 x 4 = 128: a pair at Jaccard 0.5 shares a band with p ~ 0.87
SEED = 1
# Shorter texts are never grouped (exact copies still are, by id): a one-sentence ticker
# stub or teaser is all template ("Hier gibt es den Liveticker zum Spiel X gegen Y"), and
# two stubs of different matches look as alike as two versions of one article.
MIN_WORDS = 40
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """The set of k-word shingles of `text` (lower-case words, punctuation dropped)."""
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


# A paragraph (of at least PARAGRAPH_WORDS words) that this many stored articles *of the same
# source* contain is page furniture (a registration wall, a newsletter consent), not what an
# article says: the similarity of a candidate pair is checked again without such paragraphs.
# Per source, so an agency text printed by many outlets is not furniture; five, so that a few
# re-scraped versions of one page are not either.
PARAGRAPH_WORDS = 8
COMMON_PARAGRAPH = 5


def paragraph_keys(text: str, source: str = "") -> list[int]:
    """Signed 64-bit keys of the text's distinct paragraphs of PARAGRAPH_WORDS+ words, per
    source."""
    keys = []
    for para in text.split("\n"):
        words = _WORD.findall(para.lower())
        if len(words) >= PARAGRAPH_WORDS:
            keys.append(_para_key(source, words))
    return list(dict.fromkeys(keys))


def _para_key(source: str, words: list[str]) -> int:
    return _signed(hash_bytes((source + "\x00" + " ".join(words)).encode("utf-8")))


def content_similarity(a: str, b: str, common: set[int], source_a: str = "",
                       source_b: str = "") -> float:
    """Exact Jaccard similarity of the two texts' shingles without their `common`
    paragraphs (0 when what is left of either is shorter than MIN_WORDS)."""
    def content(text: str, source: str) -> str:
        kept = []
        for para in text.split("\n"):
            words = _WORD.findall(para.lower())
            if len(words) >= PARAGRAPH_WORDS and _para_key(source, words) in common:
                continue
            kept.append(para)
        return "\n".join(kept)

    ca, cb = content(a, source_a), content(b, source_b)
    if not long_enough(ca) or not long_enough(cb):
        return 0.0
    return jaccard(shingles(ca), shingles(cb))


def _signed(h: int) -> int:
    return struct.unpack("<q", struct.pack("<Q", h & 0xFFFFFFFFFFFFFFFF))[0]


def jaccard(a: set, b: set) -> float:
    """Exact Jaccard similarity of two shingle sets (for evaluation)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def signatures(texts: Iterable[str]) -> list[np.ndarray]:
    """Signatures of many texts (one MinHash permutation set, reused)."""
    from datasketch import MinHash

    template = MinHash(num_perm=NUM_PERM, seed=SEED)
    out = []
    for text in texts:
        m = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=template.permutations,
                    scheme=template.scheme)
        m.update_batch(list(shingles(text)))
        out.append(m.hashvalues.astype(np.uint64))
    return out


def long_enough(text: str) -> bool:
    return len(_WORD.findall(text)) >= MIN_WORDS


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (SQLite INTEGER), from the band's ROWS hash values."""
    keys = []
    for b in range(BANDS):
        chunk = sig[b * ROWS : (b + 1) * ROWS].tobytes()
        keys.append(_signed(hash_bytes(chunk) ^ (b << 56)))
    return keys


def hash_bytes(data: bytes) -> int:
    import hashlib

    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def estimate(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal hash values)."""
    return float(np.mean(a == b))


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u8").astype(np.uint64)
