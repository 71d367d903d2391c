"""A scikit-learn logistic regression over feature dicts, written as the JSON spec our run-time scorers read.

Shared by ``train_group_sizes.py`` and ``train_place_rank.py`` (``size_chooser.probability`` and
``place_rank.probability`` score the spec in pure Python: no scikit-learn at run time).
"""
from __future__ import annotations


def fit_logistic(rows: list[tuple[dict, int]], *, c: float, seed: int, weights: list[float] | None = None) -> dict:
    """``{"type": "logistic", "features", "coef", "intercept"}``, rounded to 6 places so a refit is byte-identical;
    ``weights``: one per row (default: every row weighs 1)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([f for f, _ in rows])
    y = [r for _, r in rows]
    clf = LogisticRegression(C=c, max_iter=5000, random_state=seed, solver="lbfgs")
    clf.fit(x, y, sample_weight=weights)
    return {"type": "logistic", "features": list(vec.get_feature_names_out()),
            "coef": [round(float(v), 6) for v in clf.coef_[0]], "intercept": round(float(clf.intercept_[0]), 6)}
