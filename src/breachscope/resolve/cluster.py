"""Constrained clustering: mentions become people without chaining conflicting identities.

1. Deterministic: mentions with the same valid BSN and a compatible date of birth (equal,
   one field off, or day and month swapped) are one person. A mention whose date of birth
   contradicts the rest of its BSN group keeps its BSN as a value but not as a key.
2. Probabilistic: scored pairs are merged strongest first (Kruskal order), but two clusters
   merge only if they hold no two different BSNs and, when both clusters' dates of birth
   are established (a BSN, or two mentions agreeing), compatible dates of birth. A mention
   without a BSN can therefore join at most one BSN person, and two people can never be
   chained through it.

3. Weak mentions (a name and nothing else) join the one person their name fits, if there
   is exactly one (:class:`WeakMentions`).

One pass gives the clustering at every threshold: the state after all pairs with
``p >= t`` is the clustering at ``t``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field


def dob_compatible(a: str, b: str) -> bool:
    """Equal, one of year/month/day different, day-month swapped, or one character off."""
    if a == b:
        return True
    ya, ma, da = a[:4], a[5:7], a[8:10]
    yb, mb, db = b[:4], b[5:7], b[8:10]
    if (ya == yb) + (ma == mb) + (da == db) == 2:
        return True
    if ya == yb and ma == db and da == mb:
        return True
    return len(a) == len(b) and _one_edit(a, b)


def _one_edit(a: str, b: str) -> bool:
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return True
    i = diff[0] if diff else 0
    return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]


@dataclass
class _Cluster:
    bsn: str | None
    dobs: Counter[str] = field(default_factory=Counter)
    strong: bool = True
    """Holds a mention with more than a name (see :class:`WeakMentions`)."""
    apart: frozenset[str] = frozenset()
    """Keys of the records its mentions come from that hold other people too (an HL7
    message and its next of kin): two clusters sharing one never merge."""

    @property
    def established(self) -> bool:
        """Its date of birth is known for sure: a BSN, or two mentions agree on it."""
        return bool(self.dobs) and (self.bsn is not None or max(self.dobs.values()) >= 2)


@dataclass(frozen=True, slots=True)
class Clustering:
    labels: dict[float, list[int]]
    """Per threshold, the cluster label (a representative node) of every node."""
    bsn_keys: list[str | None]
    """The BSN each node was keyed on in the deterministic step (None if not keyed)."""
    weakest_link: dict[float, dict[int, float]]
    """Per threshold, the lowest link probability used inside each multi-node cluster."""


def bsn_keys(bsns: Sequence[str | None], dobs: Sequence[str | None]) -> list[str | None]:
    """The deterministic key of every node: its valid BSN if its DOB fits the group's."""
    groups: dict[str, list[int]] = {}
    for i, b in enumerate(bsns):
        if b:
            groups.setdefault(b, []).append(i)
    keys: list[str | None] = [None] * len(bsns)
    for b, members in groups.items():
        seen = Counter(d for i in members if (d := dobs[i]))
        mode = min(seen.items(), key=lambda kv: (-kv[1], kv[0]))[0] if seen else None
        for i in members:
            d = dobs[i]
            if mode is None or d is None or dob_compatible(d, mode):
                keys[i] = b
    return keys


class _UnionFind:
    """Union-find whose roots carry a :class:`_Cluster`, made on a node's first merge."""

    def __init__(
        self,
        keys: list[str | None],
        dobs: Sequence[str | None],
        weak: Collection[int] = (),
        apart: Sequence[str | None] | None = None,
    ) -> None:
        self.parent = list(range(len(keys)))
        self.keys = keys
        self.dobs = dobs
        self.weak = weak
        self.apart = apart
        self.info: dict[int, _Cluster] = {}
        self.weakest: dict[int, float] = {}

    def cluster_of(self, root: int) -> _Cluster:
        got = self.info.get(root)
        if got is None:
            d = self.dobs[root]
            a = self.apart[root] if self.apart is not None else None
            got = _Cluster(
                self.keys[root],
                Counter([d] if d else []),
                root not in self.weak,
                frozenset([a]) if a else frozenset(),
            )
            self.info[root] = got
        return got

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def conflict(self, a: int, b: int) -> bool:
        x, y = self.cluster_of(a), self.cluster_of(b)
        if x.bsn and y.bsn and x.bsn != y.bsn:
            return True
        if x.apart and y.apart and not x.apart.isdisjoint(y.apart):
            return True
        if not (x.established and y.established):
            return False
        return not any(dob_compatible(p, q) for p in x.dobs for q in y.dobs)

    def union(self, a: int, b: int, p: float, *, force: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if not force and self.conflict(ra, rb):
            return False
        if ra > rb:
            ra, rb = rb, ra
        self.parent[rb] = ra
        x, y = self.cluster_of(ra), self.cluster_of(rb)
        del self.info[rb]
        x.bsn = x.bsn or y.bsn
        x.dobs.update(y.dobs)
        x.strong = x.strong or y.strong
        x.apart = x.apart | y.apart
        self.weakest[ra] = min(p, self.weakest.get(ra, 1.0), self.weakest.pop(rb, 1.0))
        return True


@dataclass(frozen=True, slots=True)
class WeakMentions:
    """Mentions that hold nothing but a name (a signature, "mevrouw Jansen" in a letter).

    No pair score can link them, so after the scored pairs at each threshold a weak
    mention still on its own (or with other weak ones) joins the one person among its
    ``candidates`` (compatible names) that holds more than a name; with none, it joins its
    ``twins`` (weak mentions of the very same name). With two or more it stays apart.
    """

    nodes: frozenset[int]
    candidates: Mapping[int, Sequence[int]]
    twins: Mapping[int, Sequence[int]]


def _attach_weak(uf: _UnionFind, weak: WeakMentions, p: float) -> None:
    for w in sorted(weak.nodes):
        rw = uf.find(w)
        if uf.cluster_of(rw).strong:
            continue
        roots = {uf.find(c) for c in weak.candidates.get(w, ())} - {rw}
        strong = {r for r in roots if uf.cluster_of(r).strong}
        if len(strong) == 1:
            uf.union(rw, strong.pop(), p)
        elif not strong:
            for twin in weak.twins.get(w, ()):
                uf.union(w, twin, p)


def cluster(
    bsns: Sequence[str | None],
    dobs: Sequence[str | None],
    pairs: Sequence[tuple[int, int, float]],
    thresholds: Sequence[float],
    weak: WeakMentions | None = None,
    apart: Sequence[str | None] | None = None,
) -> Clustering:
    """Cluster ``n = len(bsns)`` nodes; ``pairs`` are (left, right, probability); nodes
    with the same ``apart`` key are never one person (unless their BSN says so)."""
    keys = bsn_keys(bsns, dobs)
    uf = _UnionFind(keys, dobs, weak.nodes if weak else frozenset(), apart)
    first: dict[str, int] = {}
    for i, k in enumerate(keys):
        if k is not None:
            if k in first:
                uf.union(first[k], i, 1.0, force=True)
            else:
                first[k] = i
    ordered = sorted(pairs, key=lambda e: (-e[2], e[0], e[1]))
    labels: dict[float, list[int]] = {}
    weakest: dict[float, dict[int, float]] = {}
    pending = sorted(set(thresholds), reverse=True)
    idx = 0
    for t in pending:
        while idx < len(ordered) and ordered[idx][2] >= t:
            left, right, p = ordered[idx]
            uf.union(left, right, p)
            idx += 1
        if weak is not None:
            _attach_weak(uf, weak, t)
        labels[t] = [uf.find(i) for i in range(len(keys))]
        weakest[t] = dict(uf.weakest)
    return Clustering(labels, keys, weakest)
