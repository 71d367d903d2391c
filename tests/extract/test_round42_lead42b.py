"""Round 42 (early, branch lead42b): within-patient sides, lengths that are no timepoints, SE declarations that
govern the sentences after them.

- A within-patient trial names each leg in brackets after what it received ("one leg ... received X (A) and the
  other received Y (B)"): the two sides are the arms, each with every counted patient's one limb; results name the
  sides in the plural ("in A legs"), and the first total of a "9 A legs and 8 B legs ... healed in 7 and 3,
  respectively" sentence is a denominator also with its unit word written.
- A time that says how long something lasted ("pain lasting more than 3 days", "diabetes for ≥ 10 years", "ulcers of
  more than 6 months' duration") is no timepoint.
- "(mean ± SEM)" in one sentence makes the ± values of the sentences after it SEs, until a sentence names an SD.

Invented sentences; pure functions except one pipeline test of the arms.
"""
from __future__ import annotations

import pytest

from stemfoot.extract import value_kinds
from stemfoot.extract.arm_inventory import make_arm, side_plural
from stemfoot.extract.arms import same_treatment, within_patient_sides
from stemfoot.extract.consistency import not_results
from stemfoot.extract.number_grammar import SentenceClaims, scan, time_matches
from stemfoot.extract.record import build_record


# --- within-patient sides --------------------------------------------------------------------------------------

def _sides(sentence: str) -> list[tuple[str, int | None, str]]:
    return [(sentence[a:b], n, role) for a, b, n, _span, role in within_patient_sides(sentence)]


@pytest.mark.parametrize("sentence, expected", [
    ("Eighteen patients with bilateral limb ischaemia took part: one leg, selected by coin toss, received "
     "intramuscular PB-MNCs (PB-MNC leg) and the other received saline (saline leg), with assessors masked.",
     [("PB-MNC leg", 18, "intervention"), ("saline leg", 18, "control")]),
    ("In 15 patients with ulcers on both feet, one foot was treated with topical ADSC gel (gel foot); the other "
     "foot received vehicle gel only (vehicle foot).",
     [("gel foot", 15, "intervention"), ("vehicle foot", 15, "control")]),
    ("One limb received cells (cell limb), while the other limb received nothing (untreated limb).",
     [("cell limb", None, "intervention"), ("untreated limb", None, "control")]),
    # Round 44: what each side received first, the side after "into".
    ("Twelve patients with bilateral disease received marrow cells into the calf of one randomly chosen leg "
     "(cell leg) and saline into the other leg (saline leg).",
     [("cell leg", 12, "intervention"), ("saline leg", 12, "control")]),
    ("Patients received PB-MNCs into one limb (treated limb), whereas vehicle was injected into the other "
     "(vehicle limb).", [("treated limb", None, "intervention"), ("vehicle limb", None, "control")]),
])
def test_within_patient_sides_are_named_by_their_brackets(sentence, expected):
    assert _sides(sentence) == expected


@pytest.mark.parametrize("sentence", [
    # No bracket names the sides: nothing to call the arms.
    "One leg received intramuscular cells and the other received saline.",
    # Two arms of patients, not two sides of one patient.
    "Twenty patients received cells (cell group) and the other 20 received saline (saline group).",
    "Twenty patients received cells into the ischaemic leg (cell group) and 20 others received saline (saline group).",
    "The design controls for systemic factors such as glycaemia.",
])
def test_no_sides_without_one_side_and_the_other_in_brackets(sentence):
    assert _sides(sentence) == []


@pytest.mark.parametrize("sentence", [
    # mendlead44a: both legs got the cells, so neither side is a control (words say so, or the words repeat).
    "Twenty patients received 40 injections of bone marrow cells into one leg (the more ischemic limb) and 20 "
    "injections of the same cells into the other leg (the less ischemic limb).",
    "Ten patients received bone marrow cells into one leg (first limb) and bone marrow cells into the other leg "
    "(second limb).",
])
def test_no_sides_where_both_legs_got_the_same(sentence):
    assert _sides(sentence) == []


@pytest.mark.parametrize("first, other, same", [
    ("bone marrow cells", "saline", False),
    ("BM-MNCs", "PB-MNCs", False),
    ("40 injections of bone marrow cells", "20 injections of the same cells", True),
    ("bone marrow cells", "bone marrow cells as well", True),
    ("40 injections of cells", "20 injections", True),
])
def test_same_treatment(first, other, same):
    assert same_treatment(first, other) is same


def test_a_side_labelled_by_its_limb_is_named_in_the_plural():
    assert side_plural("saline limb") == ["saline limbs"]
    assert side_plural("SVF foot") == ["SVF feet"]
    assert side_plural("BM-MSC leg") == ["BM-MSC legs"]
    assert side_plural("control group") == []
    assert side_plural("leg") == []
    arm = make_arm("", "saline leg", "saline leg", "control")
    assert "saline legs" in arm.aliases


def test_sized_sides_before_their_respectively_counts_are_denominators():
    text = "Ulcers present in 6 PB-MNC legs and 5 saline legs healed in 4 and 1, respectively."
    sent = (0, len(text))
    facts = [{"kind": "events", "events": n, "total": None, "start": text.index(w), "end": text.index(w) + len(w),
              "sentence": sent} for n, w in ((6, "6 PB-MNC legs"), (5, "5 saline legs"))]
    assert [v.code for v in not_results(facts, text)] == ["denominator_count", "denominator_count"]
    # Counts over the sides with no list after them are events.
    plain = "Rest pain improved in 6 PB-MNC legs and 5 saline legs."
    facts = [{"kind": "events", "events": 6, "total": None, "start": plain.index("6"), "end": plain.index("6") + 1,
              "sentence": (0, len(plain))}]
    assert not_results(facts, plain) == []


def test_pipeline_holds_both_sides_with_their_limbs(nlp):
    text = ("Methods: Sixteen patients with type 2 diabetes and bilateral critical limb ischaemia were enrolled in a "
            "within-patient trial: one leg, chosen at random, received intramuscular autologous bone marrow "
            "mononuclear cells (BM-MNC leg) and the other received saline injections (saline leg). Results: At 12 "
            "weeks, ABI was 0.62 ± 0.10 in BM-MNC legs and 0.51 ± 0.09 in saline legs.")
    rec = build_record(nlp(text), None)
    arms = {a["label"]: a for a in rec["arms"]}
    assert set(arms) == {"BM-MNC leg", "saline leg"}
    assert [(arms[k]["role"], arms[k]["n_patients"], arms[k]["n_limbs"]) for k in ("BM-MNC leg", "saline leg")] == \
        [("intervention", 16, 16), ("control", 16, 16)]
    abi = {st["evidence"]["text"]: st["arm"] for st in rec["statistics"] if st.get("outcome") == "abi"}
    assert abi == {"0.62 ± 0.10": "BM-MNC leg", "0.51 ± 0.09": "saline leg"}


# --- lengths are no timepoints -----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Among patients with ulcers of more than 6 months' duration, healing occurred in 5 of 9 and 2 of 8.",
    "Donor-site pain lasting more than 3 days occurred in 4 patients.",
    "Bruising at the harvest site, lasting up to 5 days, was reported by 3 patients.",
    "In patients with a diabetes duration > 10 years, healing was less frequent.",
    "Patients with diabetes for ≥ 15 years healed less often.",
])
def test_a_length_is_no_timepoint(sentence):
    assert time_matches(sentence) == ()


@pytest.mark.parametrize("sentence, times", [
    ("In patients with diabetes for ≥ 10 years, healing at 12 weeks was 40%.", ["at 12 weeks"]),
    ("Healing at 12 weeks was 40% after follow-up for 6 months.", ["at 12 weeks", "for 6 months"]),
    ("Ulcers healed in 8 of 10 patients by week 20.", ["by week 20"]),
])
def test_timepoints_beside_a_length_stay(sentence, times):
    assert [m.group() for m in time_matches(sentence)] == times


# --- an SE declaration governs the sentences after it -------------------------------------------------------------

def _flagged(sentences: list[str]) -> list[list[bool]]:
    out, governed = [], False
    for text in sentences:
        sent = SentenceClaims(text, 0)
        scan(sent, [])
        found = [f for f in sorted(sent.found, key=lambda f: f[0]) if f[2]["kind"] == "mean_sd"]
        value_kinds.sentence_se(text, found, governed)
        governed = value_kinds.se_governs(text, governed)
        out.append(["se_not_sd" in stat["flags"] for _a, _b, stat in found])
    return out


def test_a_declaration_governs_the_next_sentences_until_an_sd():
    assert _flagged([
        "At baseline, ABI was 0.45 ± 0.03 (mean ± SEM) in the cell group and 0.47 ± 0.04 in the placebo group.",
        "At 6 months ABI had risen to 0.61 ± 0.04 with cells and to 0.49 ± 0.03 with placebo.",
        "Walking distance improved by 80 m (SD 40) and 20 m (SD 35), and age was 66 ± 8 years.",
        "Pain fell to 2.1 ± 1.0 and 4.0 ± 1.2 points.",
    ]) == [[True, True], [True, True], [False, False, False], [False, False]]


def test_values_are_mean_sem_governs_the_next_sentence():
    assert _flagged(["Values are mean ± SEM.", "TcPO2 rose to 41.2 ± 2.3 and 30.1 ± 2.0 mmHg."]) == [[], [True, True]]


def test_no_declaration_governs_nothing():
    assert _flagged(["Age was 64 ± 7 years.", "TcPO2 rose to 41.2 ± 2.3 and 30.1 ± 2.0 mmHg."]) == [[False], [False, False]]
    assert value_kinds.se_governs("Values are mean ± SD.", True) is False


# --- product codes of letters-hyphen-letters-digit ------------------------------------------------------------------

def _arms(*specs: tuple[str, str, str | None]) -> list[dict]:
    return [{"label": label, "role": role, "description": desc, "cell_type": None} for label, role, desc in specs]


def test_a_letters_hyphen_letters_digit_code_pools_its_recipients():
    from stemfoot.extract.pooled_sides import recipient_pool
    arms = _arms(("low-dose arm", "intervention", "intramuscular HX-UC7 at 1 × 10^8 cells"),
                 ("high-dose arm", "intervention", "3 × 10^8 cells"), ("placebo arm", "control", "vehicle"))
    treated = ["low-dose arm", "high-dose arm"]
    assert recipient_pool("No tumour formation was detected in HX-UC7 recipients", arms, treated)
    # Another product's code is no pool of these arms.
    assert not recipient_pool("Fever occurred in 6 patients given AB-MSC2", arms, treated)
    coded = _arms(("AB-MSC2", "intervention", "intravenous AB-MSC2"), ("placebo", "control", "saline"))
    assert recipient_pool("Fever occurred in 6 patients given AB-MSC2", coded, ["AB-MSC2"]) is True
    # Capitals and a digit: no ordinary hyphenated word, no trial acronym.
    assert not recipient_pool("in 6 patients given SOC-PLUS", arms, treated)
    assert not recipient_pool("in 6 patients given Well-being2", arms, treated)


# --- signed per-arm lists -------------------------------------------------------------------------------------------

def _means(text: str) -> list[float]:
    sent = SentenceClaims(text, 0)
    scan(sent, [])
    return [stat["mean"] for _a, _b, stat in sorted(sent.found, key=lambda f: f[0]) if stat and stat["kind"] == "mean"]


@pytest.mark.parametrize("text, means", [
    ("The change in ABI from baseline was +0.12, +0.09 and +0.01, respectively.", [0.12, 0.09, 0.01]),
    ("Pain scores changed by −2.4 and −0.8 points, respectively.", [-2.4, -0.8]),
    ("Walking distance changed by +120, +85 and −10 m, respectively.", [120.0, 85.0, -10.0]),
])
def test_a_signed_list_said_per_arm_gives_each_arm_a_mean(text, means):
    assert _means(text) == means


@pytest.mark.parametrize("text", [
    # Unsigned: counts or values another reader owns, or none.
    "The change in ABI from baseline was 0.12, 0.09 and 0.01, respectively.",
    # Not per arm.
    "The change in ABI from baseline was +0.12, +0.09 and +0.01 at 1, 3 and 6 months.",
    # Doses, not results.
    "Doses were raised by +1, +2 and +3 mg, respectively.",
])
def test_no_signed_list_means_without_signs_respectively_or_a_result(text):
    assert _means(text) == []


# --- the design reader knows the sides' sentence -------------------------------------------------------------------

@pytest.mark.parametrize("text, design", [
    ("Eighteen patients were enrolled: one leg, chosen at random, received PB-MNCs (PB-MNC leg) and the other "
     "received saline injections (saline leg).", True),
    ("In 15 patients one foot, chosen at random, received topical ADSC gel (gel foot), and the other received "
     "vehicle gel (vehicle foot).", True),
    # Another group, not the other limb; and a foot with no randomised side.
    ("Patients were randomised: one group received PB-MNCs and the other received saline.", False),
    ("Ulcers on one foot were debrided and the other foot was examined.", False),
])
def test_within_patient_design_from_one_side_and_the_other_that_received(text, design):
    from stemfoot.extract.arm_sizes import within_patient
    assert within_patient(text, [(0, len(text))]) is design


def test_sides_share_their_patients_and_add_their_limbs(nlp):
    text = ("Methods: Sixteen patients with type 2 diabetes and bilateral plantar ulcers were enrolled in a "
            "within-patient trial; one foot, chosen at random, received perilesional autologous stromal vascular "
            "fraction (SVF foot), and the other received standard care alone (control foot). Results: By week 12, "
            "11 of 16 SVF-foot ulcers and 6 of 16 control-foot ulcers had healed.")
    rec = build_record(nlp(text), None)
    assert (rec["n_patients"]["value"], rec["n_limbs"]["value"]) == (16, 32)
