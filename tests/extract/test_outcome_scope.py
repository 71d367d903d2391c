"""Outcome per value from its own clause's measurement words and unit (extract/outcome_scope.py): no spaCy."""
from stemfoot.extract import vocabulary
from stemfoot.extract.outcome_scope import (clause_bounds, clause_phrase, list_outcomes, list_unit, outcome_stage,
                                            read_phrases, subgroups, unit_after, unit_inside, unit_pattern)

from extract_support import ev


def mentions_of(text: str) -> list[dict]:
    """The vocabulary's outcome mentions of a text, shaped as the outcome component writes them."""
    return [{"outcome": h.term.id, "label": h.text, "countable": h.term.countable,
             "evidence": {"start": h.start, "end": h.end}} for h in vocabulary.outcome_topics().find(text)]


def stat(text: str, frag: str, kind: str, outcome: str | None = None, arm: str | None = None, nth: int = 0) -> dict:
    return {"kind": kind, "outcome": outcome, "outcome_label": None, "arm": arm, "flags": [],
            "evidence": ev(text, frag, nth)}


def outcomes_after(text: str, frags: list[tuple[str, str]], topic: str | None, arms: list[str] | None = None) -> list:
    """Run the stage over values that the sentence's topic ``topic`` gave their outcome; their outcomes after."""
    stats = [stat(text, f, kind, topic) for f, kind in frags]
    outcome_stage(text, stats, mentions_of(text), arms)
    return [s["outcome"] for s in stats]


def test_a_clause_after_a_comma_and_names_its_own_outcome():
    text = "ABI was 0.54 ± 0.17 with cells and 0.51 ± 0.19 with placebo, and 16 of 28 versus 13 of 26 were free of rest pain."
    assert outcomes_after(text, [("0.54 ± 0.17", "mean_sd"), ("16 of 28", "events"), ("13 of 26", "events")],
                          "abi") == ["abi", "rest_pain", "rest_pain"]
    s = text.index("16 of 28")
    assert clause_bounds(text, 0, len(text), s)[0] == text.index(", and") + len(", and")


def test_two_outcomes_in_one_sentence_each_keep_their_value():
    text = "TcPO2 rose to 41 mmHg and ABI to 0.62 at 12 weeks."
    assert outcomes_after(text, [("41 mmHg", "mean"), ("0.62", "mean")], "tcpo2") == ["tcpo2", "abi"]


def test_a_coordinated_list_of_outcomes_hands_out_its_values_in_order():
    text = "Ankle-brachial index (ABI) and TcPO2 at 3 months were 0.71 ± 0.12 and 42.6 ± 8.3 mmHg in the cell group."
    stats = [stat(text, v, "mean_sd", "tcpo2", "cell group") for v in ("0.71 ± 0.12", "42.6 ± 8.3")]
    outcome_stage(text, stats, mentions_of(text))
    assert [s["outcome"] for s in stats] == ["abi", "tcpo2"]
    # Four values for two outcomes: the one order the units allow (outcome within each arm's pair).
    text = "ABI and TcPO2 were 0.71 and 42 mmHg with cells versus 0.58 and 31 mmHg with placebo."
    assert outcomes_after(text, [("0.71", "mean"), ("42", "mean"), ("0.58", "mean"), ("31", "mean")], "tcpo2") == [
        "abi", "tcpo2", "abi", "tcpo2"]


def test_two_values_of_two_arms_after_two_outcomes_are_no_list():
    text = "Ulcer healing and limb salvage were 60% and 20% in the cell and control groups."
    stats = [stat(text, "60%", "percent", "limb_salvage", "cell group"), stat(text, "20%", "percent", "limb_salvage",
                                                                            "control group")]
    outcome_stage(text, stats, mentions_of(text))
    assert [s["outcome"] for s in stats] == ["limb_salvage", "limb_salvage"]


def test_the_measure_and_not_its_instrument_names_the_value():
    text = "Rest pain on a 0–10 visual analogue scale fell from 6.1 to 2.3 with cells."
    assert outcomes_after(text, [("6.1", "mean"), ("2.3", "mean")], "pain_score") == ["rest_pain", "rest_pain"]
    phrases, _ = read_phrases(text, mentions_of(text))
    assert [(p.outcome, text[p.start:p.end]) for p in phrases] == [("rest_pain", "Rest pain on a 0–10 visual analogue scale")]


def test_a_composite_joined_by_or_is_named_by_its_first_member():
    text = "Cells lowered the risk of major amputation, all-cause mortality or gangrene (hazard ratio 0.52, 95% CI 0.29–0.93)."
    assert outcomes_after(text, [("hazard ratio 0.52, 95% CI 0.29–0.93", "effect")], "mortality") == ["amputation"]
    text = "Amputation or death occurred in 9 of 40 patients."
    phrases, lists = read_phrases(text, mentions_of(text))
    assert [p.outcome for p in phrases] == ["amputation"] and lists == []


def test_an_example_of_a_measure_does_not_name_the_value():
    text = "Adverse events, mostly injection-site pain, were reported in 4, 5 and 5 patients."
    assert outcomes_after(text, [("4", "events")], "pain_score") == ["adverse_events"]


def test_a_count_is_named_by_its_own_event_words_not_by_who_was_counted():
    text = "During mobilisation, 11 patients had bone pain and 2 had low-grade fever."
    assert outcomes_after(text, [("11 patients had bone pain", "events"), ("2 had low-grade fever", "events")],
                          "pain_score") == ["pain_score", "adverse_events"]
    text = "Rest pain resolved in 19 of 23 patients who had pain at baseline."
    phrases, _ = read_phrases(text, mentions_of(text))
    span = (text.index("19 of 23"), text.index(" at baseline"))
    assert clause_phrase(text, phrases, span, (0, len(text)), count=True).label == "Rest pain"


def test_subgroup_names_are_no_outcomes():
    text = "Amputation-free survival was 77.5% overall, 88.5% in Rutherford 5 and 57.1% in Rutherford 6 patients."
    assert outcomes_after(text, [("77.5%", "percent"), ("88.5%", "percent"), ("57.1%", "percent")],
                          "amputation_free_survival") == ["amputation_free_survival"] * 3
    values = [stat(text, v, "percent") for v in ("77.5%", "88.5%", "57.1%")]
    phrases, _ = read_phrases(text, mentions_of(text))
    assert [text[p.start:p.end] for p in subgroups(text, phrases, values, (0, len(text)))] == ["Rutherford 5",
                                                                                           "Rutherford 6"]
    # "in rest pain 90% vs 55%" names a measure: the words are followed by its values.
    text = "Improvement in ulcer healing was 85% vs 45%, and in rest pain 90% vs 55%."
    assert outcomes_after(text, [("90%", "percent")], "ulcer_healing") == ["rest_pain"]


def test_a_subgroup_named_as_the_only_topic_leaves_no_outcome():
    text = "It was lower with dialysis (40% vs 70%) and in Rutherford category 6 than in categories 4–5 (11/25 vs 66/87)."
    assert outcomes_after(text, [("70%", "percent"), ("11/25", "events")], "rutherford_class") == [None, None]


def test_outcome_words_inside_an_arm_name_are_not_an_outcome():
    text = "No ulcer healed completely in the BMI group, compared with 4 of 17 in the control group."
    assert outcomes_after(text, [("4 of 17", "events")], "bmi", ["BMI group"]) == ["ulcer_healing"]


def test_a_clause_naming_a_characteristic_does_not_take_the_last_topic():
    text = "Smoking relapse was recorded in 3 patients overall (8.8%)."
    assert outcomes_after(text, [("3 patients overall (8.8%)", "events")], "amputation") == [None]
    # A characteristic that names a subgroup does not: the rates are still the topic's.
    text = "Among patients with diabetes, the corresponding rates were 68% and 43%."
    assert outcomes_after(text, [("68%", "percent")], "amputation_free_survival") == ["amputation_free_survival"]


def test_units_fix_or_veto_the_outcome():
    # A unit closing a list of values is each value's: days make a healing value the time to healing.
    text = "Healing was complete in 15 of 20 and 7 of 20 patients, after a mean of 58.4 (SD 15.2) and 73.6 (SD 12.9) days."
    stats = [stat(text, "58.4 (SD 15.2)", "mean_sd", "ulcer_healing"), stat(text, "73.6 (SD 12.9)", "mean_sd",
                                                                          "ulcer_healing")]
    assert list_unit(text, stats[0], stats) == "time"
    outcome_stage(text, stats, mentions_of(text))
    assert [s["outcome"] for s in stats] == ["time_to_healing", "time_to_healing"]
    # cm2 alone names the ulcer's area; a distance fits no pain score and names no outcome alone: none.
    text = "Among ulcers that did not heal, the mean area decreased from 7.4 cm2 to 3.2 cm2."
    assert outcomes_after(text, [("7.4 cm2", "mean")], "ulcer_healing") == ["wound_area"]
    text = "Pain scores fell; the walk lengthened from 96 m to 312 m."
    vals = [stat(text, "96 m", "mean", "pain_score")]
    outcome_stage(text, vals, [])
    assert vals[0]["outcome"] is None and "outcome_unit_mismatch" in vals[0]["flags"]


def test_a_count_the_grammar_named_with_a_word_the_vocabulary_lacks_keeps_no_outcome():
    text = "Adverse events were limited to local erythema (n = 3)."
    s = stat(text, "erythema (n = 3", "events")
    s["outcome_label"] = "erythema"
    outcome_stage(text, [s], mentions_of(text))
    assert s["outcome"] is None



def test_outcome_words_with_their_own_values_between_are_no_list():
    text = "ABI (0.52 ± 0.10 to 0.71 ± 0.12) and TcPO2 (30 ± 6 to 45 ± 8 mmHg) improved with cells."
    frags = [("0.52 ± 0.10", "mean_sd"), ("0.71 ± 0.12", "mean_sd"), ("30 ± 6", "mean_sd"), ("45 ± 8", "mean_sd")]
    assert read_phrases(text, mentions_of(text))[1] == []
    assert outcomes_after(text, frags, "abi") == ["abi", "abi", "tcpo2", "tcpo2"]
    # Even where the words read as a list, a value between them stops the list handing out values in order.
    text = "ABI, 0.52 at baseline, and TcPO2 were later 0.71 and 45 mmHg."
    phrases, _ = read_phrases(text, mentions_of(text))
    values = [stat(text, v, "mean") for v in ("0.52", "0.71", "45")]
    clause_of = {k: (0, len(text)) for k in range(3)}
    assert list_outcomes(text, values, [phrases], clause_of) == {}


def test_a_unit_closing_a_list_stays_in_its_clause_and_joiner():
    text = "ABI was 0.71 ± 0.10 and 0.52 ± 0.12, and 45 ± 8 and 30 ± 6 mmHg for TcPO2."
    frags = [("0.71 ± 0.10", "mean_sd"), ("0.52 ± 0.12", "mean_sd"), ("45 ± 8", "mean_sd"), ("30 ± 6", "mean_sd")]
    stats = [stat(text, f, kind) for f, kind in frags]
    assert list_unit(text, stats[0], stats, clause_bounds(text, 0, len(text), stats[0]["evidence"]["start"])) is None
    assert outcomes_after(text, frags, "abi") == ["abi", "abi", "tcpo2", "tcpo2"]
    # "vs" joins a pair; the comma after it starts the next pair, whose unit is not the first pair's.
    text = "ABI rose to 0.71 vs 0.52, 45 vs 30 mmHg for TcPO2."
    stats = [stat(text, v, "mean") for v in ("0.71", "0.52", "45", "30")]
    assert list_unit(text, stats[0], stats) is None and list_unit(text, stats[2], stats) == "pressure"
    assert outcomes_after(text, [(v, "mean") for v in ("0.71", "0.52", "45", "30")], "abi") == [
        "abi", "abi", "tcpo2", "tcpo2"]


def test_an_outcome_measure_after_a_value_names_it_and_no_subgroup():
    text = "Cells gave a mean improvement of 0.15 ± 0.05 in ABI and 12 ± 4 in TcPO2."
    assert outcomes_after(text, [("0.15 ± 0.05", "mean_sd"), ("12 ± 4", "mean_sd")], "tcpo2") == ["abi", "tcpo2"]
    text = "Gains were 0.15 in ABI vs 0.02 with placebo."
    assert outcomes_after(text, [("0.15", "mean"), ("0.02", "mean")], "abi") == ["abi", "abi"]
    values = [stat(text, v, "mean") for v in ("0.15", "0.02")]
    assert subgroups(text, read_phrases(text, mentions_of(text))[0], values, (0, len(text))) == []


def test_a_subgroup_name_does_not_move_a_value_onto_words_after_it():
    text = "The rate was 60% in Rutherford 5 patients and TcPO2 rose by 10 mmHg."
    assert outcomes_after(text, [("60%", "percent")], "ulcer_healing") == ["ulcer_healing"]


def test_values_of_unknown_arms_after_two_outcomes_are_no_list():
    text = "Ulcer healing and limb salvage were 60% and 20%."
    assert outcomes_after(text, [("60%", "percent"), ("20%", "percent")], "limb_salvage") == ["limb_salvage"] * 2
    # Known and equal arms, or units no one outcome allows, still hand the values out in order.
    text = "Ulcer healing and limb salvage were 60% and 20% in the cell group."
    stats = [stat(text, v, "percent", "limb_salvage", "cell group") for v in ("60%", "20%")]
    outcome_stage(text, stats, mentions_of(text))
    assert [s["outcome"] for s in stats] == ["ulcer_healing", "limb_salvage"]
    text = "Ulcer area and TcPO2 were 3.2 cm2 and 42 mmHg."
    assert outcomes_after(text, [("3.2 cm2", "mean"), ("42 mmHg", "mean")], "tcpo2") == ["wound_area", "tcpo2"]


def test_units_are_read_from_the_one_list_of_spellings():
    text = "Dressings were changed 2 daily and 3 weekly; pain fell within 30 s and 12 sec, TcPO2 rose by 9 mm Hg."
    assert unit_after(text, ev(text, "2")["end"]) is None and unit_after(text, ev(text, "3")["end"]) is None
    assert unit_inside("30 s") == unit_inside("12 sec") == "duration" and unit_inside("9 mm Hg") == "pressure"
    assert unit_pattern(["d"], ()) == r"(?:d(?![^\W\d_]))" and unit_pattern(["mmhg"], ("mm",)).startswith(r"(?:mm\s?hg")


def test_a_measure_cut_off_names_a_subgroup_not_the_outcome():
    # "patients with ABI between 0.5 and 0.7" selects patients; the counts are of the healing the clause names.
    text = "Healing in patients with ABI between 0.5 and 0.7 was 7 of 10, 5 of 9 and 1 of 8."
    assert outcomes_after(text, [("7 of 10", "events"), ("1 of 8", "events")], "abi") == ["ulcer_healing"] * 2
    text = "Among participants with a baseline ulcer area above 3 cm², closure was 46.2% with cells."
    assert outcomes_after(text, [("46.2%", "percent")], "wound_area") == ["ulcer_healing"]
    # The same measure named again as what was measured keeps it; without a cut-off the words name the measure.
    text = "In the 12 limbs with TcPO2 below 10 mmHg, TcPO2 rose from 6.2 ± 2.5 to 19.8 ± 9.4 mmHg."
    assert outcomes_after(text, [("6.2 ± 2.5", "mean_sd")], "tcpo2") == ["tcpo2"]
    text = "Healing was 7 of 10 in patients with ABI improvement."
    phrases, _ = read_phrases(text, mentions_of(text))
    assert subgroups(text, phrases, [stat(text, "7 of 10", "events")], (0, len(text))) == []


def test_an_effect_in_days_of_healing_is_one_in_the_time_to_healing():
    text = "Healing was shorter by 21.3 days (95% CI 10.9 to 31.7) in the MSC–PRP group."
    assert outcomes_after(text, [("21.3 days (95% CI 10.9 to 31.7)", "effect")], "ulcer_healing") == ["time_to_healing"]
    # A ratio has no unit: it stays the healing's; a unit of a list of values is no effect's.
    text = "Healing was faster with SVF (hazard ratio 1.68, 95% CI 1.22–2.31)."
    assert outcomes_after(text, [("hazard ratio 1.68, 95% CI 1.22–2.31)", "effect")], "ulcer_healing") == [
        "ulcer_healing"]
    text = "Healing occurred at 58 vs 79 days (risk ratio 1.4, 95% CI 1.1–1.9)."
    assert outcomes_after(text, [("risk ratio 1.4, 95% CI 1.1–1.9)", "effect")], "ulcer_healing") == ["ulcer_healing"]


def test_a_count_of_patients_who_had_a_classification_counts_it_not_the_measure_before():
    text = "At baseline, median ABI was 0.41 (IQR 0.32–0.52) and 27 patients (60.0%) had Rutherford category 5 disease."
    assert outcomes_after(text, [("0.41 (IQR 0.32–0.52)", "median"), ("27 patients (60.0%)", "events")], "abi") == [
        "abi", "rutherford_class"]
    # Only right after the count with a verb of having: a subgroup named after "with" leaves the clause's measure.
    text = "TcPO2 rose in 12 patients with Rutherford category 5 disease."
    assert outcomes_after(text, [("12 patients", "events")], "tcpo2") == ["tcpo2"]


def test_a_count_s_own_verb_after_its_total_names_its_event_across_a_list_of_bare_counts():
    # "Of the ulcers closed by week 12" is who was counted; "recurred" is what each count counts.
    text = "Of the ulcers closed by week 12, 1 of 30 and 3 of 17 recurred by week 24."
    assert outcomes_after(text, [("1 of 30", "events"), ("3 of 17", "events")], "ulcer_healing") == [
        "ulcer_recurrence"] * 2
    # Outcome words before a population noun still describe the denominator.
    text = "Recurrence occurred in 2 of the 12 healed controls."
    assert outcomes_after(text, [("2 of the 12", "events")], "ulcer_recurrence") == ["ulcer_recurrence"]
    # A count with its own noun keeps the verb for itself; ", and" opens another clause.
    text = "Major amputations were performed in 6 patients (13.6%) and 5 patients (11.4%) died."
    assert outcomes_after(text, [("6 patients (13.6%)", "events"), ("5 patients (11.4%)", "events")],
                          "amputation") == ["amputation", "mortality"]
    text = "Major amputation was performed in 2 and 5 patients, and 3 and 4 died."
    assert outcomes_after(text, [("2", "events"), ("5 patients", "events"), ("3", "events"), ("4", "events")],
                          "amputation") == ["amputation", "amputation", "mortality", "mortality"]


def test_a_cut_off_with_no_other_measure_in_its_sentence_is_the_outcome():
    # Second read (mendlead47b): alone in its sentence, the measure with a cut-off is what the values count.
    text = "The proportion of patients with TcPO2 above 40 mmHg at 12 weeks was 60% with cells vs 30% with control."
    assert outcomes_after(text, [("60%", "percent"), ("30%", "percent")], "tcpo2") == ["tcpo2"] * 2
    text = "At 6 months, the number of patients with ABI above 0.9 was 12 of 30 vs 4 of 30."
    assert outcomes_after(text, [("12 of 30", "events"), ("4 of 30", "events")], "abi") == ["abi"] * 2
    # With another measure named, it still selects a subgroup.
    text = "Amputation-free survival in patients with TcPO2 below 20 mmHg was 70% vs 40%."
    assert outcomes_after(text, [("70%", "percent")], "tcpo2") == ["amputation_free_survival"]
    # A cut-off of the value at entry selects a subgroup even alone in its sentence.
    text = "Among patients with baseline TcPO2 below 20 mmHg, the increase was 15.0 ± 9.1 mmHg."
    phrases, _ = read_phrases(text, mentions_of(text))
    assert [p.outcome for p in subgroups(text, phrases, [stat(text, "15.0 ± 9.1", "mean_sd")], (0, len(text)))] == [
        "tcpo2"]


def test_outcome_words_after_a_count_that_is_the_object_of_in_are_no_verb_of_its_own():
    # Second read (mendlead47b): "seen in 3 of 17 healed": the clause's verb names the event.
    text = "Recurrence was seen in 3 of 17 healed and 4 of 10 unhealed ulcers."
    assert outcomes_after(text, [("3 of 17", "events")], "ulcer_recurrence") == ["ulcer_recurrence"]
    text = "Minor amputation was performed in 3 of 30 and 2 of 30 healed completely."
    assert outcomes_after(text, [("3 of 30", "events")], "amputation") == ["amputation"]
    # A count that is the clause's subject keeps its own verb.
    text = "By week 24, 20 of 30 healed and 3 of 30 died."
    assert outcomes_after(text, [("20 of 30", "events"), ("3 of 30", "events")], "ulcer_healing") == [
        "ulcer_healing", "mortality"]


def test_singular_time_units_are_units():
    # "1.0 minute", "1 second": the singular spelling of a duration names its class as the plural does
    text = "median time to haemostasis 1.0 minute versus 2.5 minutes"
    assert unit_after(text, text.index("1.0") + 3) == "duration"
    assert unit_after(text, text.index("2.5") + 3) == "duration"
    assert unit_inside("a delay of 1 second") == "duration"
