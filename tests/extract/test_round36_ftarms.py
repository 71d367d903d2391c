"""Round 36's full-text arm readers, without spaCy: a code defined by denying the other arm's words ("Group B: not
using the splint"), a mean with a time word between it and its SD, a range bracket between two arms' values, a name
both arms share before the arms' own names, and a bracket listing one pair for each of several outcomes."""
from __future__ import annotations

from stemfoot.extract.outcome_query import bracket_pairs, code_arms, denied_mentions, denying_side
from stemfoot.extract.prose_pairs import _RX as PROSE_RX
from stemfoot.extract.prose_pairs import sentence_pair, values

SPLINT = "Knee surgery planned with the printed splint"
NO_SPLINT = "Knee surgery without the splint"


# --- codes defined by a denial ------------------------------------------------------------------------------------

def test_the_denying_side_is_the_arm_whose_name_alone_denies():
    assert denying_side(SPLINT, NO_SPLINT) == "c"
    assert denying_side("No exercise", "Daily walking") == "i"
    assert denying_side("Walking", "Cycling") is None
    assert denying_side("without A", "without B") is None  # both deny: nothing to tell them apart by


def test_a_denied_mention_moves_to_the_denying_arm():
    context = "knee surgery not using the printed splint"
    at = context.index("printed")
    assert denied_mentions(context, [at], [], "c") == ([], [at])
    # not denied: it stays where it was
    plain = "knee surgery using the printed splint"
    assert denied_mentions(plain, [plain.index("printed")], [], "c") == ([plain.index("printed")], [])
    # the other way round
    assert denied_mentions("without any daily walking", [], [12], "i") == ([12], [])


def test_codes_defined_by_a_denial_go_to_the_denying_arm():
    text = ("Patients were randomly divided into 2 groups. Group A: knee surgery using the printed splint. "
            "Group B: knee surgery not using the printed splint. Pain was lower in Group A than in Group B.")
    assert code_arms(text, SPLINT, NO_SPLINT) == ("group a", "group b")
    # without the denial both codes name the splint arm: no code is safe
    text2 = text.replace("not using", "using")
    assert code_arms(text2, SPLINT, NO_SPLINT) == (None, None)


# --- prose pairs --------------------------------------------------------------------------------------------------

def test_a_time_word_between_a_mean_and_its_sd():
    got = values("Surgery lasted 42.5 minutes ± 6.1 in one group.")
    assert [(v.mean, v.sd) for v in got] == [(42.5, 6.1)]
    # a visit window stays unread
    assert values("Visits were at 12 weeks ± 3 days.") == []


def test_a_range_bracket_may_sit_between_the_two_values():
    assert PROSE_RX.VERSUS_GAP.match(" [range, 2-9 steps] vs. ")
    assert PROSE_RX.VERSUS_GAP.match(" (range 1-4) versus ")
    assert not PROSE_RX.VERSUS_GAP.match(" [95% CI 2-9] vs. ")


def test_a_shared_name_before_both_arms_own_names_is_the_subject():
    qi, qc = f"{SPLINT} (group A)", f"{NO_SPLINT} (group B)"
    s = ("The mean duration of knee surgery was shorter in Group A than Group B (30.2 minutes ± 4.1 [range, 20-40 "
         "minutes] vs. 35.9 minutes ± 5.0 [range, 25-50 minutes], P = 0.01).")
    vi, vc, _ = sentence_pair(s, qi, qc)
    assert (vi.mean, vi.sd, vc.mean, vc.sd) == (30.2, 4.1, 35.9, 5.0)
    # a shared name between the arms' names and the values is still unclear
    s2 = "It was shorter in Group A than Group B after knee surgery (30.2 ± 4.1 vs. 35.9 ± 5.0)."
    assert sentence_pair(s2, qi, qc) is None


def test_bracket_pairs_counts_the_pairs_one_bracket_lists():
    s = ("Pain, time and blood loss were less in Group A than Group B (2.1 vs. 3.4, P = 0.01; 30 vs. 41 minutes, "
         "P = 0.02; and 5% vs. 12%, P = 0.04).")
    assert bracket_pairs(s) == 3
    assert bracket_pairs("Pain was less in Group A than Group B (2.1 vs. 3.4, P = 0.01).") == 1
    assert bracket_pairs("No values here.") == 0


def test_a_percent_and_its_count_joined_by_a_comma_are_one_value_when_they_agree():
    got = values("Healing (90.0%, 18/20) was common.")
    assert [(v.events, v.total, v.percent) for v in got] == [(18, 20, 90.0)]
    # they disagree: two values, the count kept
    got = values("Healing (50.0%, 18/20) was common.")
    assert [(v.events, v.total) for v in got if v.events is not None] == [(18, 20)] and len(got) == 2


def test_mirrored_names_bind_the_values_they_touch():
    qi, qc = f"{SPLINT} (group A)", f"{NO_SPLINT} (group B)"
    s = "The healing rate (90.0%, 18/20) in Group A was higher than that of Group B (70.0%, 14/20) at one month."
    vi, vc, _ = sentence_pair(s, qi, qc)
    assert (vi.events, vi.total, vc.events, vc.total) == (18, 20, 14, 20)
    # the other way round: the comparator's value first
    s2 = "The healing rate (70.0%, 14/20) in Group B was lower than that of Group A (90.0%, 18/20)."
    vi, vc, _ = sentence_pair(s2, qi, qc)
    assert (vi.events, vc.events) == (18, 14)
    # a third name between the two: unclear, nothing
    s3 = "The healing rate (90.0%, 18/20) in Group A, Group B and Group C was higher than that of Group B (70.0%, 14/20)."
    assert sentence_pair(s3, qi, qc) is None


# --- tables: a header printed in the body, arm columns under a spanned corner, note rows, ordinal times -------------

def test_a_row_of_distinct_times_is_a_header_row():
    from stemfoot.corpus.jats import _looks_header

    assert _looks_header(["Index", "Index", "On arrival", "2 ^nd week", "4 ^th week", "12th week"])
    assert _looks_header(["", "Mean | SD", "Mean", "SD"])
    # values, or the same duration in every cell, are no header
    assert not _looks_header(["Duration", "12 weeks", "12 weeks"])
    assert not _looks_header(["Weight", "72.1", "70.4"])


def test_jats_promotes_body_header_rows_under_an_empty_thead():
    from stemfoot.corpus.jats import _tables, parse_xml

    xml = ("<table-wrap><label>Table 9</label><caption><p>Sugar</p></caption><table><thead><tr><td/><td/><td/><td/>"
           "</tr></thead><tbody><tr><td>Index</td><td>Index</td><td>On arrival</td><td>12th week</td></tr>"
           "<tr><td>Index</td><td>Index</td><td>Mean±SD</td><td>Mean±SD</td></tr>"
           "<tr><td>Sugar</td><td>Drug</td><td>140±30</td><td>115±40</td></tr>"
           "<tr><td>Sugar</td><td>Placebo</td><td>141±31</td><td>143±39</td></tr></tbody></table></table-wrap>")
    (t,) = _tables(parse_xml(xml.encode()))
    assert t["header_joined"][2:] == ["On arrival / Mean±SD", "12th week / Mean±SD"]
    assert [r[1] for r in t["rows"]] == ["Drug", "Placebo"]


def test_an_arm_column_under_a_spanned_corner_is_read_arms_down():
    from stemfoot.corpus.jats import build_table
    from stemfoot.extract.tables import normalise_layout, note_row, table_statistics

    note = "Sugar did not differ between the weeks."
    t = build_table("Table 9", "Sugar", [], [["Index", "Index", "On arrival", "12th week"]],
                    [["Sugar", "Drug", "140±30", "115±40"], ["Sugar", "Placebo", "141±31", "143±39"],
                     ["Salt", "Drug", "10±3", "9±2"], ["Salt", "Placebo", "11±3", "12±2"], [note] * 4], "t9")
    assert note_row([note] * 4) and not note_row(["Sugar", "Drug", "140±30", "115±40"])
    n = normalise_layout(t)
    assert n.get("arms_down")
    got = {(s["arm"], s["timepoint"], s["outcome_label"]): s["mean"] for s in table_statistics(n)
           if s["kind"] != "p_value"}
    assert got[("Drug", "12th week", "Sugar")] == 115 and got[("Placebo", "On arrival", "Salt")] == 11
    assert len(got) == 8  # the note row gives nothing


def test_ordinal_times():
    from stemfoot.extract.outcome_query import time_points
    from stemfoot.extract.tables import read_column

    assert read_column(1, "12 ^th week / Mean±SD").timepoint == "12 ^th week"
    assert read_column(1, "On arrival").timepoint == "On arrival" and read_column(1, "On arrival").arm is None
    assert read_column(1, "Drug 2nd line").arm == "Drug 2nd line"
    assert (12.0, "week") in time_points("12 ^th week") and (2.0, "week") in time_points("2nd week")


def test_a_table_without_a_label_column_gets_an_empty_one():
    from stemfoot.corpus.jats import build_table
    from stemfoot.extract.tables import label_column_added, normalise_layout, table_statistics

    t = build_table("Table 4", "Patients with a rash", [], [["Cream (n = 20)", "Placebo (n = 22)", "Healthy (n = 9)"]],
                    [["5/20 (25 %)", "2/22 (9.1 %)", "0/9 (0 %)"]], "t4")
    got = {s["arm"]: (s["events"], s["total"]) for s in table_statistics(normalise_layout(t)) if s["kind"] != "p_value"}
    assert got == {"Cream": (5, 20), "Placebo": (2, 22), "Healthy": (0, 9)}
    # a first column of words is a label column: unchanged
    t2 = build_table("Table 5", "Rash", [], [["", "Cream (n = 20)", "Placebo (n = 22)"]], [["Rash", "5/20", "2/22"]], "t5")
    assert label_column_added(t2) is t2
    # a header cell without a size: unchanged
    t3 = build_table("Table 6", "Rash", [], [["Cream", "Placebo (n = 22)"]], [["5/20", "2/22"]], "t6")
    assert label_column_added(t3) is t3


def test_an_ordinal_time_inside_a_longer_header_part_leaves_its_time_word():
    from stemfoot.extract.tables import read_column

    assert read_column(1, "6^th week pre (TM)").timepoint == "pre"
    assert read_column(1, "6^th week 20 min. post (TM)").timepoint != "6^th week"
