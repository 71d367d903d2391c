"""Round 57 (issue 11): a cluster trial's arms named in allocation brackets by a product code and a control label,
site counts that are no arm sizes, and adverse events tied to the cells' vehicle or the product's code.

Pure functions, no spaCy (the last test runs the pipeline): invented sentences."""
from __future__ import annotations

import re

import pytest

from stemfoot.extract import stages
from stemfoot.extract.arm_sizes import cluster_unit_counts
from stemfoot.extract.arms import bracketed_arm_labels


def labels(sentence: str) -> list[tuple[str, int | None]]:
    return [(sentence[a:b], n) for a, b, n, _ in bracketed_arm_labels(sentence)]


def test_coded_cluster_label_beside_a_control_label_with_site_counts():
    s = ("Eighteen wound clinics were cluster-randomised to add a cord-derived cell foam (QRF-7) to usual care "
         "(QRF-7 clinics, 9 clinics) or to continue usual care (control clinics, 9 clinics).")
    # The bare product code is the product's name, which the arm's label repeats: not an arm of its own.
    assert labels(s) == [("QRF-7 clinics", None), ("control clinics", None)]


def test_an_aside_between_commas_after_the_allocation_verb():
    s = ("Fourteen podiatry services were randomised, seven per arm, either to offer TZ-5 gel (TZ-5 services) "
         "or to keep offering usual dressings (usual-care services).")
    assert labels(s) == [("TZ-5 services", None), ("usual-care services", None)]


def test_control_labels_alone_are_no_coded_list():
    # Nothing codes an arm: the words alone do not make these bare labels arms (the group readers do).
    s = "Sites were randomised to cells (active sites) or to saline (control sites)."
    assert labels(s) == []


def test_a_control_label_needs_the_noun_of_a_coded_one():
    # "saline-moistened gauze" says the control but shares no noun with "PRP alone": no list of bare labels.
    s = "Patients were randomly assigned to arm 1 (cells in PRP), arm 2 (PRP alone) or arm 3 (saline-moistened gauze)."
    assert labels(s) == []


def test_a_patient_count_is_not_a_site_count():
    s = "We randomised 40 patients to cells (QR-2 arm, 20 patients) or saline (control arm, 20 patients)."
    assert labels(s) == []


def test_site_counts_per_arm_are_found_for_services_too():
    text = "Fourteen podiatry services were randomised, seven per arm, to TZ-5 gel or usual care."
    spans = cluster_unit_counts(text, [(0, len(text))])
    assert [text[a:b] for a, b in spans] == ["seven"]
    people = "Forty patients recruited at four services were randomly allocated, 20 per arm, to gel or care."
    assert cluster_unit_counts(people, [(0, len(people))]) == []


ARMS = [{"label": "TZ-5 group", "role": "intervention", "n_patients": 30, "description": "TZ-5 cell gel"},
        {"label": "control group", "role": "control", "n_patients": 30, "description": "foam dressing"}]


def _tied(text: str, value: str, events: int, arms: list[dict] | None = None) -> str | None:
    start = text.index(value)
    st = {"kind": "events", "events": events, "total": None, "flags": [],
          "evidence": {"start": start, "end": start + len(value), "sentence_start": 0, "sentence_end": len(text)}}
    named = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\b(?:TZ-5|control) group\b", text)]
    return stages.tied_event_arm(text, st, (0, len(text)), named, arms or ARMS, False)


@pytest.mark.parametrize("text,value,events,expected", [
    ("Hydrogel-related contact dermatitis occurred in 4 patients.", "4 patients", 4, "TZ-5 group"),
    ("Itching related to the gel was reported by 2 patients.", "2 patients", 2, "TZ-5 group"),
    ("TZ-5-related adverse events occurred in 3 patients.", "3 patients", 3, "TZ-5 group"),
    ("Hypersensitivity reactions to TZ-5 occurred in 1 patient.", "1 patient", 1, "TZ-5 group"),
    # A code no arm is named by, a dressing (the usual comparator), or another arm named in the clause.
    ("COVID-19-related admissions occurred in 3 patients.", "3 patients", 3, None),
    ("Dressing-related maceration occurred in 3 patients.", "3 patients", 3, None),
    ("Gel-related itching occurred in 3 patients in the control group.", "3 patients", 3, None),
])
def test_events_tied_to_the_vehicle_or_the_product_code(text, value, events, expected):
    assert _tied(text, value, events) == expected


def test_a_vehicle_control_gets_the_gel_too():
    arms = [ARMS[0], {"label": "control group", "role": "control", "n_patients": 30, "description": "vehicle gel"}]
    text = "Patients received TZ-5 gel or vehicle gel. Gel-related itching occurred in 3 patients."
    assert _tied(text, "3 patients", 3, arms) is None
    # The product itself only the cell arm had.
    text = "Patients received TZ-5 gel or vehicle gel. TZ-5-related itching occurred in 3 patients."
    assert _tied(text, "3 patients", 3, arms) == "TZ-5 group"


def test_cluster_trial_arms_sizes_and_a_tied_event_through_the_pipeline():
    from stemfoot.extract.run import extract_records

    text = ("Methods: Eighteen wound clinics were cluster-randomised to add a cord-derived cell foam (QRF-7) to usual "
            "care (QRF-7 clinics, 9 clinics) or to continue usual care (control clinics, 9 clinics). An intracluster "
            "correlation of 0.04 was assumed; 301 patients were enrolled (152 in QRF-7 clinics and 149 in control "
            "clinics). Results: Complete healing at 16 weeks occurred in 71 of 152 patients (46.7%) in QRF-7 clinics "
            "and in 50 of 149 (33.6%) in control clinics.")
    record = next(extract_records([("A cluster trial", text)], pico=False))
    arms = {a["label"]: (a["role"], a["n_patients"]) for a in record["arms"]}
    assert arms == {"QRF-7 clinics": ("intervention", 152), "control clinics": ("control", 149)}
    healed = {(s.get("arm"), s.get("events"), s.get("total")) for s in record["statistics"]
              if s["kind"] == "events" and s.get("target") == "arm"}
    assert ("QRF-7 clinics", 71, 152) in healed and ("control clinics", 50, 149) in healed
