"""The arm inventory of round 34: a comparison is no arm, a product code in an allocation bracket names no arm, an
arm labelled "<head> group" is also named by its head, a cluster trial's enrolment sizes its arms in order, "the
other" is a within-patient design's other limb, and a source word before "MSC(s)" gives that source's MSC type.

Every sentence here is written for the test; none comes from a gold. Nothing here loads a spaCy pipeline.
"""
from stemfoot.extract import vocabulary
from stemfoot.extract.arm_inventory import find_mentions, head_aliases, make_arm
from stemfoot.extract.arm_sizes import (cluster_enrolment, cluster_enrolment_bare, cluster_sizes,
                                        detail_named_parts, within_patient)
from stemfoot.extract.arms import _RX as ARMS_RX
from stemfoot.extract.candidates import split_sentences
from extract_support import rules_arm as _arm


def test_a_label_naming_a_comparison_of_the_arms_is_no_arm():
    for label in ("between-group", "The between-group", "within-group", "intergroup", "between groups"):
        assert ARMS_RX.COMPARISON_LABEL.match(label), label
    for label in ("sham group", "UMC-208 group", "intervention group", "groups A"):
        assert not ARMS_RX.COMPARISON_LABEL.match(label), label


def test_a_product_code_before_a_named_group_in_a_bracket_is_an_alias_not_the_arm():
    assert detail_named_parts("product code KLX-4; gel group, n = 30") == ["gel group", "n = 30"]
    assert detail_named_parts("code ABQ-17; patch arm, n = 12") == ["patch arm", "n = 12"]
    assert detail_named_parts("ZT-5; spray group, n = 9") == ["spray group", "n = 9"]
    # A dose first, as before; two arms in one bracket, or prose first, are no such bracket.
    assert detail_named_parts("3 × 10^6 cells/kg; gel group, n = 30") == ["gel group", "n = 30"]
    assert detail_named_parts("gel group, n = 30; patch group, n = 31") is None
    assert detail_named_parts("weekly for eight weeks; gel group, n = 30") is None


def test_an_arm_labelled_by_a_head_word_is_named_by_its_treated_and_with_forms():
    assert head_aliases("gel group") == ["gel-treated", "with gels"]
    assert head_aliases("the patch arm") == ["patch-treated", "with patches"]
    # Role words and multi-word labels give none: "control-treated" names nothing.
    assert head_aliases("control group") == [] and head_aliases("placebo arm") == []
    assert head_aliases("low dose group") == [] and head_aliases("gel") == []
    text = ("Patients were randomised to gel sheets (gel group, n = 20) or gauze (gauze group, n = 21). Healing "
            "occurred in 12 gel-treated and 6 gauze-treated patients; area fell by 2.0 cm2 with gels.")
    arms = [make_arm(text, "gel group", "gel group", "intervention"),
            make_arm(text, "gauze group", "gauze group", "control")]
    named = [(text[m.start:m.end], m.arm) for m in find_mentions(text, arms) if not m.generic]
    assert ("gel-treated", "gel group") in named and ("with gels", "gel group") in named
    assert ("gauze-treated", "gauze group") in named


CLUSTER = ("Twelve clinics were cluster-randomised (six per arm) to offer cell therapy (intervention clinics) or usual "
           "care (control clinics). The clinics enrolled 120 and 111 patients, of whom 100 and 95 were assessed.")


def test_a_cluster_trials_bare_enrolment_sizes_its_arms_in_allocation_order():
    assert [n for n, _, _ in cluster_enrolment_bare(CLUSTER)] == [120, 111]
    assert cluster_enrolment(CLUSTER) == []
    # Not a cluster trial: the centres' patients are no arm sizes.
    plain = "Two centres took part. The centres enrolled 120 and 111 patients."
    assert cluster_enrolment_bare(plain) == []
    k = CLUSTER.index("six")
    arms = [_arm("control clinics", "control", n_patients=6, n_evidence={"start": k, "end": k + 3}),
            _arm("intervention clinics", "intervention")]
    flags = cluster_sizes(CLUSTER, split_sentences(CLUSTER), arms, [])
    assert [(a["label"], a["n_patients"]) for a in arms] == [("control clinics", 111), ("intervention clinics", 120)]
    assert "arm_size_cluster_enrolment" in flags and "arm_size_cluster_count" in flags
    # Two arms of one side: no order to read.
    same = [_arm("control clinics", "control"), _arm("intervention clinics", "control")]
    cluster_sizes(CLUSTER, split_sentences(CLUSTER), same, [])
    assert [a["n_patients"] for a in same] == [None, None]


def test_a_named_enrolment_replaces_a_subset_read_as_an_arms_size():
    text = ("Eight hospitals were cluster-randomised to a cell pathway (pathway hospitals) or usual care (usual-care "
            "hospitals). The pathway hospitals enrolled 90 patients and the usual-care hospitals 85; 60 pathway "
            "patients received cells.")
    arms = [_arm("pathway hospitals", "intervention", n_patients=60), _arm("usual-care hospitals", "control")]
    cluster_sizes(text, split_sentences(text), arms, [])
    assert [a["n_patients"] for a in arms] == [90, 85]


def test_the_other_standing_for_the_other_limb_makes_a_within_patient_design():
    text = ("Sixteen patients received cells into one randomly chosen leg (cell limb) and saline into the other "
            "(saline limb).")
    assert within_patient(text, split_sentences(text))
    # "the other" that is no limb: no design.
    other = "Sixteen patients received cells into one leg; one group was randomised to the other (saline group)."
    assert not within_patient(other, split_sentences(other))


def test_a_source_word_before_msc_gives_that_sources_msc_type():
    found = {text: [h.term.id for h in vocabulary.cell_types().find(text)] for text in (
        "autologous bone marrow MSCs were injected", "autologous bone marrow-derived MSCs",
        "adipose-derived MSCs", "adipose tissue MSC", "umbilical cord-derived MSCs", "placental MSCs")}
    assert found == {"autologous bone marrow MSCs were injected": ["BM-MSC"],
                     "autologous bone marrow-derived MSCs": ["BM-MSC"], "adipose-derived MSCs": ["AD-MSC"],
                     "adipose tissue MSC": ["AD-MSC"], "umbilical cord-derived MSCs": ["UC-MSC"],
                     "placental MSCs": ["PL-MSC"]}
    # Bone marrow without a cell word is still the aspirate.
    assert [h.term.id for h in vocabulary.cell_types().find("autologous bone marrow was injected")] == ["BMA"]


def test_a_counted_list_is_arms_only_where_it_is_the_allocation():
    from stemfoot.extract.arm_lists import counted_list
    allocated = "Patients were randomised into three groups: gel (n = 12), spray (n = 8) and gauze (n = 4)."
    assert [x.label for x in counted_list(allocated, 0, len(allocated))] == ["gel group", "spray group", "gauze group"]
    for text in ("At 6 months, patients formed three groups: healed (n = 12), improved (n = 8) and unchanged (n = 4).",
                 "Adverse events were classified into three groups: mild (n = 12), moderate (n = 8) and severe (n = 4)."):
        assert counted_list(text, 0, len(text)) == []
    # A list that refers back to an allocation stated before it stays.
    back = "Patients were randomised to gel or gauze and to spray or none. This produced four groups: A, B, C and D."
    s0 = back.index("This")
    assert len(counted_list(back, s0, len(back))) == 4
