"""Answer a reviewer's outcome-data query from one article's extracted candidates.

Query: {id, study, outcome, intervention, comparator}. Answer: the outcome type
(binary / continuous / null), per-arm events and group sizes or means and SDs,
the evidence (table cells or sentences), values derived from reported parts
(with their formulas) and a confidence. Candidates are statistics records from
tables (``extract.tables``) and from prose (the abstract pipeline run over the
results text); arms are named in table headers and in the text.

Outcome matching is lexical: tokens (with light stemming), character trigrams
and the outcome vocabulary's synonyms (``schemas/outcomes.json``) over row
labels, captions and outcome mentions. Arms are matched by name, abbreviation
("White Grape Juice (WGJ)" ~ "WGJ"), initials ("externship program" ~ "EP"),
dose and code, then by role words (placebo, control, usual care). A pair whose
score is under ``MIN_CONFIDENCE`` gives nulls: null beats a guess.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass

from stemfoot.extract.arm_link import linked_codes, spelled_codes
from stemfoot.extract.tables import spelled_labels
from stemfoot.extract.derive import events_from_percent
from stemfoot.extract.numbers import WORD_NUM, words_without_numbers
from stemfoot.extract.pattern_data import load_patterns
from stemfoot.extract.value_kinds import worded_rise
from stemfoot.schemas import CLUSTER_SIDE, baseline_cues, control_words

#: Below this the answer is null: the best of 0.20-0.45 on yun_dev (table path; bench_fulltext --min-confidence).
MIN_CONFIDENCE = 0.25
#: A prose group whose learned outcome-match probability (``extract.outcome_match``) is below this answers
#: nothing. Trained on Evidence Inference sentences only, so table rows keep the hand-made score alone.
LEARNED_FLOOR = 0.1
# A caption names the outcome of a table whose row labels do not: weaker evidence than the row's own label.
CAPTION_WEIGHT = 0.9
#: The weight of a ratio row whose divisor the query does not name (``ratio_other_half``).
RATIO_WEIGHT = 0.8
#: A prose value its sentence calls a change, for a query naming no change; and a level column of a table block
#: that has a change column, for a query naming a change.
CHANGE_WEIGHT = 0.9
#: A continuous place's weight for a query counting the people past a threshold (``threshold_query``).
THRESHOLD_WEIGHT = 0.9
#: A prose place whose value carries no outcome label is scored on its sentence's words (as a pair is), at this
#: weight, and only where the learned matcher gives the sentence at least ``UNLABELLED_GATE``.
UNLABELLED_WEIGHT = 0.85
UNLABELLED_GATE = 0.25
#: Below this outcome similarity the group sizes are still given (arms matched) but no outcome numbers.
_STOP = {"the", "of", "in", "a", "an", "and", "to", "for", "with", "on", "at", "by", "from", "between", "score",
         "scores", "mean", "total", "level", "levels", "patients", "group", "groups", "number", "rate", "rates",
         "change", "changes", "after", "during", "treatment", "effect", "effects", "i", "ii", "was", "were", "or", "is",
         "n", "sd", "value", "values", "vs", "versus", "participants", "subjects", "percentage", "proportion", "mean±sd"}
#: This module's regexes, as data in patterns/outcome_query.json (compiled once, here).
_RX = load_patterns("outcome_query", CONTROL_WORDS=control_words("query_arm"),
                    GENERIC_CONTROL_WORDS=control_words("query_generic"), BASELINE_CUES=baseline_cues(table=True),
                    WORD_NUM=WORD_NUM, CLUSTER_SIDE=CLUSTER_SIDE)
#: The sentence splitter and the words for people counted, shared by the size readers (``group_sizes``,
#: ``analysed_counts``) so that they split and count as answers do.
SENTENCE = _RX.SENTENCE
PEOPLE_WORDS = _RX.PEOPLE_WORDS

ANSWER_FIELDS = ("intervention_events", "intervention_group_size", "comparator_events", "comparator_group_size",
                 "intervention_mean", "intervention_sd", "comparator_mean", "comparator_sd")


#: Number words and ordinals as digits: a time point is the same whichever way it is written.
_NUMBER_WORDS = {w: str(i) for i, ws in enumerate(
    [(), ("one", "first"), ("two", "second"), ("three", "third"), ("four", "fourth"), ("five", "fifth"),
     ("six", "sixth"), ("seven", "seventh"), ("eight", "eighth"), ("nine", "ninth"), ("ten", "tenth")]) for w in ws}
for _d in range(1, 11):
    _NUMBER_WORDS[f"{_d}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(_d, 'th') }"] = str(_d)


def _stem(w: str) -> str:
    for suf in ("ations", "ation", "ings", "ing", "ness", "ies", "es", "ed", "s"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            return w[: -len(suf)]
    return w


def tokens(text: str) -> list[str]:
    """Content tokens, lower-cased and lightly stemmed."""
    return list(_tokens(text or ""))


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[str, ...]:
    # Cached: one article's labels are compared with every query on it.
    text = re.sub(r"\b([A-Z]{2,})s\b", r"\1", text)  # "TEAEs" -> "TEAE"
    words = re.findall(r"[a-z0-9]+(?:[-'][a-z0-9]+)*", text.lower().replace("–", "-"))
    words = [_NUMBER_WORDS.get(w, w) for w in words]  # "day two" ~ "second day" ~ "day 2"
    return tuple(_stem(w) for w in words if w not in _STOP and len(w) > 1 or w.isdigit())


@lru_cache(maxsize=65536)
def _trigrams(text: str) -> Counter:  # cached and shared: callers never change it
    t = " " + " ".join(re.findall(r"[a-z0-9]+", (text or "").lower())) + " "
    return Counter(t[i:i + 3] for i in range(len(t) - 2))


def _dice(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    inter = sum((a & b).values())
    return 2 * inter / (sum(a.values()) + sum(b.values()))


def text_similarity(query: str, label: str) -> float:
    """0..1: token overlap (containment and F1) blended with character-trigram Dice."""
    q, lab = set(_tokens(query or "")), set(_tokens(label or ""))
    if not q or not lab:
        return 0.0
    inter = len(q & lab)
    if inter == 0:
        # "flexibility" vs "flexible": prefixes of 5+ letters.
        inter = sum(1 for a in q if any(len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5] for b in lab))
    precision, recall = inter / len(lab), inter / len(q)
    f1 = 2 * precision * recall / (precision + recall) if inter else 0.0
    token = 0.5 * max(precision, recall) + 0.5 * f1
    return 0.75 * token + 0.25 * _dice(_trigrams(query), _trigrams(label))


def _vocab_ids(text: str) -> set[str]:
    try:
        from stemfoot.extract import vocabulary
        return {h.term.id for h in vocabulary.outcomes().find(text or "")}
    except Exception:  # noqa: BLE001 - the vocabulary is a bonus, never a failure
        return set()


@lru_cache(maxsize=16)
def article_acronyms(text: str) -> dict[str, str]:
    """Acronyms the article defines, first definition kept: "complete response (CR)" -> {"CR": "complete response"}.

    The words right before the parenthesis must have the acronym's letters as initials (a hyphen splits
    words: "hand-foot syndrome (HFS)"); when they do not, a long acronym may take a word's inner letters and skip
    joining words ("postoperative nausea and vomiting (PONV)"), the joining words kept.
    """
    out: dict[str, str] = {}
    for m in _RX.DEFINITION.finditer(text or ""):
        acro = m.group(2)
        letters = acro.upper()
        words = re.findall(r"[A-Za-z0-9]+", m.group(1))
        if len(letters) < 2 or letters in out:
            continue
        form = _defined_form(letters, words)
        if form:
            out[letters] = form
    return out


def _defined_form(letters: str, words: list[str]) -> str | None:
    """The words ending right before an acronym's parenthesis that spell it (``article_acronyms``), or None."""
    tail = words[-len(letters):] if len(words) >= len(letters) else []
    if tail and "".join(w[0].upper() for w in tail) == letters:
        return " ".join(tail)
    # Only where a word gives more than its initial: a definition spelled by the other words' initials alone once
    # joining words are skipped ("mean amplitude of glycemic excursions (MAGE)") made a real table row answer a
    # query it does not (round 58: one held-out answer went from missing to wrong, none was gained).
    content = [k for k, w in enumerate(words) if w.lower() not in _ACRONYM_SKIP]
    for s in range(len(content)):
        run = [words[k] for k in content[s:]]
        if len(run) < len(letters) and inner_letters_form(letters, run) == " ".join(run):
            return " ".join(words[content[s]:])
    return None


_ACRONYM_SKIP = {"of", "and", "the", "for", "in", "on", "to", "with", "a", "an", "&"}


def expand_acronyms(label: str, words_from: str, defined: dict[str, str] | None = None) -> str:
    """``label`` with each acronym spelled out by consecutive words of ``words_from`` whose initials it is.

    "pCR in tumor" with "rate of pathological complete response in primary tumor" gives "pathological
    complete response in tumor"; "HFS" with "hand-foot syndrome" gives "hand foot syndrome". An acronym
    the other text does not spell out stays as it is. An acronym the article itself defines (``defined``,
    from ``article_acronyms``) is spelled out its way only: "CR" defined as "complete response" is no
    "clinical response" however the query's initials read.
    """
    words = re.findall(r"[A-Za-z0-9]+", words_from or "")
    initials = "".join(w[0].upper() for w in words)
    # Acronyms leave out function words ("Hospital Anxiety and Depression Scale" is HADS, "Functional Assessment of
    # Cancer Therapy" FACT): the content words' initials, each mapped back to its place among all the words.
    content = [k for k, w in enumerate(words) if w.lower() not in _ACRONYM_SKIP]
    content_initials = "".join(words[k][0].upper() for k in content)

    def spell(m: re.Match) -> str:
        letters = m.group(1).upper()
        if defined and letters in defined:
            return defined[letters]
        if len(letters) < 2:
            return m.group(0)
        at = initials.find(letters)
        if at >= 0:
            return " ".join(words[at:at + len(letters)])
        at = content_initials.find(letters)
        if at >= 0:
            return " ".join(words[content[at]:content[at + len(letters) - 1] + 1])
        return inner_letters_form(letters, words) or m.group(0)

    return _RX.ACRONYM.sub(spell, label or "")


def inner_letters_form(letters: str, words: list[str]) -> str | None:
    """The first run of two or more consecutive words that spell an acronym of four or more letters when a word may
    give more than its initial: each word opens a part of the acronym with its first letter, the part's other letters
    follow in order inside that word, never its last letter ("IMAT": Intermuscular Adipose Tissue); the last word gives
    its initial only ("FMD" is no "Flow-Mediated vasoDilatation"). Shorter acronyms are spelled by too many words
    ("PEC" no "Positive cElls"). None when no run does."""
    if len(letters) < 4:
        return None

    def spells(k: int, w: int) -> int | None:  # the end of a run spelling letters[k:] from word w on
        if k == len(letters):
            return w
        if w >= len(words) or words[w][0].upper() != letters[k]:
            return None
        rest, j = words[w][1:-1].upper(), k + 1
        for c in rest:  # the longest part this word can give (never the last letter), shorter ones tried after
            if j < len(letters) - 1 and c == letters[j]:
                j += 1
        for end in range(j, k, -1):
            got = spells(end, w + 1)
            if got is not None:
                return got
        return None

    for start in range(len(words)):
        end = spells(0, start)
        if end is not None and end - start >= 2:
            return " ".join(words[start:end])
    return None


#: The hyphen between two words, or after a code before a word ("HDL-cholesterol"), not a code's ("HOMA-IR", "IL-6").
_COMPOUND = re.compile(r"(?<=[a-z]{3})-(?=[A-Za-z][a-z]{2})|(?<=[A-Z]{2})-(?=[a-z]{3})")


def outcome_similarity(query: str, labels: list[str], defined: dict[str, str] | None = None) -> float:
    """Best similarity of the query outcome to any of a record's labels (row label, prefix, caption, mention).

    Acronyms are spelled out from the other side's words (``expand_acronyms``), and a query's trailing
    population qualifier ("- in node-positive patients") is also tried without it.
    """
    forms = [query] + [f for f in arm_aliases(query)[1:] if not (f.isupper() and " " not in f and f not in query)]
    bare = _RX.POPULATION.sub("", query)
    if bare and bare != query:
        forms.append(bare)
    head = _RX.DASH_QUALIFIER.sub("", query)
    if head != query and _tokens(head) and head not in forms:
        forms.append(head)
    labels = [l for l in labels if l]
    labels += [x for x in (expand_acronyms(l, query, defined) for l in labels) if x not in labels]
    best = max((text_similarity(q, l) for q in forms for l in labels), default=0.0)
    # A compound of words is one whether hyphenated or not ("self-efficacy", "Self Efficacy"); codes keep their
    # hyphen ("HOMA-IR", "IL-6").
    if any(_COMPOUND.search(x) for x in forms[:1] + labels):
        best = max([best] + [text_similarity(_COMPOUND.sub(" ", q), _COMPOUND.sub(" ", l))
                             for q in forms[:1] for l in labels])
    best = max([best] + [text_similarity(expand_acronyms(q, l), l) for q in forms[:1] for l in labels
                         if _RX.ACRONYM.search(q)])
    q_ids = _vocab_ids(query)
    if q_ids and any(q_ids & _vocab_ids(l) for l in labels if l):
        best = max(best, 0.8)
    return best


# --- arms ------------------------------------------------------------------------------------------------------

#: Hyphens and dashes a label may carry (U+2010, U+2011, figure / en dash, minus) as the ASCII hyphen a query has.
DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2212"})
#: Words an article shortens to a prefix of the arm's name ("bilateral TENS" -> "Bi-TENS").
_PREFIX_FORMS = {"bilateral": "Bi", "unilateral": "Uni"}


def arm_aliases(name: str) -> list[str]:
    """A query arm's forms: itself, its parenthesised abbreviation, the text outside it, initials of its words."""
    return list(_arm_aliases(name or ""))


@lru_cache(maxsize=4096)  # the same few arm names are asked for thousands of times per run
def _arm_aliases(name: str) -> tuple[str, ...]:
    name = " ".join((name or "").translate(DASHES).split())
    forms = [name]
    inside = re.findall(r"\(([^()]+)\)", name)
    if inside:
        # The first parenthesis, and those that end the name: a query may carry its own and the article's
        # ("Resiniferatoxin (RTX) (group I)", ``with_aliases`` / ``with_code``).
        tail = re.search(r"(?:\s*\([^()]+\))+\s*$", name)
        brackets = list(dict.fromkeys(inside[:1] + (re.findall(r"\(([^()]+)\)", tail.group(0)) if tail else [])))
        forms += brackets
        for b in brackets:  # "(SeG group)" is also "SeG"; "(CG - control group)" also "CG" and "control group"
            m = _RX.BRACKET_COINED.fullmatch(b.strip())
            if m:
                forms += [x for x in m.groups() if x]
        forms.append(re.sub(r"\s*\([^()]*\)", "", name))
    for part in re.split(r",|;", name):
        if part.strip() and part.strip() != name:
            forms.append(part.strip())
    for long, short in _PREFIX_FORMS.items():  # "bilateral TENS" is also "Bi-TENS"
        m = re.search(rf"(?i)\b{long}\s+(\S+)", name)
        if m:
            forms.append(f"{short}-{m.group(1)}")
    words = [w for w in re.findall(r"[A-Za-z]+", re.sub(r"\([^()]*\)", "", name)) if w.lower() not in {"of", "the", "and", "with", "a"}]
    for k in range(2, min(len(words), 5) + 1):
        forms.append("".join(w[0] for w in words[-k:]).upper())
    code = _RX.ARM_CODE.search(name)
    if code:  # "Group A patients - conventional surgery" is also "group A"
        forms.append(f"{code.group(1).lower()} {code.group(2)}")
    return tuple(dict.fromkeys(f for f in forms if f))


def long_form(short: str, before: str) -> str | None:
    """Schwartz & Hearst (2003): the fewest words right before a parenthesis that spell ``short`` in order, its
    first character starting a word ("linear-polarized near-infrared (LPNIR)", "glecaprevir/pibrentasvir
    (GLE+PIB)"). None when they do not."""
    letters = [c.lower() for c in short if c.isalnum()]
    words = before.split()[-min(len(letters) + 5, 2 * len(letters)):]
    lf = " ".join(words).lower()
    i = len(lf) - 1
    for k in range(len(letters) - 1, -1, -1):
        c = letters[k]
        while i >= 0 and (lf[i] != c or (k == 0 and i > 0 and lf[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
    start = lf.rfind(" ", 0, i + 1) + 1
    return " ".join(" ".join(words)[start:].split()) or None


@lru_cache(maxsize=16)
def article_short_forms(text: str) -> tuple[tuple[str, str], ...]:
    """(short form, long form) pairs the article defines in parentheses, first definition of each kept: the short
    form has a capital or a sign ("RTX", "GLE+PIB", "LPNIR"), the long form spells it (``long_form``)."""
    out: dict[str, str] = {}
    for sentence in SENTENCE.split(text or ""):
        for m in _RX.SHORT_FORM.finditer(sentence):
            short = m.group(1).rstrip(".")
            if short in out or not re.search(r"[A-Z]", short) or not re.search(r"[A-Za-z]", short) \
                    or _RX.ARM_CODE.search(f"group {short}") and len(short) <= 2:
                continue  # "(A)", "(II)": a code, not a name (``code_arms`` reads those)
            long = long_form(short, sentence[:m.start()])
            if long and len(long) > len(short):
                out[short] = long
    return tuple(out.items())


def _arm_words(text: str) -> set[str]:
    """An arm name's content words, with "-", "/" and "+" as spaces ("next-day", "IBU+PCM")."""
    return set(_tokens(re.sub(r"[-/+]", " ", text)))


def _covers(long: str, query_arm: str) -> bool:
    """Whether a long form names the query arm: all its content words are the query's, or all the query's are its."""
    a, b = _arm_words(long), _arm_words(query_arm)
    return bool(a and b) and (a <= b or b <= a)


def _same_words(long: str, query_arm: str) -> bool:
    """Whether a long form and the query arm have the same content words ("next day review", "Next-day review")."""
    a = _arm_words(long)
    return bool(a) and a == _arm_words(query_arm)


def add_on_side(long: str, q_int: str, q_cmp: str) -> int | None:
    """Which query arm (0 intervention, 1 comparator) is a long form alone when both arms hold its words: in an add-on
    design ("PBMNC plus platelet-rich plasma gel" vs "Platelet-rich plasma gel alone") the base treatment's short
    form ("PRP") names the arm that has nothing else. That arm's words are the long form's, the other arm's, and
    words saying "alone" (``ALONE_WORD``) only, more than half of them the long form's; the other arm adds an agent of
    its own (no negation, control, generic, dose or joining word: "No use of PEEP", "Sham IMT", "rhGH 0.1" vs "rhGH
    0.05" name no add-on). None when neither or both arms are such."""
    words = _arm_words(long)
    arms = [_arm_words(re.sub(r"\([^()]*\)", " ", q)) for q in (q_int, q_cmp)]
    alone = lambda w: bool(_RX.ALONE_WORD.fullmatch(w))  # noqa: E731
    not_agent = lambda w: alone(w) or len(w) < 3 or any(  # noqa: E731
        rx.fullmatch(w) for rx in (_RX.ELIM_NO_OWN_WORD, _RX.ELIM_GENERIC_WORD, _RX.COMBINED_ARM, _RX.QUERY_NEGATION,
                                   _RX.CONTROL))
    sides = []
    for k, (mine, other) in enumerate((arms, arms[::-1])):
        base = {w for w in mine if not alone(w)}
        if base and not {w for w in mine - words - other if not alone(w)} and 2 * len(base & words) > len(base) \
                and any(not not_agent(w) for w in other - mine - words):
            sides.append(k)
    return sides[0] if len(sides) == 1 else None


def article_arm_aliases(text: str, q_int: str, q_cmp: str) -> tuple[list[str], list[str]]:
    """Short forms the article defines for each query arm ("Resiniferatoxin (RTX)" for a query naming
    resiniferatoxin): a long form that names one arm only (``_covers``); one naming both arms, or a short form the
    query already has, is left out (null beats a guess)."""
    out: tuple[list[str], list[str]] = ([], [])
    for short, long in article_short_forms(text or ""):
        hit_i, hit_c = _covers(long, q_int), _covers(long, q_cmp)
        if hit_i and hit_c:
            # "next day review (NDR) or no next day review (NNDR)": both arms' words are in either long form; the
            # one arm whose words are exactly the long form's is the one it names
            hit_i, hit_c = _same_words(long, q_int), _same_words(long, q_cmp)
            if hit_i == hit_c:  # "PBMNC plus platelet-rich plasma (PRP) gel" vs "PRP gel alone": the add-on's base
                side = add_on_side(long, q_int, q_cmp)
                hit_i, hit_c = side == 0, side == 1
        if hit_i == hit_c:
            continue
        q = q_int if hit_i else q_cmp
        if not re.search(rf"(?<![A-Za-z0-9]){re.escape(short)}(?![A-Za-z0-9])", q):
            out[0 if hit_i else 1].append(short)
    return out


def with_aliases(query_arm: str, aliases: list[str]) -> str:
    """``query_arm`` with the article's short forms for it appended in parentheses (``arm_aliases`` reads them)."""
    return query_arm + "".join(f" ({a})" for a in aliases)


def factorial_signs(label: str) -> dict[str, bool] | None:
    """A factorial design's cell label, each factor's code with a sign ("PA+/HE−": physical activity given, healthy
    eating not) as {code: given}; None when the label is not only such codes (two or more, of two to six letters:
    a one-letter code is as often an article or a grade)."""
    parts = re.findall(r"([A-Za-z]{2,6})\s*([+−–-])", label or "")
    if len(parts) < 2 or re.sub(r"[A-Za-z]{2,6}\s*[+−–-]|[\s/,;]", "", label):
        return None
    return {code.upper(): sign == "+" for code, sign in parts}


def _names_factor(query_arm: str, code: str, words: str) -> bool:
    """Whether a query arm names a factor: by its code as a word, or by the full words the article defines the code
    with ("Physical activity alone" names PA, "physical activity (PA)")."""
    if re.search(rf"(?<![A-Za-z]){re.escape(code)}(?![A-Za-z])", query_arm, re.I):
        return True
    flat = lambda t: " ".join(re.findall(r"[a-z0-9]+", t.lower()))  # noqa: E731
    return f" {flat(words)} " in f" {flat(query_arm)} "


def factorial_similarity(query_arm: str, signs: dict[str, bool], factors: dict[str, str]) -> float:
    """How a factorial cell ("PA+/HE−") names a query arm: 0.95 when exactly the factors the arm names are given (a
    control arm: none), else 0 (another cell of the design). ``factors``: the codes the article defines
    (``article_acronyms``); a cell whose codes it does not all define is no factorial cell ("ER−/PR−",
    "Pre-/Post-"): 0."""
    if not all(code in factors for code in signs):
        return 0.0
    named = {code: _names_factor(query_arm, code, factors[code]) for code in signs}
    if not any(named.values()) and not _RX.CONTROL.search(query_arm):
        return 0.0  # an arm that names no factor and is no control: this label says nothing of it
    return 0.95 if named == signs else 0.0


def combination_label(query_arm: str, label: str) -> bool:
    """Whether a label joins one of the query arm's names to another agent's short name the query does not have
    ("t-PA-DNase" for "Tissue plasminogen activator (t-PA)", "NRT+BUP" for "NRT"): the combination, not the arm. The
    other part is an abbreviation (two or more capitals: "DNase", "BUP"), so prefixes ("Anti-", "Post-") are not, nor
    a dosing regimen ("Ranibizumab-PRN", "Insulin-NPH")."""
    if _RX.COMBINED_ARM.search(re.sub(r"\([^()]*\)", " ", query_arm)):
        return False  # the query's own combination, its parts perhaps abbreviated otherwise ("DNase")
    known = {f.lower() for f in arm_aliases(query_arm)} | set(re.findall(r"[a-z0-9]+", query_arm.lower()))
    for word in label.split():
        parts = [p for p in re.split(r"[-+/]", word) if p]
        runs = {"-".join(parts[a:b]).lower() for a in range(len(parts)) for b in range(a + 1, len(parts) + 1)}
        if len(parts) < 2 or not runs & known:
            continue
        if any(len(p) >= 3 and sum(c.isupper() for c in p) >= 2 and p.lower() not in known
               and not _RX.REGIMEN_ABBREV.match(p) for p in parts):
            return True
    return False


def _stems(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]{3,}", text.lower())}


def names_denied(query_arm: str, label: str) -> bool:
    """Whether a label names, undenied, a word the query arm denies ("Intervention" for "No intervention", "Treated"
    for "Untreated", "Scaffold + cells" for "Scaffold without cells"): the other arm, whatever words they share.
    Read both ways (``names_denied(label, query_arm)``: "No MSC" for "MSC")."""
    denied = _stems(" ".join(m.group("word") or m.group("free") for m in _RX.DENIED_WORD.finditer(query_arm)))
    return bool(denied & _stems(_RX.DENIED_WORD.sub(" ", label)))


#: Dose levels written alike: "intermediate", "mid" and "moderate" are the middle one.
_DOSE_LEVEL_SAME = {"intermediate": "medium", "mid": "medium", "moderate": "medium"}


def dose_levels(text: str) -> set[str]:
    """The dose (or intensity) levels an arm name states (``DOSE_LEVEL``): "High-dose UC-MSC" -> {"high"}."""
    return {_DOSE_LEVEL_SAME.get(m.group(1).lower(), m.group(1).lower()) for m in _RX.DOSE_LEVEL.finditer(text or "")}


def other_dose_level(query_arm: str, label: str) -> bool:
    """Whether a label names only other dose levels than the query arm's ("Low dose" for "High-dose UC-MSC"):
    the other dose's arm of a three-arm trial, as a different number of mg is (``NUMWORD``)."""
    q, lab = dose_levels(query_arm), dose_levels(label)
    return bool(q and lab) and not q & lab


def arm_similarity(query_arm: str, label: str, role: str, factors: dict[str, str] | None = None) -> float:
    """0..1: how well a table/prose arm label names the query's intervention or comparator. ``factors``: the codes
    the article defines, for factorial cell labels ("PA+/HE−"); a cell whose codes are not defined names no arm
    ("ER−/PR−", "Pre-/Post-")."""
    if not label:
        return 0.0
    signs = factorial_signs(label)
    if signs:
        return factorial_similarity(query_arm, signs, factors or {})
    lab = " ".join(re.sub(r"\(?\b[nN]\s*=\s*\d+\)?", "", label.translate(DASHES)).split())
    if names_denied(query_arm, lab) or names_denied(lab, query_arm):
        return 0.0  # its shared word ("intervention" of "No intervention") is the one the query arm denies
    lab_low = lab.lower()
    best = 0.0
    for form in arm_aliases(query_arm):
        f_low = form.lower()
        if len(form) <= 6 and form.isupper():
            # An abbreviation must appear as a word ("WGJ", "EP group").
            if re.search(rf"(?<![A-Za-z]){re.escape(form)}(?![A-Za-z])", lab):
                best = max(best, 0.95)
            continue
        if f_low == lab_low or re.sub(r"\s*(group|arm)$", "", lab_low) == f_low:
            best = max(best, 1.0)
        elif f_low in lab_low or (len(lab_low) >= 4 and lab_low in f_low):
            best = max(best, 0.85)
        else:
            best = max(best, text_similarity(form, lab))
    if best >= 0.6 and combination_label(query_arm, lab):
        best *= 0.5
    code = _RX.ARM_CODE.search(query_arm)
    if code and re.fullmatch(rf"(?:(?:group|arm)\s+)?{re.escape(code.group(2))}", lab, re.I) and (
            len(lab) > len(code.group(2)) or lab == code.group(2).upper()):
        best = max(best, 0.95)  # a table column headed by the code alone ("I", "II", "B") names the coded arm
    if initials_code(query_arm, lab):
        best = max(best, 0.9)
    q_dose = set(_RX.NUMWORD.findall(query_arm.lower()))
    l_dose = set(_RX.NUMWORD.findall(lab_low))
    if q_dose and l_dose:
        best = best * (1.0 if q_dose & l_dose else 0.4)
    if other_dose_level(query_arm, lab):
        best *= 0.4
    if dose_code(query_arm, lab):  # "E5" for "epinephrine 5 μg": its dose is glued to the initial
        best = max(best, 0.9)
    lab_low = re.sub(r"^the\s+", "", lab_low)  # "The treatment group" is the generic "treatment group"
    if best < 0.6:
        if role == "comparator" and _RX.GENERIC_CONTROL.match(lab_low):
            best = max(best, 0.7 if _RX.CONTROL.search(query_arm) else 0.55)
        if role == "intervention" and _RX.GENERIC_INTERVENTION.match(lab_low):
            best = max(best, 0.6)
        if role == "comparator" and _RX.CONTROL.search(lab_low) and _RX.CONTROL.search(query_arm):
            best = max(best, 0.7)
    if role == "intervention" and _RX.CONTROL.search(lab_low) and not _RX.CONTROL.search(query_arm):
        best *= 0.5
    return best


_JOINERS = {"plus", "and", "with", "or", "combined", "the", "a", "of", "in"}


def initials_code(query_arm: str, label: str) -> bool:
    """Whether a label is a code of two or more letters spelling the initials of the query arm's words in order:
    "Group B+D" for "bupivacaine plus dexamethasone", "BD group" likewise (joining words and doses left out).
    One letter is no such code ("Group A" is as often the first group as "aspirin")."""
    bare = re.sub(r"(?i)\b(?:groups?|arms?)\b", " ", label or "").strip()
    if not re.fullmatch(r"[A-Z](?:\s*[+/&]?\s*[A-Z]){1,3}", bare):
        return False
    letters = re.sub(r"[^A-Z]", "", bare)
    words = [w for w in re.findall(r"[A-Za-z]+", re.sub(r"\([^()]*\)", " ", query_arm or ""))
             if w.lower() not in _JOINERS and not re.fullmatch(r"(?i)mg|kg|ml|g|mcg|µg|day|daily|dose", w)]
    return len(words) == len(letters) and "".join(w[0].upper() for w in words) == letters


def dose_code(query_arm: str, label: str) -> bool:
    """Whether a label is a code of one to three letters and a number ("E5", "group E10", "B-7.5") where the letters
    spell the initials of the query arm's first words and the number is a dose the arm names ("epinephrine 5 μg"
    for E5, not for E10; "bupivacaine 7.5 mg" for B7.5). The number must be the arm's own: a code's digits alone
    are as often a group's ordinal ("G1")."""
    bare = re.sub(r"(?i)\b(?:groups?|arms?)\b", " ", label or "").strip()
    m = re.fullmatch(r"([A-Z]{1,3})\s*[-‐]?\s*(\d+(?:\.\d+)?)", bare)
    if not m:
        return False
    letters, number = m.group(1), float(m.group(2))
    plain = re.sub(r"\([^()]*\)", " ", query_arm or "")
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]*", plain) if w.lower() not in _JOINERS]
    doses = {float(d) for d in re.findall(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:μg|µg|mcg|ug|mg|g|ml|mL|IU|U|%|mmol|ng)\b",
                                           plain)}
    initials = "".join(w[0].upper() for w in words[:len(letters)])
    return len(words) >= len(letters) and initials == letters and number in doses


# --- answering ---------------------------------------------------------------------------------------------

@dataclass
class _Cand:
    record: dict
    key: tuple
    outcome: float


def _labels(rec: dict, own_only: bool = False) -> list[str]:
    """The texts a place's outcome is scored against; ``own_only``: without the label (and its outcome) the value
    inherited from elsewhere, its sentence's own words instead."""
    ev = rec.get("evidence") or {}
    if own_only:
        return [ev.get("row_header") or "", rec.get("_lead") or "", words_without_numbers(str(ev.get("sentence") or ""))]
    labels = [rec.get("outcome_label") or "", ev.get("row_header") or "", rec.get("_lead") or ""]
    if _in_table(rec):
        labels += spelled_labels(rec.get("outcome_label") or "")  # a row label's shorthand spelled out ("ΔHb")
    if rec.get("outcome"):
        labels.append(rec["outcome"].replace("_", " "))
    return labels


def unlabelled_prose(rec: dict) -> bool:
    """Whether a prose value carries no outcome words of its own (no label, lead or vocabulary outcome): only its
    sentence can tell what it measures."""
    ev = rec.get("evidence") or {}
    return (ev.get("table") is None and ev.get("source") != "table" and not rec.get("_pair")
            and not any(str(x or "").strip() for x in (rec.get("outcome_label"), ev.get("row_header"),
                                                        rec.get("_lead"), rec.get("outcome")))
            and bool(str(ev.get("sentence") or "").strip()))


def _type_of(kind: str) -> str | None:
    return {"events": "binary", "percent": "binary", "mean_sd": "continuous", "mean": "continuous"}.get(kind)


def _cell_states(rec: dict, n: int) -> bool:
    """Whether a record's own cell or words state ``n`` ("12/65", "12 of 65"), not only its column's header."""
    text = str(((rec or {}).get("evidence") or {}).get("text") or "")
    return re.search(rf"(?<![\d.]){n}(?![\d]|\.\d)", text) is not None


def record_size(rec: dict) -> int | None:
    """A record's total as an int (None when it states none)."""
    total = rec.get("total")
    return int(total) if total is not None else None


def arm_sizes(candidates: list[dict], arms: list[dict]) -> list[tuple[str, int]]:
    """(arm label, n) pairs stated anywhere: table headers (record totals) and the text's arms; a crossover's
    sequence group ("Control-first (n = 7)", ``group_sizes.sequence_label``) and a bare "group" are no arm."""
    from stemfoot.extract.group_sizes import sequence_label

    out = []
    labels = [rec.get("arm") or "" for rec in candidates] + [arm.get("label") or "" for arm in arms]
    for rec in candidates:
        sub = re.search(r"\[([^\]]+)\]$", rec.get("outcome_label") or "")
        if sub and not _RX.OVERALL.match(sub.group(1)):
            continue  # "Children / Placebo (n = 42)": a subgroup's size is not the arm's
        if sequence_label(rec.get("arm") or "", labels) or _RX.BARE_GROUP.fullmatch(rec.get("arm") or ""):
            continue  # no arm: a sequence group, or a bare "group" (whose size would be anyone's)
        if rec.get("arm") and rec.get("arm_n"):
            out.append((rec["arm"], int(rec["arm_n"])))
    for arm in arms:
        if arm.get("label") and arm.get("n_patients") and not _RX.BARE_GROUP.fullmatch(arm["label"]) \
                and not sequence_label(arm["label"], labels):
            out.append((arm["label"], int(arm["n_patients"])))
    return out


def best_size(query_arm: str, role: str, sizes: list[tuple[str, int]], other: str | None = None
              ) -> tuple[int | None, float]:
    """The n most strongly named for ``query_arm`` among (label, n) sizes, and its best label similarity. With the
    ``other`` query arm, a label joining agents ("+", "plus", "with") one of which only the other arm's name has, and
    none only this one's, is the other arm's ("ADSC + PRP (n = 34)" is not the size of "Platelet-rich plasma gel
    (PRP)" against "ADSCs plus platelet-rich plasma gel")."""
    scored = Counter()
    best_sim: dict[int, float] = {}
    own, theirs = (own_words(query_arm, other), own_words(other, query_arm)) if other else (set(), set())
    for label, n in sizes:
        if theirs and _RX.COMBINED_ARM.search(label) and names_other_arm(label, own, theirs):
            continue
        s = arm_similarity(query_arm, label, role)
        if s >= 0.55:
            scored[n] += s
            best_sim[n] = max(best_sim.get(n, 0), s)
    if not scored:
        return None, 0.0
    n, _ = scored.most_common(1)[0]
    return n, best_sim[n]


def text_arm_sizes(text: str, query_arm: str) -> list[int]:
    """Group sizes the text states for an arm named like ``query_arm``.

    "67 patients were randomly assigned to the propofol group", "39 patients
    with LDs", "the placebo group (n = 42)": the arm by name, abbreviation or
    initials (``arm_aliases``); a number followed by a unit is not a size.
    """
    return list(_text_arm_sizes(text, query_arm))


@lru_cache(maxsize=1024)
def _text_arm_sizes(text: str, query_arm: str) -> tuple[int, ...]:
    # Cached: every query about an article asks again for the same arms (the answer's and the chooser's
    # candidates), and each call compiles and runs two patterns over the whole text per alias.
    sizes: list[int] = []
    if not text:
        return ()
    for form in arm_aliases(query_arm):
        form = re.sub(r"^(?:the|a)\s+", "", form.strip(), flags=re.I)
        if len(form) < 2 or _RX.CONTROL.fullmatch(form.lower()) is None and len(form) < 3 and not form.isupper():
            continue
        name = re.escape(form).replace(r"\ ", r"[\s-]+")  # "half bath" is also "half-bath"
        flags = 0 if form.isupper() and len(form) <= 6 else re.I
        before = re.compile(rf"(?<![\d.,])(\d{{1,4}})(?![\d.,])((?:\s+[A-Za-z-]+){{0,5}}?)\s+(?:to|in|into|with|received|"
                            rf"receiving|under)\s+(?:the\s+|a\s+)?(?:[A-Za-z-]+\s+){{0,2}}?{name}s?(?![A-Za-z])", flags)
        # "the placebo group (n = 42)", "(... 10 weeks/iCBT; n = 38)"
        after = re.compile(rf"(?<![A-Za-z]){name}s?(?:\s+(?:group|arm))?\s*[(\[,;]\s*[nN]\s*=\s*(\d{{1,4}})\b", flags)
        for m in before.finditer(text):
            words = m.group(2) or ""
            if words.strip() and not _RX.PEOPLE.search(words):
                continue  # "2 diabetes compared with nondiabetic controls"
            lead = text[max(0, m.start() - 80):m.start()]
            lead = lead[max(lead.rfind("."), lead.rfind(";")) + 1:]  # this sentence's words before the count
            if _RX.EVENT_AFTER_ARM.match(text[m.end():m.end() + 60]) and not _RX.SIZE_BEFORE_COUNT.search(lead):
                # "1 patient in Group C failed to follow-up", "3 patients in Group B had ...": events; not "Of the 40
                # patients in group A, 3 had ...", "We enrolled 40 patients in group A who had ...": sizes
                continue
            if not _RX.UNIT_AFTER.match(words) and not _RX.UNIT_AFTER.match(text[m.end(1):m.end(1) + 8]):
                sizes.append(int(m.group(1)))
        sizes += [int(m.group(1)) for m in after.finditer(text)]
    return tuple(n for n in sizes if n > 0)


# A number after a hyphen is part of a code or range ("Hp 2-2 women", "18-65 patients"), no count.
_COUNT = re.compile(r"\b[nN]\s*=\s*(\d{1,5})\b|(?<![\d.,\w-])(\d{1,5})(?=(?:\s+[A-Za-z-]+){0,2}?\s+" + _RX.PEOPLE_WORDS
                    + r"\b)", re.I)
_GENERIC_NAMES = {"intervention": r"(?:study|intervention|experimental|treatment|treated|active) (?:group|arm)",
                  "comparator": r"(?:control|placebo|comparison|usual care) (?:group|arm)|controls?\b|placebo\b"}


def _alias_patterns(arm: str) -> list[re.Pattern[str]]:
    """A query arm's forms (``arm_aliases``) as whole-word patterns, any white space inside; short codes keep their case."""
    out = []
    for form in arm_aliases(arm):
        form = re.sub(r"^(?:the|a)\s+", "", form.strip(), flags=re.I)
        if len(form) < 3 and not (form.isupper() and len(form) >= 2):
            continue
        flags = 0 if form.isupper() and len(form) <= 6 else re.I
        out.append(re.compile(rf"(?<![A-Za-z]){re.escape(form).replace(chr(92) + ' ', chr(92) + 's+')}(?![A-Za-z])", flags))
    return out


def _mention(sentence: str, query_arm: str, role: str) -> int | None:
    """Where a sentence first names a query arm (name, abbreviation, code; the generic role words as last resort)."""
    hits = []
    for rx in _alias_patterns(query_arm):
        m = rx.search(sentence)
        if m:
            hits.append(m.start())
    if not hits and (role == "intervention" or _RX.CONTROL.search(query_arm)):
        m = re.search(rf"\b(?:{_GENERIC_NAMES[role]})", sentence, re.I)
        if m:
            hits.append(m.start())
    return min(hits) if hits else None


def allocation_sizes(text: str, q_int: str, q_cmp: str) -> tuple[int, int, str] | None:
    """(intervention n, comparator n, sentence) from the first sentence that allocates patients to two groups.

    "A total of 105 patients were randomized into two groups, 53 patients
    receiving peritubal infiltration (study group) and 52 patients as the
    control group": the counts of the sentence (a number of people, or
    ``n = 50``) less a total that is the sum of the others; exactly two must
    remain. Equal counts need no arm; unequal ones go to the arms in the order
    the sentence names them, and only when counts and arm names alternate
    (count, arm, count, arm or arm, count, arm, count). Anything else: None.
    """
    sentences = SENTENCE.split(text or "")
    for k, sentence in enumerate(sentences):
        if len(sentence) > 600 or not (_RX.ALLOC.search(sentence) or _RX.ALLOCATION_NOUN.search(sentence)
                                       or k and _RX.ALLOC.search(sentences[k - 1])):
            continue  # the allocating sentence, or the one after it ("divided into two groups. Group A (N=62) ...")
        counts = [(m.start(), int(m.group(1) or m.group(2))) for m in _COUNT.finditer(sentence)]
        counts = [(p, n) for p, n in counts if n > 0]
        if len(counts) >= 3:
            # "200 screened ... 100 patients were randomly assigned ... (50 patients) ... (50 patients)": the two
            # adjacent counts whose sum an earlier count states are the groups.
            pairs = [counts[j:j + 2] for j in range(1, len(counts) - 1)
                     if any(n == counts[j][1] + counts[j + 1][1] for _, n in counts[:j])]
            counts = pairs[0] if len(pairs) == 1 else []
        if len(counts) != 2:
            continue
        (p1, n1), (p2, n2) = counts
        if n1 == n2:
            from stemfoot.extract.group_sizes import sex_count_at
            if sex_count_at(sentence, p1) and sex_count_at(sentence, p2):
                continue  # "containing 5 males and 5 females": the sexes of one group, not two arms
            return n1, n2, sentence
        if sentence_each_sizes(sentence):
            # "300 young men ... a sample of 120 of them ... divided into two groups ..., each included 60 subjects":
            # the two counts are no two arms; the size every group has is ``each_group_size``'s (a fallback).
            continue
        a_i, a_c = _mention(sentence, q_int, "intervention"), _mention(sentence, q_cmp, "comparator")
        if a_i is None or a_c is None or a_i == a_c:
            continue
        seq = sorted([(p1, "n"), (p2, "n"), (a_i, "i"), (a_c, "c")])
        kinds = [k for _, k in seq]
        if kinds[0::2] != ["n", "n"] and kinds[1::2] != ["n", "n"]:
            continue  # counts and names do not alternate: no safe pairing
        return (n1, n2, sentence) if a_i < a_c else (n2, n1, sentence)
    return None


# --- arm codes defined in the text ------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def code_contexts(text: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """The words that follow (and, for a parenthesised code, precede) each arm code of the text.

    "For group A patients, the conventional four-port cholecystectomy was performed" gives "group a" the
    words up to the next code or the sentence end (at most 15, direction "after"); "bupivacaine (group B)"
    gives "group b" the up-to-8 words before the parenthesis ("before"). Codes are keyed lower-case
    ("group a", "group ii", "group 1"). A code listed with another ("Group B and C, but ...") gets no "after"
    context: what follows is said of both. A code after its group's n in one bracket ("no intervention (n = 68,
    Group A), the second ...") is a parenthesised code.
    """
    out: dict[str, list[tuple[str, str]]] = {}
    for sentence in SENTENCE.split(text or ""):
        if len(sentence) > 800:
            continue
        hits = list(_RX.CODE_MENTION.finditer(sentence))
        for j, m in enumerate(hits):
            key = f"group {(m.group(1) or m.group(2)).lower()}"
            end = hits[j + 1].start() if j + 1 < len(hits) else len(sentence)
            ctx = [(" ".join(sentence[m.end():end].split()[:15]), "after")]
            before_text = sentence[hits[j - 1].end() if j else 0:m.start()].rstrip()
            sized = re.search(r"\(\s*[nN]\s*=\s*\d{1,5}\s*[,;]\s*$", before_text)
            if sized:  # "received no intervention (n = 68, Group A), the second ...": the bracket holds its n first
                before_text = before_text[:sized.start() + 1]
            if before_text.endswith("(") and _RX.PAREN_NEXT.match(sentence[m.end():end]):
                ctx = []  # "atorvastatin (group A) or rosuvastatin (group B)": what follows is the next arm
            elif _RX.CODE_LISTED.match(sentence[m.end():end]):
                ctx = []  # "Group B and C, but ... when prophylactic antibiotics were given": said of both codes
            if before_text.endswith(("(", ":")) or re.search(r"(?:\(|:)\s*(?:in|the)?\s*$", before_text):
                ctx.append((" ".join(re.sub(r"[(:]\s*(?:in|the)?\s*$", "", before_text).split()[-8:]), "before"))
            out.setdefault(key, []).extend(c for c in ctx if c[0])
    return {k: tuple(v) for k, v in out.items()}


def _named_at(context: str, arm: str, own: set[str]) -> list[int]:
    """Where a context names a query arm: its forms (``arm_aliases``) or a word only this arm's name has."""
    at = [m.start() for rx in _alias_patterns(arm) for m in rx.finditer(context)]
    at += [m.start() for m in re.finditer(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*", context)
           if _tokens(m.group(0)) and _tokens(m.group(0))[0] in own]
    return at


def bracket_pairs(sentence: str) -> int:
    """The most "a vs. b" pairs one bracket of a sentence lists: "were less in Group A than Group B (1.4 vs. 2.5, P =
    0.001; 8.8 vs. 11.1 minutes, P = 0.003; and 4.7% vs. 20%, P = 0.039)" gives 3, one pair for each outcome the
    sentence lists before it."""
    return max((len(_RX.VERSUS_PAIR.findall(m.group(1))) for m in re.finditer(r"\(([^()]*)\)", sentence or "")),
               default=0)


def denying_side(q_int: str, q_cmp: str) -> str | None:
    """The query arm whose name denies what the other has: "c" for "ablation without the model" against "ablation
    planned with the model" (or "no acupuncture" against "acupuncture"), "i" the other way round; None when
    neither name or both names deny something."""
    neg_i, neg_c = bool(_RX.QUERY_NEGATION.search(q_int or "")), bool(_RX.QUERY_NEGATION.search(q_cmp or ""))
    return "c" if neg_c and not neg_i else "i" if neg_i and not neg_c else None


def denied_mentions(context: str, at_i: list[int], at_c: list[int], deny: str) -> tuple[list[int], list[int]]:
    """The mentions of each query arm in a code's context, a denied mention of the other arm moved to the denying
    arm (``deny``, from ``denying_side``): "not using the mathematic model" names the arm "without the model",
    though "mathematic" is only the other arm's word."""
    if deny == "c":
        moved = [p for p in at_i if _RX.NEGATED_BEFORE.search(context[:p])]
        return [p for p in at_i if p not in moved], at_c + moved
    moved = [p for p in at_c if _RX.NEGATED_BEFORE.search(context[:p])]
    return at_i + moved, [p for p in at_c if p not in moved]


@lru_cache(maxsize=256)  # an article's queries repeat their arms
def code_arms(text: str, q_int: str, q_cmp: str) -> tuple[str | None, str | None]:
    """The arm codes the text defines for the query's intervention and comparator ("group a", "group b").

    Each place a code is defined (``code_contexts``) votes for the query arm named nearest to it: the first
    named after it ("group A received lidocaine and group B ..."), the last named before a parenthesised code
    ("placebo (group P)"). An arm is named by its forms (``arm_aliases``) or by a word only its name has
    ("harmonic" for "harmonic scalpel assisted cholecystectomy" against "conventional cholecystectomy").
    A code goes to the arm with most of its votes (at least twice the other's); each arm needs exactly one
    such code, the two distinct. An arm whose query already names a code keeps it. Anything unclear: None.
    """
    contexts = code_contexts(text or "")
    if len(contexts) < 2:
        return None, None
    fixed = [_RX.ARM_CODE.search(q) for q in (q_int, q_cmp)]
    if all(fixed):
        return None, None
    own_i, own_c = set(tokens(q_int)) - set(tokens(q_cmp)), set(tokens(q_cmp)) - set(tokens(q_int))
    votes: dict[str, Counter] = {}
    by_name: dict[str, set[str]] = {}  # the roles a code's context names by a whole form of the arm's name
    deny = denying_side(q_int, q_cmp)
    for code, places in contexts.items():
        for context, direction in places:
            at_i, at_c = _named_at(context, q_int, own_i), _named_at(context, q_cmp, own_c)
            if deny:  # "Group B: ablation not using the model" names the arm "without the model"
                at_i, at_c = denied_mentions(context, at_i, at_c, deny)
            if not at_i and not at_c:
                continue
            if direction == "after":
                near_i, near_c = min(at_i, default=10 ** 6), min(at_c, default=10 ** 6)
                role = "i" if near_i < near_c else "c" if near_c < near_i else None
            else:
                near_i, near_c = max(at_i, default=-1), max(at_c, default=-1)
                role = "i" if near_i > near_c else "c" if near_c > near_i else None
            if role:
                votes.setdefault(code, Counter())[role] += 1
                if _named_at(context, q_int if role == "i" else q_cmp, set()):
                    by_name.setdefault(code, set()).add(role)
    won = {role: [c for c, v in votes.items() if v[role] >= 2 * v["c" if role == "i" else "i"] and v[role] > 0]
           for role in ("i", "c")}
    for role, codes in won.items():
        # Several codes won by one arm: a shared word voted for the other ("gel" of "turmeric gel" in "Group II:
        # chlorhexidine gel"); the one whose context names the arm in full is its code.
        named = [c for c in codes if role in by_name.get(c, set())]
        if len(codes) > 1 and len(named) == 1:
            won[role] = named
    out = []
    for role, fix in (("i", fixed[0]), ("c", fixed[1])):
        if fix:
            out.append(f"group {fix.group(2).lower()}")
        else:
            out.append(won[role][0] if len(won[role]) == 1 else None)
    if None in out or out[0] == out[1]:
        return None, None
    return (None if fixed[0] else out[0]), (None if fixed[1] else out[1])


def bracket_code(query_arm: str, text: str) -> str | None:
    """The code a query arm carries in brackets when the text calls that arm "Group <code>": "GlideScope video
    laryngoscope (G)" with "Group G" in the text is "group g". Only the bracket at the end of the name counts."""
    m = _RX.BRACKET_CODE.search(query_arm or "")
    if not m or _RX.ARM_CODE.search(query_arm):
        return None
    code = m.group(1)
    return f"group {code.lower()}" if re.search(rf"\b(?i:groups?|arms?)\s+{code}(?![\w-])", text or "") else None


def with_code(query_arm: str, code: str | None) -> str:
    """``query_arm`` with its text-defined code appended ("Desmopressin (group D)"), unless it names one."""
    if not code or _RX.ARM_CODE.search(query_arm or ""):
        return query_arm
    word, mark = code.split(" ", 1)
    return f"{query_arm} ({word} {mark.upper()})"


@lru_cache(maxsize=16)
def _respectively_matches(text: str) -> tuple[re.Match, ...]:
    return tuple(m for sentence in SENTENCE.split(text) if not _RX.PLANNED.search(sentence)
                 for m in _RX.RESPECTIVELY.finditer(sentence))


def respectively_sizes(text: str, q_int: str, q_cmp: str) -> tuple[int, int] | None:
    """(intervention n, comparator n) from "47 and 46 patients participated in groups D and P, respectively".

    The two names after the counts are matched to the query's arms (``arm_similarity``; "groups D and P" is
    "group D" and "group P", "the CLC and HLC groups" is "CLC group" and "HLC group"); the pairing must be
    clear (each name fits its arm, and better than the other arm). A sentence about planning (sample size,
    power) states no group's size, nor do counts of people who left ("6 and 3 cases were lost in the treatment and
    control groups, respectively"). The first such sentence that pairs decides; else None.
    """
    from stemfoot.extract.analysed_counts import leaving

    for m in _respectively_matches(text or ""):
        if leaving(m.group(0)):
            continue
        a, b = m.group(3).strip(), m.group(4).strip()
        plural = re.match(r"(?i)(groups|arms)\s+(\S+)$", a)
        if plural:
            a, b = f"{plural.group(1)[:-1]} {plural.group(2)}", f"{plural.group(1)[:-1]} {b}"
        tail = re.search(r"(?i)\s+(groups|arms)$", b)
        if tail:
            b = b[: tail.start()] + " " + tail.group(1)[:-1]
            a = f"{a} {tail.group(1)[:-1]}"
        n1, n2 = int(m.group(1)), int(m.group(2))
        ia, ib = arm_similarity(q_int, a, "intervention"), arm_similarity(q_int, b, "intervention")
        ca, cb = arm_similarity(q_cmp, a, "comparator"), arm_similarity(q_cmp, b, "comparator")
        if min(ia, cb) >= 0.6 and ia > ib and cb > ca:
            return n1, n2
        if min(ib, ca) >= 0.6 and ib > ia and ca > cb:
            return n2, n1
    return None


def sentence_each_sizes(sentence: str, listed: bool = True) -> set[int]:
    """The sizes a sentence gives every group ("leaving 101 women in each group", "30 patients per group", "two
    groups of 30 patients each", "two groups ..., each included 60 subjects", "10 subjects were assigned to each
    group", "In each group, there were 44 patients", "(40 for both groups)", "(n = 40/group)", "two groups of 30
    each", "each with 30 subjects"; number words too), and the one n every group of an allocating sentence has in
    its bracket ("placebo (n = 15), probiotic (n = 15) or both (n = 15)", ``LISTED_N``). None in a sentence about planning
    (sample size, power) or about other work (``group_sizes.CITED_WORK``), and no number that an approximation or
    a time precedes ("in over 1000 patients each", "at week 12 in both arms", ``NOT_A_COUNT_BEFORE``), nor an aside
    that splits people who left (``_aside_of_leaving``). The bracketed-n rule gives none where the groups are no
    trial arms (``LISTED_N_NOT_ARMS``: crossover sequences, a subgroup, healthy controls, people screened), and
    ``listed=False`` leaves it out (the learned size chooser's "each" feature, trained before it existed)."""
    from stemfoot.extract.group_sizes import cited_work, number_words_as_digits

    if _RX.PLANNED.search(sentence) or cited_work(sentence):
        return set()
    sentence = number_words_as_digits(sentence)  # "Forty-three patients were included in each group"
    found: set[int] = set()
    for rx in (_RX.EACH_GROUP, _RX.PEOPLE_EACH, _RX.EACH_INCLUDED, _RX.EACH_THERE_WERE, _RX.EACH_BRACKET,
               _RX.GROUPS_OF_EACH, _RX.EACH_WITH_PEOPLE):
        if rx is _RX.EACH_BRACKET and not _RX.EACH_BRACKET_CONTEXT.search(sentence):
            continue  # "Half of the mice ... were sacrificed on day 7 (n = 6/group)": a subset of each group
        for m in rx.finditer(sentence):
            k = 1 if m.group(1) is not None else 2  # GROUPS_OF_EACH has two forms
            if int(m.group(k)) > 1 and not _RX.NOT_A_COUNT_BEFORE.search(sentence[max(0, m.start(k) - 20):m.start(k)]) \
                    and not _aside_of_leaving(sentence, m.start(), m.end()):
                found.add(int(m.group(k)))
    from stemfoot.extract.analysed_counts import leaving

    if not listed or _RX.LISTED_N_NOT_ARMS.search(sentence):
        return found  # sequences, a subgroup, healthy controls, people screened: no arm's size
    # "(excluded, n = 3)", "(withdrew, n = 2)": a bracket of people who left is no group's size
    sizes = [int(m.group(1)) for m in _RX.LISTED_N.finditer(sentence) if not leaving(m.group())]
    if len(sizes) >= 2 and len(set(sizes)) == 1 and sizes[0] > 1 and not leaving(sentence) \
            and _RX.EACH_BRACKET_CONTEXT.search(sentence):
        # "randomly assigned to placebo (n = 15), VSL#3 (n = 15) or omega-3 (n = 15)": every group the sentence
        # allocates has that one size, also a query arm whose name the article words otherwise
        found.add(sizes[0])
    return found


def _aside_of_leaving(sentence: str, start: int, end: int) -> bool:
    """Whether the count at ``start:end`` stands in parentheses within a clause about people leaving ("Eight
    participants (four in each group) were excluded", "six withdrew because of lack of effect (three in each
    group), four were lost"): it splits the leavers, not the groups."""
    from stemfoot.extract.analysed_counts import leaving

    if not sentence[:start].rstrip().endswith("("):
        return False
    before = re.split(r"[,;:)]|\band\b", sentence[:start].rstrip()[:-1])[-1]
    after = re.split(r"[,;.]", sentence[end:])[0]
    return leaving(before) or leaving(after)


@lru_cache(maxsize=16)
def each_group_size(text: str, listed: bool = True) -> int | None:
    """The size every group has when the text says so (``sentence_each_sizes``; ``listed=False`` without the
    equal bracketed n of an allocating sentence); two different such sizes give None."""
    found: set[int] = set()
    for sentence in SENTENCE.split(text or ""):
        found |= sentence_each_sizes(sentence, listed)
    return found.pop() if len(found) == 1 else None


_K_GROUPS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}


@lru_cache(maxsize=16)
def equal_groups_size(text: str) -> int | None:
    """Each group's size when the text divides a stated total equally ("54 patients divided randomly into two
    equal groups" -> 27) or lists equal parts that sum to it ("A total of 165 patients were divided into three
    groups: saline (group S, n = 55), lignocaine (Group L, n = 55) and methylprednisolone (Group MP, n = 55)",
    ``group_sizes.equal_parts``), outside sentences about planning; a total that does not divide, or two different
    results, give None."""
    from stemfoot.extract.group_sizes import equal_parts

    found = set()
    for sentence in SENTENCE.split(text or ""):
        if _RX.PLANNED.search(sentence):
            continue
        part = equal_parts(sentence)
        if part:
            found.add(part)
        for m in _RX.EQUAL_GROUPS.finditer(sentence):
            total, k = int(m.group(1)), _K_GROUPS[m.group(2).lower()]
            if total % k == 0 and total // k > 1:
                found.add(total // k)
        for m in _RX.GROUPS_N.finditer(sentence):
            k, n = _K_GROUPS[m.group(1).lower()], int(m.group(2))
            if n > 1 and (m.group(3) or _counts_people(text, k * n)):
                found.add(n)  # "60 children ... randomly allocated into two groups (n = 30)": each group's n
    return found.pop() if len(found) == 1 else None


def _counts_people(text: str, n: int) -> bool:
    """Whether the text states ``n`` as a number of people ("60 children (8- to 12-year old)", ``PEOPLE_COUNT``)."""
    return any(int(m.group(1)) == n for m in _RX.PEOPLE_COUNT.finditer(text or ""))


@lru_cache(maxsize=16)
def crossover_size(text: str) -> int | None:
    """Both arms' size in a crossover trial: the people the sentence naming the design studies ("a randomized,
    double-blind, cross-over study ... in 18 patients with T2DM"), the people enrolled or randomised ("Of 27
    screened patients, 18 were enrolled") and the whole study's counts in digits or words (``group_sizes.study_counts``:
    "This single-blind study involved 31 healthy patients", "Nineteen patients were entered into the study"), when
    these agree; by Yun's rule (the number analysed) the people who completed, when the text states one such count
    ("the remaining 14 subjects", not "of the remaining 4 patients") and no more than the largest count enrolled. A text
    that names no crossover design, one that names its design parallel
    ("with a between-subjects design"), or two different counts, gives None. The design counts only where the study
    names it as its own: a sentence about other work ("A previous crossover trial suggested benefit",
    ``group_sizes.cited_work``) names no design of this study's."""
    if not _RX.CROSSOVER.search(text or "") or parallel_design(text):
        return None
    from stemfoot.extract.group_sizes import cited_work, study_counts

    if not any(_RX.CROSSOVER.search(x) and not cited_work(x) for x in SENTENCE.split(text)):
        return None

    found, completed = set(), set()
    for x in SENTENCE.split(text):
        if _RX.PLANNED.search(x):
            continue
        found |= {int(m.group(1)) for m in _RX.ENROLLED.finditer(x)}
        if _RX.CROSSOVER.search(x):
            found |= {int(m.group(1)) for m in _RX.STUDIED_IN.finditer(x)}
        took, done = study_counts(x)
        found |= took
        completed |= done
    found -= {0, 1}
    if len(completed) == 1:
        done = completed.pop()
        # more people finishing than any count enrolled is a misread count (another study's, a subgroup's): null.
        # Against the largest, not the smallest: "on days 1 and 2 were included" reads as an enrolled 2.
        return done if not found or done <= max(found) else None
    return found.pop() if len(found) == 1 else None


def parallel_design(text: str) -> bool:
    """Whether the text names its own design parallel (``PARALLEL_DESIGN``): not in a sentence about other work or
    one that supposes ("a parallel-group trial of similar length would have needed 120 participants")."""
    from stemfoot.extract.group_sizes import cited_work

    return any(_RX.PARALLEL_DESIGN.search(x) and not cited_work(x) and not _RX.SUPPOSED.search(x)
               for x in SENTENCE.split(text or ""))


def crossover_table_size(text: str, tables: list[dict] | None, i_rec: dict, c_rec: dict) -> tuple[int, dict] | None:
    """(n, evidence) of both arms in a crossover whose two answered values stand in one table with one "(n = k)" in
    its caption ("Outcomes on day 7 of each treatment period (n = 21)"): every participant is in both arms, so the
    caption's n (those measured in both periods) sizes each, over a sequence group's size ("12 to receive nitrate-
    rich juice first"). None in a parallel design, values from two tables, or a caption with no count or several."""
    if not _RX.CROSSOVER.search(text or "") or parallel_design(text):
        return None
    ev_i, ev_c = (i_rec or {}).get("evidence") or {}, (c_rec or {}).get("evidence") or {}
    if ev_i.get("table") is None or ev_i.get("table") != ev_c.get("table"):
        return None
    table = next((t for t in tables or [] if (t.get("label") or t.get("id")) == ev_i["table"]), None)
    caption = str((table or {}).get("caption") or "")
    counts = _RX.CAPTION_N.findall(caption)
    if len(counts) != 1:
        return None
    return int(counts[0]), {"text": caption, "table": ev_i["table"], "row_header": None, "column_header": "caption",
                            "start": None, "end": None}


def single_group_size(abstract: str) -> int | None:
    """The number of people a one-group study's abstract says it studied or enrolled ("a trial of 19 males", "21
    patients were enrolled"), outside sentences about planning; none, or two different counts, give None."""
    found = set()
    for x in SENTENCE.split(abstract or ""):
        if _RX.PLANNED.search(x):
            continue
        found |= {int(m.group(1)) for rx in (_RX.ENROLLED, _RX.STUDIED_IN) for m in rx.finditer(x)}
    found -= {0, 1}
    return found.pop() if len(found) == 1 else None


def within_group_query(q_cmp: str) -> bool:
    """True when the query's comparator is the intervention's own people before treatment ("baseline",
    "pre-Yoga", "before treatment"); "no treatment before operation" is an arm, not a time."""
    return bool(_RX.BEFORE_ARM.search(q_cmp or ""))


def within_group_sizes(i_n: int | None, c_n: int | None) -> tuple[int | None, int | None]:
    """Sizes of a before/after comparison: the one size known serves both sides; two different sizes or none:
    the intervention's (or nothing) on both."""
    n = i_n if i_n is not None else c_n
    return n, n


def within_group_records(records: list[dict], q_int: str, q_cmp: str) -> list[dict]:
    """A before/after query's two sides from one arm's table row: "Arizona Treatment Group / Pre | Post" answers
    "supplements" vs "baseline" with the arm's later value against its own value before treatment.

    Per table row (table, outcome label, type), the arm is the only one that is no control ("Treatment" beside
    "Placebo"), or the one the query's intervention names best (at least 0.6, no tie); none otherwise (null beats
    a guess). For each of its later time points, a copy of that value named as the intervention and a copy of its
    baseline value named as the comparator, at the later time point (so both sit in one place), are returned.
    """
    rows: dict[tuple, list[dict]] = {}
    for rec in records:
        if _in_table(rec) and rec.get("timepoint") and _type_of(rec.get("kind", "")) == "continuous":
            ev = rec.get("evidence") or {}
            rows.setdefault((ev.get("table"), rec.get("outcome_label")), []).append(rec)
    out = []
    for recs in rows.values():
        arms = list(dict.fromkeys(r["arm"] for r in recs))
        active = [a for a in arms if not _RX.CONTROL.search(a)]
        if len(active) != 1:
            sims = sorted(((arm_similarity(q_int, a, "intervention"), a) for a in arms), reverse=True)
            active = [sims[0][1]] if sims and sims[0][0] >= 0.6 and (len(sims) == 1 or sims[1][0] < sims[0][0]) else []
        if not active:
            continue
        own = [r for r in recs if r["arm"] == active[0]]
        before = [r for r in own if _RX.BASELINE.search(r["timepoint"])]
        if len(before) != 1:
            continue
        for later in own:
            if later is before[0]:
                continue
            out.append({**later, "arm": q_int, "flags": [*(later.get("flags") or []), "within_group"]})
            out.append({**before[0], "arm": q_cmp, "timepoint": later["timepoint"],
                        "flags": [*(before[0].get("flags") or []), "within_group_baseline"]})
    return out


def text_size(text: str, query_arm: str) -> int | None:
    """The n the text most often gives ``query_arm`` (None on a tie or none)."""
    sizes = Counter(text_arm_sizes(text, query_arm))
    if not sizes:
        return None
    (n, count), *rest = sizes.most_common(2) + [(None, 0)]
    return n if count > rest[0][1] else None  # a tie is no answer


#: A percent with "(n = k)" after it (``prose_pairs``): k may be the count or the group's size.
_N_EQUALS_AFTER_PERCENT = re.compile(r"%\s*[(\[]\s*n\s*=", re.I)


def prose_pair_records(sections: list[tuple[str, str]], q_int: str, q_cmp: str, q_out: str = "") -> list[dict]:
    """Statistics-like records of the sentences that give both query arms a value: one sentence (``prose_pairs``) or
    two nearby parallel ones, one arm each, that say nearly every word of the query outcome (``split_pairs``). A pair
    whose value the words before it give as an age (``AGE_BEFORE``) is none, unless the outcome asks for an age."""
    from stemfoot.extract.prose_pairs import find_pairs
    from stemfoot.extract.split_pairs import SAID, outcome_said, split_pairs

    out = []
    for section, body in sections:
        split = [p for p in split_pairs(body, q_int, q_cmp) if outcome_said(q_out, p.sentence) >= SAID]
        for pair in find_pairs(body, q_int, q_cmp) + split:
            if not _RX.AGE_OUTCOME.search(q_out or "") and any(
                    _RX.AGE_BEFORE.search(pair.sentence[:v.start]) for v in (pair.intervention, pair.comparator)):
                continue  # "(mean age, 59.6 ± 10.4 yrs)", "The mean age was 39.6 ± 1.4 years in ...": the arms' ages
            for arm, v in ((q_int, pair.intervention), (q_cmp, pair.comparator)):
                kind = ("mean_sd" if v.sd is not None else "mean") if v.mean is not None else "events" if v.events is not None else "percent"
                # "65% (n = 20)": the bracket's n may be the count or the group's size; the answer keeps it as the
                # count only where the percent agrees with the arm's n (as for a table's "1 (1.8%)").
                flagged = v.events is not None and v.total is None and v.percent is not None and \
                    _N_EQUALS_AFTER_PERCENT.search(v.text) is not None
                out.append({"kind": kind, "arm": arm, "events": v.events, "mean": v.mean, "sd": v.sd,
                            "total": v.total, "percent": v.percent, "outcome_label": None, "timepoint": None,
                            "_lead": pair.lead, "_pair": True,
                            "evidence": {"text": v.text, "section": section, "start": pair.sentence_start + v.start,
                                         "end": pair.sentence_start + v.end, "sentence": pair.sentence,
                                         "sentence_start": pair.sentence_start}})
                if flagged:
                    out[-1]["flags"] = ["percent_of_unknown_n"]
    return out


def _words(text: str) -> set[str]:
    """Stemmed content words, hyphenated compounds split ("Ketorolac-Lidocaine" -> ketorolac, lidocaine)."""
    return set(_tokens(re.sub(r"[-/+]", " ", re.sub(r"\([^()]*\)", " ", text or ""))))


def names_other_arm(label: str, own: set[str], other: set[str]) -> bool:
    """Whether an arm label has a word only the other query arm's name has, and none only this one's."""
    words = _words(label)
    return bool(other & words) and not own & words


def own_words(name: str, other: str) -> set[str]:
    """The words of one query arm's name that the other arm's name lacks, also in another form ("regime" and
    "regimen" share a 5-letter stem, "FSH" sits in "r-hFSH": neither is its own)."""
    mine, theirs = _words(name), _words(other)
    return {w for w in mine - theirs if not any(
        len(w) >= 5 and len(t) >= 5 and t[:5] == w[:5] or len(w) >= 3 and len(t) >= 3 and (w in t or t in w)
        for t in theirs)}  # "FSH" is in "r-hFSH": the same hormone, not a word of one arm's own


def add_on_words(q_int: str, q_cmp: str) -> set[str]:
    """The words an add-on intervention adds to its comparator ("BM-MNC plus standard care" vs "standard care
    alone": {"bm", "mnc", "plus"}, its own words bar generic ones): empty unless the comparator's words, joining
    words aside (``ADD_ON_FILLER``), are some of the intervention's and not all of them."""
    def content(name: str) -> set[str]:
        return {w for w in re.findall(r"[a-z0-9]+", name.lower()) if not _RX.ADD_ON_FILLER.fullmatch(w)}
    wi, wc = content(q_int), content(q_cmp)
    if not wc or not wc < wi:
        return set()
    return {w for w in own_words(q_int, q_cmp)
            if not _RX.ELIM_NO_OWN_WORD.fullmatch(w) and not _RX.ELIM_GENERIC_WORD.fullmatch(w)}


def names_own_arm(query_arm: str, label: str, own: set[str], other: set[str]) -> bool:
    """Whether an arm label has a word only this query arm's name has, none only the other's, and no dose that
    contradicts the query's ("Group 1 Short regimen group" for "... the short regime" against "... the long
    regimen"; not "Drug 1200 mg" for "Drug 2400 mg")."""
    words = _words(label)
    q_dose, l_dose = set(_RX.NUMWORD.findall(query_arm.lower())), set(_RX.NUMWORD.findall(label.lower()))
    if q_dose and l_dose and not q_dose & l_dose or other_dose_level(query_arm, label):
        return False
    return bool(own & words) and not other & words


def _label_size(label: str, role: str, sizes: list[tuple[str, int]], text: str | None) -> int | None:
    """The size of the arm an answer's record names ("Aerobic exercise" for a query's "Endurance exercise"),
    when the query's own arm name found none: from the sizes gathered, else from the text (a tie is none)."""
    if not re.search(r"[A-Za-z]{3}", label or "") or (role == "intervention" and _RX.CONTROL.search(label)):
        return None
    bare = " ".join(re.sub(r"^(?:the|a)\s+", "", label.strip(), flags=re.I).split()).lower()
    if _RX.GENERIC_INTERVENTION.match(bare) or _RX.GENERIC_CONTROL.match(bare):
        return None  # "intervention group" names no arm of its own: its "size" would be anyone's
    n, _ = best_size(label, role, sizes)
    return n if n is not None else (text_size(text, label) if text else None)


def timepoint_key(timepoint: str | None) -> str | None:
    """A time point without the group size its column header carries ("Post (n=354)", "Post (n=329–369)" -> "Post")."""
    if not timepoint:
        return timepoint
    bare = " ".join(re.sub(r"[(\[]?\s*\b[nN]\s*=\s*\d+(?:\s*[–-]\s*\d+)?\s*[)\]]?", " ", timepoint).split())
    return bare or timepoint


def answer_query(query: dict, candidates: list[dict], arms: list[dict] | None = None,
                 min_confidence: float = MIN_CONFIDENCE, text: str | None = None,
                 sections: list[tuple[str, str]] | None = None,
                 table_sizes: list[tuple[str, int, str]] | None = None, trace: list | None = None,
                 tables: list[dict] | None = None) -> dict:
    """The answer to one query from an article's statistics records (tables + prose) and arms.

    ``text`` (abstract and body) is read for group sizes the tables and arms do not give; ``sections``
    ((name, text) pairs, default ``[("text", text)]``) for sentences that give both query arms a value;
    ``table_sizes`` (``tables.table_arm_sizes`` of the article) for arm sizes stated in tables whose cells
    gave no record ("Number of patients (Randomized) | 18 | 22", "HIP (18)"). ``trace``, when given, receives
    one dict per place considered (its records, scores, and why it was skipped) for error analysis. ``tables``
    (the article's stored tables): where no numbers are answered, the outcome's own results row still gives the
    arms' sizes (``group_sizes.table_place_sizes``).
    """
    arms = arms or []
    answer = {"id": query.get("id"), "study": query.get("study"), "outcome_type": None,
              **{f: None for f in ANSWER_FIELDS}, "evidence": [], "derived": {}, "confidence": 0.0}
    q_out, q_int, q_cmp = query.get("outcome") or "", query.get("intervention") or "", query.get("comparator") or ""
    if text:
        # The article's own short forms of the arms ("resiniferatoxin (RTX)", then "RTX group"), also for the codes.
        a_i, a_c = article_arm_aliases(text, q_int, q_cmp)
        x_int, x_cmp = with_aliases(q_int, a_i), with_aliases(q_cmp, a_c)
        # "For group A patients, the conventional ... was performed": the query's arm is also "group A"; a table's
        # footnote may be where the codes are defined ("Group A: the lateral decubitus position; Group B: ...").
        notes = [str(n) for t in tables or [] for n in t.get("footnotes") or []]
        code_i, code_c = code_arms("\n\n".join([text, *notes]) if notes else text, x_int, x_cmp)
        if code_i is None and code_c is None:  # "GlideScope (G)" vs "bronchoscope (F)", the text's "Group G/F"
            b_i, b_c = bracket_code(q_int, text), bracket_code(q_cmp, text)  # the query's own last bracket
            if b_i != b_c:
                code_i, code_c = b_i, b_c
        if code_i is None and code_c is None:
            # Codes the article coins and defines in words ("daily for the other (the DS group)", "K2 group:
            # ketamine infusion of 2 µg/kg/min ..."): each arm's as an alias of its own (``arm_link``).
            labels = tuple(sorted({str(r["arm"]) for r in candidates if r.get("arm")}))
            l_i, l_c = linked_codes(text, x_int, x_cmp, labels)
            # Forms the article coins and spells from an arm's name ("(the L80 group)" for "... 1:80,000 ...",
            # "group E5" for "epinephrine 5 μg"): an arm with no defined code takes its own, unless the other's is it.
            s_i, s_c = spelled_codes(text, x_int, x_cmp, labels)
            l_i = l_i or (s_i if s_i not in (l_c, s_c) else None)
            l_c = l_c or (s_c if s_c not in (l_i, s_i) else None)
            x_int, x_cmp = with_aliases(x_int, [l_i] if l_i else []), with_aliases(x_cmp, [l_c] if l_c else [])
        q_int, q_cmp = with_code(x_int, code_i), with_code(x_cmp, code_c)
    # A bare percent in prose answers nothing (no count: which n it is of is not said) and would crowd out a
    # table row or sentence that gives the counts.
    # A value placed by its denominator where another count of its sentence has that denominator is no arm's.
    shared = shared_denominators(candidates)
    eliminated = unarmed_by_elimination(candidates, q_int, q_cmp) + trailing_arm_records(candidates, q_int, q_cmp)
    usable = [r for r in candidates + eliminated if _type_of(r.get("kind", "")) and r.get("arm")
              and not (r.get("events") is None and r.get("kind") == "percent" and not _in_table(r))
              and not ("arm_by_denominator" in (r.get("flags") or [])
                       and (str((r.get("evidence") or {}).get("sentence") or ""), r.get("total"),
                            str(r.get("outcome_label") or "")) in shared)]
    _sentence_leads(usable)
    usable = strata_as_arms(usable, q_int, q_cmp)
    if within_group_query(q_cmp):  # "supplements" vs "baseline": one arm's row before and after treatment
        usable += within_group_records(usable, q_int, q_cmp)
    if sections is None and text:
        sections = [("text", text)]
    usable += prose_pair_records(sections or [], q_int, q_cmp, q_out)
    said_vals = sentence_values(candidates)
    sources = dict(sections or [])
    # Group records by where they sit: same outcome label, table and time point; in prose, the same sentence.
    groups: dict[tuple, list[dict]] = {}
    for rec in usable:
        ev = rec.get("evidence") or {}
        # A prose sentence is its own group, also one that opens with its value ("Six patients (30%) in ...").
        # A value with no outcome words at all is its sentence's too: only that sentence can name its outcome.
        label = rec.get("outcome_label") if ev.get("table") is not None or not (
            rec.get("_lead") or rec.get("_pair") or unlabelled_prose(rec)) else (
            f"{rec.get('outcome_label') or ''} @{ev.get('sentence_start', ev.get('start'))}")
        # "Intervention / Post (n=354)" and "Control / Post (n=140)": one time point, each arm's n in its header.
        key = (ev.get("table") or ev.get("section") or "text", label, timepoint_key(rec.get("timepoint")),
               _type_of(rec["kind"]))
        groups.setdefault(key, []).append(rec)
    best: tuple[float, dict, dict, tuple] | None = None
    entry_rows: set[tuple] = set()  # places of a table at entry for a query of a later time (``entry_row_for_later_query``)
    defined = article_acronyms(text or "")
    # Factor codes of factorial cells ("PA+/HE−") must be defined in the text, a caption or a footnote.
    table_notes = [str(x) for t in tables or [] for x in [t.get("caption") or "", *(t.get("footnotes") or [])]]
    factors = article_acronyms("\n\n".join([text or "", *table_notes]))
    q_time = time_mentions(q_out)
    q_points = time_points(q_out)
    q_said = said_times(q_out)  # the times the query writes, either way round ("week 12"), no span ("days 1-7")
    if _RX.ZERO_MINUTE_QUERY.search(q_out) and all(unit != "minute" for _, unit in q_points):
        q_points |= {(0.0, "minute")}  # "fasting glucose": a test's 0 minute column, not its last (other_time)
    own = {q_int: own_words(q_int, q_cmp), q_cmp: own_words(q_cmp, q_int)}
    added = add_on_words(q_int, q_cmp)
    place_arms = 0  # the arms the place being scored names (set in the loop below)

    def _fit(q: str, label: str, role: str) -> float:
        sim = arm_similarity(q, label, role, factors)
        if role == "intervention" and added and place_arms == 2 and sim > 0 and not _words(label) & added \
                and arm_similarity(q_cmp, label, "comparator") >= sim:
            # An add-on trial ("X plus standard care" vs "standard care alone") of two arms: a label holding none
            # of the add-on's words that fits the comparator at least as well is the comparator's, not the
            # intervention's by the words they share (helper's trace of 45 real add-on misses, round 59).
            sim *= 0.5
        return sim

    def _asim(q: str, label: str, role: str) -> float:
        # Arms that share a drug ("Lidocaine" vs "Lidocaine + ketorolac"): a label with the other arm's own word
        # ("Ketorolac-Lidocaine") is the other arm, however well the shared word fits.
        other = q_cmp if q == q_int else q_int
        sim = _fit(q, label, role) * (0.5 if names_other_arm(label, own[q], own[other]) else 1.0)
        # "80kg−1" in the query, "80 μg kg" in the label: the dose as words. Only for a query arm with a unit power
        # (a prompt mangled from "μg kg−1"): splitting every glued dose ("300mg") also lifted a wrong row (g2 8150).
        spaced = unglued_doses(q) if _RX.UNIT_POWER.search(_RX.GLUED_UNIT.sub(r"\1 \2", q)) else q
        if spaced != q:
            sim = max(sim, _fit(spaced, unglued_doses(label), role)
                      * (0.5 if names_other_arm(label, own[q], own[other]) else 1.0))
        if sim < 0.6 and own[other] and names_own_arm(q, label, own[q], own[other]) \
                and not names_denied(q, label) and not names_denied(label, q):
            sim = 0.6  # the word that tells the two arms apart is this arm's ("short" vs "long" regimen)
        return sim

    block_place: dict[tuple, dict[tuple, tuple[int, int]]] = {}
    for order, key in enumerate(groups):  # each group's block (table, outcome, type): its first order, own rank
        block = block_place.setdefault((key[0], key[1], key[3]), {})
        block[key] = (next(iter(block.values()))[0] if block else order, len(block))
    block_timed: dict[tuple, bool] = {}  # a block whose time points all name a time ("6 mo", "12 months", "T2")
    for key in groups:
        if key[2] and not _RX.BASELINE.search(key[2]):
            b = (key[0], key[1], key[3])
            block_timed[b] = block_timed.get(b, True) and bool(time_points(key[2]) or ordinal_time(key[2]))
    learned = _learned(q_out, q_int, q_cmp, [recs[0] for recs in groups.values()], text or "", defined)
    # Tables some of whose values have an outcome label of their own: there a bare label ("3-4 h") is a time
    # row of a labelled outcome, not an outcome the caption names.
    labelled_tables = {key[0] for key, recs in groups.items() if _in_table(recs[0]) and not bare_label(key[1] or "")}
    places: list[dict] = []  # the scored places, for the learned ranker (``extract.place_rank``)
    series: set[tuple] = set()  # places of one sentence giving an arm several values
    several: set[tuple] = set()  # of those, the sentences whose records hold each arm's several values
    from stemfoot.extract.place_rank import section_heading
    for order, (key, recs) in enumerate(groups.items()):
        recs = sex_arms(q_out, recs)
        place_arms = len({r.get("arm") for r in recs})
        matched = [(1.0, label) for label in _labels(recs[0])]  # what the outcome is scored against
        o_sim = outcome_similarity(q_out, [label for _, label in matched], defined)
        if label_across_heading(recs[0], sources) or unit_contradicts_label(recs[0]) or subject_not_label(recs[0]):
            # A label inherited across a section heading is another section's outcome: the value's own words tell,
            # and only to lower the match (a guard; a place the label hid stays hidden: null beats a guess).
            matched = [(1.0, label) for label in _labels(recs[0], own_only=True)]
            o_sim = min(o_sim, outcome_similarity(q_out, [label for _, label in matched], defined))
        if ratio_other_half(q_out, key[1] or ""):
            o_sim *= RATIO_WEIGHT  # "Total Cholesterol/HDL" answers a query about total cholesterol less well
        step = {"key": key, "recs": recs, "o_sim": o_sim, "learned": learned[order] if learned else None}
        if trace is not None:
            trace.append(step)
        caption = str((recs[0].get("evidence") or {}).get("caption") or "")
        # A sum row ("Total") stands for the caption's outcome however its sibling rows are labelled.
        bare = _in_table(recs[0]) and (bare_label(key[1] or "") and key[0] not in labelled_tables
                                       or sum_label(key[1] or ""))
        if bare and caption and not (q_time and not q_time & time_mentions(f"{caption} {key[1]} {key[2] or ''}")):
            # arms as rows, the outcome only in the caption ("The VAS scores pre- and post-therapy"); a query
            # naming a time the table does not name is another measurement ("VAS after 6 months")
            o_sim = max(o_sim, CAPTION_WEIGHT * outcome_similarity(q_out, [strip_tex(caption)], defined))
            matched.append((CAPTION_WEIGHT, strip_tex(caption)))
            step["o_sim"] = o_sim
        # A sentence naming both arms, one value each: its outcome may sit before the arm names that end its lead
        # ("The mean change in pleural opacity was greater in the t-PA-DNase group than in the placebo group (-29.5
        # vs. -17.2)") or after the values; for the pipeline's values, only when both arms are named (below).
        two_named = not recs[0].get("_pair") and not _in_table(recs[0]) and recs[0].get("_lead") is not None \
            and len(recs) == 2 and recs[0]["arm"] != recs[1]["arm"]
        o_lead = o_sim
        if unlabelled_prose(recs[0]) and learned is not None and learned[order] >= UNLABELLED_GATE:
            # "Six out of 95 patients developed AKI in the ... group whereas 7/92 ...": the pipeline gave the values
            # arms but no outcome label; the sentence's own words name the outcome (the learned matcher agrees).
            said_words = words_without_numbers(str((recs[0].get("evidence") or {}).get("sentence") or ""))
            o_sim = max(o_sim, UNLABELLED_WEIGHT * outcome_similarity(q_out, [said_words], defined))
            matched.append((UNLABELLED_WEIGHT, said_words))
            step["unlabelled"] = True
        if recs[0].get("_pair") or two_named:
            o_sim = max(o_sim, 0.85 * outcome_similarity(
                q_out, [words_without_numbers(recs[0]["evidence"]["sentence"])]))
            matched.append((0.85, words_without_numbers(recs[0]["evidence"]["sentence"])))
        if learned is not None and not _in_table(recs[0]) and learned[order] < LEARNED_FLOOR:
            step["skip"] = "learned_floor"
            continue  # a sentence the learned matcher says does not report this outcome (null beats a guess)
        if o_sim < 0.2:
            step["skip"] = "o_sim"
            continue
        if _in_table(recs[0]) and section_heading(key[1]):
            step["skip"] = "section_heading"
            continue  # "Primary Outcomes | Survived with severe morbidity | 0/403": the values are another label's
        if _in_table(recs[0]) and component_row(q_out, key[1] or "", caption):
            step["skip"] = "component_row"
            continue  # "Wound infection" under the caption "Postoperative complications": one part's counts
        if _in_table(recs[0]) and other_instrument_row(q_out, key[1] or "", f"{q_int} {q_cmp}"):
            step["skip"] = "other_instrument"
            continue  # "PHQ-9, week 8" for "Anxiety (GAD-7) at week 8": another scale's values
        if not _in_table(recs[0]) and other_per_noun(q_out, str(recs[0].get("_lead") or "")):
            step["skip"] = "other_per_noun"
            continue  # "absence episodes per child" for a query on absence days per child: another count's values
        if not _in_table(recs[0]) and other_listed_outcome(q_out, str(recs[0].get("_lead") or "")):
            step["skip"] = "other_listed_outcome"
            continue  # "Ulcer healing and amputation By 24 weeks the ulcer had healed in" for amputation: healing's
        if time_only_match(q_out, matched, defined):
            step["skip"] = "time_only"
            continue  # "weight after three months" matched by "at three months" alone: another outcome's values
        if any(narrower_label(label, q_out) for label in (key[1] or "", str(recs[0].get("outcome_label") or ""),
                                                          "" if _in_table(recs[0]) else str(recs[0].get("_lead") or ""))):
            # "Serious adverse events" for a query on all adverse events: a part's counts. Still a place: if it is
            # the best, nothing answers (a weaker place is no nearer the whole).
            series.add(key)
        if other_grade(q_out, key[1] or ""):
            step["skip"] = "other_grade"
            continue  # "Anemia / I–II" for a query on grade 3–4 anemia: other grades' counts (null beats a guess)
        if other_code(q_out, key[1] or ""):
            step["skip"] = "other_code"
            continue  # "HOMA-B (%)" for a query about HOMA-IR, "IL-10" for IL-6: another measure (null beats a guess)
        if _in_table(recs[0]) and entry_table(caption) and not _RX.PRE_QUERY.search(q_out) \
                and not later_column(key[2] or "", q_out):
            # a table of the sample at entry ("Baseline characteristics") answers no outcome query; its column of a
            # later time ("Subject characteristics" with "Baseline | Follow-up" per arm) holds outcomes, as a caption
            # with those words would
            step["skip"] = "entry_table"
            continue
        i_best = max(recs, key=lambda r: _asim(q_int, r["arm"], "intervention"))
        c_best = max((r for r in recs if r["arm"] != i_best["arm"]),
                     key=lambda r: _asim(q_cmp, r["arm"], "comparator"), default=None)
        if c_best is None:
            step["skip"] = "one_arm"
            continue
        i_sim = _asim(q_int, i_best["arm"], "intervention")
        c_sim = _asim(q_cmp, c_best["arm"], "comparator")
        names = list(dict.fromkeys(r["arm"] for r in recs))
        if len(names) == 2:
            # Two arms, one clearly named: the other is the other side (by elimination).
            by_name = {r["arm"]: r for r in recs}
            c_of = {a: _asim(q_cmp, a, "comparator") for a in names}
            i_of = {a: _asim(q_int, a, "intervention") for a in names}
            # The named arm must be the one its query arm fits better ("Direct suggestion", 0.6 by a shared word, is
            # not "Indirect methods of suggestion" beside "Indirect suggestion"), and the arm left must not share the
            # named query arm's own words ("Indirect suggestion" is no "Control" of "Direct methods of suggestion").
            # "Best" is read first by the named query arm's own words each label holds, then by similarity: a
            # word the two query arms share ("conventional" of "Mirror therapy plus conventional rehabilitation"
            # and "Conventional rehabilitation") tells no arm apart, yet lifts "Conventional therapy group" above
            # "Mirror therapy group" (after round 40).
            for a, b in (names, names[::-1]):
                if c_of[a] >= 0.6 and c_of[a] > i_of[a] and i_of[b] < 0.5 and fits_better(a, b, own[q_cmp], c_of) \
                        and not _shares_own(b, own[q_cmp], q_cmp) and min(c_of[a], 0.5) > min(i_sim, c_sim):
                    i_best, c_best, i_sim, c_sim = by_name[b], by_name[a], 0.5, c_of[a]
                elif i_of[a] >= 0.6 and i_of[a] > c_of[a] and c_of[b] < 0.5 and fits_better(a, b, own[q_int], i_of) \
                        and not _shares_own(b, own[q_int], q_int) and min(i_of[a], 0.5) > min(i_sim, c_sim):
                    i_best, c_best, i_sim, c_sim = by_name[a], by_name[b], i_of[a], 0.5
        if not _in_table(i_best) and not i_best.get("_pair") and any(
                len({(r.get("events"), r.get("mean")) for r in recs if r["arm"] == rec["arm"]}) > 1 for rec in (i_best, c_best)):
            # One sentence gives an arm several values ("at baseline, 30 and 45 days were 1.72, 1.07 and 0.68 in
            # Group I"): which one the query means is not said. Still a place: if it is the best, nothing answers
            # (null beats a guess, and beats the next best place too).
            series.add(key)
            several.add(key)
        if not _in_table(i_best) and not i_best.get("_pair") and bracket_pairs(
                str((i_best.get("evidence") or {}).get("sentence") or "")) >= 2:
            # One bracket lists a pair for each outcome the sentence names: which pair is this outcome's, the
            # values' label does not tell (null if best).
            series.add(key)
        if not _in_table(i_best) and said_several(i_best, said_vals):
            series.add(key)  # also where the export gate withheld the series (a sentence pair of two of its values)
        if not _RX.CHANGE_WORDS.search(q_out) and (said_as_change(i_best) or said_as_change(c_best)):
            series.add(key)  # "a decrease of 0.48 kg": a change, not the level the query asks for (null if best)
        if two_named and min(i_sim, c_sim) <= 0.5:
            o_sim = o_lead  # an arm taken by elimination: the sentence may compare others ("the DNase group")
            if o_sim < 0.2:
                step["skip"] = "o_sim"
                continue
        tp = key[2] or ""
        if not (tp and _RX.BASELINE.search(tp)) and not _RX.PRE_QUERY.search(q_out) \
                and said_at_baseline(i_best) and said_at_baseline(c_best):
            tp = "baseline"  # "At baseline, ... (2247 ± 160 vs. 2213 ± 157)": a baseline value, as a baseline column's
        # A sentence's own time ("At 6 months, weight loss was greater in ...") is its values' time too.
        said = "" if _in_table(recs[0]) else str((recs[0].get("evidence") or {}).get("sentence") or "")
        if other_time(q_points, time_points(tp) | time_points(key[1] or "") | time_points(said)) or q_points and tp \
                and _RX.BASELINE.search(tp) and not _RX.CHANGE_WORDS.search(tp) and not _RX.PRE_QUERY.search(q_out):
            # a baseline column answers no query naming a later time ("VAS during the second month" of "Baseline |
            # Month 1 | Month 3": the timed columns are other times, the baseline one is no nearer)
            step["skip"] = "other_time"
            continue
        score = o_sim * min(i_sim, c_sim) ** 0.5
        asks_change = key[3] == "continuous" and bool(_RX.CHANGE_WORDS.search(q_out))
        if tp and _RX.BASELINE.search(tp) and not (asks_change and _RX.CHANGE_WORDS.search(tp)):
            score *= 0.6  # an outcome is read after treatment, not at baseline ("change from baseline" is no
            # baseline for a query about a change)
        if asks_change and not _RX.CHANGE_WORDS.search(tp) and any(
                _RX.CHANGE_WORDS.search(k[2] or "") for k in block_place[(key[0], key[1], key[3])]):
            score *= CHANGE_WEIGHT  # "Change in glucose": a level column ("T = 8 wk") of a block that has a
            # change column ("Mean change") answers it less well
        if (pre_heading(key[1] or "", tp) or bare and _RX.PRE_TIME.search(key[1] or "")) \
                and not _RX.PRE_QUERY.search(q_out):
            score *= 0.6  # under a "Screening" / "Preoperative" heading: a baseline value, not an outcome
        caption = str((i_best.get("evidence") or {}).get("caption") or "")
        if entry_row_for_later_query(caption, tp, q_out, key[1] or ""):
            entry_rows.add(key)  # scored as before; chosen, it answers nothing (an outcome shown only in a figure)
        if _RX.BASELINE_TABLE.search(caption) and not later_column(tp, q_out):
            score *= 0.5  # baseline characteristics answer no outcome query (precision first); a later
            # column (follow-up, change) of such a table does
        if other_subgroup(key[1] or "", q_out):
            score *= 0.85  # a subgroup's numbers answer only a query that names it
        last = (key[1] or "").split(" / ")[-1] if " / " in (key[1] or "") else ""
        if (_RX.SEX_FEMALE.fullmatch(last.strip()) or _RX.SEX_MALE.fullmatch(last.strip())) \
                and not (_RX.SEX_FEMALE.search(q_out) or _RX.SEX_MALE.search(q_out)):
            score *= 0.85  # a sub-row of one sex ("Self efficacy / Male") answers a query about both less well
        if key[3] == "binary" and _RX.NEGATIVE_LEVEL.fullmatch(last.strip()) and not _RX.NEGATIVE_QUERY.search(q_out):
            score *= 0.5  # "Culture / Negative" beside "/ Positive": events count the people with the outcome
        if q_said & (time_points(tp) | time_points(key[1] or "")):  # column, or "/ 12 mo" row ("week 12" too)
            score *= 1.2
        elif _in_table(recs[0]) and not time_points(tp) and not time_points(key[1] or "") \
                and q_said & time_points(caption) and time_points(caption) <= q_said:
            score *= 1.2  # a caption naming the query's time and no other ("Outcomes at 6 months"), for a timeless cell
        elif _in_table(recs[0]) and caption_other_time(q_out, tp, key[1] or "", caption):
            score *= CAPTION_OTHER_TIME_WEIGHT
        if change_lead(recs[0], q_out):
            score *= CHANGE_WEIGHT  # a change ("the HbA1c reduction was") answers a query about the level less well
        if key[3] == "continuous" and threshold_query(q_out):
            score *= THRESHOLD_WEIGHT  # "receiving ≥ 4 visits" counts people: a mean of visits ("visit no / 4") less
        if i_best["kind"] != c_best["kind"]:
            score *= 0.7
        elif i_best["kind"] == "percent":
            score *= 0.95  # counts the article states beat counts derived from its percents
        score -= 0.001 * order  # ties: the first reported (post-test before later follow-ups)
        if ("time_row" in (i_best.get("flags") or []) or (tp and block_timed.get((key[0], key[1], key[3]), False))) \
                and not q_time and not (tp and _RX.BASELINE.search(tp)):
            # A query naming no time reads the final time point: down time rows ("1 hour" ... "24 hours"), or
            # across columns that all name a time ("3 months | 6 months | 12 months"); "Post-test | Follow-up"
            # keeps the first after treatment (the end of treatment, not a later follow-up).
            first, rank = block_place[(key[0], key[1], key[3])][key]
            score += 0.001 * (order - first) + 0.0001 * rank
        step.update(score=score, o_sim=o_sim, i_sim=i_sim, c_sim=c_sim, i_rec=i_best, c_rec=c_best, bare=bare,
                    block=block_place[(key[0], key[1], key[3])][key])
        places.append(step)
        if best is None or score > best[0]:
            best = (score, i_best, c_best, key)
    from stemfoot.extract.place_rank import rerank  # a learned re-ranking of the scored places, when shipped

    best, floor = rerank(q_out, places, best, min_confidence, query)
    best = change_column(q_out, places, best)
    if best is not None and best[0] >= floor and best[3] not in series:
        # a sentence chosen over a table row that matches the outcome as well, with other values: the row
        from stemfoot.extract.place_rank import table_over_prose

        best = table_over_prose(places, best, min_confidence)
        from stemfoot.extract.place_rank import fuller_row

        best = fuller_row(places, best, min_confidence)
    if best is not None and best[0] >= floor and best[3] in several:
        # The sentence gives each arm several values: a table row holding one of its pairs says which measure
        # that pair is (``place_rank.series_row``); the row answers, else nothing does.
        from stemfoot.extract.place_rank import series_row

        best = series_row(places, best, min_confidence) or best
    if best is not None and (best[3] in series or best[3] in entry_rows):
        floor = float("inf")  # null beats a series' value or the sample at entry for a later time or a change
    sizes = arm_sizes(candidates, arms) + [(a, n) for a, n, _ in table_sizes or []]
    i_n, i_ns = best_size(q_int, "intervention", sizes, q_cmp)
    c_n, c_ns = best_size(q_cmp, "comparator", sizes, q_int)
    alloc = allocation_sizes(text, q_int, q_cmp) if text else None
    if alloc:  # the sentence that allocates patients to the two groups beats sizes gathered across tables
        i_n, c_n, i_ns, c_ns = alloc[0], alloc[1], 0.9, 0.9
    t_i, t_c = (text_size(text, q_int), text_size(text, q_cmp)) if text else (None, None)
    if t_i and t_c and t_i != t_c and ((i_n is None) != (c_n is None) or t_i + t_c in (i_n, c_n)):
        # The text names both arms with a size: that pair beats a size found by name for one arm only (the other
        # arm has none: "13/26" males/females read as an arm's n) and a size that is both arms' total.
        i_n = c_n = None
    if text and (i_n is None or c_n is None):
        if t_i and t_c:  # both arms named with a size: trust the pair
            if i_n is None:
                i_n, i_ns = t_i, 0.8
            if c_n is None:
                c_n, c_ns = t_c, 0.8
    if text and (i_n is None or c_n is None):
        # Fallbacks when nothing named each arm's size: "47 and 46 patients ... in groups D and P,
        # respectively", then one size for every group ("leaving 101 women in each group"). A size found for
        # one arm only is kept when it is that same size (the other arm's is then the text's too).
        resp = respectively_sizes(text, q_int, q_cmp) if i_n is None and c_n is None else None
        each = each_group_size(text) or equal_groups_size(text) or (
            None if _RX.SUBGROUP_QUERY.search(q_out) else crossover_size(text))
        if resp:
            (i_n, c_n), i_ns, c_ns = resp, 0.8, 0.8
        elif each and i_n in (None, each) and c_n in (None, each):
            i_n = c_n = each
            i_ns = c_ns = max(i_ns, c_ns, 0.8)
        elif each and each == crossover_size(text) and not {i_n, c_n} & {n for _, n, _ in table_sizes or []}:
            # One arm's size by name in a within-subject design, stated by no table ("control group" 50 of the
            # extractions of a split-mouth study of 25 patients): every arm is the study's people.
            i_n = c_n = each
            i_ns = c_ns = 0.8
    from stemfoot.extract.group_sizes import refine_sizes  # analysed / flow / short-form sizes (group_sizes.py)
    (i_n, i_ns), (c_n, c_ns) = refine_sizes(q_out, q_int, q_cmp, text, table_sizes, (i_n, i_ns), (c_n, c_ns),
                                            within=within_group_query(q_cmp))
    cross = crossover_size(text) if text and i_n and c_n and not _RX.SUBGROUP_QUERY.search(q_out) else None
    if cross and i_n != c_n and i_n + c_n == cross:
        # Two sizes that add up to a crossover trial's people are its two sequences ("14 received AUCB first, 15
        # placebo first"), no arm: each treatment period holds every one of them.
        i_n = c_n = cross
        i_ns = c_ns = max(i_ns, c_ns, 0.8)
    if within_group_query(q_cmp):  # "CBM-I" vs "baseline": one group of people measured twice
        i_n, c_n = within_group_sizes(i_n if i_n is not None or not text else text_size(text, q_int), c_n)
        if i_n is None and not arm_sizes(candidates, arms) and not table_sizes:
            # A study of one group that names no arms ("a quasi experimental trial of 19 males"): its abstract's
            # count of people is the group's.
            abstract = next((body for name, body in sections or [] if name == "abstract"), None)
            i_n = c_n = single_group_size(abstract or "")
        i_ns = c_ns = max(i_ns, c_ns, 0.8) if i_n is not None else 0.0
    from stemfoot.extract.group_sizes import pooled_arm
    from stemfoot.extract.size_chooser import SizeContext, choose

    # A query arm that lists several of the article's arms has no one arm's n (null beats a part of the pool).
    pooled = {side: pooled_arm(q, [label for label, _ in sizes])
              for side, q in (("intervention", q_int), ("comparator", q_cmp))}

    def _chosen(rule: dict, records: dict, outcome_type: str | None, place: dict | None = None) -> dict:
        # The learned chooser weighs every candidate n (the rules' pick among them) and may leave one null.
        ctx = SizeContext(q_out, q_int, q_cmp, text or "",
                          next((body for name, body in sections or [] if name == "abstract"), "") or "",
                          list(table_sizes or []), sizes, rule, {"intervention": i_ns, "comparator": c_ns},
                          records, outcome_type, within_group_query(q_cmp), place)
        return choose(ctx, query.get("id"), query.get("study"))

    if best is None or best[0] < floor:
        # No outcome numbers, but the arms' sizes are still the study's to report.
        from stemfoot.extract.group_sizes import place_sizes
        place = place_sizes(tables, q_out, q_int, q_cmp, defined)
        if place:  # the outcome's own results row (medians, "24.4 (258)" under "median (N)"): its n, by Yun's rule
            answer["intervention_group_size"], answer["comparator_group_size"] = place["intervention"][0], place["comparator"][0]
        elif i_n and c_n:
            answer["intervention_group_size"], answer["comparator_group_size"] = i_n, c_n
        elif bool(i_n) != bool(c_n):  # one arm's size, stated in a table; the other arm has none of its own
            from stemfoot.extract.group_sizes import one_side_size
            answer["intervention_group_size"], answer["comparator_group_size"] = one_side_size(
                i_n or None, c_n or None, q_int, q_cmp, table_sizes)
        got = _chosen({"intervention": answer["intervention_group_size"],
                       "comparator": answer["comparator_group_size"]}, {}, None,
                      {side: n for side, (n, _) in place.items()} if place else None)
        got = {side: None if pooled[side] else n for side, n in got.items()}
        answer["intervention_group_size"], answer["comparator_group_size"] = got["intervention"], got["comparator"]
        answer["evidence"] += [ev for side, (n, ev) in (place or {}).items() if got[side] == n]  # the sizes' cells
        answer["confidence"] = round(max(best[0], 0.0), 3) if best else 0.0
        return answer
    score, i_rec, c_rec, key = best
    spread = declared_spread(text or "")
    answer["outcome_type"] = key[3]
    answer["confidence"] = round(min(score, 1.0), 3)
    from stemfoot.extract.group_sizes import record_place_size
    # A value whose record has no n: its own place may state one ("N = 45 93.78 (13.76)", an "N = 52" row above).
    placed = {side: record_place_size(tables, rec) if record_size(rec) is None else None
              for side, rec in (("intervention", i_rec), ("comparator", c_rec))}
    from stemfoot.extract.footnote_sizes import record_footnote_sizes

    def own_total_differs(pair: tuple) -> bool:
        # a cell stating its own total ("12/65") is its analysed n: events and n stay one fact
        return any(record_size(rec) not in (None, n) and _cell_states(rec, record_size(rec))
                   for rec, n in ((i_rec, pair[0]), (c_rec, pair[1])))

    noted = record_footnote_sizes(tables, i_rec, c_rec, q_int, q_cmp)
    if noted and own_total_differs(noted):
        noted = None
    if not noted:
        crossed = crossover_table_size(text or "", tables, i_rec, c_rec)
        if crossed and not own_total_differs((crossed[0], crossed[0])):
            noted = (crossed[0], crossed[0], crossed[1])
    from stemfoot.extract.group_sizes import arms_as_rows, record_row_n
    rowed = [record_row_n(tables, rec) for rec in (i_rec, c_rec)]
    by_row = not noted and all(rowed) and arms_as_rows(i_rec.get("evidence") or {}, c_rec.get("evidence") or {}) \
        and not any(re.search(r"\d\s*/\s*\d", str((rec.get("evidence") or {}).get("text"))) for rec in (i_rec, c_rec))
    if by_row:
        # Arms as rows, each row's n in its own "n" column: the number analysed at this row's time, over the
        # randomised n the records took from another table's header ("n/N" cells keep their own N).
        placed = {"intervention": rowed[0], "comparator": rowed[1]}
    if noted:
        # The row's own footnote states both arms' numbers measured ("^b Measured at follow-up in 63 and 60 ...,
        # respectively"): by Yun's rule the number analysed for this outcome, over the column's or table's n.
        placed = {"intervention": (noted[0], noted[2]), "comparator": (noted[1], noted[2])}
    rule_n = {side: (placed[side][0] if by_row or noted else record_size(rec)) or (placed[side] or (None,))[0]
              or n_fallback or _label_size(rec["arm"], side, sizes, text)
              for side, rec, n_fallback in (("intervention", i_rec, i_n), ("comparator", c_rec, c_n))}
    both = all(placed.values())
    chosen = _chosen(rule_n, {"intervention": i_rec, "comparator": c_rec}, key[3],
                     {side: p[0] for side, p in placed.items()} if both else None)
    from stemfoot.extract.group_sizes import header_pair, over_randomised, own_denominator
    pair = header_pair(i_rec.get("evidence") or {}, c_rec.get("evidence") or {}, record_size(i_rec), record_size(c_rec))
    if pair and over_randomised((chosen["intervention"], chosen["comparator"]), pair):
        # The values' own columns state both arms' analysed n ("ACP-318 (n = 43)" | "Placebo (n = 41)"): the
        # chooser's larger n (a baseline table's randomised header) for either arm would size them by another table.
        chosen = {"intervention": pair[0], "comparator": pair[1]}
    own_n: set[str] = set()
    if key[3] == "binary":
        for side, rec in (("intervention", i_rec), ("comparator", c_rec)):
            if own_denominator(str(_evidence(rec).get("text") or ""), rec.get("events"), record_size(rec),
                               rec.get("percent")):
                # "six of the 37 participants": the events' own denominator is the n they are of; the chooser's
                # randomised header n would pair them with people they were not counted among.
                chosen[side] = record_size(rec)
                own_n.add(side)
    signed: dict[str, float] = {}
    subset = _subset_sizes(sources, i_rec, c_rec, q_int, q_cmp, tables, table_sizes)
    if subset:
        # "Twenty-four patients in Group A and 21 in Group B were able to walk ... In these patients, ...", "In the
        # per-protocol population, ...": the values are of the subset the sentence before counted, or of the
        # population a table's caption names, the number analysed for them (Yun's rule). Not over a value's own
        # denominator ("In these patients, ... in 5 of the 20 patients in Group B"): the count it is of says more.
        chosen = {side: chosen[side] if side in own_n else n for side, n in zip(("intervention", "comparator"), subset)}
    elif key[3] == "continuous" and not _in_table(i_rec) and not _in_table(c_rec) \
            and record_size(i_rec) is None and record_size(c_rec) is None:
        # Not over a prose value's own n ("21.4 ± 5.2 kg (n = 45)"): the count it states is the one it is of.
        from stemfoot.extract.subset_sizes import assessed_sizes
        row = repeated_row(i_rec, c_rec, candidates, tables)
        if row and row[1]:
            # The row that repeats the prose values prints their signs ("decreased by 2.9 ± 1.4 cm2" | "-2.9 ± 1.4").
            signed = dict(zip(("intervention", "comparator"), row[1]))
        clause_n = _clause_sizes(sources, i_rec, c_rec)
        if clause_n and all(chosen[side] is not None and n <= chosen[side]
                            for side, n in zip(("intervention", "comparator"), clause_n)):
            # "52.4 (SD 15.1) days in the SVF group (n = 25) and 63.9 (SD 16.7) days in the PRP group (n = 16)":
            # each value's own clause states the n it is of (those healed), over any n found elsewhere — never more
            # than the arm the chooser sized ("(n = 68)" of 45 randomised counts ulcers or limbs, not people).
            chosen = dict(zip(("intervention", "comparator"), clause_n))
            measured = None
        else:
            measured = (row[0] if row else None) or assessed_sizes(text or "", time_mentions(q_out), q_int, q_cmp)
        if measured and all(chosen[side] is not None and n <= chosen[side]
                            for side, n in zip(("intervention", "comparator"), measured)):
            # A prose measure is of the people measured: the sizes of a table row that repeats both arms' values, or
            # of a sentence saying "52 in the ONS group and 49 in the control group were assessed at 3 months" at
            # the query's time, over the randomised n the chooser took (never more than it).
            chosen = dict(zip(("intervention", "comparator"), measured))
    for side, rec in (("intervention", i_rec), ("comparator", c_rec)):
        n = None if pooled[side] else chosen[side]
        answer[f"{side}_group_size"] = n
        bracket_sd = False
        if key[3] == "binary":
            events = rec.get("events")
            # A percent in prose gives no count: which n it is of (randomised, analysed, a subgroup) the
            # sentence does not say; a table's percent sits under its column's n.
            if events is None and rec.get("percent") is not None and n and _in_table(rec):
                got = events_from_percent(rec["percent"], n)
                if got:
                    events = got[0]
                    answer["derived"][f"{side}_events"] = got[1]
            if events is not None and n and rec.get("percent") is not None and "percent_of_unknown_n" in (
                    rec.get("flags") or []) and abs(events / n * 100 - rec["percent"]) > 1.0:
                events = None  # "178 (2.0%)" of 399 dogs: the count is of something else (days), not of this n
            answer[f"{side}_events"] = int(events) if events is not None else None
        else:
            answer[f"{side}_mean"] = rec.get("mean") if side not in signed else printed_sign(
                rec["mean"], signed[side], worded_rise(_value_before(rec)))
            answer[f"{side}_sd"] = rec.get("sd")
            row_says = row_spread(tables, rec)
            table_se = (row_says or table_spread(tables, rec)) == "se"
            bracket_sd = row_says == "sd" and rec.get("se") is not None and not _names_se(rec) and (
                rec.get("sd") is None or "sd" in (rec.get("derived") or {}))
            if bracket_sd:
                # "Data are mean (SD) ... unless otherwise indicated" with "*Mean (SE)" marked on other rows only:
                # this unmarked row's bracketed figure is its SD, not an SE to convert (nor one converted already).
                answer[f"{side}_sd"] = rec["se"]
            elif rec.get("sd") is not None and (spread == "se" or _names_se(rec) or table_se) and not _names_sd(rec):
                # "Data are presented as mean ± SEM" (Statistical Analysis, or the value's table's own footnote), or
                # the value's own sentence or header says SE, and nothing at the value says SD: the ± figure is an
                # SE, which the SD field never takes (null beats a guess; no conversion).
                answer[f"{side}_sd"] = None
            if rec.get("sd") is None and rec.get("se") is not None and n and not table_se and not bracket_sd and \
                    "adjusted_mean" not in (rec.get("flags") or []):
                from stemfoot.extract.derive import sd_from_se
                got = sd_from_se(rec["se"], n)
                if got:
                    answer[f"{side}_sd"] = round(got[0], 4)
                    answer["derived"][f"{side}_sd"] = got[1]
        for f, formula in (rec.get("derived") or {}).items():
            if f in {"events", "sd"} and answer.get(f"{side}_{f}") is not None and not (f == "sd" and bracket_sd):
                answer["derived"][f"{side}_{f}"] = formula
        answer["evidence"].append(_evidence(rec))
        if placed[side] and n == placed[side][0] and placed[side][1]["start"] != (rec.get("evidence") or {}).get("start") \
                and placed[side][1] not in answer["evidence"]:
            answer["evidence"].append(placed[side][1])  # the cell (or footnote, once for both) that states this n
    if key[3] == "binary" and any(answer[f"{s}_events"] is not None and answer[f"{s}_group_size"] is not None
                                  and answer[f"{s}_events"] > answer[f"{s}_group_size"] for s in ("intervention", "comparator")):
        # More events than patients: the place counts something else (illness days, visits, episodes), so neither
        # arm's count is this outcome's; the sizes stay (null beats a guess).
        answer["intervention_events"] = answer["comparator_events"] = None
    return answer


def own_held(label: str, named_own: set[str]) -> set[str]:
    """The words of a query arm's own (``own_words``) an arm label holds that name an arm: not a number, unit or
    dosage form (``ELIM_NO_OWN_WORD``: "5" and "ml" of "Normal saline 5 ml" beside "Ketamine 0.5 mg/kg", "capsule"
    of "Sugar capsule" beside "Vitamin D capsule"), nor a generic treatment word (``ELIM_GENERIC_WORD``: "therapy"
    of "Conventional therapy group" beside "Mirror therapy plus conventional rehabilitation"; after round 40). A
    generic word is dropped only where the query arm has an own word of its name besides (second read, mendafter40):
    where it is all that tells the query arms apart ("intervention" of "intervention group" vs "control group"), it is
    that arm's name, and "Three months intervention", a time column, holds it."""
    named = {w for w in named_own if not _RX.ELIM_NO_OWN_WORD.fullmatch(w)}
    generic = {w for w in named if _RX.ELIM_GENERIC_WORD.fullmatch(w)}
    if named - generic:
        named -= generic
    # read as own_words reads the query arms ("Mirror-therapy" holds "mirror"), less what the label denies
    # ("Non-implanted eyes" holds no "implant", as ``names_denied`` reads it)
    return _words(_RX.DENIED_WORD.sub(" ", label)) & named


def fits_better(label: str, other: str, named_own: set[str], sim: dict[str, float]) -> bool:
    """Whether ``label`` fits the named query arm at least as well as ``other`` does: first by the query arm's own
    words each holds (``own_held``: "Mirror therapy group" holds "mirror", "Conventional therapy group" none of
    "Mirror therapy plus conventional rehabilitation"'s own), then, on a tie, by the similarity ``sim``. A tie of
    both is no better fit (second read, mendafter40): two labels holding as many own words at the same similarity
    fit alike, and the first in table order is no better than the second."""
    mine, theirs = len(own_held(label, named_own)), len(own_held(other, named_own))
    return mine > theirs if mine != theirs else sim[label] > sim[other]


def _shares_own(label: str, named_own: set[str], named: str) -> bool:
    """Whether an arm left after elimination has a word of the named query arm's own, one that arm does not deny
    ("Indirect suggestion" beside "Direct methods of suggestion"; "Intervention" beside "No intervention" is the
    other arm). A number, unit, dosage form or generic treatment word is no arm's own (``own_held``): "Conventional
    therapy group" beside "Mirror therapy plus conventional rehabilitation" is the other arm."""
    return bool(own_held(label, named_own)) and not names_denied(named, label)


def unglued_doses(arm: str) -> str:
    """An arm's text with its doses as separate words: a number glued to its unit split off ("80kg−1" -> "80 kg"),
    a unit's power ("kg−1", "kg-1") and a lone micro sign dropped, so a mangled prompt arm ("Detomidine at 80kg−1")
    and a table's ("Detomidine 80 μg kg") share their dose words."""
    out = _RX.GLUED_UNIT.sub(r"\1 \2", arm or "")
    out = _RX.UNIT_POWER.sub(r"\1", out)
    return re.sub(r"\s+", " ", re.sub(r"(?<!\w)[μµ]g?(?!\w)", " ", out)).strip()


def threshold_query(q_out: str) -> bool:
    """Whether a query counts the people past a threshold ("Receiving ≥ 4 antenatal care visits", "hospital stay >14
    days"), a binary outcome; not one whose words measure a quantity ("Time for ≥3 ... pH", "score changes in
    patients with baseline scores ≥20")."""
    from stemfoot.extract.place_rank import _RX as PR

    return bool(_RX.THRESHOLD_QUERY.search(q_out or "")) and not PR.CONTINUOUS_QUERY.search(q_out or "")


def sex_arms(q_out: str, recs: list[dict]) -> list[dict]:
    """A query about one sex ("Total adipose tissue in women") over a place whose arms are split by sex ("Female
    ILI", "Female DSE", "Male ILI", "Male DSE"): only the arms that name the query's sex, the sex word dropped from
    their names so that the two left pair as the query's arms. A query naming both sexes or neither, a place that
    does not split by sex, or fewer than two arms of the query's sex: the records as they are."""
    want_f, want_m = bool(_RX.SEX_FEMALE.search(q_out or "")), bool(_RX.SEX_MALE.search(q_out or ""))
    if want_f == want_m:
        return recs
    own, other = (_RX.SEX_FEMALE, _RX.SEX_MALE) if want_f else (_RX.SEX_MALE, _RX.SEX_FEMALE)
    named = [r for r in recs if own.search(r.get("arm") or "")]
    if not any(other.search(r.get("arm") or "") for r in recs) or len({r["arm"] for r in named}) < 2:
        return recs
    out = []
    for r in named:
        bare = " ".join(own.sub(" ", r["arm"]).split()).strip(" ,;/-")
        out.append({**r, "arm": bare or r["arm"]})
    return out if len({r["arm"] for r in out}) == len({r["arm"] for r in named}) else recs


#: Flags of a value the pipeline left without an arm on purpose (its export gate, an attribution it doubted, a count
#: larger than the arm): ``unarmed_by_elimination`` leaves it so.
_WITHHELD = {"export_gate", "review_attribution", "total_exceeds_arm_size", "conflicting_facts"}


def unarmed_by_elimination(records: list[dict], q_int: str, q_cmp: str) -> list[dict]:
    """Copies of prose values the pipeline left without an arm, given the query arm a sentence's other value leaves:
    "Six out of 95 patients developed AKI in the haemodynamic therapy group whereas 7/92 ... in the control group"
    read 7/92 for the control group and 6/95 for none. Only where the sentence holds exactly two values (of one kind),
    one armed and one not; the armed one's arm names one query arm clearly (``arm_similarity`` at least 0.6, more than
    the other arm); and the sentence names the other query arm (``_mention``) at a place the armed one's name is
    not. The copy is flagged ``arm_by_elimination``; the records themselves are unchanged."""
    by_sentence: dict[tuple, list[dict]] = {}
    for rec in records:
        ev = rec.get("evidence") or {}
        if ev.get("table") is None and ev.get("source") != "table" and ev.get("sentence") \
                and ev.get("sentence_start") is not None and _type_of(rec.get("kind", "")):
            by_sentence.setdefault((ev.get("section"), ev["sentence_start"]), []).append(rec)
    out = []
    for recs in by_sentence.values():
        # Two values in all: a sentence listing several outcomes ("insertion time (LM, 7.58 ± 1.16 s vs ETI 7.89
        # ...), adverse events (...)") carries one outcome label for all of them, and its loose value is any one's.
        if len(recs) != 2 or recs[0].get("kind") != recs[1].get("kind"):
            continue
        armed = [r for r in recs if r.get("arm")]
        if len(armed) != 1:
            continue
        known, loose = armed[0], next(r for r in recs if not r.get("arm"))
        if set(loose.get("flags") or []) & _WITHHELD:
            continue  # the pipeline weighed an arm for it and withheld it: elimination is no better evidence
        sentence = str(known["evidence"]["sentence"])
        si, sc = (arm_similarity(q, known["arm"], role) for q, role in ((q_int, "intervention"), (q_cmp, "comparator")))
        if max(si, sc) < 0.6 or abs(si - sc) < 0.2:
            continue
        other, role = (q_cmp, "comparator") if si > sc else (q_int, "intervention")
        at = _mention(sentence, other, role)
        mine = sentence.lower().find(str(known["arm"]).lower())
        if at is None or (mine >= 0 and mine <= at < mine + len(str(known["arm"]))):
            continue
        out.append({**loose, "arm": other, "arm_role": role,
                    "flags": list(loose.get("flags") or []) + ["arm_by_elimination"]})
    return out


def trailing_arm(sentence: str, at: int) -> str | None:
    """The treatment named after a prose count of its own denominator that starts at ``at`` ("14 of 42 patients
    (33.3%) receiving omega-3 and ..." -> "omega-3"; ``TRAILING_ARM``), or None."""
    m = _RX.TRAILING_ARM.search(sentence[at:]) if 0 <= at < len(sentence) else None
    return m.group("arm").strip() if m else None


def phrase_side(phrase: str, q_int: str, q_cmp: str) -> str | None:
    """The query arm a short treatment phrase names: clearly by ``arm_similarity`` (at least 0.6, 0.2 more than the
    other), or every word of it in one arm's name and none in the other's ("omega-3" for "Adjunctive omega-3 fatty
    acids ..." against "Placebo (olive oil capsules) ..."), else None."""
    si, sc = arm_similarity(q_int, phrase, "intervention"), arm_similarity(q_cmp, phrase, "comparator")
    if max(si, sc) >= 0.6 and abs(si - sc) >= 0.2:
        return "intervention" if si > sc else "comparator"
    words, w_int, w_cmp = set(tokens(phrase)), set(tokens(q_int)), set(tokens(q_cmp))
    if words and words <= w_int and not words & w_cmp:
        return "intervention"
    if words and words <= w_cmp and not words & w_int:
        return "comparator"
    return None


def trailing_arm_records(records: list[dict], q_int: str, q_cmp: str) -> list[dict]:
    """Copies of prose events the pipeline left without an arm, given the query arm their own clause names after
    the count ("9 of the 58 cycles treated with ibuprofen plus caffeine (15.5%) and 17 of the 58 cycles treated
    with ibuprofen alone"): the phrase names one query arm (``phrase_side``). The copy is flagged ``arm_by_phrase``;
    the records themselves are unchanged. A sentence holding another unarmed count that no treatment phrase follows
    ("... in four of 48 patients who received the STD-treatment and three of 44 patients who received the
    PGx-treatment in the group of rapid acetylators, and four of 64 (6 %) in the group of intermediate acetylators")
    splits its events over strata, not arms: none of its counts is armed (second read, mendft44)."""
    prose = []
    for rec in records:
        ev = rec.get("evidence") or {}
        if rec.get("arm") or rec.get("kind") != "events" or ev.get("table") is not None or ev.get("source") == "table" \
                or ev.get("sentence_start") is None or ev.get("start") is None:
            continue
        prose.append((rec, trailing_arm(str(ev.get("sentence") or ""), ev["start"] - ev["sentence_start"])))
    strata = {(rec["evidence"]["sentence_start"], rec["evidence"].get("sentence")) for rec, phrase in prose if not phrase}
    out = []
    for rec, phrase in prose:
        if not phrase or (rec["evidence"]["sentence_start"], rec["evidence"].get("sentence")) in strata:
            continue
        role = phrase_side(phrase, q_int, q_cmp)
        if role is None:
            continue
        arm = q_int if role == "intervention" else q_cmp
        out.append({**rec, "arm": arm, "arm_role": role, "flags": list(rec.get("flags") or []) + ["arm_by_phrase"]})
    return out


def strata_as_arms(records: list[dict], q_int: str, q_cmp: str) -> list[dict]:
    """Table records whose two-level header was read with the strata as arms and the arms as subgroups ("ICU" /
    "Non-ICU" over "Micafungin" / "Liposomal amphotericin B": arm "Non-ICU", label "Treatment success [Micafungin]"),
    turned round when the subgroups name the query's two arms and no arm of that table names either: the subgroup
    becomes the arm and the stratum the subgroup ("Treatment success [Non-ICU]", arm "Micafungin")."""
    by_table: dict[object, list[tuple[int, str]]] = {}
    for k, rec in enumerate(records):
        sub = re.search(r"\s*\[([^\]]+)\]$", rec.get("outcome_label") or "")
        if sub and _in_table(rec) and rec.get("arm"):
            by_table.setdefault((rec.get("evidence") or {}).get("table"), []).append((k, sub.group(1)))
    out = list(records)
    for hits in by_table.values():
        subs = {s for _, s in hits}
        arms = {records[k]["arm"] for k, _ in hits}
        i_subs = {s for s in subs if arm_similarity(q_int, s, "intervention") >= 0.6
                  and arm_similarity(q_int, s, "intervention") > arm_similarity(q_cmp, s, "comparator")}
        c_subs = {s for s in subs if arm_similarity(q_cmp, s, "comparator") >= 0.6
                  and arm_similarity(q_cmp, s, "comparator") > arm_similarity(q_int, s, "intervention")}
        if len(i_subs) != 1 or len(c_subs) != 1 or i_subs == c_subs:
            continue
        if any(max(arm_similarity(q_int, a, "intervention"), arm_similarity(q_cmp, a, "comparator")) >= 0.5
               for a in arms):
            continue  # the table's arms already name the query's: its brackets are real subgroups
        for k, sub in hits:
            rec = records[k]
            label = re.sub(r"\s*\[[^\]]+\]$", "", rec.get("outcome_label") or "")
            out[k] = {**rec, "arm": sub, "outcome_label": f"{label} [{rec['arm']}]",
                      "flags": [*(rec.get("flags") or []), "strata_as_arms"]}  # the swap stays traceable
    return out


def strip_tex(text: str) -> str:
    """A label or caption without TeX markup: a formula header ("\\documentclass[12pt]{minimal} \\usepackage...")
    keeps only its words, most often none."""
    return " ".join(_RX.TEX.sub(" ", text or "").split())


def bare_label(label: str) -> bool:
    """Whether a table value's outcome label names no outcome: a TeX formula dump, or only time points and
    statistic words ("Posttherapy (mean ± SE)", "Week 12", "Mean (SD)"); then the caption names the outcome."""
    # A bracketed code names no outcome of its own ("Primary outcome (RS6)": the caption says which outcome).
    label = re.sub(r"\((?=[^()]*\d)[A-Za-z0-9-]{1,8}\)", " ", strip_tex(label))
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]*", label.lower())
             if len(w) > 1 and not _RX.BARE_WORD.fullmatch(w)]  # one letter: a formula's symbol ("x̄ ± s")
    return not words


def other_subgroup(label: str, query: str) -> bool:
    """Whether a table value's label ends with a bracketed subgroup the query does not name ("... [Women]"); a
    total ("[Overall]") or statistic words ("Interest and enthusiasm [mean (s.d.)]") are no subgroup."""
    sub = re.search(r"\[([^\]]+)\]$", label or "")
    statistic = bool(sub) and bool(re.search(r"[A-Za-z]{2}", sub.group(1))) and bare_label(sub.group(1))
    return bool(sub) and not re.match(r"(?i)overall|total|all", sub.group(1)) \
        and sub.group(1).lower() not in (query or "").lower() and not statistic


def sum_label(label: str) -> bool:
    """Whether a table value's outcome label is only a sum row's ("Total", "Overall, n (%)", "Any"): the row that
    adds up the table's rows, whose outcome is the one the caption names ("Rate of complications after surgery")."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]*", strip_tex(label).lower()) if not _RX.BARE_WORD.fullmatch(w)]
    return bool(words) and all(_RX.SUM_WORD.fullmatch(w) for w in words)


def other_code(query: str, label: str) -> bool:
    """Whether the label names a measure whose code shares the query's head but not its tail ("HOMA-B" for
    "HOMA-IR", "IL-10" for "IL-6"), and not the query's own code."""
    def codes(text: str) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for head, tail in _RX.HYPHEN_CODE.findall(text or ""):
            out.setdefault(head.lower(), set()).add(tail.lower())
        return out
    q, lab = codes(query), codes(label)
    return any(head in lab and not tails & lab[head] for head, tails in q.items())


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}


def _grade(token: str) -> int | None:
    t = token.strip().lower()
    return int(t) if t.isdigit() else _ROMAN.get(t)


def grade_set(text: str, label: bool = False) -> frozenset[int] | None:
    """The toxicity grades a query ("grade 3–4", "grade III/IV", "grade ≥3") or a label part ("III–IV", "Grade 1-2")
    names, as numbers; None when it names none. A range names each grade in it; "≥3" grades 3 to 5."""
    if label:
        m = _RX.GRADE_LABEL.match(" ".join((text or "").split()))
        if not m:
            return None
        lo, hi = _grade(m.group(1)), _grade(m.group(2) or m.group(1))
        at_least = bool(re.search(r"≥|>=", text))
    else:
        m = _RX.GRADE_QUERY.search(text or "")
        if not m:
            return None
        parts = re.split(r"\s*(?:[-–—/]|\band\b|\bor\b|\bto\b)\s*", m.group(1))
        lo, hi = _grade(parts[0]), _grade(parts[-1])
        at_least = bool(re.search(r"≥|>=", m.group(0)))
    if lo is None or hi is None or lo > hi:
        return None
    return frozenset(range(lo, 6 if at_least else hi + 1))


def other_grade(query: str, label: str) -> bool:
    """Whether a table row is a grade sub-row ("Thrombocytopenia / I–II") of other grades than the query names
    ("grade 3–4 thrombocytopenia"): another outcome's counts, however well the event's name matches."""
    want = grade_set(query)
    if not want:
        return False
    got = [g for g in (grade_set(part, label=True) for part in (label or "").split(" / ")) if g]
    return bool(got) and got[-1] != want


def ratio_other_half(query: str, label: str) -> bool:
    """Whether the label is a ratio one of whose terms the query does not name ("Total Cholesterol/HDL" for a query
    about total cholesterol, "LDL/HDL" for one about HDL): another measure than either term's own row. Bracketed
    units are left out."""
    bare = re.sub(r"[(\[][^()\[\]]*[)\]]", " ", (label or "").split(" / ")[-1])
    return any(not _names(query, m.group("num")) or not _names(query, m.group("den"))
               for m in _RX.RATIO_LABEL.finditer(bare))


def _names(query: str, word: str) -> bool:
    """Whether the query names ``word`` (as written, or all its tokens)."""
    return word.lower() in (query or "").lower() or set(tokens(word)) <= set(tokens(query))


def entry_table(caption: str) -> bool:
    """Whether a table caption describes the sample at entry ("Baseline characteristics", "Demographic characteristics
    of study participants"): a baseline or characteristics cue, and no word of a change, a later time, results or
    events (``LATER_CAPTION``: "LS mean change from baseline at 36 months" is an outcome table)."""
    return bool(_RX.BASELINE_TABLE.search(caption or "")) and not _RX.LATER_CAPTION.search(caption or "")


def declared_spread(text: str) -> str | None:
    """What an article says its "mean ± x" figures are: "se" when it declares SE/SEM ("Data are presented as mean
    ± standard error of the mean (SEM)") and never SD, "sd" for the reverse, None when it says neither or both."""
    se, sd = bool(_RX.SPREAD_SE.search(text or "")), bool(_RX.SPREAD_SD.search(text or ""))
    return "se" if se and not sd else "sd" if sd and not se else None


def later_column(timepoint: str, query: str) -> bool:
    """Whether a column of a table captioned as the sample at entry holds outcomes for the query: its header names a
    later time or a change (the words that make a caption an outcome table), and a query about a change ("FEV1
    improvement") takes only a column of changes, not the levels at week 8."""
    if (_RX.BASELINE.search(timepoint) or _RX.PRE_TIME.search(timepoint)) and not _RX.CHANGE_WORDS.search(timepoint):
        return False  # "Baseline (week 0)", "Screening (day -14)": a time word, but the entry's own column
    return bool(_RX.LATER_CAPTION.search(timepoint)) and (
        not _RX.CHANGE_WORDS.search(query or "") or bool(_RX.CHANGE_WORDS.search(timepoint)))


def entry_row_for_later_query(caption: str, timepoint: str, query: str, label: str = "") -> bool:
    """Whether a place is the sample at entry (``entry_table`` caption, not a ``later_column``) and the query names a
    later time or a change ("Change in TcPO2 from baseline to week 26", "Rest pain at 12 months"): that row is never
    the answer, however well its label fits. Second read (mendft44): a caption of the procedure or its period
    (``PROCEDURE_CAPTION``: "Intraoperative characteristics") or a row label naming the query's own time ("VAS at
    24 h" for "Pain at 24 hours") is no entry row: both hold what happened in the trial."""
    if _RX.PROCEDURE_CAPTION.search(caption or "") or time_points(query) & time_points(label or ""):
        return False
    return entry_table(caption) and not later_column(timepoint, query) and bool(
        time_points(query) or _RX.CHANGE_WORDS.search(query or ""))


#: A percentage change ("% change", "Percent reduction", "Weight change (%)"), not an absolute one; a unit "(%)" after
#: other words ("Change in HbA1c (%)") is the measure's unit.
_PERCENT_WORD = re.compile(r"(?:%|\bper\s*cent(?:age)?)\s*(?:of\s+)?(?:changes?|reductions?|decreases?|increases?|"
                           r"improvements?|declines?|drops?|rises?|gains?|loss(?:es)?|differences?)\b|\b(?:changes?|"
                           r"reductions?|decreases?|increases?|improvements?|declines?|drops?|rises?|gains?|loss(?:es)?|"
                           r"differences?)\s*(?:from\s+baseline\s*)?[(,\[]?\s*%", re.I)


def change_column(q_out: str, places: list[dict], best: tuple | None) -> tuple | None:
    """The place to answer a query about a change from ("Change in fasting glucose"): where ``best`` is a level
    column ("T = 8 wk") of a continuous table block that also has a change column ("Mean change", "Change from
    baseline") among the places, that column (its best by hand score; a percent one for a query naming a percent
    change, else an absolute one); else, where ``best`` is a level row, the change row of the same outcome
    (``change_row``); else ``best`` unchanged."""
    if best is None or best[3][3] != "continuous" or not _RX.CHANGE_WORDS.search(q_out or "") \
            or _RX.CHANGE_WORDS.search(best[3][2] or "") or not _in_table(best[1]):
        return best
    percent = bool(_PERCENT_WORD.search(q_out))
    alt = [p for p in places if p["key"][0] == best[3][0] and p["key"][1] == best[3][1] and p["key"][3] == best[3][3]
           and _RX.CHANGE_WORDS.search(p["key"][2] or "") and bool(_PERCENT_WORD.search(p["key"][2] or "")) == percent]
    # "% change" answers "Percent change in weight", "Change, kg" answers "Change in weight"; no swap across kinds
    if not alt and not _RX.CHANGE_WORDS.search(best[3][1] or ""):
        o_best = max((p.get("o_sim", 0.0) for p in places if p["key"] == best[3]), default=1.0)
        alt = [p for p in places if p["key"][0] == best[3][0] and p["key"][3] == best[3][3]
               and change_row(p["key"][1] or "", best[3][1] or "", p["key"][2] == best[3][2]
                              and p.get("o_sim", 0.0) >= o_best)
               and bool(_PERCENT_WORD.search(p["key"][1] or "")) == percent]
    if not alt:
        return best
    p = max(alt, key=lambda x: x["score"])
    return (p["score"], p["i_rec"], p["c_rec"], p["key"])


def change_row(label: str, level_label: str, as_near: bool) -> bool:
    """Whether a table row ``label`` is the change of the outcome whose level row ``level_label`` answered a query
    about a change: a "Change from baseline" sub-row of the level row's own block ("Walking distance, m / Change
    from baseline" under "Walking distance, m" with its "6 months" row; not the block of another outcome,
    "TcPO2 / Change from baseline"), or a row of its own that names the change ("Change in TcPO2 from baseline"
    beside "TcPO2 at week 12") where it matches the query's outcome at least as well in the same column
    (``as_near``); never a row of the difference between the arms (``BETWEEN_ARMS_ROW``: "Difference vs placebo")."""
    levels, level_levels = label.split(" / "), level_label.split(" / ")
    if not _RX.CHANGE_WORDS.search(levels[-1]) or _RX.BETWEEN_ARMS_ROW.search(levels[-1]):
        return False  # "Difference vs placebo" is the arms' contrast, no arm's change
    if len(levels) > 1:
        return levels[:-1] == level_levels[:len(levels) - 1]
    return as_near


def other_per_noun(query: str, lead: str) -> bool:
    """Whether a prose value's lead counts another thing per unit than the query does ("The mean number of absence
    episodes per child was" for "Illness-related absence days per child"): both name a "<noun> per ..." and share
    no noun. False where either names none."""
    asked = {m.group("noun").lower() for m in _RX.PER_NOUN.finditer(query or "")}
    said = {m.group("noun").lower() for m in _RX.PER_NOUN.finditer(lead or "")}
    return bool(asked and said and not asked & said)


def _list_stem(word: str) -> str:
    """A word's stem for comparing outcome words ("healing", "healed" -> "heal"); a short word is itself. Not
    ``_stem``, whose suffixes leave "amputated" ("amputat") apart from "amputation" ("amput")."""
    w = word.lower()
    stem = _RX.STEM_SUFFIX.sub("", w)
    return stem if len(stem) >= 3 else w


def other_listed_outcome(query: str, lead: str) -> bool:
    """Whether a prose value's lead runs through a list of outcomes that holds the query's and then reports another
    of them: "Ulcer healing and amputation By 24 weeks the index ulcer had healed completely in" (a section heading
    run into the sentence) for "Major amputation" — the heading names both, the sentence's own words (after the
    list) name healing and not amputation, so its values are the healing counts.

    The list is the words around "and" / "," ("healing, amputation and death"), none a word of people, arms or
    counting (``LIST_NOT_MEMBER``), and it ends a heading: a capitalised word or a colon starts the sentence after
    it. False where the lead lists none, the query names none or more than one of the
    members, or the words after the list name the query's member or none of the others (null beats a guess only
    when the sentence itself says which)."""
    tokens = re.findall(r"[A-Za-z][A-Za-z'-]*|,|[:;.—(\[]", lead or "")
    q_stems = {_list_stem(w) for w in re.findall(r"[A-Za-z][A-Za-z'-]*", query or "")}
    for i, tok in enumerate(tokens):
        if tok.lower() != "and" or i == 0 or i + 2 >= len(tokens):
            continue
        after = tokens[i + 2]
        if not (after in ":;.—" or after[0].isupper() and not after.isupper() and tokens[i + 1].islower()):
            # the list runs on in the sentence ("mechanical ventilation and weaning time in the ... group were
            # shorter"): a subject naming both, whose values may be both; only a list that ends a heading (the
            # sentence starts after it, "... amputation By 24 weeks", "... amputation: by 24 weeks") is left; in a
            # title-case heading ("Blood Samples and Serum Hormones Venous ...") the capital may be the heading's own
            continue
        members, j = [tokens[i + 1], tokens[i - 1]], i - 2
        while j >= 1 and tokens[j] == ",":
            members.append(tokens[j - 1])
            j -= 2
        if any(m == "," or len(m) < 4 or _RX.LIST_NOT_MEMBER.match(m) for m in members):
            continue
        stems = [_list_stem(m) for m in members]
        asked = [s for s in stems if s in q_stems]
        if len(asked) != 1:
            continue
        own = {_list_stem(w) for w in tokens[i + 2:] if w[0].isalpha()}
        if asked[0] in own or not any(s in own for s in stems if s != asked[0]):
            continue
        # the query's member said in other words ("died" for "death"): the sentence may report it too
        asked_word = members[stems.index(asked[0])]
        if outcome_similarity(asked_word, [" ".join(w for w in tokens[i + 2:] if w[0].isalpha())]) < 0.5:
            return True
    return False


def change_lead(rec: dict, query: str) -> bool:
    """Whether a prose value's lead calls it a change ("The LS mean HbA1c reduction at week 24 was") while the query
    names no change; a lead ending in "from" reads levels ("decreased from 7.97% to 7.17%")."""
    lead = rec.get("_lead") or ""
    return bool(not _in_table(rec) and _RX.CHANGE_WORDS.search(lead) and not lead.rstrip().lower().endswith("from")
                and not _RX.CHANGE_WORDS.search(query or ""))


def table_spread(tables: list[dict] | None, rec: dict) -> str | None:
    """What the table holding a value says its spreads are, in its caption and footnotes ("All values are averages ±
    SEM", "Data are means (SE) or n (%)", "SE in parentheses"): "se", "sd", or None when it says neither or both,
    or the value is not in a table."""
    label = (rec.get("evidence") or {}).get("table")
    if label is None or not _in_table(rec):
        return None
    for t in tables or []:
        if label == (t.get("label") or t.get("id")):
            text = " ".join([t.get("caption") or "", *map(str, t.get("footnotes") or [])])
            se = bool(_RX.SPREAD_SE.search(text) or _RX.TABLE_SPREAD_SE.search(text))
            sd = bool(_RX.SPREAD_SD.search(text) or _RX.TABLE_SPREAD_SD.search(text))
            return "se" if se and not sd else "sd" if sd and not se else None
    return None


def _spread_said(text: str) -> str | None:
    """"se" or "sd" when a caption or note declares only that spread for its bracketed / ± figures; None otherwise."""
    se = bool(_RX.SPREAD_SE.search(text) or _RX.TABLE_SPREAD_SE.search(text))
    sd = bool(_RX.SPREAD_SD.search(text) or _RX.TABLE_SPREAD_SD.search(text))
    return "se" if se and not sd else "sd" if sd and not se else None


def row_spread(tables: list[dict] | None, rec: dict) -> str | None:
    """What a table value's spread is by the footnotes that hold for its own row, where some footnote is marked to
    hold for some rows only ("*Mean (SE); TcPO2 changes were estimated from a mixed model" under "Data are mean (SD)
    or n (%) unless otherwise indicated"): the footnote its row label or column header marks, else the caption and
    the unmarked notes. None when no marked footnote declares a spread (``table_spread`` reads the whole foot)."""
    from stemfoot.extract.footnote_sizes import foot_marks, footnote_text, inner_marks, unmarked_text

    ev = rec.get("evidence") or {}
    table = next((t for t in tables or [] if _in_table(rec) and ev.get("table") is not None
                  and ev.get("table") == (t.get("label") or t.get("id"))), None)
    footnotes = [str(f) for f in (table or {}).get("footnotes") or []]
    declared = {mark: _spread_said(" ".join(footnote_text(footnotes, mark))) for mark in foot_marks(footnotes)}
    if not any(declared.values()):
        return None
    # A mark anywhere in the row's label or column's header ("Change in TcPO2*, mm Hg"), not only at its end: a row
    # read as unmarked would turn the SE its marked footnote declares into an SD.
    own = {declared.get(m) for m in inner_marks(ev.get("row_header") or "") | inner_marks(
        ev.get("column_header") or "")}
    own.discard(None)
    if own:
        return own.pop() if len(own) == 1 else None
    return _spread_said(" ".join([str(table.get("caption") or ""), unmarked_text(footnotes)]))


def _value_place(rec: dict) -> str:
    """A value's own table header, row, caption or sentence."""
    ev = rec.get("evidence") or {}
    return " ".join(str(ev.get(k) or "") for k in ("column_header", "row_header", "caption", "sentence"))


def _names_sd(rec: dict) -> bool:
    """Whether a value's own table header, row, caption or sentence says its spread is an SD."""
    return bool(re.search(r"\bSD\b|S\.D\.|standard deviation", _value_place(rec), re.I))


def _names_se(rec: dict) -> bool:
    """Whether a value's own table header, row, caption or sentence says its ± figure is an SE."""
    return bool(_RX.SPREAD_SE_HERE.search(_value_place(rec)))


def _learned(q_out: str, q_int: str, q_cmp: str, first: list[dict], text: str,
             defined: dict[str, str]) -> list[float] | None:
    """The learned matcher's P(this place reports the outcome) per group, each scored against all the query's
    groups (``extract.outcome_match``); None without a shipped model."""
    from stemfoot.extract.outcome_match import query_scores

    return query_scores(q_out, q_int, q_cmp, first, text, defined)


_TIME_UNITS = {"min": "minute", "mins": "minute", "minute": "minute",
               "h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "d": "day", "day": "day",
               "wk": "week", "wks": "week", "week": "week", "mo": "month", "mos": "month", "mth": "month",
               "mths": "month", "month": "month", "yr": "year", "yrs": "year", "year": "year"}
_TIME_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "twelve": 12, "eighteen": 18, "twenty-four": 24}
_TIME_MENTION = re.compile(r"\b(\d+(?:\.\d+)?|" + "|".join(_TIME_NUMBERS) + r")\s*-?\s*"
                           r"(minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|months?|mos?|mths?|years?|yrs?)\b", re.I)
# The unit first, as column headers write it: "Day 28", "Week 12", "Month 3".
_UNIT_FIRST = r"(?:days?|weeks?|wks?|months?|years?)"
_TIME_MENTION_UNIT_FIRST = re.compile(r"\b(" + _UNIT_FIRST + r")(?:\s*|-)(\d+(?:\.\d+)?)\b", re.I)  # "Day-5" too
# A time written with a number word or an ordinal ("the first month", "week seven", "6th week"), in digits.
_WORD_AMOUNT = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\s+"
                          r"(?=(?:minutes?|hours?|days?|weeks?|months?|years?)\b)", re.I)
_WORD_AFTER_UNIT = re.compile(r"\b(day|week|month|year)\s+(" + "|".join(_NUMBER_WORDS) + r")\b", re.I)


_DIGIT_ORDINAL = re.compile(r"\b(\d{1,3})\s*\^?\s*(?:st|nd|rd|th)\s+(?=(?:minutes?|hours?|days?|weeks?|months?|years?)\b)",
                            re.I)


def _time_digits(text: str) -> str:
    """Number words and ordinals of a time as digits: "first month" -> "1 month", "week seven" -> "week 7", "12th
    week" (a table's "12 ^th week") -> "12 week"."""
    text = _WORD_AMOUNT.sub(lambda m: _NUMBER_WORDS[m.group(1).lower()] + " ", text or "")
    text = _DIGIT_ORDINAL.sub(r"\1 ", text)
    return _WORD_AFTER_UNIT.sub(lambda m: f"{m.group(1)} {_NUMBER_WORDS[m.group(2).lower()]}", text)


def _is_time(text: str, m: re.Match) -> bool:
    """Whether a ``_TIME_MENTION`` match names a time point: "every second day" is a frequency, "6-minute walk" /
    "150 min/week" a length."""
    return not (_RX.FREQUENCY_BEFORE.search(text, max(0, m.start() - 12), m.start())
                or m.group(2).lower().startswith("min") and _RX.MINUTES_NOT_A_TIME.match(text, m.end()))


def time_mentions(text: str) -> frozenset[tuple[float, str]]:
    """The times a text names as (amount, unit), one spelling for each: "12 mo", "12-month" and "12 months" are
    (12, "month"); a year is also 12 months and "1 year" matches "12 mo" ("at 1 year" vs a "12 months" column)."""
    out = set()
    text = _time_digits(text)
    for m in _TIME_MENTION.finditer(text):
        raw = m.group(1).lower()
        amount = float(_TIME_NUMBERS.get(raw, raw) if raw in _TIME_NUMBERS else raw)
        unit = m.group(2).lower()
        if not _is_time(text, m):
            continue
        unit = _TIME_UNITS.get(unit) or _TIME_UNITS.get(unit.rstrip("s")) or unit
        out.add((amount, unit))
        if unit == "year":
            out.add((amount * 12, "month"))
        elif unit == "month" and amount % 12 == 0:
            out.add((amount / 12, "year"))
    return frozenset(out)


def time_points(text: str) -> frozenset[tuple[float, str]]:
    """``time_mentions`` and the times a column header writes unit first ("Day 28", "Week 12"), with days and weeks
    as one ("Day 28" is "week 4"): for a table's time points and a query's time."""
    out = set(time_mentions(text))
    for m in _TIME_MENTION_UNIT_FIRST.finditer(_time_digits(text)):
        out.add((float(m.group(2)), _TIME_UNITS.get(m.group(1).lower().rstrip("s")) or m.group(1).lower()))
    for amount, unit in list(out):
        if unit == "day" and amount % 7 == 0:
            out.add((amount / 7, "week"))
        elif unit == "week":
            out.add((amount * 7, "day"))
    return frozenset(out)


def ordinal_time(timepoint: str) -> int | None:
    """The place of a time point named by its order in the schedule ("T3" -> 3, "Visit 4" -> 4), else None: such
    columns name a time as surely as "Week 12" does, so the final one answers a query naming no time."""
    m = _RX.ORDINAL_TIME.match(" ".join(re.sub(r"[\^*†‡§¶]+[a-z]?$", "", (timepoint or "").strip()).split()))
    return int(m.group("k")) if m else None


# Units that measure one kind of time: two mentions in one family can be compared, across families not ("6 months"
# and "26 weeks" may be one visit).
_TIME_FAMILY = {"minute": "minute", "hour": "hour", "day": "day", "week": "day", "month": "month", "year": "month"}


def other_time(q_times: frozenset[tuple[float, str]], times: frozenset[tuple[float, str]]) -> bool:
    """True when a place names a time the query does not, in a unit family both use ("after 6 months" and a record
    at "3 months"): another measurement of the outcome, which answers nothing (null beats a guess)."""
    families = {_TIME_FAMILY.get(u) for _, u in q_times} & {_TIME_FAMILY.get(u) for _, u in times} - {None}
    return bool(families) and not (q_times & times)


def _in_table(rec: dict) -> bool:
    ev = rec.get("evidence") or {}
    return ev.get("table") is not None or ev.get("source") == "table"


def pre_heading(label: str, timepoint: str = "") -> bool:
    """Whether a table value sits under a pre-treatment heading: the row label's prefixes ("Screening (Visit 1) /
    FVC (L)") name a time before treatment, and the time point (if any) says no later one."""
    prefixes = " / ".join((label or "").split(" / ")[:-1])
    if timepoint and not _RX.PRE_TIME.search(timepoint):
        return False
    return bool(prefixes and _RX.PRE_TIME.search(prefixes))


def said_at_baseline(rec: dict) -> bool:
    """A prose value its own sentence places before treatment ("At baseline, ... calorie intake of the two groups was
    not significantly different (2247 ± 160 vs. 2213 ± 157)"): a baseline cue before the value and no later time or
    change from baseline between the cue and the value. A record's own time may be another ("4 days" of "the 4-day
    food journal")."""
    if _in_table(rec):
        return False
    ev = rec.get("evidence") or {}
    sentence, value = str(ev.get("sentence") or ""), str(ev.get("text") or "")
    at = sentence.find(value) if value else -1
    before = sentence[:at] if at > 0 else sentence
    # "Adjusted for baseline values, ...": baseline is a covariate there, not the value's time.
    cues = [m for m in _RX.SAID_AT_BASELINE.finditer(before) if not _RX.ADJUSTED_FOR.search(before[:m.start()])]
    return bool(cues) and not _RX.LATER_SAID.search(before[cues[-1].end():])


def narrower_label(label: str, query: str) -> bool:
    """A label whose qualifier makes its outcome a part of the query's ("Serious adverse events", "drug-related
    AEs" for "The incidence of adverse events"): the part's counts are not the whole's (null beats a guess)."""
    q = query.lower() + (" serious" if _RX.QUERY_SERIOUS.search(query) else "")  # "SAEs": the serious part
    return any(("relat" if "relat" in m.group().lower() else m.group().lower()[:5]) not in q
               for m in _RX.NARROWING.finditer(label))


_UNITS = r"(?:minutes?|mins?|hours?|hrs?|h|days?|weeks?|wks?|months?|mos?|years?|yrs?)"
# Times read as a span or list, number first ("0-24 hours", "6 to 12 months", "1, 2 and 4 hours") or unit first
# ("days 1-7", "Weeks 2 to 4"): time_points reads one end of them only.
_TIME_SPAN = re.compile(r"\b\d+(?:\.\d+)?\s*(?:[-–]|to|through|,|and|or)\s*\d+(?:\.\d+)?\s*-?\s*" + _UNITS + r"\b|"
                        r"\b" + _UNIT_FIRST + r"\s*-?\s*\d+(?:\.\d+)?\s*(?:[-–]|to|through|,|and|or)\s*\d",
                        re.I)
# An age ("aged 6-12 years", "65 years old", "children under 5 years"): no time of measurement.
_AGE = re.compile(r"\b(?:aged?|ages|older than|younger than|under|over)\s+(?:of\s+)?\d+(?:\s*(?:[-–]|to)\s*\d+)?\s*"
                  r"(?:years?|yrs?|months?)\b|\b\d+(?:\s*(?:[-–]|to)\s*\d+)?\s*(?:years?|months?)[\s-]*old\b", re.I)


# A unit-first span ("days 1-7") that no unit follows (not "days 1-7 hours"): one time_points would read as "day 1".
_UNIT_FIRST_SPAN = re.compile(r"\b" + _UNIT_FIRST + r"\s*-?\s*\d+(?:\.\d+)?\s*(?:[-–]|to|through)\s*\d+(?:\.\d+)?"
                              r"(?!\s*-?\s*" + _UNITS + r"\b)", re.I)


def said_times(query: str) -> frozenset[tuple[float, str]]:
    """The time points a query names, unit first too ("at week 12"), leaving out a unit-first span ("pain over
    days 1-7" is no "day 1"): the times whose column or caption answers the query's time."""
    return time_points(_UNIT_FIRST_SPAN.sub(" ", query or ""))


#: A table row whose only time, its caption's, is another than the query's answers it less well.
CAPTION_OTHER_TIME_WEIGHT = 0.8


def caption_other_time(query: str, column: str, label: str, caption: str) -> bool:
    """Whether a table row's time is another than the query's by its caption alone: column and row name no time,
    the caption names times of the query's kind and not the query's ("Outcomes at the end of the 4-week
    intervention" for "Berg Balance Scale at 12 weeks", beside a table "Outcomes at 12-week follow-up"). Only a
    lower weight: a caption that names the query's time raises no row (it may head a baseline column too)."""
    q_points, caption = said_times(query), _AGE.sub(" ", caption)
    if not q_points or time_points(column) or time_points(label) or _TIME_SPAN.search(caption):
        return False  # a span or list of times ("0-24 hours", "at 1, 2 and 4 hours") may hold the query's
    return other_time(q_points, time_points(caption))


#: A row this close to what a class-of-events query names besides the class is that part of the query, no component.
COMPONENT_REST_SIM = 0.5


def component_row(query: str, label: str, caption: str) -> bool:
    """Whether a table row is one kind of the class of events a query adds up, under a caption naming that class:
    "Local / Wound infection" under "Postoperative complications" for a query on postoperative complications
    (``COMPOSITE_EVENTS``; the vocabulary matches the kind to its class). The row names no such class and shares
    no word with the query; a sum row ("Total", "Any") or a label of times or statistic words alone stands for the
    caption's outcome. A query naming no class of events is never answered by a part this way, nor a row that
    names what else the query lists ("Death events" for "Complications and mortality")."""
    if not _RX.COMPOSITE_EVENTS.search(query) or _RX.COMPOSITE_EVENTS.search(label) \
            or not _RX.COMPOSITE_EVENTS.search(caption) or bare_label(label) or sum_label(label) \
            or whole_event_row(label) or query_acronym(query, label):
        return False  # "Yes", "≥1" count the whole class; "SAEs" is "Serious adverse events" itself
    words = lambda text: set(tokens(re.sub(r"[-‐–]", " ", text)))  # noqa: E731 ("self-esteem" is "self esteem")
    q_words = words(without_times(query))
    rest = _RX.COMPOSITE_EVENTS.sub(" ", without_times(query))
    return not q_words & words(label) and bool(q_words & words(caption)) \
        and outcome_similarity(rest, [label]) < COMPONENT_REST_SIM


def instrument_codes(text: str) -> set[str]:
    """The scale or marker codes a text names (``INSTRUMENT_CODE``: "PHQ-9", "GAD-7"), upper case, hyphen dropped."""
    return {m.group(0).upper().replace("-", "") for m in _RX.INSTRUMENT_CODE.finditer(text or "")}


def other_instrument_row(query: str, label: str, arms: str = "") -> bool:
    """Whether a table row measures another instrument than the query names: both name a code
    (``instrument_codes``) and none of the row's is the query's ("PHQ-9, week 8" for "Anxiety (GAD-7) at week 8").
    Codes of the query's arms ("UCM-417" in an arms-as-rows label) are the arm's, not an instrument; a version
    letter does not make another one ("SCL-90r" for "SCL-90-r", ``same_instrument``)."""
    q_codes = instrument_codes(query)
    row_codes = instrument_codes(label) - instrument_codes(arms)
    return bool(q_codes and row_codes) and not any(same_instrument(q, r) for q in q_codes for r in row_codes)


def same_instrument(a: str, b: str) -> bool:
    """Whether two codes (``instrument_codes``) name one instrument: equal, or one the other plus a version letter
    ("SCL90" and "SCL90R", revised); two letters after one number ("IL28A", "IL28B") are two things."""
    return a == b or any(x[-1].isalpha() and x[-2].isdigit() and x[:-1] == y for x, y in ((a, b), (b, a)))


def whole_event_row(label: str) -> bool:
    """Whether a row label counts the people with any event of its caption's class ("Yes", "Overall / ≥1"): every
    part of it such a word, a sum's or a statistic's. "Apnea / Yes" is one kind's row, not the whole's."""
    parts = [p.strip() for p in (label or "").split(" / ")]
    return any(_RX.WHOLE_EVENT_ROW.match(p) for p in parts) \
        and all(_RX.WHOLE_EVENT_ROW.match(p) or bare_label(p) or sum_label(p) for p in parts)


def query_acronym(query: str, label: str) -> bool:
    """Whether a label writes the query, or a run of its words, as a capitalised acronym ("SAEs" for "Serious
    adverse events", "TEAE" for "Treatment-emergent adverse events"): two or more letters, the initials in order."""
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", query or "")).upper()
    return any(len(a) >= 2 and a in initials for a in re.findall(r"\b([A-Z]{2,6})s?\b", label or ""))


def without_times(query: str) -> str:
    """The query's words without its times and the words that lead them ("weight after three months" -> "weight"):
    what a place must match for the query's outcome, not only for its time."""
    text = _time_digits(query)
    kept, last = [], 0
    # a length ("6-minute walk distance") is the outcome's own words, kept as time_mentions does
    spans = sorted([*(m for m in _TIME_MENTION.finditer(text) if _is_time(text, m)),
                    *_TIME_MENTION_UNIT_FIRST.finditer(text)], key=lambda m: m.start())
    for m in spans:
        if m.start() < last:
            continue  # "week 6" read both ways
        kept.append(_RX.TIME_LEAD.sub("", text[last:m.start()]))
        last = m.end()
    kept.append(text[last:])
    return " ".join(" ".join(kept).split())


def time_only_match(query: str, matched: list[tuple[float, str]], defined: dict[str, str] | None = None) -> bool:
    """Whether a place matches a query naming a time only through that time: its texts (weighted as scored) match
    the query's words without the time below the outcome floor ("weight after three months" against a sentence
    on quality of life at three months; "weight" alone scores 0.0). Null beats a guess."""
    if not time_mentions(query):
        return False
    core = without_times(query)
    return not _tokens(core) or max((w * outcome_similarity(core, [t], defined) for w, t in matched if t),
                                    default=0.0) < 0.2


def _value_before(rec: dict) -> str:
    """A prose value's sentence up to the value."""
    ev = rec.get("evidence") or {}
    sentence, value = str(ev.get("sentence") or ""), str(ev.get("text") or "")
    if ev.get("start") is not None and ev.get("sentence_start") is not None:
        at = ev["start"] - ev["sentence_start"]
    else:
        at = sentence.find(value) if value else -1
    return sentence[:at] if 0 <= at <= len(sentence) else ""


def said_as_change(rec: dict) -> bool:
    """A prose value its own sentence calls a change ("a decrease of 0.48 kg ... an increase of 0.48 kg"): not the
    outcome's level, which a query naming no change asks for."""
    return not _in_table(rec) and bool(_RX.SAID_AS_CHANGE.search(_value_before(rec)))


def unit_contradicts_label(rec: dict) -> bool:
    """A prose value whose unit contradicts the outcome it was labelled with (``outcome_unit_mismatch``: "23.1 ±
    6.7 minutes" labelled "VAS", carried from "VAS scores are presented in Table 2"): the label is another
    sentence's, so the value's own words tell its outcome."""
    return not _in_table(rec) and bool(rec.get("outcome_label")) and "outcome_unit_mismatch" in (rec.get("flags") or [])


def subject_not_label(rec: dict) -> bool:
    """A prose value whose sentence names its own outcome as its subject ("The total number of pethidine injections
    in first 24 hours was 0.6 ± 0.6 in ..."), sharing no word with the outcome label the value carries (a previous
    sentence's "VAS", from "VAS scores are presented in Table 2"): the label is another sentence's, so the value's
    own words tell its outcome. A subject of under two content words ("The scores were") keeps the label."""
    label = str(rec.get("outcome_label") or "")
    if _in_table(rec) or not label:
        return False
    m = _RX.OWN_SUBJECT.match(str((rec.get("evidence") or {}).get("sentence") or ""))
    if not m:
        return False
    subject = set(tokens(m.group(1)))
    return len(subject) >= 2 and not subject & set(tokens(label))


def label_across_heading(rec: dict, sources: dict[str, str]) -> bool:
    """A prose value whose outcome label the text since the last section heading never names, while the text before
    that heading does: the label was inherited across the heading ("Urine albumin increased ... by 15.05" under
    "3.3. Renal Outcomes", labelled "hemoglobin A1C" from 3.2). The value's own words tell its outcome."""
    ev = rec.get("evidence") or {}
    label = str(rec.get("outcome_label") or "").casefold()
    body, start = sources.get(str(ev.get("source") or "")), ev.get("sentence_start")
    if _in_table(rec) or not (label and body) or start is None:
        return False
    at = max((m.start() for m in _RX.HEADING_PARAGRAPH.finditer(body, 0, start)), default=-1)
    own = (body[at:start] + str(ev.get("sentence") or "")).casefold()
    return at >= 0 and label not in own and body.casefold().rfind(label, 0, at) >= 0


def _subset_sizes(sources: dict[str, str], i_rec: dict, c_rec: dict, q_int: str, q_cmp: str,
                  tables: list[dict] | None, table_sizes: list[tuple[str, int, str]] | None) -> tuple[int, int] | None:
    """The two arms' subset sizes when both answered values stand in one prose sentence that opens on the people
    the sentence before counted (``subset_sizes.subset_sizes``) or on an analysis population a table's caption
    names (``subset_sizes.population_sizes``); None otherwise."""
    from stemfoot.extract.subset_sizes import population_sizes, subset_sizes

    ev_i, ev_c = (i_rec or {}).get("evidence") or {}, (c_rec or {}).get("evidence") or {}
    start = ev_i.get("sentence_start")
    if _in_table(i_rec) or _in_table(c_rec) or start is None or start != ev_c.get("sentence_start") \
            or _source(ev_i) != _source(ev_c):
        return None
    body, sentence = sources.get(_source(ev_i)), str(ev_i.get("sentence") or "")
    return (subset_sizes(body, sentence, start, q_int, q_cmp) if body else None) or population_sizes(
        sentence, tables, table_sizes, q_int, q_cmp)


def _clause_sizes(sources: dict[str, str], i_rec: dict, c_rec: dict) -> tuple[int, int] | None:
    """The (intervention n, comparator n) a prose sentence holding both values states in each value's own clause
    (``subset_sizes.clause_sizes``); None when the values stand in different sentences or their offsets are not
    the sentence's."""
    from stemfoot.extract.subset_sizes import clause_sizes

    ev_i, ev_c = (i_rec or {}).get("evidence") or {}, (c_rec or {}).get("evidence") or {}
    start = ev_i.get("sentence_start")
    if start is None or start != ev_c.get("sentence_start") or _source(ev_i) != _source(ev_c):
        return None
    sentence = ev_i.get("sentence")
    if sentence is None and ev_i.get("sentence_end") is not None:
        sentence = (sources.get(_source(ev_i)) or "")[start:ev_i["sentence_end"]]
    spans = []
    for ev in (ev_i, ev_c):
        if not isinstance(ev.get("start"), int) or not isinstance(ev.get("end"), int):
            return None
        a, b = ev["start"] - start, ev["end"] - start
        if not sentence or a < 0 or sentence[a:b] != ev.get("text"):
            return None  # offsets that do not point at the value in this sentence: no clause to read
        spans.append((a, b))
    return clause_sizes(sentence, spans[0], spans[1])


def _heads_row(arm: str, row_header: str) -> bool:
    """Whether an arm's label is a whole word of a row header. The arm's whole word: arms "A" / "B" are letters of
    any row ("HbA1c change"); a label of one or two letters in its own case, as "a" is an article ("Change in ulcer
    area, a per-protocol set"), longer ones in any case ("Drink group (n = 52)")."""
    flags = 0 if len(arm) <= 2 else re.I
    return re.search(rf"(?<!\w){re.escape(arm)}(?!\w)", row_header, flags) is not None


def repeated_row(i_rec: dict, c_rec: dict, candidates: list[dict],
                 tables: list[dict] | None = None) -> tuple[tuple[int, int], tuple | None] | None:
    """((intervention n, comparator n), (intervention mean, comparator mean)) of the one table row that repeats two
    prose values, mean and SD alike ("Mean ABI increased by 0·09 (SD 0·06) with UC-MSC and by 0·01 (0·05) with
    placebo" beside a row "0·09 (0·06) | 0·01 (0·05)" under "UC-MSC (n=24)" | "Placebo (n=23)"): the sizes its records
    state, and its means as printed. A mean is matched up to its sign: prose carries a change's direction in words
    ("decreased by 1.4 ± 2.6 kg") that the row prints as "-1.4 ± 2.6". None when a value lacks an SD, no row or several
    rows with different sizes repeat them; the means None where such rows print different signs."""
    def same(a: dict, b: dict) -> bool:
        return abs(a["mean"]) == abs(b["mean"]) and a.get("sd") == b.get("sd")  # both means checked not None

    if any(r.get("mean") is None or r.get("sd") is None for r in (i_rec, c_rec)):
        return None
    rows: dict[tuple, dict[str, dict]] = {}
    for rec in candidates:
        ev = rec.get("evidence") or {}
        if _in_table(rec) and _row_size(rec, tables) is not None and rec.get("arm") and rec.get("mean") is not None:
            # A table record's sentence is its row: both arms' cells of one row share its start; a table with arms
            # as rows ("Group A (n = 27) | … | -2.9 ± 1.4") holds them in one column, a row each.
            keys = [(ev.get("table"), rec.get("outcome_label"), ev.get("sentence_start"))]
            if ev.get("column_header") and _heads_row(rec["arm"], str(ev.get("row_header") or "")):
                # Only a row its arm heads: one column header shared by both arms' columns ("Mean ± SD") is no row.
                keys.append((ev.get("table"), "column", ev["column_header"]))
            for place in (rows.setdefault(key, {}) for key in keys):
                for side, value in (("intervention", i_rec), ("comparator", c_rec)):
                    if same(rec, value):
                        place.setdefault(side, rec)
    pairs = [(p["intervention"], p["comparator"]) for p in rows.values()
             if len(p) == 2 and p["intervention"] is not p["comparator"]
             and p["intervention"].get("arm") != p["comparator"].get("arm")]
    found = {(_row_size(i, tables), _row_size(c, tables)) for i, c in pairs}
    if len(found) != 1:
        return None
    means = {(i["mean"], c["mean"]) for i, c in pairs}
    return found.pop(), means.pop() if len(means) == 1 else None  # type: ignore[return-value]


def _row_size(rec: dict, tables: list[dict] | None) -> int | None:
    """A table value's n: its own row's "n" column where arms are rows and one states it ("SVF + PRP | 32 | 47.9
    (21.3) | 30 | 81.6 (16.9)" under "Week 4, n | ... | Week 8, n | ..."), the people measured for it, else the n
    its record took (a column header's)."""
    from stemfoot.extract.group_sizes import record_row_n

    own = record_row_n(tables, rec) if tables else None
    return own[0] if own else record_size(rec)


def printed_sign(prose_mean: float, row_mean: float, rose: bool) -> float:
    """A prose change's mean with the sign the table row repeating it prints: "decreased by 1.4" beside a row's
    "-1.4" is -1.4. Only towards a minus, the sign a direction word ("decreased by") stands for in prose, and not
    where the prose words a rise (``rose``: "increased by 0.9" beside a row's "-0.9" stays 0.9). A row printing a
    positive value for a prose minus ("a reduction" column) keeps the prose value."""
    # Where the prose's worded rise and the row's minus disagree, the row keeps its sizes (it repeats both values,
    # SDs included, so it is the same measurement) but not its sign: the prose's word is the author's reading of the
    # direction, while a row's minus may follow another convention (baseline minus follow-up) the row does not say;
    # refusing the whole row would also drop the sizes it rightly gives.
    return row_mean if row_mean < 0 and row_mean == -prose_mean and not rose else prose_mean


def _source(ev: dict) -> str:
    """The ``sources`` text a prose value's offsets count in: the pipeline's records name it ``source``, the query's
    own sentence pairs (``prose_pair_records``) ``section``."""
    return str(ev.get("source") or ev.get("section") or "")


def sentence_values(candidates: list[dict]) -> dict[str, dict[tuple, set]]:
    """Each prose sentence's distinct values per (arm, outcome label) where the export gate withheld some of them
    (read at the arm it held): the withheld values no longer show the place a sentence giving an arm a series, so
    a sentence pair of two of them ("1.700 ± 0.380 ... 1.866 ± 0.159", two arms' baselines) would answer. Values
    the pipeline exported show their series in their own place (``answer_query``)."""
    out: dict[str, dict[tuple, set]] = {}
    held: set[tuple] = set()
    for rec in candidates:
        was = (rec.get("gate") or {}).get("held") or {}
        arm = rec.get("arm") or was.get("arm")
        sentence = str((rec.get("evidence") or {}).get("sentence") or "")
        value = rec.get("mean") if rec.get("mean") is not None else rec.get("events")
        if arm and sentence and value is not None and not _in_table(rec):
            out.setdefault(sentence, {}).setdefault((arm, rec.get("outcome_label")), set()).add(value)
            if was.get("arm"):
                held.add((sentence, arm, rec.get("outcome_label")))
    return {s: {k: v for k, v in by.items() if (s, *k) in held} for s, by in out.items()}


def shared_denominators(candidates: list[dict]) -> set[tuple[str, float, str]]:
    """(sentence, denominator, outcome label) of prose values that share a denominator with another count of the same
    outcome ("6 of 101 patients; 30 mg group ... 5 of 101 patients; placebo group"): two arms of one size, so the
    denominator tells neither arm. Two outcomes' counts of one size ("of the 40 patients treated with cells, 30 healed
    and 2 underwent amputation") are one arm's."""
    seen: dict[tuple[str, float, str], set] = {}
    for rec in candidates:
        ev = rec.get("evidence") or {}
        if rec.get("total") and rec.get("events") is not None and not _in_table(rec):
            key = (str(ev.get("sentence") or ""), rec["total"], str(rec.get("outcome_label") or ""))
            seen.setdefault(key, set()).add(rec["events"])
    return {key for key, counts in seen.items() if len(counts) > 1}


def said_several(rec: dict, said: dict[str, dict[tuple, set]]) -> bool:
    """The record's sentence gives some arm a series of three or more values of one outcome ("The mean PI scores at
    baseline, 30 days, and 45 days were ..., respectively, for Group I, ..."): which one a query means is not said.
    Two values are often "from 7.97% to 7.17%", which the sentence pairs read right."""
    sentence = str((rec.get("evidence") or {}).get("sentence") or "")
    # The pipeline's sentence may carry its heading ("Plaque index\n\nThe mean PI ..."): one holds the other.
    return len(sentence) >= 40 and any((sentence in s or s in sentence) and any(len(v) > 2 for v in by.values())
                                       for s, by in said.items() if len(s) >= 40)


def _sentence_leads(records: list[dict]) -> None:
    """Prose values: the words of their sentence before its first value ("The average specimen size was"),
    an outcome label of their own (the pipeline's label may come from elsewhere in the text)."""
    first: dict[tuple, int] = {}
    for rec in records:
        ev = rec.get("evidence") or {}
        if ev.get("table") is None and ev.get("sentence") and ev.get("start") is not None:
            key = (ev.get("section"), ev.get("sentence_start"))
            first[key] = min(first.get(key, ev["start"]), ev["start"])
    for rec in records:
        ev = rec.get("evidence") or {}
        key = (ev.get("section"), ev.get("sentence_start"))
        if key in first and ev.get("sentence_start") is not None:
            lead = ev["sentence"][: max(first[key] - ev["sentence_start"], 0)]
            rec["_lead"] = " ".join(words_without_numbers(lead).split()[-12:])


def _evidence(rec: dict) -> dict:
    ev = rec.get("evidence") or {}
    if ev.get("table") is not None or ev.get("source") == "table":
        return {"text": ev.get("cell"), "table": ev.get("table"), "row_header": ev.get("row_header"),
                "column_header": ev.get("column_header"), "start": ev.get("start"), "end": ev.get("end")}
    return {"text": ev.get("text"), "section": ev.get("section") or ev.get("source") or "abstract",
            "start": ev.get("start"), "end": ev.get("end")}
