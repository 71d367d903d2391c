"""Round 40 (early), second read (branch mend40): defects of early40's rules, each shown by an invented sentence.

- "allogenic", the other spelling of allogeneic, is a mixed-source abstract too: a harvest is not every treated arm's.

Pure functions on invented sentences and dicts; no spaCy.
"""
from __future__ import annotations

import pytest

from stemfoot.extract.stages import procedure_pool


def _arm(label, role, description=None, cell_type=None):
    return {"label": label, "role": role, "description": description, "cell_type": cell_type, "members": None,
            "n_patients": 20}


def _st(text, frag, events=3):
    s = text.index(frag)
    return {"kind": "events", "events": events, "target": "unattributed", "arm": None, "arm_role": None, "flags": [],
            "timepoint": None,
            "evidence": {"start": s, "end": s + len(frag), "text": frag, "sentence_start": 0, "sentence_end": len(text)}}


# --- mixed sources: "allogenic" --------------------------------------------------------------------------------------

def test_allogenic_spelling_is_a_mixed_source_abstract():
    arms = [{"label": a, "role": r, "n_patients": 20} for a, r in
            (("Arm I", "intervention"), ("Arm II", "intervention"), ("Arm III", "control"))]
    for auto, allo in (("autologous", "allogenic"), ("autologous", "allogeneic"), ("autogenous", "allogeneic")):
        text = (f"Patients received {auto} BM-MNCs (Group A), {allo} UC-MSCs (Group B) or standard care (Group C). "
                "Marrow aspiration caused no complications.")
        assert procedure_pool(text, _st(text, "no complications", 0), arms, [], False) is None
