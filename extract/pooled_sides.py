"""Pooled sides: a value said of several treated arms together is the pool's, not one member arm's (issue 11, round 26).

"Pooled across doses, 48.6% of cell-treated patients healed", "Both cell-containing groups together achieved 54.2%
closure ... versus 29.2% in the two cell-free groups": the golds file such values on a pooled record whose members
are the arms pooled (gold conventions 6 and 17); the arm readers put them on the nearest dose arm or, by order, on
the control. This stage reads the value's own words (its side of the sentence, up to the next value or clause) for
words of a pool (``TREATED_POOL``, ``UNTREATED_POOL``). A treated pool in a study with two or more treated arms and
a grouping of exactly those arms (``members``, made by the inventory from the text's own pooled label or doses)
takes the value there (flag ``arm_by_pooled_words``); with no such grouping, or for an untreated pool whose members
are not read, the value leaves its arm (target ``unattributed``, flag ``pooled_side``): null beats one member's arm.

Round 27: where the inventory has no such grouping, the stage makes one (``grouping``, ``source`` "pooled_words")
for the treated arms the pool's words name, so the value has the pooled record the golds give it. A count whose
total is no arm's size but the summed sizes of exactly one set of two or more arms, not all, in a sentence with words
of a pool ("Group C healed more often than Groups A and B combined (14/19 vs 17/36)": 36 = 18 + 18) goes to the
grouping of that set (``members_by_total``; flag ``arm_by_pooled_total``).

Round 40 (lead 3): the recipients of the product every treated arm got are the treated pool too, in the value's words
or its own ("Injection-site pain occurred in 8 patients receiving HUC-17 and in 3 receiving placebo", "in 7 MSC
recipients", "No ectopic tissue formation was detected in patients given UMC-9"; ``recipient_pool``), also for a
value read as the cohort's; not for a co-treatment, a product one treated arm lacks, or in a factorial trial.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations

from stemfoot.extract.numbers import parse_count
from stemfoot.extract.pattern_data import load_patterns

_RX = load_patterns("pooled_sides")
#: Kinds a pool's value can take (effects compare arms; p-values are no results).
KINDS = frozenset({"events", "percent", "mean_sd", "mean", "median"})
#: Words of an arm's label that do not name it.
_GENERIC = frozenset({"the", "group", "groups", "arm", "arms", "patients", "cohort"})


def value_words(text: str, st: dict, spans: list[tuple[int, int]]) -> tuple[str, str]:
    """The words before and after a value that speak of it: from the previous value of its sentence (or the
    sentence's start) to it, and from it to the next value (or the sentence's end), each cut at a clause break
    (``VALUE_BREAK``) on the far side. ``spans``: (start, end) of the values of the record."""
    ev = st["evidence"]
    start, end = ev["start"], ev["end"]
    lo, hi = ev.get("sentence_start", 0), ev.get("sentence_end", len(text))
    lo = max([lo, *(b for a, b in spans if lo <= b <= start)])
    hi = min([hi, *(a for a, b in spans if end <= a <= hi)])
    # A break is read with the value itself in view, so "and in " right before a count ("… HUC-17 and in 3 receiving
    # placebo") cuts there (round 40): the earlier count's words are not this one's.
    breaks = [m for m in _RX.VALUE_BREAK.finditer(text, lo, end) if m.end() <= start]
    before = text[breaks[-1].end() if breaks else lo:start]
    after = text[end:hi]
    cut = _RX.VALUE_BREAK.search(after)
    return before, after[:cut.start()] if cut else after


def comparison_side(text: str, st: dict, spans: list[tuple[int, int]]) -> str | None:
    """For a value that opens a bracketed pair after a comparison, or follows its "vs" ("Pooled ORB-22 recipients
    healed more often than placebo recipients (19/39 [48.7%] vs 3/17 [17.6%]"), the words of its own side: those
    before the comparison word (``COMPARE_WORD``) for the first value, those after it for the second. None for
    any other value (``value_words`` reads those)."""
    ev = st["evidence"]
    s0, start = ev.get("sentence_start", 0), ev["start"]
    opened = text.rfind("(", s0, start)
    if opened < 0 or ")" in text[opened:start]:
        return None
    inside = text[opened + 1:start]
    second = _RX.PAIR_VS.search(inside) and any(opened < a < start for a, _ in spans)
    # A summary word may lead the pair ("(median 9 vs 13 weeks", "(mean 42 vs 57"; round 40).
    if inside.strip() and not second and not _RX.PAIR_LEAD.fullmatch(inside):
        return None
    lead = text[s0:opened]
    compare = list(_RX.COMPARE_WORD.finditer(lead))
    closed = text.find(")", start)
    # One comparison and a pair in the bracket, else the sides do not map onto the values ("more frequent in high-
    # dose than in low-dose recipients, and in both cell groups than in placebo (14/20 vs 9/20 vs 4/20)").
    if len(compare) != 1 or len(_RX.COMPARE_WORD.findall(text, opened, closed if closed >= 0 else len(text))) != 1:
        return None
    if second:
        return lead[compare[-1].end():]
    subject = lead[:compare[-1].start()]
    breaks = list(_RX.VALUE_BREAK.finditer(subject))
    return subject[breaks[-1].end():] if breaks else subject


def _names_arm(words: str, arm_words: list[set[str]]) -> bool:
    """Whether ``words`` hold every word of some arm's label (group words aside): "9 placebo patients"."""
    have = {w.lower() for w in _RX.WORD.findall(words)}
    return any(ws and ws <= have for ws in arm_words)


def _acronym_pool(words: str, labels: Sequence[str], treated: Sequence[str] | None) -> bool:
    """Whether ``words`` pool arms by an acronym ("the two SVF groups", ``ACRONYM_POOL``) that means the treated arms:
    an acronym no arm's label holds as a word names the product of them all; one some labels hold, only those arms,
    so only where they are exactly ``treated`` ("the two TO groups" of BM-MNC + TO, BM-MNC + SD, TO alone and SD
    alone are no pool of the two cell arms)."""
    for m in _RX.ACRONYM_POOL.finditer(words):
        naming = {label for label in labels if m.group("code") in _RX.WORD.findall(label)}
        if not naming or treated is not None and naming == set(treated):
            return True
    return False


def _product_words(code: str) -> set[str]:
    """The forms of a product's code an arm's words may hold: as written, and without a plural "s" ("PDASCs")."""
    return {code, code[:-1]} if len(code) > 2 and code.endswith("s") and code[-2].isupper() else {code}


def _holds(words: set[str], forms: set[str]) -> bool:
    """Whether an arm's words hold a product's code, alone, with its dose ("PDASC" in "PDASC-150") or with its source
    ("MSC" in "UC-MSC"); not with a cell-free product made from it ("MSC-CM", "MSC-exosomes", ``CELL_FREE_SUFFIX``;
    mend40)."""
    return any(w == f or w.startswith(f + "-") and not _RX.CELL_FREE_SUFFIX.match(w[len(f) + 1:].split("-")[0])
               or w.endswith("-" + f) for w in words for f in forms)


def _own_product(words: set[str]) -> bool:
    """Whether an arm's words name a cell product of their own (a code or cell word of ``PRODUCT_CELL``, not the
    generic "cells" of ``PRODUCT_GENERIC`` nor a tissue word such as "marrow")."""
    return any(_RX.PRODUCT_CELL.fullmatch(w) and not _RX.PRODUCT_GENERIC.match(w) and not _RX.TISSUE_WORD.fullmatch(w)
               for w in words)


def _cell_free(words: set[str]) -> bool:
    """Whether an arm's words name a cell-free product made from cells ("MSC-exosomes", "conditioned medium",
    ``CELL_FREE``; mend40): a product of its own, whose recipients got no cells."""
    return any(_RX.CELL_FREE.match(w) for w in words)


def merged_arm(arm: dict) -> bool:
    """Whether an arm without members is itself several arms taken together ("ELX-7 arms" read from "in both ELX-7
    arms combined", ``MERGED_ARM_LABEL``; after round 40): one record standing for arms the inventory never listed."""
    return not arm.get("members") and bool(_RX.MERGED_ARM_LABEL.search(str(arm.get("label") or "")))


def _one_arm_cells(code: str, treated_words: Sequence[set[str]]) -> bool:
    """Whether cells by their name say one treated arm's kind of them (mend43b): a dose or route in their words
    (``NAMED_CELLS_ONE_ARM``: "high-dose mesenchymal stem cells"), or a word some treated arm's label holds and
    another's does not ("allogeneic stem cells" beside an "autologous" and an "allogeneic" group). Labels only:
    descriptions are often missing or partial, so a word absent from one says nothing."""
    if _RX.NAMED_CELLS_ONE_ARM.search(code):
        return True
    held = [{w.lower() for w in words} for words in treated_words]
    return any(any(w in h for h in held) and not all(w in h for h in held)
               for w in {w.lower() for w in _RX.WORD.findall(code)})


def recipient_pool(words: str, arms: Sequence[dict], treated: Sequence[str] | None) -> bool:
    """Whether ``words`` speak of the recipients of a product every treated arm received (round 40, lead 3;
    ``PRODUCT_RECIPIENTS``): "in 7 MSC recipients", "9 of 40 ADSC recipients", "8 patients receiving HUC-17",
    "in patients given UMC-9", "patients who received the product". The product must be the cells: the product or
    cells (``PRODUCT_GENERIC``), or a cell word or a code with a digit (``PRODUCT_CELL``), not a co-treatment some arms
    got ("patients receiving ESWT", "patients treated with PRP"). No untreated arm's label or description may hold
    the code, and no treated arm's may name another cell product without it ("patients given BM-MNC" beside a
    PB-MNC arm; an arm's description without a product, "3 × 10^6/kg" of a dose list, says nothing); where the treated
    arms are of distinct cell types (``cell_type``), only the product or cells pool them. ``arms``: the base arms
    (label, role, description, cell_type); none of the treated may be a merge of unlisted arms (``merged_arm``)."""
    if not treated or not arms:
        return False
    # A treated arm that is itself a merge of arms the inventory did not list ("ELX-7 arms" beside placebo) is no
    # arm the scorer or a reader can map, and without its members no pooled record can be formed: the value is left
    # for review (after round 40; null beats a wrong arm).
    if any(merged_arm(a) for a in arms if a["label"] in treated):
        return False
    for m in _RX.PRODUCT_RECIPIENTS.finditer(words):
        group = next(g for g in ("code", "code2", "code3", "code4") if m.group(g))
        code = m.group(group).strip()
        # "3 autologous cell recipients", "intra-arterial BM-MNC recipients": one arm's kind of the product; "patients
        # receiving BM-MNC or standard care": both arms' patients (mend40).
        if _RX.PRODUCT_QUALIFIER.search(words, 0, m.start(group)) or _RX.PRODUCT_COORDINATED.match(words, m.end(group)):
            continue
        own = {a["label"]: set(_RX.WORD.findall(" ".join(filter(None, (a.get("label"), a.get("description"))))))
               for a in arms}
        named = _RX.PRODUCT_NAMED_CELLS.match(code) is not None
        if _RX.PRODUCT_GENERIC.match(code) or named:
            # "patients given cells", "the product": the treated arms', unless an untreated arm got cells too (an
            # active comparator of BM-MNC beside MSC arms; mend40). Cells by their name ("patients given mesenchymal
            # stem cells"; round 43) too, where the treated arms got one kind of cells.
            if any(a.get("cell_type") or _own_product(own[a["label"]]) for a in arms if a["label"] not in treated):
                continue
            if named and len({a.get("cell_type") for a in arms if a["label"] in treated and a.get("cell_type")}) > 1:
                continue
            if named and _one_arm_cells(code, [set(_RX.WORD.findall(t)) for t in treated]):
                continue
            return True
        if not _RX.PRODUCT_CELL.search(code):
            continue
        forms = _product_words(code)
        if any(_holds(own[a["label"]], forms) for a in arms if a["label"] not in treated):
            continue
        if any((_own_product(own[t]) or _cell_free(own[t])) and not _holds(own[t], forms) for t in treated if t in own):
            continue
        if len({a.get("cell_type") for a in arms if a["label"] in treated and a.get("cell_type")}) > 1:
            continue
        return True
    return False


def pool_of(text: str, st: dict, spans: list[tuple[int, int]], labels: Sequence[str] = (),
            treated: Sequence[str] | None = None, arms: Sequence[dict] = (), factorial: bool = False) -> str | None:
    """"treated" or "untreated" when the value's own words (its side of a bracketed comparison, ``comparison_side``,
    else ``value_words``) name a pool of arms, else None. Not when an arm of
    ``labels`` is named in those words on either side of the value, or in the value itself ("11 patients across
    the two cell groups and by 9 placebo patients": the 9 is the placebo arm's). An acronym's pool ("the two SVF
    groups") only where it means the ``treated`` arms (``_acronym_pool``)."""
    side = comparison_side(text, st, spans)
    before, after = (side, "") if side is not None else value_words(text, st, spans)
    arm_words = [{w.lower() for w in _RX.WORD.findall(label)} - _GENERIC for label in labels]
    own = text[st["evidence"]["start"]:st["evidence"]["end"]]
    # An arm named anywhere in the value's own words, on either side of it, keeps the value: "Pain scores pooled
    # over weeks 4 and 8 were 3.1 in the high-dose group", "Among cell-treated patients, healing was 67% in the
    # high-dose group" (the pool word is about visits, centres or a subgroup, not the arms).
    if _names_arm(before + " " + own + " " + after, arm_words):
        return None
    for kind, rx in (("untreated", _RX.UNTREATED_POOL), ("treated", _RX.TREATED_POOL)):
        if rx.search(before) or rx.search(after):
            return kind
    # The recipients of the product every treated arm got, in the value's words or its own ("in 7 MSC recipients",
    # "9 of 40 ADSC recipients", "8 patients receiving HUC-17 and in 3 receiving placebo"; round 40).
    # Not in a factorial trial, whose factor sides ("patients given BM-MNC" vs "those not given cells") are read
    # together by `factor_sides`.
    if not factorial and recipient_pool(before + own + after, arms, treated):
        return "treated"
    if _acronym_pool(before, labels, treated) or _acronym_pool(after, labels, treated):
        return "treated"
    return None


def _own_words(text: str, st: dict, spans: list[tuple[int, int]]) -> tuple[str, ...]:
    """The words ``pool_of`` reads for a value: its side of a bracketed comparison, else those before and after it."""
    side = comparison_side(text, st, spans)
    return (side,) if side is not None else value_words(text, st, spans)


def stated_count(text: str, st: dict, spans: list[tuple[int, int]]) -> int | None:
    """The number of arms a value's pool words state ("the two higher-dose arms combined", "both cell groups"),
    or None where they state none ("pooled across doses", "cell-treated patients")."""
    for words in _own_words(text, st, spans):
        m = _RX.POOL_COUNT.search(words)
        if m:
            word = m.group("n").lower()
            return 2 if word == "both" else parse_count(word)
    return None


def treated_pool_fits(text: str, st: dict, spans: list[tuple[int, int]], n_treated: int, grouped: bool) -> bool:
    """Whether a treated pool's words may mean all ``n_treated`` treated arms: no other number of arms
    (``POOL_COUNT``); with no number stated, no dose levels of some (``POOL_SUBSET``: "pooled higher-dose
    recipients"; "the two higher-dose arms" of two are both); and, where the inventory has no grouping of them
    (``grouped`` False), no data or centres pooled (``POOL_OF_DATA``: "in a pooled analysis of both centres, 73% of
    patients" is no grouping's value)."""
    stated = stated_count(text, st, spans)
    words = _own_words(text, st, spans)
    return ((stated == n_treated or stated is None and not any(_RX.POOL_SUBSET.search(w) for w in words))
            and (grouped or not any(_RX.POOL_OF_DATA.search(w) for w in words)))


def members_by_total(total: int, base: list[dict]) -> list[str] | None:
    """The labels of the one set of two or more arms, not all, whose sizes (``n_patients``) sum to ``total``; None
    when an arm is unsized, when the total is one arm's size, or when no set or several sets sum to it."""
    sizes = [a.get("n_patients") for a in base]
    if len(base) < 3 or any(not isinstance(n, int) or n <= 0 for n in sizes) or total in sizes:
        return None
    found = [c for k in range(2, len(base)) for c in combinations(range(len(base)), k)
             if sum(sizes[i] for i in c) == total]
    return [base[i]["label"] for i in found[0]] if len(found) == 1 else None


def named_by_total(total: int, named: list[str], base: list[dict]) -> list[str] | None:
    """The arms a value's words list together (``named``: two or more, not all) where their sizes sum to the
    value's ``total``, "9 of the 44 patients in G1 and G2" with 22 in each: the words say which set even where
    other sets of arms sum to it too; None otherwise. Not a list joining a control to a treated arm ("3 of 44 in
    G2 and G4", PBMNC and standard care): such a set is no side of a comparison, and its grouping would take the
    intervention's role (``grouping``)."""
    sizes = {a["label"]: a.get("n_patients") for a in base}
    if not 2 <= len(named) < len(base) or any(not isinstance(sizes[x], int) for x in named):
        return None
    roles = {a["label"]: a.get("role") for a in base}
    if len({roles[x] == "control" for x in named}) > 1:
        return None
    return named if sum(sizes[x] for x in named) == total else None


def inventory_grouping(arms: list[dict], members: list[str]) -> dict | None:
    """The grouping of ``arms`` that has exactly ``members``, or None."""
    return next((a for a in arms if a.get("members") and set(a["members"]) == set(members)), None)


def grouping(arms: list[dict], members: list[str], evidence: dict) -> dict:
    """The arm grouping exactly ``members``: the inventory's, else a new one appended to ``arms`` (the members'
    role when they share one; no size, as the inventory's groupings; ``evidence`` the words that pooled them)."""
    found = inventory_grouping(arms, members)
    if found is not None:
        return found
    by_label = {a["label"]: a for a in arms if not a.get("members")}
    roles = {by_label[m].get("role") for m in members}
    cells = {by_label[m].get("cell_type") for m in members}
    new = {"label": " + ".join(members) + " (pooled)", "role": roles.pop() if len(roles) == 1 else "intervention",
           "cell_type": cells.pop() if len(cells) == 1 else None, "n_patients": None, "n_limbs": None,
           "description": None, "routes": [], "n_evidence": None, "source": "pooled_words", "members": list(members),
           "evidence": dict(evidence, component="stemfoot_pooled_sides")}
    arms.append(new)
    return new


def _place(st: dict, arm: dict, flag: str) -> None:
    st.update(target="arm", arm=arm["label"], arm_role=arm.get("role"))
    st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + [flag]


def treated_arms(base: Sequence[dict]) -> list[str]:
    """The labels of the arms given the treatment a pool of treated arms covers: the intervention, and an active
    comparator that is another dose or route of it (the second of two such arms): cells, the intervention's where
    those were read ("G1" given PB-MNCs beside "G2", whose cells went unread), or a label naming a dose level ("the high-dose arm" beside "the low-dose arm"). Not a comparator of other cells
    (BM-MNC beside MSC arms: "cell recipients" is then no pool of the MSC arms) nor a drug. "Pooling both cell
    doses" pools every such arm, not the intervention alone."""
    cells = {a.get("cell_type") for a in base if a.get("role") == "intervention"} - {None}
    given = set().union(*(_label_words(a.get("label")) for a in base if a.get("role") == "intervention"))
    return [a["label"] for a in base
            if a.get("role") == "intervention" or (a.get("role") == "active_comparator" and (
                (a.get("cell_type") and (not cells or a["cell_type"] in cells))
                or (_RX.POOL_SUBSET.search(a.get("label") or "") and _label_words(a.get("label")) <= given)))]


def _label_words(label: str | None) -> set[str]:
    """A label's words beside its dose level and group word: "high-dose atorvastatin arm" -> {"atorvastatin"}, "the
    high-dose arm" -> set(). A dose-level comparator is another dose of the intervention only where its other words
    are the intervention's ("high-dose MSC group" beside "low-dose MSC group"), not another drug's dose."""
    rest = _RX.LABEL_FILLER.sub(" ", _RX.POOL_SUBSET.sub(" ", label or ""))
    return set(re.findall(r"[a-z0-9]+", rest.lower()))


def pooled_side_stage(text: str, arms: list[dict], statistics: list[dict], factorial: bool = False) -> list[str]:
    """In place: each arm value (or unplaced one) whose words name a pool of arms goes to the grouping of the treated
    arms (the inventory's, else a new one); an untreated pool's value, whose members are not read, and a treated
    pool that need not be all treated arms (``treated_pool_fits``: "the two higher-dose arms" of three), leave their arm.
    Only in studies of two or more treated arms (in a two-arm trial "cell-treated patients" is the cell arm) that
    also have an untreated arm (else a pool of all arms is the cohort, which the target reader decides). Then counts
    pooled by their total (``pooled_totals``). A value read as the whole sample's (target ``cohort``) moves only to
    the treated arms' pool (round 40). Returns the record's flags."""
    base = [a for a in arms if not a.get("members")]
    treated = treated_arms(base)
    flags = pooled_totals(text, arms, statistics)
    if len(treated) < 2 or len(treated) == len(base):
        return flags
    spans = [(s["evidence"]["start"], s["evidence"]["end"]) for s in statistics if s.get("evidence")]
    labels = {a["label"] for a in base}
    moved = False
    for st in statistics:
        if st["kind"] not in KINDS or st.get("target") not in {"arm", "unattributed", "cohort"} or (
                st.get("target") == "arm" and st.get("arm") not in labels):
            continue
        pool = pool_of(text, st, spans, sorted(labels), treated, base, factorial)
        if pool is None:
            continue
        fits = pool == "treated" and treated_pool_fits(text, st, spans, len(treated),
                                                       inventory_grouping(arms, treated) is not None)
        if st.get("target") == "cohort" and (not fits or any(_RX.SAMPLE_POOL.search(w)
                                                             for w in _own_words(text, st, spans))):
            # A value read as the whole sample's moves only to the treated arms' pool ("no allergic reaction was
            # observed in cell recipients" beside a placebo arm; round 40), else it stays the cohort's; not by words
            # that pool data or arms without naming the treated arms' product ("Pooled across all arms, 12 of 60
            # patients died", ``SAMPLE_POOL``: the sample's words; mend40).
            continue
        moved = True
        st.setdefault("detail", {})["pooled_side"] = {"pool": pool, "arm": st.get("arm")}
        if fits:
            _place(st, grouping(arms, treated, st["evidence"]), "arm_by_pooled_words")
        else:
            st.update(target="unattributed", arm=None, arm_role=None)
            st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["pooled_side", "review_attribution"]
    if moved:
        statistics[:] = drop_pooled_copies(statistics)
    return flags + (["pooled_side_values"] if moved else [])


def recipient_arm_stage(text: str, arms: list[dict], statistics: list[dict], factorial: bool = False) -> list[str]:
    """In place: in a trial of one treated arm (role intervention) beside one untreated arm, a value left without an
    arm whose own words name the recipients of the treated arm's product (`recipient_pool` with that arm: "The ulcer
    healed completely in 19/30 (63.3%) patients given BM-MNCs and in 9/29 (31.0%) controls", "seen in 14 of 35 MSC
    recipients (40.0%) and in 3 of 33 placebo recipients") is that arm's (flag ``arm_by_recipients``; round 40,
    lead 8: an arm named by its treatment, not its label). Not where the words name the other arm, nor in a factorial
    trial. Returns the record's flags."""
    base = [a for a in arms if not a.get("members")]
    treated = [a["label"] for a in base if a.get("role") == "intervention"]
    if factorial or len(base) != 2 or len(treated) != 1:
        return []
    other = next(a["label"] for a in base if a["label"] != treated[0])
    other_words = [{w.lower() for w in _RX.WORD.findall(other)} - _GENERIC]
    spans = [(s["evidence"]["start"], s["evidence"]["end"]) for s in statistics if s.get("evidence")]
    moved = False
    for st in statistics:
        if st["kind"] not in KINDS or st.get("target") != "unattributed" or "start" not in st.get("evidence", {}):
            continue
        if comparison_side(text, st, spans) is not None:
            continue
        before, after = value_words(text, st, spans)
        words = before + text[st["evidence"]["start"]:st["evidence"]["end"]] + after
        if _names_arm(words, other_words) or not recipient_pool(words, base, treated):
            continue
        _place(st, next(a for a in base if a["label"] == treated[0]), "arm_by_recipients")
        moved = True
    return ["recipient_arm_values"] if moved else []


#: The flags of values moved to a grouping by their words; a value read once per member arm moved twice is one fact.
_POOL_FLAGS = frozenset({"arm_by_pooled_words", "arm_by_named_pool"})


def _copy_key(st: dict) -> tuple:
    ev = st.get("evidence") or {}
    return (st.get("arm"), st["kind"], st.get("events"), st.get("total"), st.get("percent"), st.get("mean"),
            st.get("median"), st.get("outcome"), st.get("timepoint"), ev.get("start"), ev.get("end"))


def drop_pooled_copies(statistics: list[dict]) -> list[dict]:
    """The statistics without the second and later of values placed on one grouping by their pool words that are
    the same words read once per treated arm ("No cell-related SAEs occurred in patients given cells": a zero in
    each cell arm before the pool words moved both copies to the pool; round 35): one fact, exported once."""
    seen: set[tuple] = set()
    out = []
    for st in statistics:
        if _POOL_FLAGS & set(st.get("flags") or []):
            key = _copy_key(st)
            if key in seen:
                continue
            seen.add(key)
        out.append(st)
    return out


def _this_side(words: tuple[str, ...]) -> tuple[str, ...]:
    """A value's words before and after it (``value_words``) without those across a comparison word
    (``COMPARE_WORD``): "Bone pain (9 of 44) was more frequent than in G1 and G2" names the arms the count is
    compared with, not its own. A bracketed side (``comparison_side``, one string) is already the value's own."""
    if len(words) != 2:
        return words
    before, after = words
    marks = list(_RX.COMPARE_WORD.finditer(before))
    first = _RX.COMPARE_WORD.search(after)
    return before[marks[-1].end() if marks else 0:], after[:first.start() if first else len(after)]


def pooled_totals(text: str, arms: list[dict], statistics: list[dict]) -> list[str]:
    """In place: a count (arm or unplaced) whose total is the summed size of exactly one set of arms
    (``members_by_total``), in a sentence with words of a pool (``POOL_SENTENCE``) or whose own words list exactly
    those arms (``named_arms``: "9 of the 44 patients in G1 and G2", 44 = 22 + 22), goes to that set's grouping.
    Not where those words also give the count to one listed arm (``named_alone``), nor a list across a comparison
    word (``_this_side``). Returns the record's flags."""
    base = [a for a in arms if not a.get("members")]
    labels = {a["label"] for a in base}
    spans = [(s["evidence"]["start"], s["evidence"]["end"]) for s in statistics if s.get("evidence")]
    moved = False
    for st in statistics:
        if st["kind"] != "events" or not isinstance(st.get("total"), int) or st.get("target") not in {
                "arm", "unattributed"} or (st.get("target") == "arm" and st.get("arm") not in labels):
            continue
        ev = st["evidence"]
        if _RX.POOL_SENTENCE.search(text, ev.get("sentence_start", 0), ev.get("sentence_end", len(text))):
            members = members_by_total(st["total"], base)
        else:
            words = " ".join(_this_side(_own_words(text, st, spans)))
            members = named_by_total(st["total"], named_arms(words, base), base)
            # "Of the 44 in G1 and G2, 9 of 44 in G1": the words give the count to one listed arm, not the list.
            if members is not None and any(named_alone(words, base, m) for m in members):
                continue
        if members is None:
            continue
        st.setdefault("detail", {})["pooled_total"] = {"members": members, "arm": st.get("arm")}
        _place(st, grouping(arms, members, ev), "arm_by_pooled_total")
        moved = True
    return ["pooled_total_values"] if moved else []


def _arm_key(label: str) -> str | None:
    """An arm's own words in a list of arms: its label without head words ("Arm II" -> "II", "ALDHbr group" ->
    "ALDHbr", "G1" -> "G1"), or None where nothing is left."""
    words = [w for w in label.split() if not _RX.ARM_HEAD.fullmatch(w)]
    return " ".join(words) or None


def _key_rx(key: str) -> str:
    # A short key ("I", "A", "G1") is a label only in its own case ("a" is a word); a longer one in any case.
    body = re.escape(key) if len(key) <= 3 else f"(?i:{re.escape(key)})"
    return rf"(?<![\w+\-]){body}(?![\w+\-])"


def _arm_lists(words: str, base: Sequence[dict]) -> tuple[dict[str, str], list[tuple[set[str], re.Match]]]:
    """The arms' own words (key -> label) and each list of two or more distinct arms in ``words`` read as one
    (its labels and its match); not a list read arm by arm (``LIST_EACH_BEFORE`` / ``LIST_EACH_AFTER``: "in each of
    G1 and G2", "in either G1 or G2", "in G1 and G2 each")."""
    keys = {k: a["label"] for a in base if (k := _arm_key(a["label"]))}
    if len(keys) < 2:
        return keys, []
    key = "|".join(_key_rx(k) for k in sorted(keys, key=len, reverse=True))
    head = _RX.ARM_HEAD.pattern
    item = rf"(?:(?i:{head})\s+)?(?:{key})(?:\s+(?i:{head}))?"
    found = []
    for m in re.finditer(rf"{item}(?:\s*,\s*{item})*(?i:{_RX.ARM_LIST_JOIN.pattern}){item}", words):
        named = {keys[k] for k in keys if re.search(_key_rx(k), m.group())}
        if len(named) >= 2 and not (_RX.LIST_EACH_BEFORE.search(words[:m.start()])
                                    or _RX.LIST_EACH_AFTER.search(words[m.end():])):
            found.append((named, m))
    return keys, found


def named_arms(words: str, base: Sequence[dict]) -> list[str]:
    """The labels of the two or more arms that one list in ``words`` names together ("in G1 and G2", "in Arms I
    and II", "Groups A and B combined", "the ALDHbr and placebo groups"), in ``base`` order; [] where no list of two
    or more distinct arms is there (or several lists are, or the list is read arm by arm: ``_arm_lists``)."""
    _, found = _arm_lists(words, base)
    if len(found) != 1:
        return []
    return [a["label"] for a in base if a["label"] in found[0][0]]


def named_alone(words: str, base: Sequence[dict], label: str) -> bool:
    """Whether ``words`` also name the arm ``label`` on its own, outside their one list of arms ("decreased in G1
    and G2, reaching a healing rate of 70% in G1": the 70% is G1's, the list is the sentence's subject)."""
    keys, found = _arm_lists(words, base)
    own = next((k for k, v in keys.items() if v == label), None)
    if own is None or len(found) != 1:
        return False
    a, b = found[0][1].span()
    return any(not a <= m.start() < b for m in re.finditer(_key_rx(own), words))


def _alone_in_clause(text: str, st: dict, others: list[dict]) -> bool:
    """Whether no other value of the value's sentence shares its clause (``CLAUSE_BREAK`` between them), nor does
    "respectively" follow it there: a series or a pair over a list of arms ("15, 14 and 5 patients in G1, G2 and
    G3", "in the NAC and control groups (3/47 vs. 1/52)") gives one value to each arm listed."""
    ev = st["evidence"]
    lo, hi = ev.get("sentence_start", 0), ev.get("sentence_end", len(text))
    for o in others:
        oe = o.get("evidence") or {}
        if o is st or o["kind"] not in KINDS or not lo <= oe.get("start", -1) < hi:
            continue
        a, b = sorted((ev["start"], oe["start"]))
        if not _RX.CLAUSE_BREAK.search(text, a, b):
            return False
    brk = _RX.CLAUSE_BREAK.search(text, ev["end"], hi)
    return not _RX.RESPECTIVELY.search(text, ev["end"], brk.start() if brk else hi)


def named_pool_stage(text: str, arms: list[dict], statistics: list[dict]) -> list[str]:
    """In place: a value on one arm whose own words list that arm with others ("Bone pain was reported by 11
    patients in G1 and G2", "no complications in Arms I and II", "in 4 patients in Groups A and B combined") is
    the listed arms' together, never the first's: it goes to the grouping of exactly those arms (the inventory's,
    else a new one; gold conventions 40 and 44), or, where the list is every arm (the whole sample's, which the
    target reader decides), leaves its arm. Not the last value of a series, whose list is the series' ("15, 14 and
    5 patients in G1, G2 and G3", "... respectively"): only a value alone in its clause (``_alone_in_clause``).
    Returns the record's flags."""
    base = [a for a in arms if not a.get("members")]
    labels = {a["label"] for a in base}
    spans = [(s["evidence"]["start"], s["evidence"]["end"]) for s in statistics if s.get("evidence")]
    moved = False
    copies: list[dict] = []
    for st in statistics:
        if st["kind"] not in KINDS or st.get("target") != "arm" or st.get("arm") not in labels or not _alone_in_clause(
                text, st, statistics):
            continue
        words = " ".join(_own_words(text, st, spans))
        members = named_arms(words, base)
        if st["arm"] not in members or named_alone(words, base, st["arm"]):
            continue
        moved = True
        st.setdefault("detail", {})["named_pool"] = {"members": members, "arm": st["arm"]}
        if len(members) < len(base):
            _place(st, grouping(arms, members, st["evidence"]), "arm_by_named_pool")
        elif _is_zero(st):
            # "Mortality was 0% in the cell and control groups": a zero said of every arm is each arm's (rule 24:
            # per arm when the sentence names arms), not a whole-sample value to withhold.
            copies.extend(_zero_per_arm(st, base))
        else:
            st.update(target="unattributed", arm=None, arm_role=None)
            st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["named_pool", "review_attribution"]
    statistics.extend(copies)
    if moved:
        statistics[:] = drop_pooled_copies(statistics)
    return ["named_pool_values"] if moved else []


def _is_zero(st: dict) -> bool:
    """Whether a value states no events: a zero count, or a zero percentage with no count."""
    return st.get("events") == 0 or (st.get("events") is None and st.get("percent") == 0)


def _zero_per_arm(st: dict, base: Sequence[dict]) -> list[dict]:
    """In place: a zero said of every arm stays on its arm; returns its copies for the other arms, flagged
    ``arm_by_zero_group`` as the zero reader's copies of a zero said of the arms its words name."""
    out = []
    for a in base:
        if a["label"] != st["arm"]:
            c = {**st, "flags": [f for f in st["flags"] if f != "review_attribution"] + ["arm_by_zero_group"],
                 "detail": dict(st.get("detail") or {})}
            c.update(target="arm", arm=a["label"], arm_role=a.get("role"))
            out.append(c)
    return out
