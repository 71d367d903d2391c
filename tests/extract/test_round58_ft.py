"""Round 58 (full text): four readings the answer needs, each on invented text.

- acronyms whose definition takes a word's inner letters and skips joining words ("postoperative nausea and
  vomiting (PONV)");
- two arm codes defined in one copular pair ("G1 was the guided iCBT programme and G2 the psychoeducation
  programme"), over a colon that only follows a code;
- a crossover's own design, not one a sentence supposes ("a parallel-group trial ... would have needed"), and a
  caption's count with words after it ("(n = 36 participants, each wearing both insoles)");
- a body row of bare counts under a label naming the patients analysed ("Patients assessed, n | 27 | 28 | 26").
"""
from stemfoot.corpus.jats import build_table
from stemfoot.extract.arm_link import code_definitions
from stemfoot.extract.outcome_query import article_acronyms, crossover_table_size, parallel_design
from stemfoot.extract.tables import normalise_layout, read_columns, size_row, table_statistics


def test_acronyms_that_take_inner_letters_may_skip_joining_words():
    got = article_acronyms("The primary outcome was postoperative nausea and vomiting (PONV) within 24 h. "
                           "Anxiety was scored on the Hospital Anxiety and Depression Scale (HADS). "
                           "Pain was rated by complete response (CR).")
    assert got["PONV"] == "postoperative nausea and vomiting"
    assert got["CR"] == "complete response"
    # Initials alone once joining words are skipped define nothing new (a real table row then answered a query it
    # does not): only a word giving more than its initial earns the skip.
    assert "HADS" not in got
    # Letters the words before the bracket cannot spell define nothing.
    assert "PONV" not in article_acronyms("Patients with nausea and vomiting (PONV) were excluded.")


def test_a_copular_pair_defines_both_codes_over_a_colon_after_one():
    text = ("Participants were randomised 1:1. G1 was the guided iCBT programme and G2 the psychoeducation "
            "programme. Weekly guidance in G1: three clinical psychologists gave written feedback.")
    got = code_definitions(text)
    assert got["G1"] == ("guided iCBT programme",)
    assert got["G2"] == ("psychoeducation programme",)
    # A result stated in the same form is no definition.
    assert "A1" not in code_definitions("A1 was 5.2 ± 1.1 and A2 4.1 ± 0.9 at week 12.")


def test_a_supposed_parallel_trial_is_not_the_studys_design():
    crossover = "In this randomised crossover trial, 36 participants wore both insoles in random order. "
    assert not parallel_design(crossover + "A parallel-group trial of similar length would have needed 120 people.")
    assert parallel_design("We ran a parallel-group trial; a crossover design was rejected.")


def test_a_caption_count_with_words_after_it_sizes_both_periods():
    text = "In this randomised crossover trial, 36 participants wore both insoles in random order."
    table = {"label": "Table 2", "caption": "Outcomes at 4 weeks (n = 36 participants, each wearing both insoles)"}
    rec = {"evidence": {"table": "Table 2"}}
    n, evidence = crossover_table_size(text, [table], rec, rec)
    assert n == 36 and evidence["column_header"] == "caption"


def test_bare_counts_size_the_rows_below_only_under_an_analysed_set_label():
    header = ["Outcome", "Low dose", "High dose", "Placebo"]
    rows = [["Patients assessed, n", "27", "28", "26"],
            ["Change in walking distance, m", "52 (40)", "88 (51)", "15 (38)"]]
    t = normalise_layout(build_table("Table 2", "Outcomes at 12 months", [], [header], rows))
    walk = {s["arm"]: s for s in table_statistics(t) if s["kind"] != "p_value"}
    assert (walk["High dose"]["mean"], walk["High dose"]["arm_n"]) == (88.0, 28)
    assert walk["Placebo"]["arm_n"] == 26
    cols = read_columns(t)
    assert size_row(["Intention-to-treat population, n", "98", "95", "96"], cols,
                    "Intention-to-treat population, n") == {1: 98, 2: 95, 3: 96}
    # An outcome's count under its own label is no size.
    assert size_row(["Hospitalised patients, n", "3", "5", "4"], cols, "Hospitalised patients, n") is None
    assert size_row(["Patients assessed, n", "27", "28", "26"], cols) is None  # no label given
