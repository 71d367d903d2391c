"""Mends of round 34's arm inventory: a cluster trial's bare enrolment fills only empty sizes and is no subset of
its units or months; a named enrolment never replaces a bracketed allocation size and an event count is no
enrolment; "the other" after an arm noun is no limb; "with <plural>" is no alias before "of" nor for a head without
a regular plural; bone marrow MNCs are BM-MNC.

Every sentence here is written for the test; none comes from a gold. Nothing here loads a spaCy pipeline.
"""
from stemfoot.extract import vocabulary
from stemfoot.extract.arm_inventory import find_mentions, head_aliases, make_arm
from stemfoot.extract.arm_sizes import cluster_enrolment, cluster_enrolment_bare, cluster_sizes, within_patient
from stemfoot.extract.candidates import split_sentences
from extract_support import rules_arm as _arm


def _sized(text, labels_roles_sizes):
    arms = []
    for label, role, n in labels_roles_sizes:
        if n is None:
            arms.append(_arm(label, role))
        else:
            k = text.index(f"({n} ")
            arms.append(_arm(label, role, n_patients=n, n_evidence={"start": k + 1, "end": k + 1 + len(str(n))}))
    return arms


def test_a_bare_enrolment_of_some_units_or_months_sizes_no_arm():
    largest = ("Ten clinics were cluster-randomised to a gel arm (88 patients) or a gauze arm (81 patients). The "
               "busiest and quietest clinics aside, the biggest and smallest clinics enrolled 22 and 4 patients.")
    assert cluster_enrolment_bare(largest) == []
    months = ("Ten clinics were cluster-randomised to a gel arm or a gauze arm. Clinics enrolled 3 and 19 patients "
              "in the first and last quarter.")
    assert cluster_enrolment_bare(months) == []
    # The arms' own bare enrolment still reads.
    plain = "Ten clinics were cluster-randomised to a gel arm or a gauze arm. The clinics enrolled 88 and 81 patients."
    assert [n for n, _, _ in cluster_enrolment_bare(plain)] == [88, 81]


def test_a_bare_enrolment_fills_only_arms_without_a_size():
    text = ("Ten clinics were cluster-randomised to a gel arm (88 patients) or a gauze arm (81 patients). The "
            "clinics enrolled 70 and 65 patients.")
    arms = _sized(text, [("gel arm", "intervention", 88), ("gauze arm", "control", 81)])
    cluster_sizes(text, split_sentences(text), arms, [])
    assert [a["n_patients"] for a in arms] == [88, 81]
    empty = _sized(text, [("gel arm", "intervention", None), ("gauze arm", "control", None)])
    cluster_sizes(text, split_sentences(text), empty, [])
    assert [a["n_patients"] for a in empty] == [70, 65]


def test_an_event_count_at_the_units_is_no_enrolment():
    text = ("Twelve clinics were cluster-randomised to six gel clinics (90 patients) or six gauze clinics (84 "
            "patients). Overall 7 patients treated at the gel clinics and 12 patients treated at the gauze clinics "
            "developed wound infection.")
    assert cluster_enrolment(text) == []
    enrolled = "In all, 90 patients were treated at the gel clinics and 84 at the gauze clinics."
    assert [n for _, n, _, _ in cluster_enrolment(enrolled)] == [90, 84]


def test_a_named_enrolment_keeps_a_bracketed_allocation_size():
    text = ("Twelve clinics were cluster-randomised to gel clinics (n = 40) or gauze clinics (n = 38). The gel "
            "clinics enrolled 52 patients and the gauze clinics 47.")
    k1, k2 = text.index("n = 40") + 4, text.index("n = 38") + 4
    arms = [_arm("gel clinics", "intervention", n_patients=40, n_evidence={"start": k1, "end": k1 + 2}),
            _arm("gauze clinics", "control", n_patients=38, n_evidence={"start": k2, "end": k2 + 2})]
    cluster_sizes(text, split_sentences(text), arms, [])
    assert [a["n_patients"] for a in arms] == [40, 38]
    # A size above the enrolment is no subset either; an empty size still takes the enrolment.
    arms = [_arm("gel clinics", "intervention", n_patients=60), _arm("gauze clinics", "control")]
    cluster_sizes(text, split_sentences(text), arms, [])
    assert [a["n_patients"] for a in arms] == [60, 47]


def test_the_other_group_after_a_limb_is_no_within_patient_design():
    text = ("Thirty patients were randomised to a gel group or a gauze group; gel was applied to one randomly chosen "
            "leg of each patient in the gel group, and no patient moved from one group to the other.")
    assert not within_patient(text, split_sentences(text))
    # The other limb itself still is.
    limb = "Thirty patients received gel into one randomly chosen leg and gauze into the other, as allocated."
    assert within_patient(limb, split_sentences(limb))


def test_with_plural_is_no_alias_before_of_nor_for_an_irregular_head():
    assert head_aliases("foot group") == ["foot-treated"]
    assert head_aliases("cells group") == ["cells-treated"]
    assert head_aliases("mesh arm") == ["mesh-treated", "with meshes"]
    text = ("Patients were randomised to a mesh arm (n = 15) or a gauze arm (n = 15). Pain fell in 4 patients with "
            "meshes of fibrin and healing was faster with meshes.")
    arms = [make_arm(text, "mesh arm", "mesh arm", "intervention"), make_arm(text, "gauze arm", "gauze arm", "control")]
    named = [(m.start, text[m.start:m.end]) for m in find_mentions(text, arms) if not m.generic]
    assert (text.index("with meshes of"), "with meshes") not in named
    assert (text.rindex("with meshes"), "with meshes") in named


def test_bone_marrow_mncs_are_bm_mnc():
    for text in ("autologous bone marrow MNCs were injected", "bone marrow-derived MNC", "bone-marrow MNCs"):
        assert [h.term.id for h in vocabulary.cell_types().find(text)] == ["BM-MNC"], text
    assert [h.term.id for h in vocabulary.cell_types().find("autologous bone marrow was injected")] == ["BMA"]
