"""floret vectors for the PICO tagger: the training text's form and the recorded settings (no floret needed)."""
from __future__ import annotations

from stemfoot.tools.pico_floret_vectors import FloretParams, tokenised_lines


def test_tokenised_lines_are_lowercased_tagger_tokens():
    lines = list(tokenised_lines(["Sixty patients (HbA1c >7%) were randomised.", "Knee-OA pain"]))
    assert lines[0] == "sixty patients ( hba1c > 7 % ) were randomised ."
    assert lines[1] == "knee-oa pain"  # hyphenated words stay whole, as in the tagger


def test_floret_params_keep_the_table_small_and_runs_reproducible():
    params = FloretParams()
    assert params.mode == "floret" and params.hashCount == 2 and (params.minn, params.maxn) == (4, 5)
    assert params.thread == 1
    assert params.dim * params.bucket * 4 < 10_000_000  # float32 table shipped in the model
