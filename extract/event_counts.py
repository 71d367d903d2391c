"""Event counts written in prose: the constructions the digit patterns of the grammar miss.

Pure functions on one sentence's text (no spaCy): each returns :class:`EventCount` items with
character offsets inside the sentence. The grammar (``number_grammar.scan``) claims them only
where no other pattern read the characters first. The constructions (tables below are data):

* a count before an event noun: "two cases of transient hypotension", "one wound infection",
  "Two harvest-site hematomas occurred", "One major amputation occurred in each group";
* N patients had/… an event noun: "Two patients had transient fever", "11 patients had bone pain and
  2 had low-grade fever", "pain was reported by nine patients";
* a denominator first: "Of the 21 ulcerated limbs, 12 healed and 6 improved";
* counts sharing one denominator: "in 9, 12 and 4 of 18 patients";
* counts per group: "5 limbs in the A group and 6 limbs in the B group", "in 1 A and 4 B patients";
* a breakdown of a count in brackets that adds up to it: "Five deaths occurred (3 A, 2 B)",
  "Six patients died (four in the A arm and two in the B arm)", "(two in each group)";

* worded zero events of a named event: "No dose-limiting toxicity was observed" (``zero_events``);
* an event noun with its count: "bone pain (n = 11)" (``n_equals_events``).

The last two carry their ``form``: the stages place them by their clause's words
(``stages.event_placement``); read without that placement they added more false than right
results (rounds 5 and 8, docs/extraction.md).

Sentences that allocate, enrol or lose patients are left alone: their counts are group sizes or
dispositions, not events.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from stemfoot.extract.numbers import COUNT, NUM, parse_count, static_rx
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.extract.vocabulary import outcomes as outcomes_vocabulary

#: Head nouns of events and adverse events (singular; a plural "s"/"es" is accepted).
EVENT_HEADS = frozenset("""
pain fever pyrexia infection haematoma hematoma bruising bruise erythema ecchymosis complication reaction
bleeding haemorrhage hemorrhage seroma oedema edema swelling cellulitis thrombocytopenia leukopenia
leukocytosis headache paraesthesia paresthesia nausea vomiting hypotension hypertension discomfort death
amputation necrosis gangrene pseudoaneurysm aneurysm thrombosis embolism infarction stroke rash pruritus
itching dizziness syncope arrhythmia fibrillation tenderness inflammation abscess dehiscence recurrence
osteomyelitis malignancy malignancies tumour tumor cancer liquefaction toxicity toxicities cramp diarrhoea diarrhea
anaemia anemia vertigo
""".split())
_IRREGULAR_PLURAL = {"malignancies": "malignancy", "toxicities": "toxicity", "deaths": "death"}
#: An event noun as a pattern: "hematomas", "harvest-site haematoma", "deaths".
_HEAD_WORDS = "|".join(sorted(EVENT_HEADS | set(_IRREGULAR_PLURAL), key=len, reverse=True))
HEAD = rf"(?P<head>(?:[A-Za-z]+-)*(?:{_HEAD_WORDS})(?:e?s)?)(?![\w\-])"
#: Any event noun, anywhere (a match of ``HEAD`` contains one): skips the count-before-noun patterns cheaply.
_ANY_HEAD = re.compile("|".join(sorted(EVENT_HEADS | set(_IRREGULAR_PLURAL), key=len, reverse=True)), re.I)
#: A number of arms written as a word ("the three groups", ``ARMS_WORD`` in the patterns) and its value, for
#: ``every_arm_count_agrees`` to check against the inventory's count of arms.
_GROUP_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
#: This module's regexes, as data in patterns/event_counts.json (compiled once, here).
_RX = load_patterns("event_counts", COUNT=COUNT, HEAD=HEAD, NUM=NUM, HEAD_WORDS=_HEAD_WORDS,
                    ARMS_WORD="|".join(_GROUP_NUMBERS))
#: Verbs that report whether an event happened ("observed", "detected"), for the other zero readers.
ZERO_VERB: str = _RX.ZERO_VERB
#: After a zero: words that make it every arm's ("in either group"), an exception that takes it back, and one that
#: does so only after every-arm words; shared with the other zero readers (``zero_clauses``).
EVERY_GROUP: re.Pattern = _RX.EVERY_GROUP
#: Its every-arm words a few words after the zero's verb only (round 45).
EVERY_GROUP_LATER: re.Pattern = _RX.EVERY_GROUP_LATER
EXCEPTED: re.Pattern = _RX.EXCEPTED
EXCEPT_NEXT: re.Pattern = _RX.EXCEPT_NEXT


@lru_cache(maxsize=64)
def quiet(text: str) -> bool:
    """A sentence that allocates or loses patients, or says no event happened: three readers skip it
    (computed once per sentence, not once per reader)."""
    return disposes(text) or _RX.EVENT_CUE.search(text) is None


def disposes(text: str) -> bool:
    """A sentence that allocates, enrols or loses patients: its counts are group sizes or dispositions."""
    return _RX.DISPOSITION.search(text) is not None


#: The same nouns, for lower-cased text: a case-insensitive alternation is ~10x slower in Python's re.
_ANY_HEAD_LOWER = re.compile(_ANY_HEAD.pattern)
#: The only non-ASCII characters re.IGNORECASE matches to an ASCII letter (İ ı ſ K): text with one of them
#: takes the slow pattern; in any other text, lower() changes no offsets and ASCII letters compare as in re.I.
_CASE_TWINS = re.compile("[\u0130\u0131\u017f\u212a]")


@lru_cache(maxsize=64)
def _has_head(text: str) -> bool:
    if text.isascii() or not _CASE_TWINS.search(text):
        return _ANY_HEAD_LOWER.search(text.lower()) is not None
    return _ANY_HEAD.search(text) is not None


def worded_zero(st: dict) -> bool:
    """A zero-event statement in words ("No donor-site complications were observed", "none died"): an events value
    of 0 whose evidence writes no digit, so no count or denominator ties it to a group.

    One test for the attribution stage (stages.attribution_stage, twice) and the single-arm reading
    (single_arm.whole_sample_reason), so the copies cannot drift. The ``event_count_zero`` flag cannot stand in for it:
    the grammar sets it only on the prose forms of this module, not on the worded zeros its own patterns read
    ("No SAE.", "none of the patients ..."), and "0 (0%)" in a table is a zero written in digits.
    """
    return st.get("kind") == "events" and st.get("events") == 0 and not re.search(r"\d", st["evidence"]["text"])


def every_arm_count_agrees(sentence: str, n_arms: int) -> bool:
    """Whether an every-arm statement's sentence, where it writes how many arms it speaks of ("in any of the three
    arms", ``GROUPS_COUNTED``) or implies it by a split of a total ("Four patients died (two per group)": two arms,
    ``split_arm_counts``), counts as many as the inventory has: a value copied over arms the inventory does not
    match would put it on the wrong arms, so a mismatch leaves it on none. True when no number is written."""
    return all(_GROUP_NUMBERS[m.group("n").lower()] == n_arms for m in _RX.GROUPS_COUNTED.finditer(sentence)) \
        and all(k == n_arms for k in split_arm_counts(sentence))


def zero_said_of_every_arm(text: str, clause: tuple[int, int], zero: tuple[int, int]) -> bool:
    """Whether the clause ``text[clause]`` of a worded zero at ``zero`` (its evidence span) says it of every arm in
    plain words (``PLAIN_EVERY_ARM``: "no major amputation was required in either group", "none of the three groups
    had an amputation", "Neither group had a death", "No patient in either arm developed ..."), so that it is one
    zero per arm (gold rule 24), whichever of the zero readers found it. Not where a count or another zero stands
    between the zero and those words, or opens their clause before the zero (``OTHER_COUNT``: "Two deaths occurred
    in each group, none judged related to treatment": the words are the count's), nor where words between narrow the
    zero to some patients (``SUBSET_BETWEEN``: "No amputation occurred in patients with gangrene in either group": a
    zero of a subset; second read, mendlead50a). A number with its time unit between is no count (``TIME_NUMBER``: "No
    amputation occurred during the 12-week follow-up in either group"; round 51, lead51b), unless a clause break
    stands between (``TIME_CLAUSE_BREAK``; second read, mendlead51b). Round 50 (lead50a)."""
    for m in _RX.PLAIN_EVERY_ARM.finditer(text, *clause):
        if m.end() <= zero[0]:
            # Before the zero, the words are a count's where one opens their clause ("Two deaths occurred in each
            # group, none ..."); the every-arm words themselves ("none of the groups") are no other count.
            gap = text[clause[0]:zero[0]].replace(m.group(), " ")
        elif zero[1] <= m.start():
            gap = text[zero[1]:m.start()]  # after it, where one stands between
        else:
            gap = ""  # the zero's own words say every arm ("No patient in either arm developed ...")
        # A number that says when (``TIME_NUMBER``: "during the 12-week follow-up") is no count between (round 51),
        # inside one clause only: across a clause break (``TIME_CLAUSE_BREAK``: "No amputation occurred, although
        # ulcers had healed by 12 weeks in both groups") the every-arm words may be the other clause's (mendlead51b).
        counted = gap if _RX.TIME_CLAUSE_BREAK.search(gap) else _RX.TIME_NUMBER.sub(" ", gap)
        if not _RX.OTHER_COUNT.search(counted) and not _RX.SUBSET_BETWEEN.search(gap):
            return True
    return False


def split_arm_counts(sentence: str) -> list[int | None]:
    """The number of arms each per-group split of a total implies (the total over each arm's count: "Four deaths
    (two per group)" 2, "Three patients died (one in each group)" 3; None where the count does not divide the total,
    "Five deaths (two per group)"). A split of zero ("(none in either group)") implies no number (round-43 second
    read: a split copied over a third arm the total leaves no room for is wrong)."""
    out: list[int | None] = []
    for m in _RX.BREAKDOWN.finditer(sentence):
        total, body_start = _bracket_total(sentence, m)
        each = _EACH_SPLIT.fullmatch(m.group("body")[body_start:]) if total is not None else None
        e = _count(each.group("e")) if each else None
        if e:
            out.append(total // e if total % e == 0 else None)
    return out


@dataclass(frozen=True)
class EventCount:
    """One count of events inside a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    events: int
    total: int | None = None
    every_arm: bool = False
    #: The span of the event noun the count is of ("fever" in "fever (n = 4)"), when the form names one.
    head: tuple[int, int] | None = None
    #: The span of the verb that says what happened ("recurred" in "Of 25 healed ulcers, 2 recurred").
    verb: tuple[int, int] | None = None
    #: Which form read it when placement depends on it: "zero" (a worded zero), "n_equals" ("bone pain (n = 3)").
    form: str = ""
    #: What a zero of the events just counted counts, as an outcome's words: its antecedent's noun with what the
    #: events were due to ("adverse events related to the cell injections", "treatment-related deaths").
    label: str | None = None
    #: A zero of the one arm its own words name ("none in the UC-MSC group", ``zero_clauses.arm_zeros``).
    arm_inside: bool = False
    #: Its label's words name no one outcome of the vocabulary ("No infusion-related SAEs, allergic reactions or
    #: embolic events": members of several outcomes, or of none), though a member's words would look one up; or a
    #: zero of counted events whose qualifier the vocabulary reads past ("procedure-related deaths": not mortality)
    #: or of a counted subset ("of which 6 were serious; none was related": not all related events).
    mixed_label: bool = False


def is_event_head(word: str) -> bool:
    """Whether a word is (the plural of) an event noun: 'hematomas', 'deaths', 'toxicities'."""
    w = word.lower().strip("-")
    w = w.rsplit("-", 1)[-1]  # "harvest-site haematoma" -> its last part
    if w in EVENT_HEADS or _IRREGULAR_PLURAL.get(w) in EVENT_HEADS:
        return True
    return (w.endswith("es") and w[:-2] in EVENT_HEADS) or (w.endswith("s") and w[:-1] in EVENT_HEADS)


def _count(raw: str) -> int | None:
    raw = raw.strip()
    if raw.lower() in {"none", "no", "zero"}:
        return 0
    return parse_count(raw)







def count_head_events(text: str) -> list[EventCount]:
    """A count that modifies an event noun: 'two cases of hypotension', 'One major amputation occurred in each group'."""
    out = []
    for m in _RX.COUNT_HEAD.finditer(text) if _has_head(text) else ():
        if not is_event_head(m.group("head")):
            continue
        if _RX.NOT_BEFORE_COUNT.search(text[max(0, m.start() - 12):m.start()]):
            continue
        e = _count(m.group("e"))
        if e is None or e > 10_000:
            continue
        verb = _RX.HAPPENED.match(text, m.end())
        each = _RX.EACH.match(text, verb.end() if verb else m.end())
        out.append(EventCount(m.start("e"), m.end("head"), e, None, each is not None, (m.start("head"), m.end("head"))))
    return out




def had_events(text: str) -> list[EventCount]:
    """'N patients had <event>' (also 'and M had <event>'), '<event> was reported by N patients'."""
    out = []
    for m in _RX.N_HAD.finditer(text) if _has_head(text) else ():
        if not is_event_head(m.group("head")) or _RX.NOT_BEFORE_COUNT.search(text[max(0, m.start() - 12):m.start()]):
            continue
        e = _count(m.group("e"))
        if e is not None:
            out.append(EventCount(m.start("e"), m.end("head"), e, head=(m.start("head"), m.end("head"))))
    for m in _RX.BY_N.finditer(text):
        e = _count(m.group("e"))
        if e is not None and re.search(r"\b[A-Za-z][\w\-]*\b", text[:m.start()]) and any(
                is_event_head(w) for w in re.findall(r"[A-Za-z][\w\-]*", text[max(0, m.start() - 60):m.start()])):
            out.append(EventCount(m.start(), m.end(), e))
    return out




def _disposition(m: re.Match[str], text: str) -> bool:
    """Whether an ``OF_TOTAL`` match is a disposition ("Of the 40 patients randomised, 38 completed"): a disposition
    word anywhere but in the subset's own relative clause, which only says who the subset is ("Among the 13 placebo
    patients who crossed over, 7 healed": the healed are counted, not the crossed over)."""
    np = m.group("np")
    rel = _RX.SUBSET_RELATIVE.search(np)
    outside = np[:rel.start()] if rel else np
    if _RX.DISPOSITION.search(outside) or _RX.DISPOSITION.search(m.group(), m.end("np") - m.start()):
        return True
    # The shapes round 42 opened (a subset condition holding a number, a verb of having that is no outcome verb)
    # also read screening and data completeness ("Of 54 patients with normal fasting glucose, 18 showed impaired
    # glucose tolerance and 36 ... were randomized"; "Among 200 participants with at least 1 dose, 150 had complete
    # data"): for them the rest of the sentence must name no disposition and the object no record of the study.
    if re.search(r"\d", np) or not re.fullmatch(_RX.OUTCOME_VERB, m.group("verb"), re.I):
        return bool(_RX.DISPOSITION.search(text, m.end()) or _RX.DATA_OBJECT.match(text, m.end()))
    return False


def of_total_events(text: str) -> list[EventCount]:
    """A denominator first: 'Of 10 patients with ulcers, 6 had healed', '... 12 healed and 6 improved'."""
    out = []
    for m in _RX.OF_TOTAL.finditer(text):
        t, e = _count(m.group("t")), _count(m.group("e"))
        if t is None or e is None or e > t or _disposition(m, text):
            continue
        out.append(EventCount(m.start(), m.end(), e, t, verb=(m.start("verb"), m.end("verb"))))
        more = _RX.AND_MORE.match(text, m.end())
        e2 = _count(more.group("e")) if more else None
        if more and e2 is not None and e + e2 <= t:
            out.append(EventCount(more.start("e"), more.end(), e2, t))
    return out




def shared_total_events(text: str) -> list[EventCount]:
    """'occurred in 9, 12 and 4 of 18 patients in the three groups': one count per arm, one denominator."""
    return list(_shared_total(text))


@lru_cache(maxsize=64)
def _shared_total(text: str) -> tuple[EventCount, ...]:
    # The grammar reads a sentence's shared totals twice (before its "x of y" patterns and with the other readers).
    out: list[EventCount] = []
    if quiet(text):
        return ()
    for m in _RX.SHARED_TOTAL.finditer(text):
        t = _count(m.group("t"))
        if re.search(r"(?:\bof|/)\s*$", text[max(0, m.start() - 6):m.start()], re.I):
            continue  # "11 of 12, 9 of 12 and 4 of 12": pairs, read by the events patterns
        items = [(c.start(), c.end(), _count(c.group())) for c in static_rx(COUNT).finditer(m.group("list"))]
        if t is None or len(items) < 2 or any(v is None or v > t for *_, v in items):
            continue
        base = m.start("list")
        out.extend(EventCount(base + a, base + b, v, t) for a, b, v in items)
    return tuple(out)




def per_group_events(text: str) -> list[EventCount]:
    """Counts each followed by its group: '5 limbs in the A group and 6 limbs in the B group' (two or more)."""
    out: list[EventCount] = []
    if quiet(text):
        return out
    # Inside brackets a split of a count is the breakdown stage's (``stages.breakdown_stage``).
    items = [m for m in _RX.ITEM_RX.finditer(text) if not _in_brackets(text, m.start())]
    chain: list[re.Match] = []
    for m in items:
        if chain and _RX.JOIN.fullmatch(text, chain[-1].end(), m.start()):
            chain.append(m)
            continue
        if len(chain) >= 2 and not _had_data(text, chain[-1].end()):
            out.extend(_chain_counts(chain))
        chain = [m]
    if len(chain) >= 2 and not _had_data(text, chain[-1].end()):
        out.extend(_chain_counts(chain))
    for m in _RX.LABEL_PAIR.finditer(text):
        if _in_brackets(text, m.start()) or any(w.lower() in {"and", "or", "of", "in", "the", "with", "major", "minor"} or is_event_head(w)
               for w in (m.group("la"), m.group("lb"))):
            continue
        for key in ("a", "b"):
            e = _count(m.group(key))
            if e is not None:
                out.append(EventCount(m.start(key), m.end("l" + key), e))
    return out


def _had_data(text: str, end: int) -> bool:
    """Whether the counts ending at ``end`` had the study's record of them, not an event ("Thirty patients in the
    CD34+ arm and 15 in the placebo arm had 12-month data": who could be assessed, ``DATA_OBJECT``; round 43)."""
    verb = _RX.HAD_VERB.match(text, end)
    return verb is not None and _RX.DATA_OBJECT.match(text, verb.end()) is not None


def _in_brackets(text: str, pos: int) -> bool:
    return text.count("(", 0, pos) > text.count(")", 0, pos)


def every_arm_later(text: str, pos: int) -> bool:
    """Whether the zero whose phrase and verb end at ``pos`` is every arm's by words a few words on
    (``EVERY_GROUP_LATER``: "No recurrence was observed | among healed patients in either group"), with no second
    zero between (``ANOTHER_ZERO``: "No amputation was performed | , no deaths occurred in either group" gives the
    every-arm words to the deaths)."""
    m = EVERY_GROUP_LATER.match(text, pos)
    return m is not None and _RX.ANOTHER_ZERO.search(text, pos, m.end()) is None


def open_bracket(text: str, pos: int, start: int = 0) -> int | None:
    """The offset of the innermost bracket still open at ``pos``, opened at or after ``start`` (None if none)."""
    depth = 0
    for i in range(pos - 1, start - 1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            if depth == 0:
                return i
            depth -= 1
    return None


def _chain_counts(chain: list[re.Match]) -> list[EventCount]:
    out = []
    for m in chain:
        if _RX.OTHER_ITEM.search(m.group()):
            continue  # "none of the other two groups": every arm but those named, not one group's (mendlead51b)
        e = _count(m.group("e"))
        if e is not None:
            out.append(EventCount(m.start(), m.end(), e))
    return out




#: The body of a bracket that splits a total evenly: "two in each group", "one per arm", "2 for both groups".
_EACH_SPLIT = static_rx(rf"\s*(?P<e>{COUNT})\s+(?:(?:in|per|for)\s+(?:each|both|either)\s+(?:of\s+the\s+)?(?:two\s+)?"
                        rf"(?:groups?|arms?)|per\s+(?:group|arm))\s*", re.I)


def _bracket_total(text: str, m: re.Match) -> tuple[int | None, int]:
    """The total a bracket (``BREAKDOWN`` match ``m``) splits and where its split starts in the body: "(n = 5; ...)"
    or the count before the bracket ("Five participants died (...)"); None where neither."""
    lead = re.match(r"\s*n\s*=\s*(?P<t>\d+)\s*;", m.group("body"))
    if lead:
        return int(lead.group("t")), lead.end()
    before = _RX.TOTAL_BEFORE.search(text[max(0, m.start() - 50):m.start()])
    return (_count(before.group("t")) if before else None), 0


def breakdown_events(text: str) -> list[EventCount]:
    """A count split by group in brackets: '(two in each group)', and a list of counts kept only when they
    add up to it: 'Five participants died (2, 1 and 2 in the A, B and C groups, respectively)'. Splits that
    name an arm per count ('(3 A, 2 B)') are left to the breakdown stage, which knows the arms."""
    out: list[EventCount] = []
    if quiet(text):
        return out
    for m in _RX.BREAKDOWN.finditer(text):
        body, base = m.group("body"), m.start("body")
        total, body_start = _bracket_total(text, m)
        if total is None:
            continue
        part = body[body_start:]
        each = _EACH_SPLIT.fullmatch(part)
        if each:
            e = _count(each.group("e"))
            if e is not None:
                out.append(EventCount(base + body_start + each.start("e"), base + len(body), e, None, True))
            continue
        listed = _RX.BREAK_LIST.match(part)
        if listed:
            spans = [(c.start(), c.end(), _count(c.group())) for c in static_rx(COUNT).finditer(listed.group("list"))]
            if all(v is not None for *_, v in spans) and sum(v for *_, v in spans) == total:
                off = base + body_start + listed.start("list")
                out.extend(EventCount(off + a, off + b, v) for a, b, v in spans)
            continue
    return out


def zero_events(text: str) -> list[EventCount]:
    """Worded zero events of a named event: 'No dose-limiting toxicity was observed', 'there were no harvest-site
    complications', 'No patient developed antibodies against donor HLA'. A zero said 'in either group' holds for
    every arm; one said 'among the 142 treated patients' has that total. Comparisons ('no significant difference
    in deaths') are not zeros (the filler excludes them)."""
    out: list[EventCount] = []
    if "no" not in text.lower():
        return out
    seen: set[int] = set()
    for rx in (_RX.NO_PATIENT, _RX.NO_EVENT, _RX.THERE_NO, _RX.CAUSED_NO):
        for m in rx.finditer(text):
            if m.start() in seen or not is_event_head(m.group("head").split()[-1]) and not _RX.ZERO_EXTRA_HEAD.search(m.group("head")):
                continue
            if rx is _RX.CAUSED_NO and _RX.CAUSED_NO_COMPARATIVE.search(text, m.start(), m.start("head")):
                continue  # "resulted in no lower rate of amputation than standard care": a comparison (mend40)
            seen.add(m.start())
            where = m.groupdict().get("where")
            every_where = bool(where and _RX.EVERY_GROUP.match(where))
            if _RX.EXCEPTED.match(text, m.end()) or (every_where and _RX.EXCEPT_NEXT.match(text, m.end())):
                continue  # "no amputations in either group, except one in the control group": no arm's zero for sure
            every = every_where or _RX.EVERY_GROUP.match(text, m.end()) is not None
            of = _RX.ZERO_TOTAL.match(text, m.end("head"))
            if of is None and m.groupdict().get("verb") and m.end("verb") > m.end("head"):
                # "No anti-HLA sensitisation was detected in any of the 23 UMC-44 recipients": the population after
                # the zero's verb (round 40, zero40).
                of = _RX.ZERO_TOTAL.match(text, m.end("verb"))
                if of is not None and EXCEPT_NEXT.match(text, of.end()):
                    continue  # "No tumorigenesis was seen in all 40 patients, except one": no zero (mendzero40)
            total = int(of.group("n")) if of else None
            # Not with a tie ("No deaths or serious adverse events related to cell transplantation"): whether it
            # ties one member or both, the words do not say.
            members = _or_members(text, m) if rx is not _RX.NO_PATIENT and not (m.groupdict().get("tail") or "").strip() \
                else []
            if members:
                # "there were no major amputations or deaths": one zero per outcome (gold convention 35).
                every = every or _RX.EVERY_GROUP.match(text, max(members[-1][1], m.end())) is not None
                pos = m.start()
                for a, b in members:
                    out.append(EventCount(pos, b, 0, total, every, (a, b), form="zero", label=text[a:b]))
                    pos = b
                continue
            out.append(EventCount(m.start(), m.end("head"), 0, total, every, (m.start("head"), m.end("head")),
                                  form="zero"))
    return out


#: Member boundaries of a worded zero's "X or Y" phrase (commas before "or" included).
_OR_SPLIT = re.compile(r"\s*,\s*(?:(?:or|nor)\s+)?|\s+(?:or|nor)\s+", re.I)


def _or_members(text: str, m: re.Match) -> list[tuple[int, int]]:
    """The members of a worded zero's phrase "no X or Y" (the noun after "no" to its event noun, or on to a second
    event noun after "or", ``OR_SECOND``) where there are two or more and each is a distinct outcome of the
    vocabulary; else none (the zero stays one, of its event noun)."""
    no = re.search(r"\bno\s+", text[m.start():m.start("head")], re.I)
    if no is None:
        return []
    start, end = m.start() + no.end(), m.end("head")
    second = _RX.OR_SECOND.match(text, end)
    if second is not None:
        end = second.end("head")
    if not ends_statement(text, max(end, m.end())):
        return []
    return or_member_spans(text, start, end)


def ends_statement(text: str, pos: int) -> bool:
    """Whether a worded zero's statement ends at ``pos`` (``OR_STATEMENT_END``): no arm or group after it."""
    return _RX.OR_STATEMENT_END.match(text, pos) is not None


def or_member_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The members of the phrase ``text[start:end]`` split at commas and "or" / "nor", where there are two or more
    and each is a distinct outcome of the vocabulary ("major amputation or death"); else none."""
    spans, pos = [], start
    for sep in _OR_SPLIT.finditer(text, start, end):
        spans.append((pos, sep.start()))
        pos = sep.end()
    spans.append((pos, end))
    if len(spans) < 2 or any(b <= a for a, b in spans):
        return []
    vocab = outcomes_vocabulary()
    ids = [vocab.lookup(text[a:b]) for a, b in spans]
    if not all(ids) or len({t.id for t in ids}) < len(ids):
        return []
    return spans


def n_equals_events(text: str) -> list[EventCount]:
    """An event noun with its count written '(n = k)': 'injection-site pain (n = 3)', 'bone pain, n = 14'.
    Sentences that allocate or lose patients are left alone (their '(n = k)' are group sizes)."""
    out: list[EventCount] = []
    if "=" not in text or not _RX.N_EQUALS_CORE.search(text) or _RX.DISPOSITION.search(text):
        return out
    for m in _RX.N_EQUALS.finditer(text):
        if not is_event_head(m.group("head")):
            continue
        out.append(EventCount(m.start("head"), m.end("e"), int(m.group("e")), head=(m.start("head"), m.end("head")),
                              form="n_equals"))
    return out


def none_related_events(text: str) -> list[EventCount]:
    """A zero of the events a sentence has just counted, qualified by what they were due to: 'Serious adverse
    events occurred in 11 and 12 patients; none was judged related to the study product', 'none of which was
    related to the cells', 'Five patients died, none from a procedure-related cause', 'none of them serious or
    related to the product' (two zeros), 'none were serious'. Its event noun is the last one before it outside
    brackets (or in the zero's own bracket: "(including 3 deaths, none related to the product)"; or "died"), with a
    count between them (the zero speaks of those events); the form says so
    (``zero_of``): it is placed where its antecedent's clause is (``stages.event_placement``). Its ``label``
    words what it counts (the antecedent's noun and what the events were due to)."""
    out: list[EventCount] = []
    if not _NONE_WORD.search(text):
        return out
    for m in _RX.NONE_RELATED.finditer(text):
        if not (m.group("serious") or m.group("to") or m.group("tied")):
            continue
        heads = [(h.start("head"), h.end("head"), h.group("head")) for h in _ZHEAD.finditer(text, 0, m.start())
                 if (is_event_head(h.group("head").split()[-1]) or _RX.ZERO_EXTRA_HEAD.search(h.group("head")))
                 and (not _in_brackets(text, h.start()) or _same_bracket(text, h.start(), m.start()))]
        heads += [(d.start(), d.end(), "deaths") for d in _DIED.finditer(text, 0, m.start())]
        if not heads:
            continue
        h0, h1, noun = max(heads)
        if not static_rx(COUNT).search(text, h1, m.start()) and not static_rx(COUNT).search(text, 0, h0):
            continue
        # "41 adverse events ..., of which 6 were serious; none was related", "7 AEs; 4 were serious, none of which
        # was related": a subset was counted between the events and the zero, so the zero may speak of the subset
        # only. It is labelled as the subset ("serious adverse events") and held to no one outcome of the
        # vocabulary (a zero of the serious related ones is no zero of all related ones); a subset whose words
        # say nothing ("of which most resolved") leaves which events the zero is of unsaid: no zero.
        bare = noun  # the antecedent's own noun, before any qualifier
        subset = _subset(text, h1, m.start())
        if subset is not None and not subset.group("which"):
            continue
        qualifier = subset.group("which").lower() if subset is not None else ""
        if qualifier and not noun.lower().startswith(qualifier):
            noun = f"{qualifier} {noun}"
        head = (h0, h1)
        if m.group("to"):
            # "related to the cell injections": the cause's words run to the clause's end (the pattern reads one).
            tie = f"{noun} {re.split(r'[,;.()]', text[m.start('to'):m.start('to') + 60])[0].strip()}"
        elif m.group("tied"):
            tie = f"{m.group('tied')} {noun}"
        else:
            tie = None
        if m.group("serious"):
            serious = f"serious {noun}" if not noun.lower().startswith("serious") else noun
            cut = m.end("serious") if tie else m.end()
            out.append(EventCount(m.start(), cut, 0, head=head, form="zero_of", label=serious,
                                  mixed_label=bool(qualifier)))
            if tie:
                out.append(EventCount(m.start("to") if m.group("to") else m.start("tied"), m.end(), 0, head=head,
                                      form="zero_of", label=tie, mixed_label=bool(qualifier) or _falls_back(tie, bare)))
            continue
        out.append(EventCount(m.start(), m.end(), 0, head=head, form="zero_of", label=tie,
                              mixed_label=bool(qualifier) or (tie is not None and _falls_back(tie, bare))))
    return out


def _same_bracket(text: str, head: int, zero: int) -> bool:
    """Whether an event noun in brackets and a zero after it sit in one bracket ("6 serious adverse events
    (including 3 deaths, none related to the study product)": the zero is of the deaths), with no bracket closed
    between them; a bracketed noun the zero stands outside of ("(n = 3 deaths); none ...") is an aside."""
    opened = open_bracket(text, head)
    return opened is not None and opened == open_bracket(text, zero)


def _subset(text: str, start: int, end: int) -> re.Match | None:
    """The last subset of counted events between ``start`` and ``end`` ("of which 6 were serious", "4 were
    serious"; ``which``: the subset's word, empty for "of which most resolved")."""
    found = list(_RX.SUBSET.finditer(text, start, end))
    return found[-1] if found else None


def _falls_back(label: str, bare: str) -> bool:
    """Whether a zero's label tied to a cause ("procedure-related deaths", "deaths related to treatment") looks up
    no outcome of its own but the plain one of its bare noun ("deaths": mortality). The vocabulary reads past the
    qualifier, and "Five patients died, none from a procedure-related cause" would be mortality = 0 beside the 5
    deaths: such a zero keeps its label, of no outcome (``mixed_label``)."""
    term, plain = outcomes_vocabulary().lookup(label), outcomes_vocabulary().lookup(bare)
    return term is not None and plain is not None and term.id == plain.id


_NONE_WORD = re.compile(r"\b(?:none|neither)\b", re.I)
#: "Five patients died, none from ...": the deaths a zero speaks of.
_DIED = re.compile(r"\bdied\b", re.I)


def head_in_n_events(text: str) -> list[EventCount]:
    """One count of a named event: 'hypotension in 3 patients', 'bruising at harvest site in 4 pts', 'bone pain
    during G-CSF mobilization in 12 PB-MNC patients'. Not relief or a history of it ('reduction of pain in 12
    patients', 'pain in 5 patients resolved')."""
    out: list[EventCount] = []
    # "in" before a count is the pattern's necessary part and far cheaper to look for than its event heads.
    if not _has_head(text) or " in " not in text or not static_rx(rf"\sin\s+{COUNT}", re.I).search(text):
        return out
    for m in _RX.HEAD_IN_N.finditer(text):
        if not is_event_head(m.group("head")) or _RX.NOT_EVENT_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
            continue
        if _RX.NOT_EVENT_AFTER.match(text, m.end()):
            continue
        e = _count(m.group("e"))
        t = _count(m.group("t")) if m.group("t") else None
        if e is None or (t is not None and e > t):
            continue
        out.append(EventCount(m.start("e"), m.end(), e, t, head=(m.start("head"), m.end("head"))))
    return out


def labelled_pair_events(text: str) -> list[EventCount]:
    """Counts each labelled by its arm: 'hip pain 4 (BMAC) and 3 (sham)', 'in 5 (BMMNC) and 4 (placebo) patients'
    (after an event noun or "in", or before a noun of people); 'Major amputation: 1 vs 3' (an event noun and
    its counts in arm order, placed by list order)."""
    out: list[EventCount] = []
    if "(" in text:
        for m in _RX.BRACKET_PAIR.finditer(text):
            if any(_RX.BRACKET_NOT_LABEL.match(m.group(k)) for k in ("la", "lb")):
                continue
            before = text[max(0, m.start() - 40):m.start()]
            led = re.search(r"(?:\bin|(?P<w>[A-Za-z][\w\-]*)\s*:?)\s*$", before)
            if not (m.group("unit") or (led and (not led.group("w") or is_event_head(led.group("w"))))):
                continue
            # The counts are of the clause's first event noun ("Aspiration-site pain or haematoma occurred in 5
            # (A) and 4 (B) patients", as the vocabulary reads a composite label), when it names one.
            c0 = max(text.rfind(ch, 0, m.start()) for ch in ";:.") + 1
            head = next((h for h in _HEAD_RX.finditer(text, c0, m.start()) if is_event_head(h.group("head"))), None)
            span = (head.start("head"), head.end("head")) if head else None
            for key in ("a", "b"):
                e = _count(m.group(key))
                if e is not None:
                    # the count through its label's closing bracket ("5 ( BMMNC )": spaces may precede it)
                    out.append(EventCount(m.start(key), text.index(")", m.end("l" + key)) + 1, e, head=span))
    if ":" in text and _RX.VERSUS_WORD.search(text):
        for m in _RX.COLON_VS.finditer(text):
            if m.group("head").lower().rsplit("-", 1)[-1].startswith(("pain", "discomfort")):
                continue  # "Pain: 4 vs 6" is a score more often than a count
            base = m.start("list")
            for c in static_rx(COUNT).finditer(m.group("list")):
                e = _count(c.group())
                if e is not None:
                    out.append(EventCount(base + c.start(), base + c.end(), e))
    return out


def group_label_events(text: str) -> list[EventCount]:
    """Counts each with a group named by a letter or numeral: 'in 17 patients in group A and 14 in group B',
    'in 3 cases of group A and 1 case of group C' (two or more, joined; not in sentences that allocate)."""
    out: list[EventCount] = []
    if quiet(text):
        return out
    items = [m for m in _RX.GROUP_LABEL_ITEM.finditer(text) if not _in_brackets(text, m.start())]
    chain: list[re.Match] = []
    for m in items + [None]:
        if m is not None and chain and _RX.JOIN.fullmatch(text, chain[-1].end(), m.start()):
            chain.append(m)
            continue
        if len(chain) >= 2 and len({c.group("label").upper() for c in chain}) == len(chain):
            head = _chain_head(text, chain[0].start(), chain[-1].end())
            out.extend(EventCount(c.start, c.end, c.events, head=head) for c in _chain_counts(chain))
        chain = [m] if m is not None else []
    return out


def _chain_head(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The event noun a list of per-group counts is of: the last in its clause before the list ("Fever occurred in
    3 cases of group A and 1 of group C"), else the first after it up to the next clause ("Two patients in group B,
    but none in group A, required toe amputation")."""
    c0 = max(text.rfind(ch, 0, start) for ch in ";:.") + 1
    before = [h for h in _HEAD_RX.finditer(text, c0, start) if is_event_head(h.group("head"))]
    if before:
        return before[-1].start("head"), before[-1].end("head")
    brk = _RX.CLAUSE_END.search(text, end)
    after = next((h for h in _HEAD_RX.finditer(text, end, brk.start() if brk else len(text))
                  if is_event_head(h.group("head"))), None)
    return (after.start("head"), after.end("head")) if after else None


_HEAD_RX = re.compile(HEAD, re.I)
#: The zero forms' event noun (``ZHEAD``), found alone.
_ZHEAD = re.compile(_RX.ZHEAD, re.I)


#: The readers in the order the grammar claims them (earlier ones win overlapping characters).
READERS = (shared_total_events, of_total_events, breakdown_events, per_group_events, group_label_events,
           labelled_pair_events, had_events, count_head_events, head_in_n_events, zero_events, none_related_events,
           n_equals_events)


def event_counts(text: str) -> list[EventCount]:
    """Every prose event count of a sentence, by reader priority then position (overlaps left to the caller)."""
    return [c for reader in READERS for c in sorted(reader(text), key=lambda c: c.start)]
