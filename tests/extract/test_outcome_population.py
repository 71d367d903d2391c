"""Outcome words that describe a denominator's population ("of 24 healed patients") name no value's outcome."""
from stemfoot.extract.outcomes import describes_population, measured


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_healed_after_a_denominator_describes_the_population() -> None:
    for text in ("Ulcer recurrence was observed in 2 of 18 and 6 of 23 healed patients, respectively.",
                 "During follow-up, 5 of 33 healed ulcers (15.2%) recurred.",
                 "Recurrence at 6 months among healed ulcers was 1/16 vs 3/9.",
                 # Arm words between the outcome word and the population noun.
                 "Ulcers recurred within 3 months of closure in 2 of 32 healed ADS-07 patients and 1 of 9 healed "
                 "vehicle patients."):
        assert describes_population(text, *_span(text, "healed")), text


def test_healed_as_what_was_measured_is_kept() -> None:
    for text in ("The proportion of healed ulcers was 60% vs 30%.",   # no denominator: healing is measured
                 "Ulcers healed in 15 of 20 patients.",               # no population noun after it
                 "Of 20 patients, 15 healed completely.",
                 "Of 20 patients, 15 healed by week 12 in both groups."):
        assert not describes_population(text, *_span(text, "healed")), text


def test_measured_drops_only_population_mentions() -> None:
    keep, drop = {"outcome": "ulcer_recurrence"}, {"outcome": "ulcer_healing", "population": True}
    assert measured([keep, drop]) == [keep]


def test_outcome_words_that_say_when_or_given_what_name_no_value() -> None:
    from stemfoot.extract.outcomes import names_context
    for text, words in (("Ulcer recurrence within 3 months after healing was observed in 2 of 24.", "healing"),
                        ("Mortality following amputation was 20% vs 25%.", "amputation"),
                        ("After adjustment for dialysis, the HR for progression was 0.36.", "dialysis"),
                        ("After adjustment for age, dialysis and Rutherford category, HR 0.46.", "dialysis")):
        assert names_context(text, *_span(text, words)), text


def test_outcome_words_measured_are_not_context() -> None:
    from stemfoot.extract.outcomes import names_context
    for text, words in (("Healing after 12 weeks was 60% vs 30%.", "Healing"),
                        ("Time until healing was 41 days.", "healing"),
                        ("The following complications occurred: infection in 3.", "complications"),
                        ("After adjustment for hemodialysis, the HR for progression was 0.36.", "progression")):
        assert not names_context(text, *_span(text, words)), text


def test_measured_drops_context_mentions() -> None:
    keep, drop = {"outcome": "ulcer_recurrence"}, {"outcome": "ulcer_healing", "context": True}
    assert measured([keep, drop]) == [keep]
