"""Two-stage screening (title/abstract, then full text) with dual review and active learning.

- Decisions are plain records (:class:`Decision`); exclusions name a reason from
  the protocol's list (required at full text, as PRISMA 2020 counts reports
  excluded by reason).
- :func:`agreement` gives Cohen's kappa between two reviewers and the conflicts
  to resolve; :func:`final_decisions` applies consensus / third-reviewer
  adjudication.
- :func:`rank_unscreened`: TF-IDF (word 1-2 grams, sublinear tf) + logistic
  regression (``class_weight="balanced"``, fixed ``random_state``) trained on
  the decisions so far; unscreened records sorted by predicted relevance.
- :func:`estimate_remaining`: expected number of relevant records still
  unscreened = sum of predicted probabilities from an *unweighted* logistic
  regression on the same features (balanced weights would inflate the
  probabilities), prior-corrected to the prevalence seen in a random sample
  when one is given (records screened in ranked order over-represent the
  relevant ones). It is an estimate to support, not replace, a stopping rule
  (e.g. also screen until N consecutive irrelevant records).

scikit-learn (>=1.3,<2) is needed for the ranking only.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np

STAGES = ("title_abstract", "full_text")
DECISIONS = ("include", "exclude", "maybe", "not_retrieved")  # not_retrieved: full text only


class ScreeningError(ValueError):
    """Bad screening input (one line, names the record)."""


@dataclass(frozen=True)
class Decision:
    record_id: str
    reviewer: str
    stage: str
    decision: str
    reason: str | None = None
    adjudicator: bool = False  # a third reviewer's call that settles a conflict


def validate(decisions: Iterable[Decision], reasons: Sequence[str]) -> list[Decision]:
    """Check stage, decision and exclusion reason against the protocol; returns the list."""
    out = []
    allowed = set(reasons)
    for d in decisions:
        where = f"record {d.record_id} ({d.reviewer})"
        if d.stage not in STAGES:
            raise ScreeningError(f"{where}: stage must be one of {', '.join(STAGES)}, not {d.stage!r}")
        if d.decision not in DECISIONS:
            raise ScreeningError(f"{where}: decision must be one of {', '.join(DECISIONS)}, not {d.decision!r}")
        if d.decision == "not_retrieved" and d.stage != "full_text":
            raise ScreeningError(f"{where}: 'not retrieved' is a full-text decision")
        if d.decision == "exclude":
            if d.reason is None and d.stage == "full_text":
                raise ScreeningError(f"{where}: a full-text exclusion needs a reason from the protocol")
            if d.reason is not None and d.reason not in allowed:
                raise ScreeningError(f"{where}: reason {d.reason!r} is not in the protocol's list")
        elif d.reason is not None and d.decision == "include":
            raise ScreeningError(f"{where}: an inclusion takes no exclusion reason")
        out.append(d)
    return out


def cohens_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's kappa for two raters' labels of the same items; None when undefined (pe = 1)."""
    if len(a) != len(b):
        raise ScreeningError("kappa: the two rating lists differ in length")
    n = len(a)
    if n == 0:
        return None
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / n**2
    if pe >= 1.0:
        return None
    return (po - pe) / (1 - pe)


@dataclass
class Conflict:
    record_id: str
    decisions: dict[str, str]
    reasons: dict[str, str | None]


@dataclass
class Agreement:
    stage: str
    reviewers: tuple[str, str]
    n: int
    observed: float | None
    kappa: float | None
    conflicts: list[Conflict] = field(default_factory=list)


def _by_record(decisions: Iterable[Decision], stage: str) -> dict[str, dict[str, Decision]]:
    table: dict[str, dict[str, Decision]] = defaultdict(dict)
    for d in decisions:
        if d.stage == stage and not d.adjudicator:
            table[d.record_id][d.reviewer] = d  # the later decision of a reviewer replaces the earlier
    return table


def agreement(decisions: Iterable[Decision], stage: str, reviewers: tuple[str, str] | None = None) -> Agreement:
    """Kappa and conflicts between two reviewers on the records both screened at ``stage``.

    "maybe" counts as its own category for kappa and as a conflict to discuss.
    """
    table = _by_record(decisions, stage)
    if reviewers is None:
        counts = Counter(r for recs in table.values() for r in recs)
        if len(counts) < 2:
            raise ScreeningError(f"{stage}: agreement needs two reviewers")
        reviewers = tuple(sorted(r for r, _ in counts.most_common(2)))  # type: ignore[assignment]
    r1, r2 = reviewers  # type: ignore[misc]
    both = sorted(rid for rid, recs in table.items() if r1 in recs and r2 in recs)
    a = [table[r][r1].decision for r in both]
    b = [table[r][r2].decision for r in both]
    conflicts = [Conflict(rid, {r1: x, r2: y}, {r1: table[rid][r1].reason, r2: table[rid][r2].reason})
                 for rid, x, y in zip(both, a, b) if x != y or x == "maybe"]
    po = sum(x == y for x, y in zip(a, b)) / len(both) if both else None
    return Agreement(stage, (r1, r2), len(both), po, cohens_kappa(a, b), conflicts)


def final_decisions(decisions: Iterable[Decision], stage: str) -> dict[str, Decision | None]:
    """Settled decision per record: agreement of the reviewers, else the adjudicator's; None if unsettled."""
    decisions = list(decisions)
    table = _by_record(decisions, stage)
    adj = {d.record_id: d for d in decisions if d.stage == stage and d.adjudicator}
    out: dict[str, Decision | None] = {}
    for rid, recs in table.items():
        vals = {d.decision for d in recs.values()}
        if rid in adj:
            out[rid] = adj[rid]
        elif len(vals) == 1 and "maybe" not in vals and len(recs) >= 2:
            out[rid] = next(iter(recs.values()))
        else:
            out[rid] = None
    return out


def settled_decisions(decisions: Iterable[Decision], stage: str, dual: bool = False) -> dict[str, Decision | None]:
    """Settled decision per record at ``stage``: an adjudication, else the reviewers' latest decisions when
    they agree (one reviewer suffices unless ``dual``); None for a conflict, a "maybe" or a missing second review.
    """
    decisions = list(decisions)
    table = _by_record(decisions, stage)
    adj: dict[str, Decision] = {}
    for d in decisions:
        if d.stage == stage and d.adjudicator:
            adj[d.record_id] = d  # the latest adjudication settles
            table.setdefault(d.record_id, {})
    out: dict[str, Decision | None] = {}
    for rid, recs in table.items():
        vals = {d.decision for d in recs.values()}
        if rid in adj:
            out[rid] = adj[rid]
        elif len(vals) == 1 and "maybe" not in vals and (len(recs) >= 2 or not dual):
            out[rid] = next(iter(recs.values()))
        else:
            out[rid] = None
    return out


def exclusion_counts(final: dict[str, Decision | None]) -> dict[str, int]:
    """Excluded records per reason (the PRISMA "reports excluded" box)."""
    return dict(Counter(d.reason or "no reason given" for d in final.values() if d and d.decision == "exclude"))


# ---------------------------------------------------------------- active learning

def _features(texts: Sequence[str]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_df=0.9, sublinear_tf=True, stop_words="english",
                          dtype=np.float32)
    try:
        return vec.fit_transform(texts)
    except ValueError:  # tiny corpora: every term below min_df
        return TfidfVectorizer(sublinear_tf=True, dtype=np.float32).fit_transform(texts)


def _model(seed: int, balanced: bool):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=10.0 if balanced else 1.0, class_weight="balanced" if balanced else None,
                              max_iter=2000, random_state=seed, solver="liblinear")


@dataclass
class Ranking:
    order: list[str]  # unscreened record ids, most likely relevant first
    probability: dict[str, float]  # unweighted-model probability of relevance
    expected_remaining: float


def rank_unscreened(texts: dict[str, str], labels: dict[str, int], seed: int = 0, X=None,
                    ids: Sequence[str] | None = None, prevalence: float | None = None) -> Ranking:
    """Rank the records without a label; ``labels``: record id -> 1 relevant / 0 irrelevant.

    With no positive or no negative label yet there is nothing to learn: the
    unscreened records keep a seeded random order and the estimate is None-like (nan).
    ``X``/``ids`` may pass precomputed TF-IDF rows (used by the simulation).
    ``prevalence``: share of relevant records in a *random* sample of all
    records (e.g. the first random batch). Records screened in ranked order
    over-represent relevant ones, so the probabilities are prior-corrected
    (King & Zeng 2001: logit shift from the training prevalence to this one)
    before they are summed. Without it the sum is biased upwards.
    """
    ids = list(ids) if ids is not None else list(texts)
    if X is None:
        X = _features([texts[i] for i in ids])
    idx = {r: k for k, r in enumerate(ids)}
    unknown = [r for r in labels if r not in idx]
    if unknown:
        raise ScreeningError(f"record {unknown[0]}: labelled but not among the records")
    todo = [r for r in ids if r not in labels]
    ys = set(labels.values())
    if not ys <= {0, 1}:
        raise ScreeningError("labels must be 0 (irrelevant) or 1 (relevant)")
    if not todo:
        return Ranking([], {}, 0.0)
    if ys != {0, 1}:
        rng = np.random.default_rng(seed)
        perm = [todo[i] for i in rng.permutation(len(todo))]
        return Ranking(perm, {}, float("nan"))
    train = [idx[r] for r in labels]
    y = np.array([labels[r] for r in labels])
    test = [idx[r] for r in todo]
    rank_model = _model(seed, True).fit(X[train], y)
    score = rank_model.decision_function(X[test])
    prob_model = _model(seed, False).fit(X[train], y)
    if prevalence is not None:
        if not 0 < prevalence < 1:
            raise ScreeningError(f"prevalence must be in (0, 1), got {prevalence}")
        ybar = float(y.mean())
        shift = np.log(prevalence / (1 - prevalence)) - np.log(ybar / (1 - ybar))
        prob = 1 / (1 + np.exp(-(prob_model.decision_function(X[test]) + shift)))
    else:
        prob = prob_model.predict_proba(X[test])[:, 1]
    order = np.lexsort((np.arange(len(test)), -score))  # stable: ties keep record order
    return Ranking([todo[i] for i in order], {todo[i]: float(p) for i, p in enumerate(prob)}, float(prob.sum()))


def estimate_remaining(ranking: Ranking) -> float:
    """Expected relevant records among the unscreened (sum of predicted probabilities)."""
    return ranking.expected_remaining


def simulate(texts: Sequence[str], relevant: Sequence[int], seed: int = 0, initial: int = 50,
             batch_fraction: float = 0.05, min_batch: int = 10, X=None, stop_when_all_found: bool = False
             ) -> tuple[list[int], list[tuple[int, float]]]:
    """Simulated screening with a perfect oracle. Returns the screening order (indices) and
    (records screened, estimated relevant remaining) after each retraining.

    Starts with ``initial`` random records (continuing at random until one
    relevant and one irrelevant are found; that random phase gives the
    prevalence for the remaining estimate), then retrains after each batch of
    max(``min_batch``, ``batch_fraction`` x screened) records.
    ``stop_when_all_found`` (benchmarks only: it uses the oracle) appends the
    rest unranked once every relevant record is found; recall and WSS do not
    depend on that tail.
    """
    n = len(texts)
    if X is None:
        X = _features(list(texts))
    ids = [str(i) for i in range(n)]
    rel = set(relevant)
    rng = np.random.default_rng(seed)
    perm = list(rng.permutation(n))
    labels: dict[str, int] = {}
    order: list[int] = []
    while perm and (len(order) < initial or len(set(labels.values())) < 2):
        i = int(perm.pop(0))
        order.append(i)
        labels[str(i)] = int(i in rel)
    k_rand = sum(labels.values())
    prevalence = (k_rand + 0.5) / (len(order) + 1)  # random phase: unbiased, smoothed away from 0
    estimates: list[tuple[int, float]] = []
    while len(order) < n:
        if stop_when_all_found and sum(labels.values()) == len(rel):
            estimates.append((len(order), rank_unscreened({}, labels, seed, X=X, ids=ids,
                                                          prevalence=prevalence).expected_remaining))
            order += [int(i) for i in perm if str(int(i)) not in labels]
            break
        r = rank_unscreened({}, labels, seed, X=X, ids=ids, prevalence=prevalence)
        estimates.append((len(order), r.expected_remaining))
        take = max(min_batch, int(batch_fraction * len(order)))
        for rid in r.order[:take]:
            order.append(int(rid))
            labels[rid] = int(int(rid) in rel)
    return order, estimates


def heuristic_stop(labels_in_order: Sequence[int], n_total: int, fraction: float = 0.05,
                   minimum: int = 100, start: int = 0) -> int | None:
    """Records screened when a run of max(``minimum``, ``fraction`` x N) consecutive irrelevant records
    ends screening (a common data-driven stopping heuristic); None if the run never happens.
    Runs count from ``start``, the first record screened in ranked order (a random phase
    says nothing about the ranking)."""
    run_needed = max(minimum, int(np.ceil(fraction * n_total)))
    run = 0
    for k, y in enumerate(labels_in_order, 1):
        if k <= start:
            continue
        run = 0 if y else run + 1
        if run >= run_needed:
            return k
    return None


def recall_at(order: Sequence[int], relevant: Sequence[int], fraction: float) -> float:
    """Share of relevant records found after screening ``fraction`` of all records."""
    rel = set(relevant)
    k = int(round(fraction * len(order)))
    return sum(1 for i in order[:k] if i in rel) / len(rel)


def wss_at(order: Sequence[int], relevant: Sequence[int], recall: float = 0.95) -> float:
    """Work saved over sampling at a recall level (Cohen et al. 2006): (N - n_screened)/N - (1 - recall)."""
    rel = set(relevant)
    need = int(np.ceil(recall * len(rel)))
    found = 0
    for k, i in enumerate(order, 1):
        found += i in rel
        if found >= need:
            return (len(order) - k) / len(order) - (1 - recall)
    return -(1 - recall)
