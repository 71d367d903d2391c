"""A number PubMed prints as a bracketed subscript is no count (round 46; pure functions, no pipeline)."""
from __future__ import annotations

from stemfoot.extract import bare_counts


def _at(text: str, token: str) -> tuple[int, int]:
    start = text.index(token)
    return start, start + len(token)


def _count(text: str, token: str, flags: list[str] | None = None) -> dict:
    start, end = _at(text, token)
    return {"kind": "events", "events": int(token.rstrip("c")), "flags": flags or [bare_counts.FLAG],
            "evidence": {"start": start, "end": end}}


def test_a_subscript_after_a_letter_is_no_count() -> None:
    text = "Transcutaneous oxygen pressure (TcO(2)) and PGE(1) rose; HbA(1c) fell."
    for token in ("(2)", "(1)", "(1c)"):
        start, end = _at(text, token)
        assert bare_counts._subscript(text, start + 1, end - 1)


def test_a_bracketed_count_after_a_space_or_a_word_is_not_a_subscript() -> None:
    text = "Ulcers recurred in two patients (2) and in the control arm (n 3); amputation (4 patients)."
    assert not bare_counts._subscript(text, *(_at(text, "(2)")[0] + 1, _at(text, "(2)")[1] - 1))
    start = text.index("(4 ")
    assert not bare_counts._subscript(text, start + 1, start + 2)


def test_only_the_learned_stage_s_subscript_counts_are_dropped() -> None:
    text = "TcO(2) rose in 14 patients; CO(2) was 5."
    sub = {**_count(text, "2")}
    sub["evidence"] = {"start": text.index("(2)") + 1, "end": text.index("(2)") + 2}
    kept = _count(text, "14")
    other = {**sub, "flags": ["event_count_bare"]}  # a count another reader found keeps its own checks
    statistics = [sub, kept, other]
    bare_counts.subscript_counts_dropped(text, statistics)
    assert statistics == [kept, other]
