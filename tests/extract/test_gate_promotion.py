"""The export gate promotes only values whose readings agree (export_gate.promotion_arm); no spaCy."""
from stemfoot.extract.export_gate import promotion_arm

ARMS = [{"label": "cell group", "role": "intervention"}, {"label": "control group", "role": "control"}]


def _st(rule, model):
    return {"target": "unattributed", "kind": "mean_sd", "flags": ["review_attribution"],
            "attribution": {"rule_arm": rule, "model_arm": model}}


def test_a_value_the_rules_put_on_another_arm_is_never_promoted():
    assert promotion_arm(_st("control group", "cell group"), ARMS) is None


def test_a_value_with_no_rule_arm_or_the_same_one_may_be_promoted():
    assert promotion_arm(_st(None, "cell group"), ARMS) == ("cell group", "intervention")
    assert promotion_arm(_st("control group", "control group"), ARMS) == ("control group", "control")
