"""Terms reviewers use for the listed outcomes (schemas/outcomes.json), and text with Unicode dashes."""
import pytest

from stemfoot.extract import vocabulary


@pytest.mark.parametrize("text, outcome", [
    ("hazard ratio for closure", "ulcer_healing"), ("the 24-week closure rate", "ulcer_healing"),
    ("cumulative closure", "ulcer_healing"), ("complete epithelialisation", "ulcer_healing"),
    ("re-epithelialization", "ulcer_healing"),
    ("time to closure", "time_to_healing"), ("time to complete epithelialization", "time_to_healing"),
    ("days to wound healing", "time_to_healing"),
    ("major limb loss", "amputation"), ("limb preservation", "limb_salvage"),
    ("survival free of major amputation", "amputation_free_survival"),
    # Round 48: the limb's survival is free of its amputation, never the patient's overall survival.
    ("limb survival at 3 years", "amputation_free_survival"), ("overall survival at 3 years", "overall_survival"),
    ("Rutherford improvement", "rutherford_class"), ("transcutaneous oxygen", "tcpo2"),
    ("tissue oxygen tension", "tcpo2"), ("claudication onset time", "pain_free_walking_time"),
    ("capillary density", "neovessels"), ("serum VEGF", "cytokines"),
    ("graft-related serious adverse events", "treatment_related_adverse_events"),
    ("adverse reactions attributable to the sheet", "treatment_related_adverse_events"),
    ("treatment-emergent adverse events", "adverse_events"), ("unrelated adverse events", "adverse_events"),
    # Unicode hyphens, dashes and subscripts read as ASCII ones.
    ("ankle–brachial index", "abi"), ("pain‑free walking distance", "pain_free_walking_distance"), ("TcPO₂", "tcpo2"),
])
def test_reviewer_terms(text, outcome):
    term = vocabulary.outcomes().lookup(text)
    assert term is not None and term.id == outcome


def test_closure_as_a_time_reference_is_no_outcome():
    hits = vocabulary.outcomes().find("Ulcer recurrence within 6 months of closure occurred after closure.")
    assert [h.term.id for h in hits] == ["ulcer_recurrence"]


def test_hits_keep_the_original_text_and_offsets():
    text = "The ankle–brachial index rose."
    hit = vocabulary.outcomes().find(text)[0]
    assert (hit.text, text[hit.start:hit.end]) == ("ankle–brachial index", "ankle–brachial index")
    assert vocabulary.outcomes().lookup("VEGF gene transfer") is None


def test_grouped_first_letters_find_every_term_in_order():
    """The buckets of first letters are tried in groups: each term is still found where it starts, the first
    listed term winning a tie at one start, a term that may start anywhere included."""
    entries = [{"id": w, "patterns": [w]} for w in ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
                                                     "hotel", "india", "kilo", "lima")]
    entries += [{"id": "kilo2", "patterns": ["kilo(?:gram)?"]}, {"id": "xray", "patterns": ["(?:x|\\d)+ray"]},
                {"id": "ulu", "patterns": ["\\wulu"]}]
    vocab = vocabulary.Vocabulary(entries)
    text = "Lima, KILO and Alpha; golf-hotel india 3ray xray Zulu charlie Kilogram"
    assert [(h.term.id, h.text) for h in vocab.find(text)] == [
        ("lima", "Lima"), ("kilo", "KILO"), ("alpha", "Alpha"), ("golf", "golf"), ("india", "india"),
        ("xray", "3ray"), ("xray", "xray"), ("ulu", "Zulu"), ("charlie", "charlie"), ("kilo2", "Kilogram")]


def test_outcome_ids_are_the_terms_carrying_any_flag_asked() -> None:
    assert "hba1c" in vocabulary.outcome_ids("unit_percent")
    assert "age" not in vocabulary.outcome_ids("unit_percent")
    both = vocabulary.outcome_ids("characteristic", "entry_measure")
    assert vocabulary.outcome_ids("characteristic") < both and "hba1c" in both
