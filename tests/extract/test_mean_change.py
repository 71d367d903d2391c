"""Percentages that are mean changes (invented sentences): retyped as means, shares of patients left alone."""
import pytest

from stemfoot.extract.mean_change import mean_change_scope, retype_mean_changes, retype_median_changes


def pct(text, value_text, value):
    a = text.index(value_text)
    return (a, a + len(value_text), {"kind": "percent", "percent": value, "events": None, "mean": None, "flags": []})


def kinds(text, found):
    retype_mean_changes(text, found)
    return [(text[a:b], st["kind"], st.get("mean")) for a, b, st in found]


def test_by_a_mean_of_retypes_every_percentage_of_the_clause():
    text = ("At 4 and 8 weeks the lesion area had shrunk by a mean of 22.5% and 47.0% in the cell arm and by "
            "10.1% and 25.3% in the saline arm (P < 0.01).")
    found = [pct(text, v, float(v[:-1])) for v in ("22.5%", "47.0%", "10.1%", "25.3%")]
    assert kinds(text, found) == [("22.5%", "mean", 22.5), ("47.0%", "mean", 47.0), ("10.1%", "mean", 10.1),
                                  ("25.3%", "mean", 25.3)]
    assert all(st["percent"] is None and "mean_percent_change" in st["flags"] for _, _, st in found)


@pytest.mark.parametrize("text, value", [
    ("The average decrease in wound size was 64.0% with cells.", "64.0%"),
    ("Mean ulcer surface fell by 41% after injection.", "41%"),
    ("Perfusion improved by a mean of 12.5% (SE 3.1) in treated legs.", "12.5%"),
])
def test_mean_change_wordings(text, value):
    found = [pct(text, value, float(value[:-1]))]
    assert kinds(text, found)[0][1] == "mean"


@pytest.mark.parametrize("text, value", [
    ("Mean age was 64 years and 45% were men.", "45%"),                          # no change word
    ("Ulcer area decreased by 45% in the cell group.", "45%"),                    # no mean
    ("Mean TcPO2 increased in 75% of patients.", "75%"),                          # a share of patients
    ("A mean ABI increase was seen in 60% (12/20).", "60%"),                      # with its counts
    ("The proportion with a mean ABI increase above 0.1 was 40%.", "40%"),        # a proportion
    ("A mean increase in ABI was seen; 80% of limbs were salvaged.", "80%"),      # another clause
])
def test_shares_and_levels_stay_percentages(text, value):
    found = [pct(text, value, float(value[:-1]))]
    assert kinds(text, found)[0][1] == "percent"


def test_another_value_in_the_clause_stops_the_scope():
    text = "The mean reduction in ulcer area was 4.2 cm2 in group A and healing was 60%."
    mean = (text.index("4.2"), text.index("4.2") + 7, {"kind": "mean", "mean": 4.2, "flags": []})
    found = [mean, pct(text, "60%", 60.0)]
    assert kinds(text, found)[1][1] == "percent"
    # ... but a timepoint the grammar read as a number does not ("at weeks 4, 8 and 12").
    text = "The mean reduction was 38% and 71% at weeks 4, 8 and 12, versus 21% and 43% with placebo."
    eight = (text.index("8 and"), text.index("8 and") + 1, {"kind": "mean", "mean": 8.0, "flags": []})
    found = [pct(text, "38%", 38.0), pct(text, "71%", 71.0), eight, pct(text, "21%", 21.0), pct(text, "43%", 43.0)]
    assert [k for _, k, _ in kinds(text, found)] == ["mean", "mean", "mean", "mean", "mean"]


def test_events_and_non_percentages_are_untouched():
    text = "The mean reduction was seen in 9 of 20 (45%)."
    st = {"kind": "events", "events": 9, "total": 20, "percent": 45.0, "flags": []}
    found = [(text.index("9 of"), len(text) - 1, st)]
    assert retype_mean_changes(text, found) == [] and st["kind"] == "events"
    assert mean_change_scope("mean reduction of ", 18) and not mean_change_scope("mean age; reduction of ", 23)


def _retyped(text: str) -> list[tuple[str, str, float | None]]:
    """The sentence's values through the number grammar and the mean-change clause: (text, kind, mean)."""
    from stemfoot.extract.number_grammar import SentenceClaims, scan
    sent = SentenceClaims(text, 0)
    scan(sent, [])
    found = sorted(sent.found, key=lambda f: f[0])
    retype_mean_changes(text, found)
    return [(text[a:b], st["kind"], st.get("mean")) for a, b, st in found]


def test_the_pipeline_reads_a_mean_percentage_change_as_a_mean():
    text = "The mean reduction in ulcer area at 12 weeks was 70.2% in the cell group and 35.5% in the control group."
    assert _retyped(text) == [("70.2%", "mean", 70.2), ("35.5%", "mean", 35.5)]


def test_a_list_of_percentage_changes_is_retyped_in_full():
    # The first member is retyped by the grammar (a verb of change and "by" before it); the second, after an SE
    # the list gap cannot cross, by the mean-change clause: the first must not count as "another kind of value".
    text = "Perfusion improved by a mean of 15.1% (SE 3.9) in the cell group and 2.8% (SE 4.4) in the placebo group."
    assert _retyped(text) == [("15.1%", "mean", 15.1), ("2.8%", "mean", 2.8)]


def test_a_percentage_after_a_verb_of_change_is_the_change():
    from stemfoot.extract.mean_change import retype_percent_changes
    text = "Vessel density increased by 17.0%, 11.5% and 2.0% in groups A, B and C; 45% of patients healed."
    stats = [{"kind": "percent", "percent": p, "events": None, "flags": []} for p in (17.0, 11.5, 2.0, 45.0)]
    found = [(text.index(f"{p}%"), text.index(f"{p}%") + len(f"{p}%"), st)
             for p, st in zip(("17.0", "11.5", "2.0", "45"), stats)]
    assert retype_percent_changes(text, found) == [0, 1, 2]
    assert [st["kind"] for st in stats] == ["mean", "mean", "mean", "percent"]


@pytest.mark.parametrize("text", [
    "Major amputation decreased by 45% (HR 0.55, 95% CI 0.31-0.98) with cell therapy.",   # an event's reduction
    "Mortality decreased by 25% in patients treated with cells.",
    "Response was defined as an ABI that increased by 10% from baseline.",                 # a threshold
    "TcPO2 increased by 30% or more in the cell group.",
    "Pain decreased by 50% in 14 patients (70%) in group A.",                              # who reached it
    "TcPO2 increased by 30% in 75% of patients.",
    "Amputation rate was 20% in the cell group; it decreased by 20% compared with controls.",  # between arms
    "Perfusion increased by 25% over placebo.",
])
def test_a_percentage_after_by_that_is_no_arms_change_stays_a_percentage(text):
    from stemfoot.extract.number_grammar import SentenceClaims, scan
    sent = SentenceClaims(text, 0)
    scan(sent, [])
    assert not any("mean_percent_change" in st.get("flags", []) for _a, _b, st in sent.found)
    assert any(st["kind"] == "percent" for _a, _b, st in sent.found)


@pytest.mark.parametrize("text, means", [
    ("TcPO2 increased by 35% in the cell group compared with baseline.", [35.0]),
    ("TcPO2 increased by 35% in the cell group compared with 12% in the control group.", [35.0]),
    ("TcPO2 increased by 35% over the 6-month follow-up in the cell group.", [35.0]),
])
def test_a_comparison_with_baseline_or_the_next_member_keeps_the_change(text, means):
    from stemfoot.extract.number_grammar import SentenceClaims, scan
    sent = SentenceClaims(text, 0)
    scan(sent, [])
    assert [st["mean"] for _a, _b, st in sorted(sent.found, key=lambda f: f[0]) if st["kind"] == "mean"] == means


def _median_kinds(text: str, values: tuple[str, ...]) -> list[tuple[str, str, float | None]]:
    found = [pct(text, v, float(v[:-1])) for v in values]
    retype_median_changes(text, found)
    return [(text[a:b], st["kind"], st.get("median")) for a, b, st in found]


@pytest.mark.parametrize("text, values", [
    ("Median wound area reduction at week 12 was 64% versus 38% (P = 0.02).", ("64%", "38%")),
    ("Time to closure was shorter, and the median percentage area reduction at week 6 was 81% vs 40%.",
     ("81%", "40%")),
    ("The median percent change in ulcer volume was -52% with cells and -20% with saline.", ("-52%", "-20%")),
])
def test_the_median_of_a_change_gives_medians(text, values):
    got = _median_kinds(text, values)
    assert [(k, m) for _, k, m in got] == [("median", float(v[:-1])) for v in values]


@pytest.mark.parametrize("text, value", [
    ("After a median follow-up of 14 months, healing increased to 60%.", "60%"),      # a follow-up's median
    ("Median time to 50% area reduction was 6 weeks.", "50%"),                         # a time's median
    ("Median survival was improved by 41% with cells (HR 0.59).", "41%"),              # a verb and "by": an effect
    ("The median difference in area reduction was 28%.", "28%"),                       # a between-arm difference
    ("Median area reduction was reached in 45% of patients.", "45%"),                  # a share of patients
    ("Mean area reduction was 45% with cells.", "45%"),                                # a mean (retype_mean_changes)
])
def test_percentages_that_are_no_median_of_a_change(text, value):
    assert _median_kinds(text, (value,))[0][1] == "percent"


def test_another_value_between_median_and_the_percentage_stops_it():
    text = "The median reduction in ulcer area was 3.1 cm2 and healing was 55%."
    median = (text.index("3.1"), text.index("3.1") + 7, {"kind": "median", "median": 3.1, "flags": []})
    found = [median, pct(text, "55%", 55.0)]
    assert retype_median_changes(text, found) == [] and found[1][2]["kind"] == "percent"


@pytest.mark.parametrize("text, values", [
    # a new subject after ", and": shares of patients, not the median's list
    ("The median reduction in ulcer area was greater with cells (P = 0.02), and complete healing occurred in 65% "
     "vs 30%.", ("65%", "30%")),
    ("Median TcPO2 improvement was larger with cells, and pain-free walking improved in 75% vs 30%.", ("75%", "30%")),
    ("During a median 12-month follow-up, the reduction in ulcer area was 71% with cells.", ("71%",)),  # a time's
    ("A median reduction of at least 50% was seen in 12 patients.", ("50%",)),                        # a threshold
    ("A median ulcer area reduction of 50% or greater was achieved in 12 of 20 patients.", ("50%",)),  # a threshold
    ("Median reduction in ulcer area was 50% or more in 12 of 20 patients.", ("50%",)),               # after it
    ("The median reduction in ulcer area was 28% greater in the cell group than in controls.", ("28%",)),  # an effect
])
def test_shares_thresholds_and_differences_near_a_median_stay_percentages(text, values):
    assert [k for _, k, _ in _median_kinds(text, values)] == ["percent"] * len(values)


def test_a_clause_break_before_median_keeps_its_list():
    text = "Median time to closure was 7 weeks versus 11 weeks, and median percentage area reduction was 78% versus 46%."
    assert [(k, m) for _, k, m in _median_kinds(text, ("78%", "46%"))] == [("median", 78.0), ("median", 46.0)]


@pytest.mark.parametrize("text", [
    "Median ulcer area reduction was 71% in the cell group, and 43% in the control group.",
    "Median ulcer area reduction at week 8 was 71% in the cell group, but only 43% in the control group.",
])
def test_a_comma_before_the_next_member_keeps_the_median_list(text):
    assert [k for _, k, _ in _median_kinds(text, ("71%", "43%"))] == ["median", "median"]


@pytest.mark.parametrize("text, values, kinds", [
    # the median list stops before shares of people
    ("The median reduction in ulcer area was 71% in the cell group and 43% in controls, with complete healing "
     "in 55% and 20%, respectively.", ("71%", "43%", "55%", "20%"), ["median", "median", "percent", "percent"]),
    # a list of shares after a median stays percentages from its first member
    ("The median wound area reduction was 90% with cells compared with 52% with saline (P < 0.001), and 70% vs "
     "20% of ulcers healed.", ("90%", "52%", "70%", "20%"), ["median", "median", "percent", "percent"]),
    # a verb after the median list starts another clause
    ("Median ulcer area reduction was 71% in the cell group and complete healing was 55% vs 20%.",
     ("71%", "55%", "20%"), ["median", "percent", "percent"]),
])
def test_shares_after_a_median_list_stay_percentages(text, values, kinds):
    assert [k for _, k, _ in _median_kinds(text, values)] == kinds


@pytest.mark.parametrize("text, values, kinds", [
    # a list with a verb of its own after ", and": healing shares, not more members of the median list
    ("Median ulcer area reduction was 71% vs 43%, and 60% vs 30% healed completely.", ("71%", "43%", "60%", "30%"),
     ["median", "median", "percent", "percent"]),
    ("Median ulcer area reduction at week 12 was 71% with cells and 43% with placebo, and 60% and 30% achieved "
     "complete healing.", ("71%", "43%", "60%", "30%"), ["median", "median", "percent", "percent"]),
    # no verb of its own: the list goes on
    ("Median ulcer area reduction was 71% with cells, and 43% with placebo.", ("71%", "43%"), ["median", "median"]),
])
def test_a_list_with_its_own_verb_after_and_is_no_median(text, values, kinds):
    assert [k for _, k, _ in _median_kinds(text, values)] == kinds


def test_healing_shares_after_a_median_list_stay_percentages_in_a_sentence():
    from stemfoot.extract.mean_change import retype_mean_changes
    from stemfoot.extract.number_grammar import SentenceClaims, scan

    text = "Median ulcer area reduction was 71% vs 43%, and 60% vs 30% healed completely."
    sent = SentenceClaims(text, 0)
    scan(sent, [])
    found = sorted(sent.found, key=lambda f: f[0])
    retype_mean_changes(text, found)
    retype_median_changes(text, found)
    assert [(text[a:b], st["kind"]) for a, b, st in found] == [("71%", "median"), ("43%", "median"),
                                                               ("60%", "percent"), ("30%", "percent")]
