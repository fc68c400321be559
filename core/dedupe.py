"""Near-duplicate groups at ingest: which stored or new article each new article copies.

The I/O edge of core.near_dupes: signatures of a batch of new articles are compared with
the stored articles that share an LSH band with them (one indexed lookup per batch) and
with the batch's earlier articles.  An article whose best match reaches the threshold
(setting ``near_duplicate``) joins that match's group: ``copy_of`` = the group's
representative (the first version seen), ``similarity`` = the estimated Jaccard similarity
to the match.  When either holds paragraphs that at least `near_dupes.COMMON_PARAGRAPH`
stored articles of its source hold (page furniture: registration walls, consent forms), the
pair is compared again without them (exact Jaccard of what is left).  A new version of the
representative's own page (same URL: a liveblog or an
updated article re-scraped later) supersedes it: it becomes the representative and the
group's other articles, the old version included, become its copies.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core import near_dupes as nd
from core import settings


def threshold() -> float:
    """The near-duplicate threshold from the settings; ValueError names a bad value."""
    return settings.number("near_duplicate", lo=0, hi=1, above=True)


@dataclass
class Assignment:
    copy_of: list[str]
    similarity: list[float]
    superseded: list[tuple[str, str]] = field(default_factory=list)  # (old root, new root)
    signatures: list[tuple[str, bytes, list[int]]] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)  # to count once the batch is stored


def assign(store, ids: list[str], texts: list[str], urls: list[str], limit: float,
           before: int | None = None, counted: bool = False,
           sources: list[str] | None = None) -> Assignment:
    """Group a batch of new articles (in arrival order) with the store and each other
    (with `before`, only with articles stored before that rowid).  `counted`: the store's
    paragraph counts already include this batch (regroup_store counts them all first)."""
    sources = sources or [""] * len(texts)
    paragraphs = [nd.paragraph_keys(t, src) for t, src in zip(texts, sources, strict=True)]
    df = store.paragraph_counts(k for ks in paragraphs for k in ks)
    if not counted:
        for ks in paragraphs:
            for k in ks:
                df[k] = df.get(k, 0) + 1
    sigs = nd.signatures(texts)
    # Too short to tell a copy from a template: no bands, so never a candidate or a copy.
    keys = [nd.band_keys(s) if nd.long_enough(t) else [] for s, t in zip(sigs, texts,
                                                                          strict=True)]
    cands = store.near_candidates((k for ks in keys for k in ks), before)
    pool_ids: list[str] = list(cands["article_id"])
    pool = [nd.from_blob(b) for b in cands["sig"]]
    pool_texts: list[tuple[str, str]] = list(zip(cands["text"], cands["source"], strict=True))
    root_of = {a: (c or a) for a, c in zip(cands["article_id"], cands["copy_of"], strict=True)}
    url_of = dict(zip(cands["article_id"], cands["url"], strict=True))
    out = Assignment([], [])
    for aid, text, src, sig, url, ks in zip(ids, texts, sources, sigs, urls, keys, strict=True):
        best, sim = None, 0.0
        if pool and ks:
            sims = (np.vstack(pool) == sig).mean(axis=1)
            j = int(np.argmax(sims))
            best, sim = pool_ids[j], float(sims[j])
            if sim >= limit:
                sim = _without_furniture((text, src), pool_texts[j], sim, df)
        if best is not None and sim >= limit:
            root = root_of[best]
            if url and url == url_of.get(root):
                # A newer version of the representative's page takes its place.
                out.superseded.append((root, aid))
                for a, r in list(root_of.items()):
                    if r == root:
                        root_of[a] = aid
                root_of[aid] = aid
                out.copy_of.append("")
                out.similarity.append(0.0)
            else:
                root_of[aid] = root
                out.copy_of.append(root)
                out.similarity.append(round(sim, 4))
        else:
            root_of[aid] = aid
            out.copy_of.append("")
            out.similarity.append(0.0)
        if ks:
            pool_ids.append(aid)
            pool.append(sig)
            pool_texts.append((text, src))
        url_of[aid] = url
        out.signatures.append((aid, nd.to_blob(sig), ks))
    # Within the batch, a later supersession also moves copies assigned earlier in it.
    final = {a: root_of[a] for a in ids}
    out.copy_of = ["" if final[a] == a else final[a] for a in ids]
    out.paragraphs = [] if counted else [k for ks in paragraphs for k in ks]
    return out


def _without_furniture(a: tuple[str, str], b: tuple[str, str], sim: float,
                       df: dict[int, int]) -> float:
    """The pair's similarity once the page furniture of their sources (paragraphs that many
    articles of the source hold: registration walls, consent forms) is left out; `sim` when
    neither holds any."""
    common = {k for k in (*nd.paragraph_keys(*a), *nd.paragraph_keys(*b))
              if df.get(k, 0) >= nd.COMMON_PARAGRAPH}
    if not common:
        return sim
    return nd.content_similarity(a[0], b[0], common, a[1], b[1])


def annotate(store, arts: pd.DataFrame, limit: float) -> tuple[pd.DataFrame, Assignment]:
    """`arts` with copy_of and similarity filled in (the Assignment says what else to do)."""
    if arts.empty:
        return arts.assign(copy_of=pd.Series(dtype="str"),
                           similarity=pd.Series(dtype="float64")), Assignment([], [])
    a = assign(store, arts["article_id"].tolist(), arts["text"].tolist(),
               arts["url"].fillna("").tolist(), limit, sources=arts["source"].tolist())
    sim = [s if c else 0.0 for c, s in zip(a.copy_of, a.similarity, strict=True)]
    return arts.assign(copy_of=a.copy_of, similarity=sim), a


def apply(store, a: Assignment) -> None:
    """After the batch is written: its signatures, and the groups it took over."""
    store.add_signatures(a.signatures)
    store.count_paragraphs(a.paragraphs)
    for old_root, new_root in a.superseded:
        store.regroup(old_root, new_root)


def regroup_store(store, limit: float, batch_size: int = 500) -> tuple[int, int]:
    """Group a whole store anew, in insertion order (an older store, or another threshold);
    returns (articles, copies).  Memory is bounded by the batch."""
    store.clear_near_duplicates()
    after = 0
    while True:  # first every paragraph's count, so early articles see the furniture too
        part = store.articles_in_order(after, batch_size)
        if part.empty:
            break
        store.count_paragraphs(k for t, src in zip(part["text"], part["source"], strict=True)
                               for k in nd.paragraph_keys(t, src))
        after = int(part["rowid_"].iloc[-1])
    after, n = 0, 0
    while True:
        part = store.articles_in_order(after, batch_size)
        if part.empty:
            break
        first = int(part["rowid_"].iloc[0])
        a = assign(store, part["article_id"].tolist(), part["text"].tolist(),
                   part["url"].fillna("").tolist(), limit, before=first, counted=True,
                   sources=part["source"].tolist())
        sims = [s if c else 0.0 for c, s in zip(a.copy_of, a.similarity, strict=True)]
        store.set_copies(zip(part["article_id"], a.copy_of, sims, strict=True))
        apply(store, a)
        n += len(part)
        after = int(part["rowid_"].iloc[-1])
    store.set_meta("deduped_at", pd.Timestamp.now(tz="UTC").isoformat())
    # Counted in the store: a later version that supersedes a group turns its first article
    # into a copy after that article's batch was counted.
    return n, store.count_near_copies()
