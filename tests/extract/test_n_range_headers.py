"""An n range in an arm's header ("Intervention / Post (n=329–369)"): no arm "–369", no size (ftarm11). No spaCy."""
from stemfoot.corpus.jats import build_table
from stemfoot.extract.outcome_query import answer_query, timepoint_key
from stemfoot.extract.tables import article_table_statistics, read_column


def test_range_is_read_whole_and_gives_no_size():
    col = read_column(1, "Intervention / Post (n=329–369)")
    assert (col.arm, col.n) == ("Intervention", None)
    assert read_column(1, "Control / Pre (n = 123 - 140)").n is None
    assert read_column(1, "Placebo (n = 42)").n == 42  # a single n is still the arm's size
    assert timepoint_key("Post (n=329–369)") == timepoint_key("Post (n=354)") == "Post"


def test_pre_post_columns_with_n_ranges_answer_the_post_values():
    header = [["", "Control", "Control", "Intervention", "Intervention"],
              ["", "Pre (n=123–140)", "Post (n=123–140)", "Pre (n=329–369)", "Post (n=329–369)"]]
    body = [["20 m sprint (s)", "3.98±0.28", "3.98±0.32", "4.09±0.29", "4.06±0.28"]]
    stats = article_table_statistics([build_table("T4", "Physical fitness", [], header, body)])[0]
    assert {s["arm"] for s in stats} == {"Control", "Intervention"}
    q = {"id": 1, "study": "x", "outcome": "20 m sprint time", "intervention": "Intervention programme",
         "comparator": "Control"}
    a = answer_query(q, stats)
    assert (a["intervention_mean"], a["comparator_mean"]) == (4.06, 3.98)
