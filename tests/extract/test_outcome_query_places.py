"""Round 12 outcome-data matching: sum rows, acronyms spelled inside words, two-arm sentences, arm codes defined in
table footnotes or shared words, factorial cell labels, a sentence's series of values (no spaCy)."""
from __future__ import annotations

from stemfoot.extract.outcome_query import (
    answer_query, arm_similarity, article_acronyms, code_arms, expand_acronyms, factorial_signs, outcome_similarity,
    sum_label,
)


def _cells(caption: str, label: str, values: dict[str, int], kind: str = "events") -> list[dict]:
    field = "events" if kind == "events" else "mean"
    return [{"kind": kind, "arm": arm, field: v, "sd": 1.0 if kind == "mean_sd" else None, "total": 75,
             "outcome_label": label, "timepoint": None,
             "evidence": {"table": "Table 4", "row_header": label, "caption": caption, "column_header": arm}}
            for arm, v in values.items()]


def test_a_sum_row_takes_the_captions_outcome():
    assert sum_label("Total") and sum_label("Overall, n (%)") and sum_label("Total n (%)")
    assert not sum_label("Total cholesterol") and not sum_label("Any AE") and not sum_label("Wound infection")
    caption = "Rate of complications after surgery, according to study group"
    recs = (_cells(caption, "Smokers", {"Transverse incision": 3, "Midline incision": 5})
            + _cells(caption, "Total", {"Transverse incision": 12, "Midline incision": 17}))
    q = {"id": 1, "study": "s", "outcome": "Complications after surgery", "intervention": "Transverse incision",
         "comparator": "Midline incision"}
    got = answer_query(q, recs)
    assert (got["intervention_events"], got["comparator_events"]) == (12, 17)


def test_an_acronym_may_take_more_than_a_words_initial():
    assert expand_acronyms("IMAT", "Intermuscular adipose tissue in women") == "Intermuscular adipose tissue"
    assert expand_acronyms("hsCRP (mg/l)", "High Sensitivity C-Reactive Protein").startswith(
        "High Sensitivity C Reactive Protein")
    assert outcome_similarity("Intermuscular adipose tissue in women", ["IMAT"]) > 0.8
    # one word alone spells nothing (a drug's name is no outcome's acronym), nor do words that skip letters
    assert expand_acronyms("PBO", "Placebo response") == "PBO"
    assert expand_acronyms("FAS", "IADL cognitive performance") == "FAS"
    # the last letter starts a word, a word's last letter is no part, three letters are too few to spell loosely
    assert expand_acronyms("FMD", "Flow-mediated vasodilatation after 6 months") == "FMD"
    assert expand_acronyms("PEC number", "Amount of PAX2+/p-ERK+-positive cells") == "PEC number"
    assert expand_acronyms("PTA (%)", "balance training in patients receiving physical therapy") == "PTA (%)"


def test_a_two_arm_sentence_may_name_its_outcome_before_the_arms():
    sentence = ("The mean change in pleural opacity was greater in the t-PA-DNase group than in the placebo group "
                "(-29.5 vs. -17.2).")
    recs = [{"kind": "mean", "arm": arm, "mean": m, "outcome_label": None, "timepoint": None,
             "evidence": {"section": "Results", "sentence": sentence, "sentence_start": 0, "start": at, "end": at + 5,
                          "text": str(m)}}
            for arm, m, at in (("t-PA-DNase group", -29.5, sentence.index("-29.5")),
                               ("placebo group", -17.2, sentence.index("-17.2")))]
    q = {"id": 1, "study": "s", "outcome": "Pleural opacity", "intervention": "t-PA-DNase", "comparator": "Placebo"}
    got = answer_query(q, recs)
    assert (got["intervention_mean"], got["comparator_mean"]) == (-29.5, -17.2)


def test_a_sentence_giving_an_arm_several_values_answers_nothing():
    sentence = "The mean PI scores at baseline, 30 and 45 days were 1.72, 1.07 and 0.68 in the gel group and 1.87, 1.5 and 1.2 in the control group."
    recs = [{"kind": "mean", "arm": arm, "mean": m, "outcome_label": "PI", "timepoint": None,
             "evidence": {"section": "Results", "sentence": sentence, "sentence_start": 0, "start": sentence.index(str(m)),
                          "end": sentence.index(str(m)) + 4, "text": str(m)}}
            for arm, ms in (("gel group", (1.72, 1.07, 0.68)), ("control group", (1.87, 1.5, 1.2))) for m in ms]
    q = {"id": 1, "study": "s", "outcome": "Plaque index (PI)", "intervention": "Turmeric gel", "comparator": "Control"}
    assert answer_query(q, recs)["intervention_mean"] is None


def test_arm_codes_defined_in_a_table_footnote():
    table = {"label": "Table 2", "caption": "Comparison of scores", "text": "", "footnotes": [
        "Group A: the lateral decubitus position; Group B: the supine position."]}
    recs = [{"kind": "mean_sd", "arm": arm, "mean": m, "sd": 2.0, "outcome_label": "Hospital stay (days)",
             "timepoint": None, "evidence": {"table": "Table 2", "row_header": "Hospital stay (days)",
                                             "caption": "Comparison of scores", "column_header": arm}}
            for arm, m in (("A", 18.0), ("B", 20.2))]
    q = {"id": 1, "study": "s", "outcome": "Hospital stay", "intervention": "Lateral decubitus position",
         "comparator": "Supine position"}
    text = "Group A did better than group B. Group B stayed longer than group A."
    assert answer_query(q, recs, text=text)["intervention_mean"] is None  # the codes unexplained: no answer
    got = answer_query(q, recs, text=text, tables=[table])
    assert (got["intervention_mean"], got["comparator_mean"]) == (18.0, 20.2)


def test_a_shared_word_does_not_give_an_arm_a_second_code():
    text = ("Sites were divided into three groups: Group I: those receiving 2% turmeric gel, Group II: those receiving "
            "1% chlorhexidine gel, and Group III: SRP alone (control site).")
    assert code_arms(text, "Turmeric gel", "Control") == ("group i", "group iii")


def test_factorial_cells_name_the_arms_by_their_signs():
    assert factorial_signs("PA+/HE−") == {"PA": True, "HE": False}
    assert factorial_signs("GLE + PIB 200 mg") is None and factorial_signs("A+B") is None
    labels = ["PA−/HE−", "PA−/HE+", "PA+/HE−", "PA+/HE+"]
    factors = article_acronyms("Participants were randomised to physical activity (PA), healthy eating (HE), both "
                               "or neither.")

    def best(arm: str, role: str) -> str:
        return max(labels, key=lambda lab: arm_similarity(arm, lab, role, factors))

    assert best("Physical activity alone", "intervention") == "PA+/HE−"
    assert best("Healthy eating alone", "intervention") == "PA−/HE+"
    assert best("Physical activity + Healthy eating", "intervention") == "PA+/HE+"
    assert best("Control", "comparator") == "PA−/HE−"
    assert arm_similarity("Drug X", "PA+/HE−", "intervention", factors) == 0.0
    # initials are no factor's name ("Placebo arm" is not PA); codes the article does not define are no factors
    # (receptor status, time points), and one-letter codes never
    assert arm_similarity("Placebo arm", "PA+/HE−", "intervention", factors) == 0.0
    assert arm_similarity("Placebo arm", "PA+/HE−", "intervention") == 0.0
    assert arm_similarity("Placebo", "ER−/PR−", "comparator") < 0.5
    assert arm_similarity("Usual care", "Pre-/Post-", "comparator") < 0.5
    assert factorial_signs("A+/B−") is None
    assert arm_similarity("exercise with a diet", "A+/B−", "intervention") < 0.5


def test_a_compound_is_one_whether_hyphenated_or_not():
    assert outcome_similarity("self-efficacy scores", ["Self Efficacy / Overall"]) > 0.8
    assert outcome_similarity("post-test anxiety", ["Anxiety post test"]) > 0.9


def test_a_sub_row_of_one_sex_yields_to_the_whole_groups_row():
    recs = []
    for sub, (a, b) in (("Male", (25.94, 24.92)), ("Overall", (25.74, 24.72))):
        recs += _cells("Scores before and after", f"Self Efficacy / {sub}", {"Intervention": a, "Control": b}, "mean_sd")
    q = {"id": 1, "study": "s", "outcome": "self-efficacy scores", "intervention": "Intervention",
         "comparator": "Control"}
    assert answer_query(q, recs)["intervention_mean"] == 25.74
    assert answer_query({**q, "outcome": "self-efficacy scores in men"}, recs)["intervention_mean"] == 25.94


def test_a_label_joining_the_arm_to_another_agent_is_the_combination():
    from stemfoot.extract.outcome_query import combination_label

    assert combination_label("Tissue plasminogen activator (t-PA)", "t-PA-DNase group")
    assert combination_label("NRT", "BUP+NRT")
    assert not combination_label("Tissue plasminogen activator + deoxyribonuclease (t-PA)", "t-PA-DNase group")
    assert not combination_label("anti-VEGF", "Anti-VEGF group") and not combination_label("Lidocaine", "Lidocaine")
    assert arm_similarity("Tissue plasminogen activator (t-PA)", "t-PA-DNase group", "intervention") < 0.5
    # a dosing regimen after the drug is the same drug, not a second agent
    assert not combination_label("Ranibizumab", "Ranibizumab-PRN") and not combination_label("Insulin", "Insulin-NPH")
    assert arm_similarity("Ranibizumab", "Ranibizumab-PRN", "intervention") > 0.8


def test_a_two_arm_sentence_with_an_arm_by_elimination_keeps_its_lead():
    sentence = ("The frequency of surgical referral at 3 months was lower in the t-PA-DNase group than in the placebo "
                "group (2 of 48 vs. 8 of 51) but was greater in the DNase group (18 of 46).")
    recs = [{"kind": "events", "arm": arm, "events": n, "outcome_label": None, "timepoint": None,
             "evidence": {"section": "Results", "sentence": sentence, "sentence_start": 0,
                          "start": sentence.index(f"{n} of"), "end": sentence.index(f"{n} of") + 2, "text": str(n)}}
            for arm, n in (("placebo group", 8), ("DNase group", 18))]
    q = {"id": 1, "study": "s", "outcome": "Surgical referral", "intervention": "Tissue plasminogen activator + deoxyribonuclease",
         "comparator": "Placebo"}
    assert answer_query(q, recs)["intervention_events"] is None  # "DNase group" is the other side only by elimination
