"""review.screening: decisions, kappa, conflicts, active-learning ranking and stopping estimate."""
from __future__ import annotations

import random

import pytest

from stemfoot.review.screening import (Decision, ScreeningError, agreement, cohens_kappa, exclusion_counts,
                                       final_decisions, heuristic_stop, rank_unscreened, recall_at, simulate,
                                       validate, wss_at)

REASONS = ["Not a clinical study", "No cell therapy", "Not diabetic foot or limb ischaemia"]


def test_kappa_textbook_example():
    # 50 items: 20 yes/yes, 15 no/no, 5 yes/no, 10 no/yes -> po 0.70, pe 0.50, kappa 0.40
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohens_kappa(a, b) == pytest.approx(0.4)
    assert cohens_kappa(["x", "x"], ["x", "x"]) is None  # chance agreement is 1: undefined
    sk = pytest.importorskip("sklearn.metrics")
    rng = random.Random(3)
    a = [rng.choice(["include", "exclude", "maybe"]) for _ in range(200)]
    b = [x if rng.random() < 0.7 else rng.choice(["include", "exclude", "maybe"]) for x in a]
    assert cohens_kappa(a, b) == pytest.approx(sk.cohen_kappa_score(a, b))


def test_agreement_conflicts_and_adjudication():
    ds = validate([
        Decision("r1", "ann", "title_abstract", "include"), Decision("r1", "bob", "title_abstract", "include"),
        Decision("r2", "ann", "title_abstract", "exclude", "No cell therapy"),
        Decision("r2", "bob", "title_abstract", "include"),
        Decision("r3", "ann", "title_abstract", "exclude"), Decision("r3", "bob", "title_abstract", "exclude"),
        Decision("r4", "ann", "title_abstract", "maybe"), Decision("r4", "bob", "title_abstract", "maybe"),
        Decision("r2", "cat", "title_abstract", "exclude", "No cell therapy", adjudicator=True),
    ], REASONS)
    ag = agreement(ds, "title_abstract")
    assert ag.reviewers == ("ann", "bob") and ag.n == 4
    assert ag.observed == pytest.approx(0.75)
    assert [c.record_id for c in ag.conflicts] == ["r2", "r4"]  # disagreement and a shared "maybe"
    assert ag.conflicts[0].reasons["ann"] == "No cell therapy"
    final = final_decisions(ds, "title_abstract")
    assert final["r1"].decision == "include" and final["r2"].reviewer == "cat"
    assert final["r4"] is None
    assert exclusion_counts(final) == {"No cell therapy": 1, "no reason given": 1}


def test_validation_against_the_protocol():
    with pytest.raises(ScreeningError, match="record r9 .* needs a reason"):
        validate([Decision("r9", "ann", "full_text", "exclude")], REASONS)
    with pytest.raises(ScreeningError, match="not in the protocol"):
        validate([Decision("r9", "ann", "full_text", "exclude", "Too boring")], REASONS)
    with pytest.raises(ScreeningError, match="stage"):
        validate([Decision("r9", "ann", "abstract", "include")], REASONS)
    with pytest.raises(ScreeningError, match="two reviewers"):
        agreement([Decision("r1", "ann", "full_text", "include")], "full_text")


def corpus(n_rel=15, n_irr=300, seed=0):
    rng = random.Random(seed)
    rel_words = "autologous bone marrow mononuclear cells stem cell implantation critical limb ischaemia diabetic " \
                "foot ulcer amputation transcutaneous oxygen".split()
    common = "patients randomised trial group control outcome weeks months baseline significant treatment " \
             "placebo efficacy safety study analysis follow".split()
    irr_topics = ["insulin glargine glucose hba1c", "asthma inhaled corticosteroid exacerbation",
                  "breast cancer chemotherapy tamoxifen", "smoking cessation varenicline nicotine",
                  "hypertension amlodipine blood pressure", "depression sertraline psychotherapy"]
    texts, rel = [], []
    for i in range(n_rel + n_irr):
        if i < n_rel:
            words = rng.sample(rel_words, 6) + rng.sample(common, 8)
            rel.append(i)
        else:
            words = rng.choice(irr_topics).split() * 2 + rng.sample(common, 8)
        rng.shuffle(words)
        texts.append(" ".join(words))
    order = list(range(len(texts)))
    rng.shuffle(order)
    texts = [texts[i] for i in order]
    rel = [order.index(i) for i in rel]
    return texts, rel


def test_ranking_puts_relevant_records_first_and_estimates_remaining():
    texts, rel = corpus()
    records = {f"id{i}": t for i, t in enumerate(texts)}
    rel_ids = {f"id{i}" for i in rel}
    labelled = [f"id{i}" for i in rel[:3]] + [f"id{i}" for i in range(len(texts)) if i not in rel][:40]
    labels = {r: int(r in rel_ids) for r in labelled}
    r = rank_unscreened(records, labels, seed=1)
    remaining = rel_ids - set(labels)
    assert set(r.order[:len(remaining)]) == remaining
    assert len(r.order) == len(records) - len(labels)
    assert 0.3 * len(remaining) < r.expected_remaining < 3 * len(remaining)
    assert r.order == rank_unscreened(records, labels, seed=1).order  # seeded, reproducible
    only_neg = rank_unscreened(records, {labelled[-1]: 0}, seed=2)
    assert len(only_neg.order) == len(records) - 1  # nothing to learn yet: random order


def test_simulation_beats_random_order():
    texts, rel = corpus(seed=4)
    order, est = simulate(texts, rel, seed=0, initial=30)
    assert sorted(order) == list(range(len(texts)))
    assert recall_at(order, rel, 0.25) == 1.0
    assert wss_at(order, rel) > 0.5
    assert est and est[-1][0] < len(texts)
    rnd = list(range(len(texts)))
    random.Random(0).shuffle(rnd)
    assert wss_at(rnd, rel) < wss_at(order, rel)
    assert wss_at(list(range(10)), [0, 1]) == pytest.approx(8 / 10 - 0.05)
    labels = [0, 1, 0, 0, 1] + [0] * 200
    assert heuristic_stop(labels, 1000) == 5 + 100  # run of max(100, 50) irrelevant after the last relevant
    assert heuristic_stop(labels, 3000) == 5 + 150
    assert heuristic_stop([0] * 120 + [1] + [0] * 99, 1000, start=100) is None
