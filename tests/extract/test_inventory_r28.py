"""Factorial and cluster inventories (round 28): a counted colon list that says its group size, a known arm named
by the people who had one factor of a factorial, a cluster trial whose enrolment names a side the inventory lacks,
and units per arm after "randomly allocated". Pure functions; no spaCy pipeline is loaded.

Every sentence here is written for the test; none comes from a gold.
"""
from stemfoot.extract.arm_lists import allocation_list, counted_list
from stemfoot.extract.arm_sizes import _RX as SIZES_RX
from stemfoot.extract.arm_sizes import add_listed_arms, cluster_sizes, factorial_roles, listed_roles, per_group
from stemfoot.extract.candidates import split_sentences
from extract_support import rules_arm as _arm

FACTORIAL = ("Methods: In a 2 × 2 factorial trial, 80 adults with ischaemic ulcers were randomised to ADSCs (yes/no) and, "
             "independently, to hyperbaric oxygen (yes/no), producing four groups of 20: ADSC+HBOT, ADSC only, HBOT "
             "only and usual care. Results: Healing occurred in 14/20 (ADSC+HBOT), 11/20 (ADSC only), 8/20 (HBOT only) and "
             "5/20 (usual care) patients. No graft reaction occurred among ADSC recipients.")

CLUSTER = ("Methods: Twelve clinics were randomly allocated, six per arm, to a cell therapy programme (programme "
           "clinics) or to usual care (usual-care clinics). Results: Programme clinics enrolled 150 patients and "
           "usual-care clinics 140. Major amputation occurred in 10% of patients in programme clinics and 18% in "
           "usual-care clinics.")


def test_a_colon_list_after_groups_of_n_is_the_counted_inventory():
    s0, s1 = split_sentences(FACTORIAL)[0]
    want = ["ADSC+HBOT group", "ADSC only group", "HBOT only group", "usual care group"]
    assert [x.label for x in counted_list(FACTORIAL, s0, s1)] == want
    assert [x.label for x in allocation_list(FACTORIAL, s0, s1, 4)] == want
    assert per_group(FACTORIAL, split_sentences(FACTORIAL))[0][:2] == (20, "n_patients")
    # The count must be the items', and what follows "of" a number: "groups of severity" are no arms.
    three = FACTORIAL.replace("four groups of 20", "three groups of 20")
    assert counted_list(three, *split_sentences(three)[0]) == []
    severity = "Ulcers were sorted into three groups of severity: mild, moderate and severe."
    assert counted_list(severity, 0, len(severity)) == []


def test_a_known_arm_named_by_the_people_who_had_one_factor_is_their_pooled_side():
    arms = [_arm("ADSC recipients", "intervention")]
    flags = add_listed_arms(FACTORIAL, split_sentences(FACTORIAL), arms, "rct", [])
    assert flags == ["arms_from_listed_arms"]
    assert arms[0]["members"] == ["ADSC+HBOT group", "ADSC only group"]
    assert [(a["label"], a["role"]) for a in arms[1:]] == [
        ("ADSC+HBOT group", "intervention"), ("ADSC only group", "intervention"),
        ("HBOT only group", "intervention"), ("usual care group", "control")]
    # A name no listed arm holds, people noun or not, still breaks the list.
    other = [_arm("PRP recipients", "intervention")]
    assert add_listed_arms(FACTORIAL, split_sentences(FACTORIAL), other, "rct", []) == []
    assert len(other) == 1


def test_units_per_arm_after_randomly_allocated_are_no_patients():
    m = SIZES_RX.CLUSTER_PER_ARM.search(CLUSTER)
    assert m and m.group("k") == "six"
    arms = [_arm("usual-care clinics", "control", n_patients=6,
                 n_evidence={"start": m.start("k"), "end": m.end("k")})]
    flags = cluster_sizes(CLUSTER, split_sentences(CLUSTER), arms, [])
    assert "arm_size_cluster_count" in flags
    assert {a["label"]: a["n_patients"] for a in arms} == {"usual-care clinics": 140, "programme clinics": 150}


def test_the_treated_side_of_a_cluster_enrolment_joins_a_one_arm_inventory():
    arms = [_arm("usual-care clinics", "control")]
    flags = cluster_sizes(CLUSTER, split_sentences(CLUSTER), arms, [])
    assert "arm_from_cluster_enrolment" in flags
    # Named as the text goes on naming it, lower case, with its role and the patients its units enrolled.
    assert [(a["label"], a["role"], a["n_patients"]) for a in arms] == [
        ("usual-care clinics", "control", 140), ("programme clinics", "intervention", 150)]


def test_no_cluster_side_is_added_unless_sure():
    # The missing side never named outside the enrolment sentence: no arm.
    unnamed = CLUSTER.replace("(programme clinics)", "").replace("in programme clinics", "in the programme")
    arms = [_arm("usual-care clinics", "control")]
    assert "arm_from_cluster_enrolment" not in cluster_sizes(unnamed, split_sentences(unnamed), arms, [])
    assert len(arms) == 1
    # Two sides neither of which is a control (no role words, no known control): no arm.
    arms = [_arm("programme clinics", "intervention")]
    neutral = CLUSTER.replace("usual-care clinics", "outreach clinics")
    assert "arm_from_cluster_enrolment" not in cluster_sizes(neutral, split_sentences(neutral), arms, [])
    assert len(arms) == 1
    # A known arm that is neither enrolment side: the enrolment is not this inventory's.
    arms = [_arm("BMAC", "intervention")]
    assert "arm_from_cluster_enrolment" not in cluster_sizes(CLUSTER, split_sentences(CLUSTER), arms, [])
    assert len(arms) == 1


def test_a_factorial_lists_roles_come_from_its_levels():
    text = ("Methods: In a 2 × 2 factorial trial, 96 patients were assigned to ADSC or vehicle, and to ESWT or sham "
            "ESWT, giving four arms of 24 patients: ADSC + ESWT, ADSC + sham, vehicle + ESWT and vehicle + sham.")
    listed = allocation_list(text, 0, len(text), 4)
    # "ADSC + sham" is no control for its sham, nor "vehicle + ESWT" for its vehicle.
    assert factorial_roles(listed) == ["intervention", "intervention", "active_comparator", "control"]
    assert listed_roles(listed) == factorial_roles(listed)
    # A factor whose inactive level neither its words nor a cell level beside it say: today's roles stay.
    unknown = text.replace("sham", "laser")
    assert factorial_roles(allocation_list(unknown, 0, len(unknown), 4)) is None
    # Not every combination once: no factorial.
    twice = text.replace("vehicle + sham.", "ADSC + sham again.")
    assert factorial_roles(allocation_list(twice, 0, len(twice), 4)) is None


def test_a_combined_item_beside_each_treatment_alone_is_an_arm_of_the_list():
    text = ("Methods: In a 2 × 2 factorial trial, 96 patients were allocated to SVF plus NPWT, SVF alone, NPWT alone "
            "or standard care, and were followed for 12 weeks.")
    assert [x.label for x in allocation_list(text, 0, len(text))] == ["SVF plus NPWT", "SVF alone", "NPWT alone",
                                                                   "standard care"]
    # Without each treatment by itself the combination marks nothing: a bare run of phrases is no list.
    bare = text.replace("SVF alone, NPWT alone", "SVF with a dressing, NPWT with gauze")
    assert allocation_list(bare, 0, len(bare)) == []


def test_a_known_arm_keeps_the_lists_name_for_it():
    text = ("Methods: In a 2 × 2 factorial trial, 96 patients were allocated to SVF plus NPWT, SVF alone, NPWT alone "
            "or standard care. Results: Healing was 17/24 with SVF plus NPWT.")
    arms = [_arm("SVF plus NPWT group", "intervention", description="SVF plus NPWT group")]
    assert add_listed_arms(text, split_sentences(text), arms, "rct", []) == ["arms_from_listed_arms"]
    # Its label stays; the list's name joins it as its description (the words results use).
    assert (arms[0]["label"], arms[0]["description"]) == ("SVF plus NPWT group", "SVF plus NPWT")
    assert [a["label"] for a in arms[1:]] == ["SVF alone", "NPWT alone", "standard care"]


def test_a_sized_group_list_without_an_allocation_verb_is_no_arm_list():
    # Strata, centres and visit schedules come in groups of n too; only an allocation makes them arms.
    for text in ("Ulcers were sorted into three groups of 20: Wagner grade 2, Wagner grade 3 and Wagner grade 4.",
                 "Follow-up was arranged in three groups of 30: weekly visits, fortnightly visits and monthly visits.",
                 "Patients came from four centres, forming four groups of 25: Leeds, York, Hull and Bradford."):
        assert counted_list(text, 0, len(text)) == []
        assert allocation_list(text, 0, len(text)) == []
    # Since round 34 the unsized form too needs an allocation (``arm_factorial``'s guard): visit schedules are no
    # arms; allocated, the same list is.
    plain = "Follow-up was arranged in three groups: weekly visits, fortnightly visits and monthly visits."
    assert counted_list(plain, 0, len(plain)) == []
    allocated = "Patients were randomised into three groups: weekly visits, fortnightly visits and monthly visits."
    assert len(counted_list(allocated, 0, len(allocated))) == 3


def test_units_people_came_from_are_no_units_per_arm():
    text = ("Methods: Forty patients recruited at four hospitals were randomly allocated, 20 per arm, to intramuscular "
            "BM-MNC or saline placebo. Results: Healing occurred in 14 BM-MNC patients and 6 placebo patients.")
    m = SIZES_RX.CLUSTER_PER_ARM.search(text)
    assert m and m.group("k") == "20"  # the pattern reads it; cluster_sizes must not take it as units
    ev = {"start": m.start("k"), "end": m.end("k")}
    arms = [_arm("BM-MNC", "intervention", n_patients=20, n_evidence=ev),
            _arm("saline placebo", "control", n_patients=20, n_evidence=ev)]
    assert "arm_size_cluster_count" not in cluster_sizes(text, split_sentences(text), arms, [])
    assert [a["n_patients"] for a in arms] == [20, 20]
    # Said to be a cluster trial, the units per arm are units whoever the sentence opens with.
    cluster = "In a cluster-randomised trial, " + text[len("Methods: "):]
    m = SIZES_RX.CLUSTER_PER_ARM.search(cluster)
    arms = [_arm("BM-MNC", "intervention", n_patients=20, n_evidence={"start": m.start("k"), "end": m.end("k")})]
    assert "arm_size_cluster_count" in cluster_sizes(cluster, split_sentences(cluster), arms, [])


def test_no_cluster_side_is_added_when_the_text_names_a_third():
    three = CLUSTER.replace("or to usual care (usual-care clinics)",
                            "to a wound-care programme (wound-care clinics) or to usual care (usual-care clinics)")
    arms = [_arm("usual-care clinics", "control")]
    assert "arm_from_cluster_enrolment" not in cluster_sizes(three, split_sentences(three), arms, [])
    assert len(arms) == 1
