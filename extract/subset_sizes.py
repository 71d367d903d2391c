"""Both arms' numbers analysed for a value sentence that opens on the subset the sentence before it counted.

Yun et al. score a group size as the number analysed for the outcome where the article states it. A measure only
some patients could give is often reported in two sentences: "Twenty-four patients in Group A and 21 in Group B
were able to walk on the treadmill at 6 months. In these patients, pain-free walking distance at 6 months was
212 ± 96 m in Group A and 131 ± 88 m in Group B." The values' "these patients" are the 24 and 21, not the arms'
randomised sizes. These pure readers take that pair:

- ``anaphoric_subset``: the value sentence opens on "these patients" ("In these patients", "Among those ...");
- ``previous_sentence``: the sentence that ends where the value sentence starts;
- ``arm_count_pair``: (intervention n, comparator n) of a sentence with exactly two counts, each followed by its
  arm ("N patients in <arm>"), on different arms, one of them naming whom it counts, neither a denominator ("of
  the N patients in <arm>");
- ``subset_sizes``: the pair for a value sentence, or None;
- ``assessed_sizes``: the pair a sentence gives as measured at the value's time ("52 in the ONS group and 49 in the
  control group were assessed at 3 months");
- ``clause_sizes``: the pair a value sentence gives each value in its own clause ("52.4 (SD 15.1) days in the SVF
  group (n = 25) and 63.9 (SD 16.7) days in the PRP group (n = 16)").

Null beats a guess: the value sentence must open on the subset, and the sentence before must count exactly two
groups, one for each query arm; anything else leaves the sizes found before.
"""
from __future__ import annotations

from stemfoot.extract.numbers import COUNT, parse_count
from stemfoot.extract.pattern_data import load_patterns

#: This module's regexes, as data in patterns/subset_sizes.json (compiled once, here).
_RX = load_patterns("subset_sizes", COUNT=COUNT)


def anaphoric_subset(sentence: str) -> bool:
    """Whether a value sentence opens on the people the sentence before it counted ("In these patients, ...")."""
    return bool(_RX.ANAPHORIC_SUBSET.match(sentence or ""))


def previous_sentence(text: str, start: int) -> str:
    """The sentence of ``text`` that ends where ``start`` (a sentence's start) begins; "" when there is none."""
    head = (text or "")[:max(start, 0)].rstrip()
    if not head or head[-1] not in ".!?":
        return ""
    ends = [m.end() for m in _RX.SENTENCE_END.finditer(head[:-1])]
    return head[ends[-1] if ends else 0:]


def arm_count_pair(sentence: str, q_int: str, q_cmp: str, people: bool = False) -> tuple[int, int] | None:
    """(intervention n, comparator n) of a sentence that counts exactly two groups, each count followed by its arm
    ("Twenty-four patients in Group A and 21 in Group B were able to walk"); None otherwise. ``people``: the
    caller knows the sentence counts people (its verb, "were assessed"), so no count need name whom."""
    from stemfoot.extract.group_sizes import arm_places

    at_i = set(arm_places(sentence, q_int, q_cmp, "intervention"))
    at_c = set(arm_places(sentence, q_cmp, q_int, "comparator"))
    found = list(_RX.ARM_COUNT.finditer(sentence or ""))
    # People counted, not a measure ("The mean age was 64 in Group A and 61 in Group B"): some count names whom it
    # counts; and neither is the denominator of other counts ("Of the 35 patients in Group A and 35 in Group B, 24
    # and 21 were able to walk": the subset is the 24 and 21, not the 35s).
    if not (people or any(m.group("who") for m in found)) or any(
            _RX.DENOMINATOR_BEFORE.search(sentence[:m.start()]) for m in found):
        return None
    counts = [(m.end(), parse_count(m.group("n"))) for m in found]
    if len(counts) != 2 or any(n is None for _, n in counts):
        return None
    sides = ["i" if at in at_i and at not in at_c else "c" if at in at_c and at not in at_i else None
             for at, _ in counts]
    if None in sides or sides[0] == sides[1]:
        return None
    (_, n1), (_, n2) = counts
    return (n1, n2) if sides[0] == "i" else (n2, n1)


def subset_sizes(text: str, sentence: str, start: int, q_int: str, q_cmp: str) -> tuple[int, int] | None:
    """(intervention n, comparator n) of the subset a value sentence (``sentence``, starting at ``start`` of
    ``text``) opens on, counted arm by arm in the sentence before it; None when it opens on no subset or the
    sentence before does not count one group per query arm."""
    if not anaphoric_subset(sentence):
        return None
    return arm_count_pair(previous_sentence(text, start), q_int, q_cmp)


def assessed_sizes(text: str, times: frozenset[tuple[float, str]], q_int: str, q_cmp: str) -> tuple[int, int] | None:
    """(intervention n, comparator n) measured at a time the value names (``times``, ``outcome_query.time_mentions``):
    from the sentences of ``text`` that say so arm by arm ("52 in the ONS group and 49 in the control group were
    assessed at 3 months"). Yun's group size of a measure is the number measured, not the number randomised. None
    when no such clause names one of ``times`` and no other time, when words between its counts and its verb say
    the counts were lost ("withdrew before they were assessed"), or when two such sentences disagree."""
    from stemfoot.extract.outcome_query import time_mentions

    if not times:
        return None
    found = set()
    for sentence in _RX.SENTENCE_END.split(text or ""):
        for clause in _RX.CLAUSE_BREAK.split(sentence):
            verb = _RX.ASSESSED.search(clause)
            # The counts the verb says were measured stand before it in its own clause, not in a clause counting
            # those who dropped out ("two in the A group and three in the B group did not complete; 28 and 27 ...").
            # The clause names the query's time and no other: "40 and 37 were assessed at 6 months, and 35 and 30
            # at 12 months", "Of patients treated for 12 months, 40 ... were assessed at 6 months" size no 12-month
            # value by the 6-month visit.
            named = time_mentions(clause)
            if not verb or not named & times or named - times:
                continue
            head = clause[:verb.start()]
            first = _RX.ARM_COUNT.search(head)
            # Nor counts that the words between them and the verb say were lost ("Five in the A group and eight in
            # the B group were lost to follow-up before they were assessed", "... dropped out, and 40 and 37 were").
            if first and _RX.NOT_MEASURED.search(head[first.start():]):
                continue
            # Nor the counts of a chosen analysis set ("In the per-protocol analysis, 40 ... were analysed at 6
            # months"): a value beside them may be of all randomised (intention to treat); null beats a guess.
            if any(_population(m) != "itt" for m in _RX.NAMED_POPULATION.finditer(clause)):
                continue
            pair = arm_count_pair(head, q_int, q_cmp, people=True)
            if pair:
                found.add(pair)
    return found.pop() if len(found) == 1 else None


def clause_sizes(sentence: str, i_span: tuple[int, int], c_span: tuple[int, int]) -> tuple[int, int] | None:
    """(intervention n, comparator n) that a sentence giving both arms' values (``i_span`` / ``c_span``: the values'
    offsets in ``sentence``) states in each value's own clause: one bracketed n after each value, in the value's
    clause ("... 52.4 (SD 15.1) days in the SVF group (n = 25) and 63.9 (SD 16.7) days in the PRP group (n = 16)").
    None for any other layout: an n before the values may be a population's or a subgroup's ("In the ITT set (n =
    64), ...", "In diabetics (n = 40), 12.1 ... in group A and, in group B (n = 20), 14.0"), an n past a clause
    break is of something else ("12.1 in group A, with blood samples (n = 18), and ..."), a clause with two is
    unclear."""
    (a, b), (c, d) = sorted((i_span, c_span))
    if b > c:  # overlapping spans: no two values
        return None
    if _RX.BRACKET_N.search(sentence[:a]):
        return None
    found: list[int] = []
    for start, end in ((b, c), (d, len(sentence))):
        ns = list(_RX.BRACKET_N.finditer(sentence, start, end))
        if len(ns) != 1 or _RX.VALUE_CLAUSE_BREAK.search(sentence, start, ns[0].start()):
            return None
        found.append(int(ns[0].group("n")))
    first, second = found
    return (first, second) if i_span[0] < c_span[0] else (second, first)


def _population(m: object) -> str | None:
    """The population a POPULATION match names (its named group: "pp", "mitt", "itt", "completers")."""
    return next((k for k, v in m.groupdict().items() if v), None) if m else None  # type: ignore[attr-defined]


def opening_population(sentence: str) -> str | None:
    """The analysis population a value sentence opens on ("In the per-protocol population, ..." -> "pp")."""
    return _population(_RX.POPULATION_OPENING.match(sentence or ""))


def caption_population(caption: str) -> str | None:
    """The one analysis population a table caption names ("... in the per-protocol population" -> "pp"); None
    for none or several."""
    found = {_population(m) for m in _RX.POPULATION_CAPTION.finditer(caption or "")}
    return found.pop() if len(found) == 1 else None


def population_sizes(sentence: str, tables: list[dict] | None, table_sizes: list[tuple[str, int, str]] | None,
                     q_int: str, q_cmp: str) -> tuple[int, int] | None:
    """(intervention n, comparator n) of the analysis population a value sentence opens on, from the header sizes
    of the tables whose captions name that population ("Healing outcomes in the per-protocol population | SVF group
    (n = 33) | Control group (n = 35)"); None when the sentence opens on none, no table names it, or the tables
    naming it disagree (``group_sizes.statement_sizes``)."""
    from stemfoot.extract.group_sizes import statement_sizes

    pop = opening_population(sentence)
    if pop is None:
        return None
    labels = {f"{t.get('label') or t.get('id')} header" for t in tables or [] if caption_population(
        str(t.get("caption") or "")) == pop}
    i_n, c_n = statement_sizes(q_int, q_cmp, [s for s in table_sizes or [] if s[2] in labels])
    return (i_n, c_n) if i_n is not None and c_n is not None else None
