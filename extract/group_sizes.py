"""Per-arm group sizes of a full-text article for an outcome-data query.

Yun et al. (2024) score a group size as the number analysed for that outcome where the article gives it,
otherwise the arm's randomised number. ``outcome_query.answer_query`` first takes the size of the record it
answers from (its table's or cell's own ``n``), then sizes named for the arms (table headers, the text's arms,
allocation sentences). This module adds what those miss, each a pure function over text or table statements:

- ``analysed_sizes``: a sentence that gives both arms' numbers for the query's own outcome ("LVEF
  measurements were available in 419 patients (88%) treated with GIK and in 404 (87%) of the controls");
- ``flow_sizes``: the numbers left after randomisation for every outcome ("The remaining 24 patients in the
  control group and 25 in the honey group continued ...");
- ``statement_sizes``: table size statements whose arm labels are short forms of the query's arm names
  ("TAM (n = 217)" for "Late tamoxifen", "Group 15" for "15-pulse ... pacing", "Group I block + LPNIR" for
  "Linear-polarized near-infrared ..."), and, in a table of exactly two arms where one is named, the other
  arm by elimination ("FU (n = 216)" is the comparator);
- ``bracket_size``: an arm named inside a parenthesis that ends in its size ("(1 week/CBM-I + 10 weeks/iCBT;
  n = 38)").

Null beats a guess: statements that disagree, names that fit both arms, or more than two counts give None;
no total is ever split.
"""
from __future__ import annotations

import re
from functools import lru_cache

from stemfoot.extract.analysed_counts import (arm_analysed, denied_forms, groups_of_size, names_denied, randomised_pair,
                                             split_pair)
from stemfoot.extract.numbers import WORD_NUM, words_to_int
from stemfoot.extract.outcome_query import (PEOPLE_WORDS, _RX as _OQ_RX, SENTENCE, _mention, arm_similarity,
                                            time_points, tokens, without_times)
from stemfoot.extract.tables import row_count, table_arm_sizes
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.schemas import control_words

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30}
#: This module's regexes, as data in patterns/group_sizes.json (compiled once, here).
_RX = load_patterns("group_sizes", PEOPLE_WORDS=PEOPLE_WORDS, CONTROL_WORDS=control_words("generic"), WORD_NUM=WORD_NUM)
COUNT = _RX.COUNT


def _numbers(text: str) -> set[int]:
    """Whole numbers a name states, digits or words ("15-pulse", "eight-pulse" -> {15}, {8}); not ``n = ..``."""
    text = re.sub(r"\b[nN]\s*=\s*\d+", " ", text or "")
    out = {int(x) for x in re.findall(r"(?<![\d.])(\d{1,4})(?![\d.])", text)}
    out |= {_NUMBER_WORDS[w.lower()] for w in re.findall(r"[A-Za-z]+", text) if w.lower() in _NUMBER_WORDS}
    return out


def _name_words(name: str) -> list[str]:
    """The words of an arm name, hyphenated compounds split, brackets kept ("Linear-polarized near-infrared")."""
    return [w for w in re.findall(r"[A-Za-z]+", name or "") if w.lower() not in {"of", "the", "and", "with", "a", "an"}]


def _initial_runs(words: list[str]) -> set[str]:
    """Initials of every run of 3-6 consecutive words ("Linear polarized near infrared" -> "LPNI", ...)."""
    ini = "".join(w[0] for w in words).upper()
    return {ini[i:j] for i in range(len(ini)) for j in range(i + 3, min(i + 6, len(ini)) + 1)}


def short_form_match(query_arm: str, other_arm: str, label: str) -> bool:
    """Whether a table's short arm label names ``query_arm`` and not ``other_arm``.

    Three short forms: a number the arm name states ("Group 15" for "15-pulse pacing", "Group 8" for
    "eight-pulse"); a capitalised abbreviation that starts a word of the name ("TAM" for "tamoxifen"); the
    initials of consecutive words ("LPNIR" for "Linear-polarized near-infrared radiation"). A form the other
    arm's name also fits says nothing.
    """
    lab = re.sub(r"\(?\b[nN]\s*=\s*\d+\)?", " ", label or "")
    l_nums = _numbers(lab)
    if l_nums:
        mine, theirs = _numbers(query_arm) & l_nums, _numbers(other_arm) & l_nums
        if mine and not theirs and not (_numbers(other_arm) - _numbers(query_arm)) & l_nums:
            return True
    q_words, o_words = _name_words(query_arm), _name_words(other_arm)
    q_ini, o_ini = _initial_runs(q_words), _initial_runs(o_words)
    for tok in re.findall(r"(?<![A-Za-z])([A-Z]{2,6})(?![A-Za-z])", lab):
        starts = lambda ws: any(len(w) > len(tok) and w.upper().startswith(tok) for w in ws)  # noqa: E731
        if len(tok) >= 3 and starts(q_words) and not starts(o_words):
            return True
        if tok in q_ini and tok not in o_ini:
            return True
    return False


def label_side(label: str, q_int: str, q_cmp: str) -> str | None:
    """"intervention" / "comparator" when the label clearly names that query arm (full or short form), else None."""
    si = arm_similarity(q_int, label, "intervention")
    sc = arm_similarity(q_cmp, label, "comparator")
    if short_form_match(q_int, q_cmp, label):
        si = max(si, 0.7)
    if short_form_match(q_cmp, q_int, label):
        sc = max(sc, 0.7)
    for arm, other, side in ((q_int, q_cmp, "i"), (q_cmp, q_int, "c")):
        # "Liraglutide group" for "... with liraglutide" against "... without liraglutide"
        if any(not names_denied(label, m.start()) for f in denied_forms(arm, other)
               for m in re.finditer(rf"(?<![A-Za-z]){re.escape(f)}(?![A-Za-z])", label or "", re.I)):
            si, sc = (max(si, 0.7), sc) if side == "i" else (si, max(sc, 0.7))
    if si >= 0.55 and si > sc + 0.1:
        return "intervention"
    if sc >= 0.55 and sc > si + 0.1:
        return "comparator"
    return None


def map_labels(labels: list[str], q_int: str, q_cmp: str) -> dict[str, str]:
    """Query side of each arm label of one source (a table's header, a size row).

    A label maps when it names one arm clearly (``label_side``); in a source of exactly two arms where one is
    named and the other names neither, the other is the other side (by elimination). Two labels that map to the
    same side map to none.
    """
    labels = list(dict.fromkeys(l for l in labels if l and not _RX.TOTAL_LABEL.match(l)))
    sides = {l: label_side(l, q_int, q_cmp) for l in labels}
    for side in ("intervention", "comparator"):
        mapped = [l for l, s in sides.items() if s == side]
        if len(mapped) > 1:
            for l in mapped:
                sides[l] = None
    if len(labels) == 2:
        a, b = labels
        for x, y in ((a, b), (b, a)):
            if sides[x] and sides[y] is None and arm_similarity(q_int, y, "intervention") < 0.5 \
                    and arm_similarity(q_cmp, y, "comparator") < 0.5:
                sides[y] = "comparator" if sides[x] == "intervention" else "intervention"
    return {l: s for l, s in sides.items() if s}


def statement_sizes(q_int: str, q_cmp: str, statements: list[tuple[str, int, str]]) -> tuple[int | None, int | None]:
    """(intervention n, comparator n) from table size statements ``(arm label, n, where)``.

    Statements are grouped by where they stand (one table's header, one size row); each group's labels are
    mapped by ``map_labels``. A side gets a size only when every group that names it agrees.
    """
    groups: dict[str, list[tuple[str, int]]] = {}
    for label, n, where in statements:
        groups.setdefault(where, []).append((label, n))
    found: dict[str, set[int]] = {"intervention": set(), "comparator": set()}
    for items in groups.values():
        sides = map_labels([l for l, _ in items], q_int, q_cmp)
        for label, n in items:
            if label in sides:
                found[sides[label]].add(n)
    one = lambda s: next(iter(s)) if len(s) == 1 else None  # noqa: E731
    return one(found["intervention"]), one(found["comparator"])


# --- sentences ---------------------------------------------------------------------------------------------



def _count_span(sentence: str) -> tuple[list[tuple[int, int]], int, int]:
    """The (position, n) counts of people in a sentence, and the span ``[lo, hi)`` where the arms they belong to are
    named: the whole sentence, or, for a total split in two parts, the total's own bracket or clause. A count that
    is the sum of two others (the total) is dropped."""
    found = [(m.start(), m.end(), int(m.group(1) or m.group(2))) for m in COUNT.finditer(sentence)]
    for m in _RX.COUNT_VERB.finditer(sentence):
        # "154 patients received letrozole and 170 received tamoxifen": the later count's people are the first's.
        later = re.compile(rf"(?<![\d.,])(\d{{1,5}})\s+{m.group(1)}\b", re.I)
        found += [(x.start(), x.end(), int(x.group(1))) for x in later.finditer(sentence, m.end())]
    found = sorted({p: (p, e, n) for p, e, n in found if n > 1 and not _RX.POOLED.match(sentence, e)}.values())
    counts = [(p, n) for p, _, n in found]
    if len(counts) == 3:
        # "available in 923 patients (98%), 470 ... and 462 ...": the first count, the total, is the sum of the
        # other two (within 2%: articles miscount).
        (_, t), (_, a), (_, b) = counts
        if t > max(a, b) and abs(t - a - b) <= 0.02 * t:
            return counts[1:], 0, len(sentence)
    for _, end, t in found:
        # "94 patients (48 for DZ and 46 for D) were included", "94 patients (DZ, 48; D, 46)": a count of people,
        # then, in its own bracket or clause, exactly two bare numbers that sum to it. Numbers further on are doses,
        # times or grades as often as parts ("40 patients received 20 mg ... and 20 patients ..."), and a count
        # of people after that span names its own people: the parts never replace it.
        span = _RX.PARTS_SPAN.match(sentence, end)
        if not span:
            continue
        lo, hi = span.span(1) if span.group(1) is not None else span.span(2)
        parts = [(m.start(), int(m.group(1))) for m in _RX.PART.finditer(sentence, lo, hi)]
        if len(parts) == 2 and parts[0][1] + parts[1][1] == t and min(parts[0][1], parts[1][1]) > 1 \
                and not any(p >= hi for p, _, _ in found):
            return parts, lo, hi
    return counts, 0, len(sentence)


def arm_places(sentence: str, query_arm: str, other_arm: str, role: str,
                span: tuple[int, int] | None = None) -> list[int]:
    """Where a sentence names a query arm: its forms (``prose_pairs.arm_forms``: aliases and distinctive words,
    "honey" for "honey mitigates") that the other arm's name does not share, and its code; for the comparator,
    the words control / placebo when nothing else names it. ``span``: a total's bracket, where a short code
    stands alone ("48 for DZ and 46 for D")."""
    from stemfoot.extract.prose_pairs import arm_forms

    other = {f.lower() for f in arm_forms(other_arm)}
    places = set()
    first = _mention(sentence, query_arm, role)
    if first is not None and (role == "intervention" or not _RX.GENERIC_CONTROL.match(sentence[first:])):
        places.add(first)
    for f in arm_forms(query_arm):
        if f.lower() in other or any(f.lower() in o for o in other):
            continue
        pat = re.escape(f).replace(chr(92) + " ", chr(92) + "s+")
        places |= {m.start() for m in re.finditer(rf"(?<![A-Za-z]){pat}s?(?![A-Za-z])", sentence,
                                                  0 if f.isupper() and len(f) <= 6 else re.I)}
    # The arm's code ("group DZ" is also "the DZ group", "48 for DZ"), unless the other arm has the same code; a
    # code is matched as a whole token in its own case (group D is not DZ). A one-letter, number or roman code
    # alone is an article, a grade or a phase as often ("A total of", "(grade 2)", "phase II"): it names the arm
    # only beside the word group / arm, or inside a total's bracket.
    codes = {m.group(1) for f in arm_forms(query_arm) for m in [_RX.GROUP_CODE.fullmatch(f)] if m}
    codes -= {m.group(1) for f in arm_forms(other_arm) for m in [_RX.GROUP_CODE.fullmatch(f)] if m}
    for code in codes:
        bare = len(code) > 1 and not re.fullmatch(r"\d+|[IVX]+", code)
        for m in re.finditer(rf"(?<![\w-]){re.escape(code)}(?![\w-])(\s+(?i:group|arm)\b)?", sentence):
            if bare or m.group(1) or (span and span[0] <= m.start() < span[1]):
                places.add(m.start())
    # An agent both names contain but the other arm's denies ("with liraglutide" / "without liraglutide") names
    # this arm where the sentence does not deny it ("22 participants in the liraglutide group").
    for f in denied_forms(query_arm, other_arm):
        places |= {m.start() for m in re.finditer(rf"(?<![A-Za-z]){re.escape(f)}(?![A-Za-z])", sentence, re.I)
                   if not names_denied(sentence, m.start())}
    if not places and role == "comparator":
        places = {m.start() for m in _RX.GENERIC_CONTROL.finditer(sentence)}
    return sorted(places)


def pair_counts(sentence: str, q_int: str, q_cmp: str) -> tuple[int, int] | None:
    """(intervention n, comparator n) of a sentence with exactly two counts, each beside its arm's name.

    Each count takes the arm named between it and the next count ("470 patients treated with GIK and 462
    control patients"), or, read the other way, between the previous count and it ("GIK: 470, control: 462");
    a reading counts only when it gives the two counts different arms, and two readings must agree. Equal
    counts need no names, unless they are a total's parts: those are read only with the arms named in the total's
    bracket or clause ("94 patients (48 for DZ and 46 for D)"; "60 patients (30 men and 30 women)" is no pair).
    """
    counts, lo, hi = _count_span(sentence)
    parts = (lo, hi) != (0, len(sentence))  # the counts are a total's parts
    span = (lo, hi) if parts else None
    marks = sorted([(p, "i") for p in arm_places(sentence, q_int, q_cmp, "intervention", span) if lo <= p < hi]
                   + [(p, "c") for p in arm_places(sentence, q_cmp, q_int, "comparator", span) if lo <= p < hi])
    if len(counts) > 2:
        return _list_pair(sentence, counts, marks)
    if len(counts) != 2:
        return None
    (p1, n1), (p2, n2) = counts
    if n1 == n2 and not parts:
        return n1, n2

    def side(start: int, stop: int, nearest_first: bool) -> str | None:
        inside = [k for p, k in marks if start <= p < stop]
        if not inside:
            return None
        return inside[0] if nearest_first else inside[-1]

    readings = set()
    after = (side(p1, p2, True), side(p2, hi, True))
    before = (side(lo, p1, False), side(p1, p2, False))
    for a, b in (after, before):
        if a and b and a != b:
            readings.add((n1, n2) if a == "i" else (n2, n1))
    return readings.pop() if len(readings) == 1 else None


def _list_pair(sentence: str, counts: list[tuple[int, int]], marks: list[tuple[int, str]]) -> tuple[int, int] | None:
    """The query arms' counts in a list of more than two ("177 in the TT group, 174 in the DO group, and 175 in the
    BST group"): only counts whose arm follows them ("N in the ...") are read, each with the first arm named before
    the next count; each query arm must take exactly one."""
    got: dict[str, list[int]] = {"i": [], "c": []}
    for k, (p, n) in enumerate(counts):
        if not _RX.ARM_AFTER.match(sentence, p):
            continue
        hi = counts[k + 1][0] if k + 1 < len(counts) else len(sentence)
        arm = next((side for q, side in marks if p <= q < hi), None)
        if arm:
            got[arm].append(n)
    return (got["i"][0], got["c"][0]) if len(got["i"]) == 1 and len(got["c"]) == 1 else None


_OUTCOME_STOP = {"mean", "level", "levels", "score", "scores", "rate", "change", "total", "value", "values",
                 "patient", "group", "measur", "number"}


def names_outcome(q_out: str, sentence: str) -> bool:
    """Whether a sentence names the query's outcome: its abbreviation ("(LVEF)"), or most of its content words."""
    for ab in re.findall(r"\(([A-Za-z][A-Za-z0-9-]{1,9})\)", q_out or ""):
        if re.search(rf"(?<![A-Za-z0-9]){re.escape(ab)}(?![A-Za-z0-9])", sentence):
            return True
    words = {w for w in tokens(re.sub(r"\([^()]*\)", " ", q_out or "")) if len(w) > 2} - _OUTCOME_STOP
    if len(words) < 2:
        return False
    have = set(tokens(sentence))
    return len(words & have) >= max(2, round(0.6 * len(words)))




@lru_cache(maxsize=64)
def respective_pair(sentence: str, q_int: str, q_cmp: str) -> tuple[int, int] | None:
    """(intervention n, comparator n) of two counts that "respectively" gives to the query's arms, named in order
    after the counts ("Of the 120 randomised, 58 and 57 patients in the ivermectin and placebo groups, respectively,
    completed the study") or, when none is named there, before them ("Three patients in the ivermectin group and
    four in the placebo group withdrew, leaving 58 and 57, respectively"); number words read as digits.

    One such pair a sentence, each arm named, and the two arms' names not interleaved (which comes first must be
    clear). Counts of people who left are none ("6 and 3 patients withdrew from the A and B groups, respectively"):
    where the sentence speaks of leaving (``analysed_counts.leaving``), the pair must follow a word for the people
    left (``LEFT_CUE``: "leaving", "the remaining") with no leaving word between, nor any after it. The pair's own
    clause (``PAIR_CLAUSE_BREAK``) must hold the flow cue (``FLOW``). Otherwise None."""
    from stemfoot.extract.analysed_counts import _RX as _AC_RX

    s = number_words_as_digits(sentence)
    found = list(_RX.RESPECTIVE_PAIR.finditer(s))
    if len(found) != 1:
        return None
    m = found[0]
    n1, n2 = int(m.group(1)), int(m.group(2))
    if min(n1, n2) < 2 or sex_count_at(s, m.start(2)):
        return None
    if _AC_RX.LEAVING.search(s, m.start()):
        return None  # "58 and 57 patients withdrew from ...", "..., respectively, were lost": those who left
    breaks = [x.end() for x in _RX.PAIR_CLAUSE_BREAK.finditer(s, 0, m.start())]
    after = _RX.PAIR_CLAUSE_BREAK.search(s, m.end())
    if not _RX.FLOW.search(s[breaks[-1] if breaks else 0:after.start() if after else len(s)]):
        return None  # the flow cue is another clause's: "..., and adverse events occurred in 12 and 15 ..., respectively"
    lead = s[:m.start()]
    leaves = [x.start() for x in _AC_RX.LEAVING.finditer(lead)]
    if leaves:
        lefts = [x.start() for x in _RX.LEFT_CUE.finditer(lead)]
        if not lefts or lefts[-1] < leaves[-1]:
            return None
    i_at = arm_places(s, q_int, q_cmp, "intervention")
    c_at = arm_places(s, q_cmp, q_int, "comparator")
    lo, hi = m.end(2), m.end()
    i_in, c_in = [p for p in i_at if lo <= p < hi], [p for p in c_at if lo <= p < hi]
    if not i_in and not c_in:  # the arms named before the counts, in the same order
        i_in, c_in = [p for p in i_at if p < m.start()], [p for p in c_at if p < m.start()]
    if not i_in or not c_in:
        return None
    if max(i_in) < min(c_in):
        return n1, n2
    if max(c_in) < min(i_in):
        return n2, n1
    return None


def flow_pair(sentence: str, q_int: str, q_cmp: str) -> tuple[int, int] | None:
    """Both query arms' counts in one sentence of the participant flow: each count beside its arm (``pair_counts``;
    number words read as digits: "Fifty-eight patients in the ivermectin group and 57 ..."), else a "respectively"
    pair (``respective_pair``). A pair that only number words give counts 10 or more each: small numbers in words
    count sessions, visits and days as often ("Two of the four test sessions ... the remaining two sessions")."""
    got = pair_counts(sentence, q_int, q_cmp)
    if got:
        return got
    digits = number_words_as_digits(sentence)
    got = pair_counts(digits, q_int, q_cmp) or respective_pair(sentence, q_int, q_cmp)
    if got and min(got) < 10 and digits != sentence:
        return None
    return got


def size_sentences(text: str) -> tuple[str, ...]:
    """The text's sentences that may state a group's size: none about planning, none too long to be one statement."""
    return tuple(s for s in SENTENCE.split(text or "") if len(s) <= 600 and not _RX.PLANNING.search(s))


def analysed_sizes(text: str, q_out: str, q_int: str, q_cmp: str) -> tuple[int, int] | None:
    """The number analysed for this outcome in each arm: a sentence that says the outcome was available /
    measured / analysed and gives each arm its count ("CK-MB were available in 923 patients (98%), 470
    patients treated with GIK and 462 control patients"). The first sentence that pairs decides."""
    for sentence in size_sentences(text):
        if _RX.ANALYSED.search(sentence) and names_outcome(q_out, sentence):
            # no "respectively" pair here: "performed in 38 and 27 women in the two groups, respectively" counts events
            got = pair_counts(sentence, q_int, q_cmp)
            if got:
                return got
    return None




def each_analysed_size(text: str) -> int | None:
    """The one number analysed in every group, where the participant flow says so ("Finally, 30 in each group were
    available for final analysis", "41 completed the study in each group and underwent analysis"): by Yun's rule
    the size to give over the number allocated. Only sentences with a flow cue (``FLOW``) and none about people
    leaving ("3 in each group were lost, leaving 27": the count splits the leavers), planning or other work; two
    different such sizes give None."""
    from stemfoot.extract.analysed_counts import leaving
    from stemfoot.extract.outcome_query import sentence_each_sizes

    found: set[int] = set()
    for sentence in size_sentences(text):
        if cited_work(sentence) or leaving(sentence):
            continue
        digits = number_words_as_digits(sentence)
        if _RX.OTHER_ANALYSIS.search(digits):
            continue  # "5 in each group were available for biopsy analysis": a subset measured, not those analysed
        if len(set(_RX.EACH_COUNT.findall(digits))) > 1:
            continue  # "28 in each group ... at 6 months and 25 in each group at 12 months": which one is not said
        if _RX.FLOW.search(digits) and not counts_before_remaining(digits):
            found |= sentence_each_sizes(sentence)
        found |= {int(m.group(1)) for m in _RX.EACH_COMPLETED.finditer(digits) if int(m.group(1)) > 1}
    return found.pop() if len(found) == 1 else None


def text_sections(text: str) -> list[str]:
    """A text cut at its headings (paragraphs that are a title, ``HEADING``); a text without any is one section."""
    out = [""]
    for para in (text or "").split("\n\n"):
        if _RX.HEADING.match(para) and out[-1]:
            out.append("")
        out[-1] += para + "\n\n"
    return out


def flow_sizes(text: str, q_int: str, q_cmp: str) -> tuple[int, int] | None:
    """The numbers left in each arm after randomisation, for every outcome ("The remaining 24 patients in the
    control group and 25 in the honey group continued ...", "52 and 50 patients completed the study"): one
    sentence of the participant flow that pairs two counts with the arms. Sentences that disagree give the last
    when each arm's count only shrinks from one to the next (people lost along the way: "leaving 570 ...: 191 in the
    TT group, 189 in the DO group" at 5 years, then "leaving 526 ...: 177 in the TT group, 174 in the DO group" at
    10 years; the full analysis set, then the per-protocol set): by Yun's rule the people analysed at the end.
    Sentences about other work ("In a previous trial ...", "[12]", ``CITED_WORK``) count none, and pairs from
    different sections of an article (``text_sections``) follow one flow only when every one names both arms (an
    unnamed pair elsewhere may be another population's). Otherwise None."""
    found = []
    for k, section in enumerate(text_sections(text)):
        previous = ""
        for sentence in size_sentences(section):
            got = None
            if _RX.FLOW.search(sentence) and not cited_work(sentence) and not counts_before_remaining(sentence):
                got = flow_pair(sentence, q_int, q_cmp)
            elif _RX.FLOW.search(previous) and not cited_work(previous):
                got = split_pair(previous, sentence, q_int, q_cmp)  # "... in the analysis. Of these, 22 ... and 16 ..."
            if got:
                found.append((k, got, bool(arm_places(sentence, q_int, q_cmp, "intervention")
                                           and arm_places(sentence, q_cmp, q_int, "comparator"))))
            previous = sentence
    if len({k for k, _, _ in found}) > 1 and not all(named for _, _, named in found):
        return None
    return last_of_shrinking([got for _, got, _ in found])


def counts_before_remaining(sentence: str) -> bool:
    """Whether a sentence's only flow cue is "the remaining" with no count after it: "Five patients (3 in the
    Lozenge group and 2 in the Control group) used the electronic diary and the remaining patients used the paper
    diary" counts the others, not the people left ("The remaining patients (24 ... and 25 ...)" counts after it)."""
    cues = list(_RX.FLOW.finditer(sentence or ""))
    return bool(cues) and all(_RX.REMAINING_CUE.fullmatch(c.group(0)) for c in cues) \
        and not _RX.COUNT.search(sentence, cues[-1].end())


def last_of_shrinking(pairs: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The last of (intervention n, comparator n) pairs in text order when every arm's count never grows from one
    pair to the next; None when there are none, or when an arm's count grows (two populations, not a flow)."""
    if not pairs:
        return None
    if any(b[0] > a[0] or b[1] > a[1] for a, b in zip(pairs, pairs[1:])):
        return None
    return pairs[-1]




def bracket_size(text: str, query_arm: str, other_arm: str) -> int | None:
    """An arm's size from a parenthesis that names it and ends in ``n = ..``: "(1 week/CBM-I + 10 weeks/iCBT;
    n = 38)". The arm by a name or abbreviation of its own (a word the other arm's name lacks); one size only."""
    own = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9-]{2,}", query_arm or "")
           if w.lower() not in {w2.lower() for w2 in re.findall(r"[A-Za-z][A-Za-z0-9-]{2,}", other_arm or "")}
           and (w.isupper() or len(w) >= 5) and w.lower() not in {"group", "patients", "treatment", "therapy"}]
    if not own:
        return None
    found = set()
    for m in _RX.BRACKET_N.finditer(text or ""):
        # "(Cal/BD aerosol foam, n = 141; Cal/BD ointment, n = 135; ...; ointment vehicle, n = 51)": the n is the
        # last item's, and any other item naming the arm's word ("ointment") would give it that n.
        inside = m.group(1)
        if re.search(r"[nN]\s*=\s*\d", m.group(1)):
            continue  # a list of arms with their sizes: ``listed_pair``'s, item by item
        if any(re.search(rf"(?<![A-Za-z0-9]){re.escape(w)}(?![A-Za-z0-9])", inside, 0 if w.isupper() else re.I)
               for w in own):
            found.add(int(m.group(2)))
    return found.pop() if len(found) == 1 else None




def listed_arms(sentence: str) -> list[tuple[str, int]]:
    """(arm name, n) of an allocation sentence that lists each arm with its size: "randomized (Cal/BD aerosol foam,
    n = 141; Cal/BD ointment, n = 135; ...)", "placebo (n = 15), VSL#3 capsules (n = 15), ...", "two groups of test
    (26) and control (26)", "mantle radiotherapy alone (55) or ... followed by MVPP (59)". Two items or more, each a
    count of more than one; none in a sentence about planning or other work (their counts are no arm's)."""
    if not _OQ_RX.ALLOC.search(sentence) or planning(sentence) or cited_work(sentence) or len(sentence) > 600:
        return []
    out = []
    for m in _RX.LISTED_ARM.finditer(sentence):
        n = int(m.group("a") or m.group("b"))
        after = sentence[m.end():m.end() + 12]
        if n < 2 or re.match(r"\s*(?:%|years?|yrs?|months?|weeks?|days?|mg|kg|cm)\b", after, re.I):
            return []  # a share or a measure beside the list: not an arm list read safely
        name = _RX.LIST_NAME_LEAD.sub("", " ".join(m.group("name").split())).strip(" .-")
        if name and re.search(r"[A-Za-z]{2,}", name) and len(name.split()) <= 10 \
                and not _OQ_RX.ALLOC.search(name) and not re.search(r"(?i)\b(?:were|was|is|are)\b", name) \
                and not re.search(r"(?i)\b(?:sub-?groups?|strat(?:um|a)|cohorts?|blocks?)\b", name):
            # a subgroup or stratum of an arm ("drug subgroup (35)") is only part of it
            out.append((name, n))
    return out if len(out) >= 2 else []


def listed_pair(text: str, q_int: str, q_cmp: str) -> tuple[int, int] | None:
    """(intervention n, comparator n) from the first allocation list (``listed_arms``) whose names map to both query
    arms (``map_labels``: by name, short form or, in a two-arm list, elimination), each side one size."""
    # Whole sentences: a list's items are often set apart by semicolons ("n = 141; Cal/BD ointment, n = 135").
    for sentence in _FULL_STOP.split(text or ""):
        items = listed_arms(sentence)
        if not items:
            continue
        names = [name for name, _ in items]
        sides = {side: name for name, side in map_labels(names, q_int, q_cmp).items()} if len(items) == 2 else {}
        if len(sides) < 2:
            sides = _best_listed(names, q_int, q_cmp)
        if len(sides) == 2:
            size = dict(items)
            return size[sides["intervention"]], size[sides["comparator"]]
    return None


def remaining_pair(text: str, q_int: str, q_cmp: str) -> tuple[int, int] | None:
    """(intervention n, comparator n) of a two-arm study whose allocation sentence names one query arm and, as the
    other arm, one the other query arm's text does not name ("Eighty patients were enrolled, 40 in the ketamine group
    and 38 in the lidocaine group" for ketamine vs "normal saline"): the remaining arm is the other query arm's.
    Only where the sentence's two parts (``GROUP_PART``) add up to its one other count (the whole study: no third
    arm), the sentence allocates or enrols people (``PART_ALLOCATION``: not "3 eyes including 2 eyes in the alcohol
    group and 1 in the mechanical group", an event's count), the other query arm is named nowhere in it (not even
    as "control"), and it is not about people leaving; the first such sentence decides."""
    from stemfoot.extract.analysed_counts import leaving

    for sentence in size_sentences(text):
        x = number_words_as_digits(sentence)
        parts = [(int(m.group(1)), m.group(2)) for m in _RX.GROUP_PART.finditer(x)]
        if len(parts) != 2 or not _RX.PART_ALLOCATION.search(x) or leaving(x) or cited_work(x):
            continue
        counts = [int(m.group(1) or m.group(2)) for m in COUNT.finditer(x)]
        rest = list(counts)
        for n, _ in parts:
            if n in rest:
                rest.remove(n)
        if len(rest) != 1 or rest[0] != parts[0][0] + parts[1][0]:
            continue
        for named, other, role, other_role in ((q_int, q_cmp, "intervention", "comparator"),
                                               (q_cmp, q_int, "comparator", "intervention")):
            if arm_places(x, other, named, other_role):
                continue  # the other query arm is named here: ``pair_counts``' reading
            hits = [k for k, (_, name) in enumerate(parts) if arm_places(name, named, other, role)]
            if len(hits) != 1:
                continue
            mine, left = parts[hits[0]][0], parts[1 - hits[0]][0]
            return (mine, left) if role == "intervention" else (left, mine)
    return None


def _best_listed(names: list[str], q_int: str, q_cmp: str) -> dict[str, str]:
    """Each query side's item of a list of three or more arms: the one it fits best (``arm_similarity`` at least
    0.6, ``_LIST_MARGIN`` over the next item), that fits the other side less; the two items distinct."""
    out = {}
    for side, arm, other in (("intervention", q_int, q_cmp), ("comparator", q_cmp, q_int)):
        fits = sorted(((arm_similarity(arm, n, side), n) for n in names), reverse=True)
        best, name = fits[0]
        nxt = fits[1][0] if len(fits) > 1 else 0.0
        if best >= 0.6 and best >= nxt + _LIST_MARGIN and arm_similarity(other, name, side) < best:
            out[side] = name
    return out if len(set(out.values())) == 2 else {}


_FULL_STOP = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])|\n+")
#: How much better a query arm fits its item of an allocation list than the list's next item.
_LIST_MARGIN = 0.15


_NUMBER_WORD = re.compile(rf"\b(?:{WORD_NUM})\b(?![-‐]\w)", re.I)


def number_words_as_digits(sentence: str) -> str:
    """A sentence with its number words written in digits ("Twenty-one healthy subjects" -> "21 healthy subjects"),
    so that the count patterns read both; "one" stays a word (a pronoun as often: "one of five groups")."""
    def digits(m: re.Match) -> str:
        return m.group(0) if m.group(0).lower() == "one" else str(words_to_int(m.group(0)))

    return _NUMBER_WORD.sub(digits, sentence or "")


def own_denominator(text: str, events: object, total: object, percent: object = None) -> bool:
    """Whether an events record's place opens with its events and their own denominator ("six of the 37
    participants", "13/21 (61.9)"), the record's two numbers (``OWN_DENOMINATOR``): that denominator is the n the
    events are of, so no size from elsewhere (a randomised header n) replaces it. A stated percent must agree with
    it to its printed precision: "5 of 86 (5.9%)" is 5 of 85, a slip the percent shows. A slash pair needs that
    percent: "10/6" under "Responders (yes/no)" is responders and non-responders, no share of a denominator."""
    m = _RX.OWN_DENOMINATOR.search(text or "")
    if not m or events is None or total is None or not 0 <= float(events) <= float(total):
        return False
    e = m.group("e")
    if (int(e) if e.isdigit() else words_to_int(e)) != events or int(m.group("n")) != total:
        return False
    if percent is None:
        return "/" not in m.group(0)
    decimals = len(repr(float(percent)).split(".")[1].rstrip("0"))
    return abs(100 * float(events) / float(total) - float(percent)) <= 0.5 * 10 ** -decimals + 1e-9


def planning(sentence: str) -> bool:
    """Whether a sentence is about planning the trial (``PLANNING``: "a sample size of 30 per group would ..."),
    whose numbers state no group's size."""
    return bool(_RX.PLANNING.search(sentence or ""))


def cited_work(sentence: str) -> bool:
    """Whether a sentence is about other work ("In a previous trial ...", "Smith et al.", "[12]"), whose counts are
    not this study's (``CITED_WORK``)."""
    return bool(_RX.CITED_WORK.search(sentence or ""))


def study_counts(sentence: str) -> tuple[set[int], set[int]]:
    """The whole study's people a sentence counts, in digits or words: (people studied, people who completed).

    Studied: "This single-blind study involved 31 healthy patients", "a crossover design study with 26 healthy
    overweight adults", "Twenty-one clinically healthy subjects were involved in the study", "Nineteen patients
    were entered into the study" (``STUDY_PEOPLE``, ``PEOPLE_TOOK_PART``). Completed: "the remaining 14 subjects",
    "The 26 participants that completed the study" (``STUDY_COMPLETERS``). A sentence about planning or about other
    work ("A previous study in 40 patients", ``CITED_WORK``) counts none.
    The caller decides whether the study is one group (a within-subject design): these are no arm's size by
    themselves."""
    if _RX.PLANNING.search(sentence or "") or cited_work(sentence):
        return set(), set()
    x = number_words_as_digits(sentence)
    took = {int(m.group(1)) for m in _RX.STUDY_PEOPLE.finditer(x)}
    # "were investigated / tested / examined" only with the count as the subject and no subsample named ("Muscle
    # biopsies of 12 patients were examined", "In a substudy, 12 patients were tested": ``SUBSAMPLE_LEAD``).
    took |= {int(m.group(1)) for m in _RX.PEOPLE_TOOK_PART.finditer(x)
             if not (_RX.EXAMINED_VERB.search(m.group()) and _RX.SUBSAMPLE_LEAD.search(x, 0, m.start()))}
    # A bare count that completed the study after a clause that opens with one group is that group's ("In the
    # placebo-first sequence, 13 completed the study"): ``ARM_CLAUSE_LEAD``.
    done = {int(next(g for g in m.groups() if g)) for m in _RX.STUDY_COMPLETERS.finditer(x)
            if not (m.group(4) and _RX.ARM_CLAUSE_LEAD.search(x, 0, m.start()))}
    return took - {0, 1}, done - {0, 1}


def sex_count_at(sentence: str, at: int) -> bool:
    """Whether the count that starts at ``at`` counts one sex ("5 males", "10 healthy women"), not a group."""
    return bool(_RX.SEX_COUNT.match(sentence or "", at))


def equal_parts(sentence: str) -> int | None:
    """The size of each part when a sentence states a count of people and three or more further counts, all equal,
    that sum to it exactly ("165 patients ... saline (group S, n = 55), lignocaine (Group L, n = 55) and
    methylprednisolone (Group MP, n = 55)" -> 55); None otherwise: two parts are an allocation sentence's
    (``outcome_query.allocation_sizes``), unequal parts need their arms named, and the parts may be the sexes
    ("20 volunteers, 10 men and 10 women")."""
    if _RX.SEX_COUNT.search(sentence or ""):
        return None
    counts = [int(m.group(1) or m.group(2)) for m in COUNT.finditer(sentence or "")]
    for k, total in enumerate(counts):
        rest = counts[:k] + counts[k + 1:]
        if len(rest) >= 3 and len(set(rest)) == 1 and rest[0] > 1 and rest[0] * len(rest) == total:
            return rest[0]
    return None


def refine_sizes(q_out: str, q_int: str, q_cmp: str, text: str | None,
                 table_sizes: list[tuple[str, int, str]] | None,
                 i: tuple[int | None, float], c: tuple[int | None, float],
                 within: bool = False) -> tuple[tuple[int | None, float], tuple[int | None, float]]:
    """The query arms' sizes after the article's other size statements: ``(n, confidence)`` per side.

    ``i`` and ``c`` are the sizes found by name so far (table headers, the text's arms, allocation sentences).
    By Yun's rule an outcome-specific analysed number (``analysed_sizes``) comes first, then the numbers left
    after randomisation (``flow_sizes``); both arms' sizes a table states together (``statement_sizes``) replace
    both arms' sizes found by name when no table states either; sides still unknown are filled from table statements by short form or
    elimination and from a parenthesis naming the arm (``bracket_size``). ``within``: the
    comparator is the intervention's people before treatment (its name is a time, not an arm).
    """
    got = analysed_sizes(text or "", q_out, q_int, q_cmp) if not within else None
    if got:
        return (got[0], 0.9), (got[1], 0.9)
    got = flow_sizes(text or "", q_int, q_cmp) if not within else None
    if got:
        return (got[0], 0.85), (got[1], 0.85)
    each = each_analysed_size(text or "") if not within else None
    if each and all(n is None or each <= n <= 2 * each for n in (i[0], c[0])) and (i[0], c[0]) != (None, None):
        # "30 in each group were available for final analysis" beside the allocation's "(I group, n = 32)": the
        # analysed number, never more than an arm's size found by name (a larger one is another population's) nor
        # under half of it (a subset's count: most of an arm is analysed).
        return (each, 0.85), (each, 0.85)
    one = arm_analysed(text or "", q_int, q_cmp) if not within else {}
    if one.get("intervention") and one.get("comparator"):
        # Each arm's number analysed, stated for it alone ("28 patients available for follow-up in the exercise
        # group" ... in the control group): the flow, in two sentences.
        return (one["intervention"], 0.85), (one["comparator"], 0.85)
    (i_n, i_s), (c_n, c_s) = i, c
    if (i_n is None or c_n is None) and not within:
        # Nothing named an arm's size: the allocation sentence's pair by the arms' own forms (the randomised n), when
        # it agrees with the size found for the other arm ("open (n=30) or Knifelight (n=29)" beside "29 patients
        # undergone knifelight procedure" and a "thirty" no count reads).
        pair = (randomised_pair(text or "", q_int, q_cmp) or listed_pair(text or "", q_int, q_cmp)
                or remaining_pair(text or "", q_int, q_cmp))
        if pair and i_n in (None, pair[0]) and c_n in (None, pair[1]):
            (i_n, i_s), (c_n, c_s) = (pair[0], max(i_s, 0.8)), (pair[1], max(c_s, 0.8))
    k_n = groups_of_size(text or "")
    if k_n and {i_n, c_n} - {None, k_n} <= {2 * k_n, 3 * k_n, 4 * k_n}:
        # "randomly assigned to two 30-patient groups": each group's n, over a side found by name that is the total.
        i_n = c_n = k_n
        i_s = c_s = max(i_s, c_s, 0.8)
    if table_sizes and not within:
        t_i, t_c = statement_sizes(q_int, q_cmp, table_sizes)
        stated = {n for _, n, _ in table_sizes}
        if None not in (t_i, t_c, i_n, c_n) and (i_n, c_n) != (t_i, t_c) and not {i_n, c_n} & stated:
            # Both arms' sizes stated together in a table ("N (%) of participants | 46 (55) | 38 (45)") beat sizes
            # found by name that no table states ("either LPA" 5 and "FM support group" 92 read from prose).
            (i_n, i_s), (c_n, c_s) = (t_i, 0.8), (t_c, 0.8)
        # A table statement that agrees with one arm's size gives the other arm's too ("NGLCD (n = 58)", "LFD
        # (n = 52)"), over a size no table states (a subgroup's "(n = 18)" in prose).
        elif None not in (t_i, t_c) and i_n == t_i and c_n not in stated | {None, t_c}:
            c_n, c_s = t_c, 0.8
        elif None not in (t_i, t_c) and c_n == t_c and i_n not in stated | {None, t_i}:
            i_n, i_s = t_i, 0.8
        if i_n is None and t_i is not None:
            i_n, i_s = t_i, 0.7
        if c_n is None and t_c is not None:
            c_n, c_s = t_c, 0.7
    if i_n is None and text:
        b = bracket_size(text, q_int, q_cmp)
        if b is not None:
            i_n, i_s = b, 0.7
    if c_n is None and text and not within:
        b = bracket_size(text, q_cmp, q_int)
        if b is not None:
            c_n, c_s = b, 0.7
    return (i_n, i_s), (c_n, c_s)


def one_side_size(i_n: int | None, c_n: int | None, q_int: str, q_cmp: str,
                  table_sizes: list[tuple[str, int, str]] | None) -> tuple[int | None, int | None]:
    """When only one arm's size is known and no outcome numbers are answered: that size, if a table states it for a
    label that names that arm ("Rosiglitazone (n = 232)" while "Liraglutide (all doses)" has no size of its own);
    else none (a size read from prose alone, "placebo ... 71,900", is too often a population's)."""
    if (i_n is None) == (c_n is None):
        return None, None
    side, n = ("intervention", i_n) if i_n is not None else ("comparator", c_n)
    stated = any(m == n and label_side(label, q_int, q_cmp) == side for label, m, _ in table_sizes or [])
    if not stated:
        return None, None
    return (n, None) if side == "intervention" else (None, n)




def pooled_arm(query_arm: str, labels: list[str]) -> bool:
    """Whether a query arm lists two or more of the article's arms ("GLY 50 μg od, IND 150 μg od, open-label
    tiotropium (TIO) 18 μg od, and placebo" over arms IND/GLY, IND, GLY, TIO and Placebo; "Haptoglobin's (Hp)
    1-1, 2-1" over Hp 1-1, Hp 2-1 and Hp 2-2): no one arm's n is the pooled arm's (null beats a part).

    A label is named when all its words are the query arm's (``LABEL_TOKEN``), a label made only of generic words
    (``GENERIC_LABEL_WORD``) or inside a larger named label ("IND" in "IND/GLY") counts none, and the query arm
    must read as a list (``LIST_SEPARATOR``): "indacaterol (IND)/glycopyrronium (GLY)" is one arm, IND/GLY.
    """
    if not _RX.LIST_SEPARATOR.search(query_arm or ""):
        return False
    words = lambda s: {w.lower() for w in _RX.LABEL_TOKEN.findall(s or "")}  # noqa: E731
    query = words(query_arm)
    named = {frozenset(w) for w in map(words, labels)
             if w and w <= query and not all(_RX.GENERIC_LABEL_WORD.match(x) for x in w)}
    arms = [w for w in named if not any(w < other for other in named)]
    return len(arms) >= 2


def arm_total_header(header: str) -> tuple[str, int] | None:
    """(arm, n) of a column that totals one arm's subgroups: the level above a total level that states the n
    ("Intervention / All (n = 720) M ± SD or %" beside "Intervention / Boys (n = 363)"; "Placebo / All / (N =10)"
    beside "Placebo / SC / (N = 6)"). None for any other header, and when the level above is itself a total or names
    no arm (a number, a time: "Week 12 / Total (n = 50)", "Baseline / All (n = 50)")."""
    parts = [p.strip() for p in (header or "").split(" / ")]
    for k in range(1, len(parts)):
        if not _RX.TOTAL_LABEL.match(parts[k]):
            continue
        m = _RX.SIZE_STATED.search(parts[k]) or (
            _RX.SIZE_STATED.fullmatch(parts[k + 1]) if k + 1 < len(parts) else None)
        arm = parts[k - 1]
        if m and re.search(r"[A-Za-z]{2}", arm) and not _RX.TOTAL_LABEL.match(arm) and not re.search(r"\d", arm) \
                and not _OQ_RX.BASELINE.search(arm):
            return arm, int(m.group(1))
    return None


def header_sizes(tables: list[dict]) -> list[tuple[str, int, str]]:
    """(arm label, n, where) from column headers in forms ``tables.table_arm_sizes`` does not read: "Synbiotic 399
    Dogs", a size glued to the arm ("Cefuroximen = 85"), an arm's total over its subgroups (``arm_total_header``);
    a total column ("Total group") is none."""
    out = []
    for t in tables or []:
        where = f"{t.get('label') or t.get('id') or 'table'} header"
        for h in t.get("header_joined") or []:
            last = (h or "").split(" / ")[-1].strip()
            m = _RX.HEADER_COUNT.match(last) or _RX.HEADER_GLUED.match(last)
            if m and not _RX.TOTAL_LABEL.match(m.group("arm")):
                out.append((m.group("arm").strip(), int(m.group("n")), where))
                continue
            got = arm_total_header(h) or level_arm_size(h)
            if got:
                out.append((*got, where))
    return list(dict.fromkeys(out))


def level_arm_size(header: str) -> tuple[str, int] | None:
    """(arm, n) of a column under an arm's level that states its size over subgroups with smaller sizes of their own
    ("NGLCD (n = 58) / M (n = 26)", "NGLCD (n = 58) / F (n = 32)": the arm is 58, whichever sex the column counts);
    None when no lower level states a smaller n (the table reader's own header sizes), or the level is a total."""
    parts = [p.strip() for p in (header or "").split(" / ")]
    for k, part in enumerate(parts[:-1]):
        m = _RX.LEVEL_ARM_SIZE.match(part)
        if not m or _RX.TOTAL_LABEL.match(m.group("arm")) or _OQ_RX.BASELINE.search(m.group("arm")):
            continue
        lower = [int(x.group(1)) for p in parts[k + 1:] for x in [_RX.SIZE_STATED.search(p)] if x]
        if lower and all(n < int(m.group("n")) for n in lower):
            return m.group("arm").strip(), int(m.group("n"))
    return None


def _then_words(label: str) -> tuple[str, str] | None:
    m = _RX.THEN_SEQUENCE.search(label or "")
    return (m.group(1).lower(), m.group(2).lower()) if m else None


def sequence_label(label: str, others: list[str] | tuple[str, ...] = ()) -> bool:
    """Whether a label names a crossover's sequence group ("Control-first", "control-first group", "Sequence AB"),
    not an arm: its people received every arm. "Sham-then-active" (``THEN_SEQUENCE``) is one only where ``others``
    (the labels beside it) hold its mirror, "Active-then-sham": a parallel trial's arm can itself be a sequence
    ("Chemotherapy-then-surgery", the "Drug-then-placebo" arm of a withdrawal trial)."""
    if _RX.SEQUENCE_LABEL.search(label or ""):
        return True
    words = _then_words(label)
    return bool(words) and any(_then_words(o) == words[::-1] for o in others)


def article_table_sizes(tables: list[dict]) -> list[tuple[str, int, str]]:
    """(arm label, n, where) of every arm size an article's tables state: the table reader's own and the header
    forms it misses; a crossover's sequence groups (``sequence_label``) are no arms."""
    sizes = table_arm_sizes(tables) + header_sizes(tables)
    labels = [s[0] for s in sizes]
    return [s for s in sizes if not sequence_label(s[0], labels)]


# --- the outcome's own place in a results table -------------------------------------------------------------

#: A table row must name the query's outcome at least this well (``outcome_query.outcome_similarity``).
PLACE_MIN_SIM = 0.5


def _subheader(row: list[str]) -> bool:
    """Whether a body row re-heads the columns below it ("Median (IQR) time to resolution | Placebo median (N)† |
    Zinc median (N)† | Ratio (95% CI)"): two or more filled cells after the label, none a figure (each starts
    with a word)."""
    cells = [c.strip() for c in row[1:] if (c or "").strip()]
    return len(cells) >= 2 and all(re.match(r"[A-Za-z]", c) for c in cells)


def cell_size(cell: str, header: str) -> int | None:
    """The number of people a results cell states for its own value: "n = 24" inside it, or the bracketed whole
    number of "24.4 (258)" when its header says the bracket is n ("Placebo median (N)")."""
    from stemfoot.extract.tables import clean_cell

    text = clean_cell(cell or "")
    m = _RX.CELL_N.search(text)
    if m:
        return int(m.group(1))
    m = _RX.CELL_PAREN_N.match(text)
    if m and _RX.N_PAREN_HEADER.search(header or ""):
        return int(m.group(1))
    return None


def lead_label(row: list[str], first_arm: int) -> str:
    """The last text cell before a row's first arm column, past its label cell ("Mortality" of "| Mortality |
    4/405 | 11/475"): the row's outcome where the label column holds section headings or nothing; "" if none."""
    cells = [str(c or "").strip() for c in row[1:first_arm]]
    return next((c for c in reversed(cells) if re.search(r"[A-Za-z]{3}", c)), "")


def table_place_sizes(tables: list[dict], q_out: str, q_int: str, q_cmp: str,
                      defined: dict[str, str] | None = None) -> dict[str, tuple[int, dict]] | None:
    """Both query arms' sizes from the results-table row that reports the query's outcome, with their cells.

    For outcomes whose values the reader takes no numbers from (medians, IQRs, ranges, composites) the row
    still states who was measured: per side, the cell's own n (``cell_size``: "n = 24", "24.4 (258)" under
    "median (N)"), else the nearest size row above it ("N | 60 | 58"), else its column header's ("Placebo
    (n = 60)"). The row: the best-named (``outcome_similarity`` ≥ ``PLACE_MIN_SIM``) outside tables of the
    sample at entry, with a filled cell in one column per side (``map_labels`` over the column arms). Both
    sides or none; a side whose columns disagree, or two equally named rows with different sizes, give None.
    Returns {side: (n, evidence)}, evidence as ``answer_query``'s (table cell, row and column headers,
    offsets into the table's stored text).
    """
    from stemfoot.extract import outcome_query as oq
    from stemfoot.extract.footnote_sizes import marked_pair
    from stemfoot.extract.place_rank import section_heading
    from stemfoot.extract.tables import _RX as T_RX, clean_cell, normalise_layout, read_columns

    found: list[tuple[float, dict[str, tuple[int, dict]]]] = []
    for table in map(normalise_layout, tables or []):
        caption = table.get("caption") or ""
        if oq.entry_table(caption) and not oq._RX.PRE_QUERY.search(q_out):
            continue  # the sample at entry: no outcome's place
        cols = read_columns(table)
        arm_cols = [c for c in cols[1:] if c.arm and not c.total and not c.subgroup
                    and c.stat not in {"p", "ci", "effect", "range"}]
        sides = map_labels([c.arm for c in arm_cols], q_int, q_cmp)
        by_side: dict[str, list] = {"intervention": [], "comparator": []}
        for c in arm_cols:
            if c.arm in sides:
                by_side[sides[c.arm]].append(c)
        if not by_side["intervention"] or not by_side["comparator"]:
            continue
        rows = table.get("rows") or []
        labels = table.get("row_prefixed") or table.get("row_labels") or []
        offsets = table.get("cell_offsets") or []
        first_arm = min(c.index for c in arm_cols)
        heads: dict[int, str] = {}
        size_row: dict[int, int] = {}
        for r, row in enumerate(rows):
            if _subheader(row):
                heads = {c: cell for c, cell in enumerate(row) if (cell or "").strip()}
                size_row = {}
                continue
            raw = T_RX.MARKER.sub("", (table.get("row_labels") or [""] * (r + 1))[r] or "").strip()
            if T_RX.N_ROW.match(raw):
                size_row = {c: n for c, x in enumerate(row) for n in [row_count(x, raw)] if n}
                continue
            label = labels[r] if r < len(labels) else ""
            if not re.search(r"[A-Za-z]{3}", label or "") or section_heading(label):
                # "Primary Outcomes | Survived with severe morbidity | 0/403 ...": the label column holds section
                # headings; the row's outcome is its text cell before the arms' columns
                label = lead_label(row, first_arm)
                raw = label
            if not re.search(r"[A-Za-z]{3}", label or ""):
                continue
            sim = oq.outcome_similarity(q_out, [label], defined)
            if sim < PLACE_MIN_SIM:
                continue
            got: dict[str, tuple[int, dict]] = {}
            for side, side_cols in by_side.items():
                ns: dict[int, dict] = {}
                for col in side_cols:
                    c = col.index
                    cell = row[c] if c < len(row) else ""
                    if not re.search(r"\d", cell or ""):
                        continue
                    header = heads.get(c) or col.header
                    n = cell_size(cell, header) or size_row.get(c) or col.n
                    if n:
                        start, end = offsets[r][c] if r < len(offsets) and c < len(offsets[r]) else (None, None)
                        ns.setdefault(n, {"text": cell, "table": table.get("label") or table.get("id"),
                                          "row_header": label, "column_header": header, "start": start, "end": end})
                if len(ns) == 1:
                    got[side] = next(iter(ns.items()))
            if len(got) == 2:
                # The row's own footnote ("Shock Index was measured in 326 women in the Intervention Group and 358
                # ...") states the numbers measured for this outcome: by Yun's rule they beat the columns' n.
                noted = marked_pair(table.get("footnotes") or [], [label, raw], q_int, q_cmp)
                if noted:
                    note = {"text": noted[2], "table": table.get("label") or table.get("id"), "row_header": label,
                            "column_header": "footnote", "start": None, "end": None}
                    got = {"intervention": (noted[0], note), "comparator": (noted[1], note)}
                found.append((sim, got))
    if not found:
        return None
    found.sort(key=lambda x: -x[0])
    best_sim, best = found[0]
    rivals = {tuple(g[s][0] for s in ("intervention", "comparator")) for sim, g in found if sim >= best_sim - 1e-9}
    return best if len(rivals) == 1 else None


def place_sizes(tables: list[dict] | None, q_out: str, q_int: str, q_cmp: str,
                defined: dict[str, str] | None = None) -> dict[str, tuple[int, dict]] | None:
    """Both query arms' sizes from the outcome's own place when no numbers are answered: its results-table row
    (``table_place_sizes``); None when no place gives both."""
    return table_place_sizes(tables or [], q_out, q_int, q_cmp, defined) if tables else None


def record_place_size(tables: list[dict] | None, rec: dict) -> tuple[int, dict] | None:
    """The number of people an answered table value's own place states, when its record carries none: "N = 45"
    inside its cell ("N = 45 93.78 (13.76)"), else the nearest cell above it in its column that states only a
    size ("Diet | N = 52 | N = 48 ...", a size row "N | 60 | 58"). Returns (n, evidence of that cell) or None."""
    from stemfoot.extract.tables import _RX as T_RX, clean_cell

    at = _record_cell(tables, rec)
    if at is None:
        return None
    table, r, c = at
    ev = rec["evidence"]
    offsets = table.get("cell_offsets") or []
    rows = table.get("rows") or []
    labels = table.get("row_labels") or []

    def hit(rr: int, n: int) -> tuple[int, dict]:
        start, end = offsets[rr][c]
        return n, {"text": rows[rr][c], "table": ev["table"], "row_header": (table.get("row_prefixed") or labels)[rr]
                   if rr < len(table.get("row_prefixed") or labels) else "", "column_header": ev.get("column_header"),
                   "start": start, "end": end}

    m = _RX.CELL_N.search(clean_cell(rows[r][c] if c < len(rows[r]) else ""))
    if m:
        return hit(r, int(m.group(1)))
    for rr in range(r - 1, -1, -1):
        cell = clean_cell(rows[rr][c] if c < len(rows[rr]) else "")
        only = re.fullmatch(r"\(?\s*[nN]\s*=\s*(\d{1,6})\s*\)?", cell)
        if only:
            return hit(rr, int(only.group(1)))
        raw = T_RX.MARKER.sub("", labels[rr] if rr < len(labels) else "").strip()
        if T_RX.N_ROW.match(raw) and row_count(cell, raw):
            return hit(rr, row_count(cell, raw))
    return None


def _record_cell(tables: list[dict] | None, rec: dict) -> tuple[dict, int, int] | None:
    """The table, row and column of the cell an answered table value's evidence points at (its label and offsets),
    or None where the record has no table evidence or no stored table holds that cell."""
    ev = rec.get("evidence") or {}
    if ev.get("table") is None or ev.get("start") is None:
        return None
    for table in tables or []:
        if (table.get("label") or table.get("id")) != ev["table"]:
            continue
        at = next(((table, r, c) for r, row in enumerate(table.get("cell_offsets") or [])
                   for c, span in enumerate(row or []) if span and tuple(span) == (ev["start"], ev["end"])), None)
        if at is not None:
            return at
    return None


def record_row_n(tables: list[dict] | None, rec: dict) -> tuple[int, dict] | None:
    """The n an answered table value's own row states in its "n" column (``n_column``: arms as rows, "G2 | 36 |
    Week 8 | 209.3 ± 64.2"), with that cell's evidence; None otherwise. By Yun's rule the number analysed for this
    row's outcome, over an arm size the record took from a header elsewhere (the randomised "G2 (n = 40)")."""
    from stemfoot.extract.tables import clean_cell

    at = _record_cell(tables, rec)
    if at is None:
        return None
    table, r, c = at
    offsets = table.get("cell_offsets") or []
    rows = table.get("rows") or []
    cc = n_column(table.get("header_joined") or [], rows[r], c)
    if cc is None or cc >= len(offsets[r]) or not offsets[r][cc]:
        return None
    labels = table.get("row_prefixed") or table.get("row_labels") or []
    start, end = offsets[r][cc]
    return int(clean_cell(rows[r][cc])), {"text": rows[r][cc], "table": rec["evidence"]["table"],
                                           "row_header": labels[r] if r < len(labels) else "",
                                           "column_header": (table.get("header_joined") or [])[cc],
                                           "start": start, "end": end}


def arms_as_rows(i_ev: dict, c_ev: dict) -> bool:
    """Whether two answered table values stand as a table with arms as rows sets them: one table, one column, each
    arm's own row ("G1 | 37 | Week 8 | 251.7 ± 70.8" over "G2 | 36 | Week 8 | 209.3 ± 64.2"). A column's "n" in
    a table of characteristics by rows ("Male | 24 | 60.0") counts that row's people, no arm's."""
    return (i_ev.get("table") is not None and i_ev.get("table") == c_ev.get("table")
            and i_ev.get("column_header") == c_ev.get("column_header")
            and i_ev.get("row_header") != c_ev.get("row_header"))


def n_column(header: list[str], row: list[str], value_col: int | None = None) -> int | None:
    """The one column of a table with arms as rows whose header counts people by n ("n", "No. of patients"; not a
    case-control's "Cases", ``N_HEADER``) and whose cell in ``row`` is a bare count ("G2 | 36 | Week 8 | 209.3 ±
    64.2"): that row's number analysed. A visit's own n column ("Week 8, n") counts for the value's column
    (``value_col``) of that same time only, and of several n columns the one naming its time is taken ("Week 8, n"
    beside "Week 8, % reduction", not "Week 4, n"). None when no column, or more than one, does (null beats a
    guess)."""
    from stemfoot.extract.tables import _RX as T_RX, clean_cell

    def counts(h: str) -> bool:
        h = T_RX.MARKER.sub("", h or "").strip()
        return bool(T_RX.N_ROW.match(h) and _RX.N_HEADER.search(h))

    when = time_points(header[value_col] or "") if value_col is not None and value_col < len(header) else None
    hits = [c for c, h in enumerate(header) if c < len(row) and re.fullmatch(r"[1-9]\d{0,5}", clean_cell(row[c]))
            and (counts(h) or (bool(when) and time_points(h or "") == when
                               and counts(without_times(h or "").strip(" ,;:/"))))]
    if len(hits) > 1 and when:
        # One n column per visit ("Week 4, n | Week 4, mean (SD) | Week 8, n | ..."): each counts those measured at
        # its own time, so the value's column's time picks its n.
        hits = [c for c in hits if time_points(header[c] or "") == when]
    return hits[0] if len(hits) == 1 else None


def header_pair(i_ev: dict, c_ev: dict, i_n: int | None, c_n: int | None) -> tuple[int, int] | None:
    """Both arms' n as the answered values' own column headers state them ("ACP-318 (n = 43)" | "Placebo (n = 41)"
    over a baseline table's randomised "(n = 48)" | "(n = 47)"): one table, a column per arm, each header stating
    exactly its record's n, in a level of its own arm. By Yun's rule the number analysed for these values, and one
    source for both arms; None for any other pair (arms as rows, a header without a size, a record whose n is not its
    header's, a total column, an n in a level spanning both arms such as a time block's)."""
    if i_n is None or c_n is None or i_ev.get("table") is None or i_ev.get("table") != c_ev.get("table"):
        return None
    heads = (i_ev.get("column_header") or "", c_ev.get("column_header") or "")
    if heads[0] == heads[1]:
        return None
    levels = [[p.strip() for p in h.split(" / ")] for h in heads]
    if any(_RX.TOTAL_LABEL.match(lv[0]) for lv in levels):
        return None  # a "Total (N = 84)" or "All patients" column beside the arms: no arm's own n
    stated = [[(k, int(m.group(1))) for k, part in enumerate(lv) for m in _RX.SIZE_STATED.finditer(part)]
              for lv in levels]
    if [[n for _, n in s] for s in stated] != [[i_n], [c_n]]:
        return None
    if levels[0][:stated[0][0][0] + 1] == levels[1][:stated[1][0][0] + 1]:
        return None  # the n sits in a level spanning both arms ("Week 12 (N = 80) / Cells"): the block's, no arm's
    return i_n, c_n


def over_randomised(chosen: tuple[int | None, int | None], pair: tuple[int, int]) -> bool:
    """Whether the chooser's sizes leave a header pair (``header_pair``) only for sizes no smaller, at least one
    larger: the randomised n replacing the analysed one, on one arm or both (never one arm from each source)."""
    return None not in chosen and chosen != pair and all(n >= p for n, p in zip(chosen, pair))
