"""Round 38's speed pass, read again: the generated arm-size trees score every model the walked trees scored (no
trees, trees too deep for one generated expression), as before the pass."""
from extract_support import walked_leaf

from stemfoot.extract import arm_size_model as asm
from stemfoot.extract.logistic import sparse_logistic


def _chain(depth: int) -> dict:
    """A tree of ``depth`` tests in a row: test i reads feature f<i>, goes left to test i+1 at most 0.5, else right
    to a leaf worth i+1; the last test's left leaf is worth -1."""
    # Nodes 0..depth-1 are the tests, depth..2*depth-1 their right leaves, 2*depth the last test's left leaf.
    feature = [f"f{i}" for i in range(depth)] + [None] * (depth + 1)
    left = [i + 1 for i in range(depth - 1)] + [2 * depth] + [-1] * (depth + 1)
    right = [depth + i for i in range(depth)] + [-1] * (depth + 1)
    value = [0.0] * depth + [float(i + 1) for i in range(depth)] + [-1.0]
    return {"feature": feature, "threshold": [0.5] * depth + [-2.0] * (depth + 1), "left": left, "right": right,
            "value": value}


def _probability(model: dict, feats: dict[str, float]) -> float:
    walked = sum(walked_leaf(t, feats) for t in model["trees"])
    return sparse_logistic({}, model["init"] + model["learning_rate"] * walked, {})


def test_a_model_without_trees_scores_its_prior() -> None:
    # An empty tree list generated "( , )", a syntax error; walked, it sums to 0 and the score is the prior.
    model = {"trees": [], "init": -0.4, "learning_rate": 0.1, "threshold": 0.5}
    assert asm.probability(model, {"f0": 1.0}) == _probability(model, {"f0": 1.0}) == sparse_logistic({}, -0.4, {})


def test_trees_too_deep_for_one_expression_are_walked() -> None:
    # Python's parser refuses ~200 nested brackets (SyntaxError) and the generator recursed once a level
    # (RecursionError near 1,000): such trees are walked, and shallow ones still generated, with the same leaves.
    for depth in (1, 3, 150, 300, 2000):
        model = {"trees": [_chain(depth), _chain(2)], "init": 0.2, "learning_rate": 0.1, "threshold": 0.5}
        for feats in ({}, {"f0": 1.0}, {f"f{i}": 0.5 for i in range(depth)}, {f"f{depth - 1}": 0.9}):
            assert asm.probability(model, feats) == _probability(model, feats), (depth, feats)


def test_a_lone_leaf_is_a_tree() -> None:
    leaf = {"feature": [None], "threshold": [-2.0], "left": [-1], "right": [-1], "value": [0.25]}
    assert asm._leaves([leaf, _chain(1)])({"f0": 0.7}) == (0.25, 1.0)
