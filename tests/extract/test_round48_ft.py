"""Round 48 (full text): a prose measure's group sizes from a sentence counting both arms as assessed at its time,
or from the table row that repeats both values.

Invented text: 90 randomised (45 per group), 40 and 37 assessed at 6 months. A continuous value in prose at that
time is of the 40 and 37 (Yun's number analysed); an event count keeps the randomised n (analysed by intention to
treat), and a query of another time is not sized by the 6-month visit."""
from stemfoot.extract.outcome_query import answer_query, repeated_row

TEXT = ("A total of 90 patients were randomised, 45 to each group. "
        "Of 90 patients randomised, 40 in the drink group and 37 in the advice group were assessed at 6 months. "
        "Grip strength was 21.4 ± 5.2 kg in the drink group and 18.9 ± 5.6 kg in the advice group. "
        "Falls occurred in 6 patients in the drink group and 11 in the advice group.")
ARMS = [{"label": "drink group", "role": "intervention", "n_patients": 45},
        {"label": "advice group", "role": "comparator", "n_patients": 45}]
ARM_I, ARM_C = "Protein drink (drink group)", "Advice alone (advice group)"


def _rec(frag: str, arm: str, **values) -> dict:
    at = TEXT.index(frag)
    start = TEXT.rindex(". ", 0, at) + 2
    end = TEXT.index(".", TEXT.index(" group", at)) + 1
    return {"target": "arm", "arm": arm, "outcome_label": TEXT[start:TEXT.index(" ", start)], "flags": [], **values,
            "evidence": {"start": at, "end": at + len(frag), "text": frag, "sentence": TEXT[start:end],
                         "sentence_start": start, "sentence_end": end, "source": "text"}}


GRIP = [_rec("21.4 ± 5.2 kg", "drink group", kind="mean_sd", mean=21.4, sd=5.2),
        _rec("18.9 ± 5.6 kg", "advice group", kind="mean_sd", mean=18.9, sd=5.6)]
FALLS = [_rec("6 patients", "drink group", kind="events", events=6),
         _rec("11 in the advice", "advice group", kind="events", events=11)]


def _sizes(outcome: str, records: list[dict]) -> tuple:
    a = answer_query({"id": 1, "outcome": outcome, "intervention": ARM_I, "comparator": ARM_C}, records, ARMS,
                     text=TEXT)
    return a["intervention_group_size"], a["comparator_group_size"]


def test_a_prose_measure_at_the_assessed_time_takes_the_assessed_sizes():
    assert _sizes("Grip strength at 6 months", GRIP) == (40, 37)


def test_another_time_or_an_event_count_keeps_the_randomised_sizes():
    assert _sizes("Grip strength at 12 months", GRIP) == (45, 45)
    assert _sizes("Falls within 6 months", FALLS) == (45, 45)


# --- the table row that repeats both prose values ----------------------------------------------------------------

def _cell(arm: str, mean: float, sd: float, n: int, row_at: int, label: str = "Grip strength, kg") -> dict:
    return {"kind": "mean_sd", "arm": arm, "mean": mean, "sd": sd, "total": n, "outcome_label": label,
            "evidence": {"source": "table", "table": "Table 2", "start": row_at + 5, "sentence_start": row_at}}


def repeated_row_sizes(i_rec: dict, c_rec: dict, candidates: list[dict]) -> tuple | None:
    row = repeated_row(i_rec, c_rec, candidates)
    return row[0] if row else None


def test_repeated_row_sizes_takes_the_row_repeating_both_values():
    row = [_cell("drink group", 21.4, 5.2, 40, 100), _cell("advice group", 18.9, 5.6, 37, 100)]
    baseline = [_cell("drink group", 20.1, 5.0, 45, 10), _cell("advice group", 20.3, 5.1, 45, 10)]
    assert repeated_row_sizes(GRIP[0], GRIP[1], baseline + row) == (40, 37)
    assert _sizes("Grip strength at 12 months", GRIP + baseline + row) == (40, 37)


def test_repeated_row_sizes_needs_both_values_and_sds_in_one_row():
    # Only the mean repeated (another SD), the two values in different rows, or a value with no SD: nothing.
    assert repeated_row_sizes(GRIP[0], GRIP[1], [_cell("drink group", 21.4, 5.9, 40, 100),
                                                 _cell("advice group", 18.9, 5.6, 37, 100)]) is None
    assert repeated_row_sizes(GRIP[0], GRIP[1], [_cell("drink group", 21.4, 5.2, 40, 100),
                                                 _cell("advice group", 18.9, 5.6, 37, 200)]) is None
    no_sd = {**GRIP[0], "sd": None}
    assert repeated_row_sizes(no_sd, GRIP[1], [_cell("drink group", 21.4, None, 40, 100),
                                               _cell("advice group", 18.9, 5.6, 37, 100)]) is None


def test_repeated_row_sizes_gives_nothing_where_two_rows_disagree():
    rows = [_cell("drink group", 21.4, 5.2, 40, 100), _cell("advice group", 18.9, 5.6, 37, 100),
            _cell("drink group", 21.4, 5.2, 45, 300, "Grip"), _cell("advice group", 18.9, 5.6, 45, 300, "Grip")]
    assert repeated_row_sizes(GRIP[0], GRIP[1], rows) is None


def test_a_prose_value_stating_its_own_n_keeps_it():
    # mendft48: "21.4 ± 5.2 kg (n = 45)" is of the 45 it states (intention to treat, say), not of the 40 and 37 the
    # 6-month visit assessed, nor of a table row's sizes.
    own = [{**rec, "total": 45} for rec in GRIP]
    assert _sizes("Grip strength at 6 months", own) == (45, 45)
    row = [_cell("drink group", 21.4, 5.2, 40, 100), _cell("advice group", 18.9, 5.6, 37, 100)]
    assert _sizes("Grip strength at 12 months", own + row) == (45, 45)


def test_repeated_rows_probed_by_the_second_read():
    # mendft48 probes (ft48 already right): two rows repeating the values with one header n (baseline and follow-up
    # alike) give that n; a row whose header n is the randomised 45 (its footnote giving fewer) never raises the
    # chooser's n and changes nothing; a row repeating one arm's value only gives nothing.
    twice = [_cell("drink group", 21.4, 5.2, 40, 100), _cell("advice group", 18.9, 5.6, 37, 100),
             _cell("drink group", 21.4, 5.2, 40, 10), _cell("advice group", 18.9, 5.6, 37, 10)]
    assert repeated_row_sizes(GRIP[0], GRIP[1], twice) == (40, 37)
    randomised = [_cell("drink group", 21.4, 5.2, 45, 100), _cell("advice group", 18.9, 5.6, 45, 100)]
    assert _sizes("Grip strength at 12 months", GRIP + randomised) == (45, 45)
    one_arm = [_cell("drink group", 21.4, 5.2, 40, 100), _cell("advice group", 19.9, 5.6, 37, 100)]
    assert repeated_row_sizes(GRIP[0], GRIP[1], one_arm) is None
