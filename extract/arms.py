"""Arms: labels as written, roles, per-arm patients/limbs, descriptions.

Arm mentions are found by group words ("control group", "transplanted patients"),
by "(n = 10)" enumerations, by "17 treated by X and 11 by Y", and by lists of
treatments ("injected with BMMSCs, BMMNCs, or normal saline"); mentions are
then resolved to arms by role and by the cell type they name.
"""
from __future__ import annotations

import re

from spacy.language import Language
from scispacy.abbreviation import find_abbreviation
from spacy.tokens import Doc
from spacy.vocab import Vocab

from stemfoot.extract.numbers import COUNT, date_spans, in_date, parse_count, static_rx
from stemfoot.extract.safe import SafeComponent, register_error_extension
from stemfoot.extract.provenance import evidence, text_of
from stemfoot.schemas import ARM_ROLES, control_words
from stemfoot.extract.pattern_data import load_patterns

COMPONENT = "stemfoot_arms"
ROLES = ARM_ROLES

#: This module's regexes, as data in patterns/arms.json (compiled once, here).
#: Tokens for scispaCy's abbreviation test, which reads spaCy spans; no pipeline is loaded for it.
_VOCAB = Vocab()
_RX = load_patterns("arms", COUNT=COUNT, CONTROL_WORDS=control_words("arm_cue"),
                    INACTIVE_WORDS=control_words("inactive_arm"))
EVENT_IN = _RX.EVENT_IN
_STOP = {
    "the", "a", "an", "to", "into", "in", "of", "and", "or", "either", "both", "between", "vs", "vs.", "versus",
    "with", "from", "than", "that", "those", "for", "by", "each", "per", "were", "was", "two", "three", "four",
    "all", "these", "other", "same", "age", "as", "on", "at", "whereas", "while", "among", "within", "across",
    "patients", "subjects", "respective", "respectively", "compared", "is", "are", "than", "improved",
}


def head_treated_arm(text: str, start: int, labels: list[str]) -> str | None:
    """The arm a "treated ..." mention at ``start`` names by the head word hyphened before it: "4
    alprostadil-treated patients" is the "alprostadil group"'s (its ``arm_inventory.head_aliases`` form, round
    35), so the rules read the arm the placement stage reads. None for any other mention."""
    from stemfoot.extract.arm_inventory import head_aliases
    if not text[start:start + 7].lower() == "treated" or start < 2 or text[start - 1] != "-":
        return None
    hits = {label for label in labels for alias in head_aliases(label)
            if alias.lower().endswith("-treated") and text[max(0, start - len(alias) + 7):start + 7].lower() == alias.lower()
            and (start - len(alias) + 7 == 0 or not text[start - len(alias) + 6].isalnum())}
    return hits.pop() if len(hits) == 1 else None


def solo_word(word: str) -> bool:
    """Whether ``word`` ("alone", "only") names no treatment by itself: the arm is the name before it."""
    return bool(_RX.SOLO_WORD.match(word))


def _cohort(i: int) -> str:
    """A cohort as a sentence subject ("30 matched patients (32 limbs) who received Y"), groups numbered i."""
    return (rf"(?P<n{i}>{COUNT})\s+(?:[\w\-]+\s+){{0,3}}?(?:patients|subjects|participants|controls)"
            rf"(?:\s*\(\s*(?P<limbs{i}>{COUNT})\s+(?:limbs|legs|feet|extremities)\s*\))?"
            rf"(?:\s+with\s+[^,;.()]{{3,40}}?)?(?:,?\s+(?:who\s+)?(?:were\s+)?(?:treated|received|receiving|underwent|undergoing|given)\s+(?:with\s+|by\s+)?"
            rf"(?P<label{i}>[^;.()]{{3,100}}?))?")


#: "30 patients (33 limbs) treated with BMAC were compared with 30 matched patients (32 limbs) who received standard care".
_COMPARED = re.compile(
    _cohort(1) + r"\s*,?\s+(?:were|was)\s+compared\s+(?:with|to)\s+" + _cohort(2)
    + r"(?=\s*[,;.)]|\s+(?:and|at|during|for|over|in)\b|$)",
    re.I,
)
#: "We treated 18 patients (21 limbs) with PB-MNC and compared them with 18 patients (19 limbs) who received Y".
_COMPARED_THEM = re.compile(
    rf"(?P<n1>{COUNT})\s+(?:[\w\-]+\s+){{0,3}}?(?:patients|subjects|participants)"
    rf"(?:\s*\(\s*(?P<limbs1>{COUNT})\s+(?:limbs|legs|feet|extremities)\s*\))?\s+(?:with|using|by)\s+(?P<label1>[^;.()]{{3,80}}?)"
    r",?\s+and\s+compared\s+(?:them|these patients|their outcomes|the results)?\s*(?:with|to)\s+" + _cohort(2)
    + r"(?=\s*[,;.)]|\s+(?:and|at|during|for|over|in)\b|$)",
    re.I,
)


def role_of(label: str, has_cell: bool) -> str | None:
    """control / intervention from the words of a label; None when neither."""
    if has_cell and not _RX.INACTIVE.search(label):
        # "BM-MNC implantation plus best medical therapy": the cells make it the active arm.
        return "intervention"
    if _RX.CONTROL_CUE.search(label):
        return "control"
    if has_cell or _RX.ACTIVE_CUE.search(label):
        return "intervention"
    return None


def _abbreviates(label: str, before: str) -> bool:
    """Whether ``label`` is the initials of words just before it: "bone marrow mononuclear cells (BM-MNC)"."""
    letters = re.sub(r"[^a-z]", "", label.lower())
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", before)[-8:]]
    if not letters:
        return False
    if any(c.isdigit() for c in label):
        # "interleukin 6 (IL-6)": an analyte's name ending in its number, its letters initials as below. Not "1 x
        # 10^8 cells given (G1)" (one letter is no initials: "G" of "given") nor "50 g of FS (FS50)" (a dose's
        # number, not the name's last word: the dose arm's code).
        digits = re.findall(r"\d+", label)
        last = before.split()[-2:]
        if len(letters) < 2 or not all(any(re.fullmatch(rf"\D*{d}\D*", w) for w in last) for d in digits):
            return False
    if re.split(r"[-/+]", label)[0].lower() == (words[-1] if words else None) and re.search(r"[-/+]", label):
        return True  # "VEGF (VEGF-A)": the word before it, restated with a variant: a definition, not an arm's code
    # Schwartz & Hearst's test (scispaCy's implementation): the letters are found in order in the words before it,
    # the first starting a word ("MNC" draws on "mononuclear cells"). Digits are left to the check above. Erring
    # toward "an abbreviation" only costs an arm this rule would have added.
    _, long_form = find_abbreviation(Doc(_VOCAB, words=words), Doc(_VOCAB, words=[letters]))
    return long_form is not None


def bracketed_arm_labels(sentence: str) -> list[tuple[int, int, int | None, tuple[int, int] | None]]:
    """Arms an allocation sentence names only by bare bracketed labels, as (start, end, n, n_span) in the sentence.

    "We randomised 66 patients to PB-MNCs intra-arterially (G1, n = 22) or intramuscularly (G2, n = 22), or to
    standard therapy (G3, n = 22)": the results say "in G1", so each label is an arm. Kept only after the
    allocation ("randomised ... to", "assigned to"), where the labels are two or more and distinct, each starts
    with a code (a capital after its first letter, or a digit: "G1", "AD-509 25M") or says the control role with
    the noun of a coded one (a cluster trial's "(UMH-3 centres, 8 clusters) or ... (standard centres, 8
    clusters)"; a product code that the next label repeats is the product's name), none is a dose, unit or
    subgroup ("(25 million cells)", "(diabetic, n = 12)") nor the initials of the words before it (an
    abbreviation's definition, "(BM-MNC)"), and, where every label has a size and the sentence a total, the
    sizes add up to it, and as many as the arms the sentence states ("one of four arms"). Either every label has
    a size or none does (then "22 per group" gives it).
    """
    lead = _RX.BRACKET_ALLOCATION.search(sentence)
    if not lead:
        return []
    found = []
    # The allocation's own sentence: "... vitamin D. The outcomes were CTX and P1NP" may reach here as one.
    stop = re.search(r"\.\s+[A-Z]", sentence[lead.end():])
    sentence = sentence[: lead.end() + stop.start()] if stop else sentence
    # Only labels after the allocation: "(TOPIC-1) or ... (TOPIC-2) were randomized to" names studies or diseases.
    # Not those inside the allocation's own words ("randomised 48 patients (T2DM) to", "with PAD (ABI 0.5-0.9) to"):
    # a subgroup or a measure of the patients allocated, never an arm.
    controls = []
    for m in _RX.BRACKET_LABEL.finditer(sentence, lead.end()):
        label = m.group("label")
        first = label.split()[0]
        if _RX.BRACKET_NOT_ARM.search(label) or re.fullmatch(r"[nN]", first):
            continue
        if not (any(c.isdigit() for c in first) or any(c.isupper() for c in first[1:])):
            if " " in label and role_of(label, False) == "control":
                controls.append(m)  # "(control hospitals)": kept only beside "(UCG-4 hospitals)", below
            continue  # "(diabetic, n = 12)", "(Diabetic)": a word, not an arm's code
        if " " not in label and _abbreviates(label, sentence[:m.start()]):
            continue
        n = parse_count(m.group("n")) if m.group("n") else None
        found.append((m.start("label"), m.end("label"), n, (m.start("n"), m.end("n")) if m.group("n") else None))
    labels = [sentence[a:b].lower() for a, b, _, _ in found]
    # "a hydrogel (UMH-3) ... (UMH-3 centres, 8 clusters)": the product's name, then the arm named after it.
    keep = [not any(other.startswith(label + " ") for other in labels) for label in labels]
    found = [f for f, k in zip(found, keep) if k]
    labels = [label for label, k in zip(labels, keep) if k]
    # A control label whose noun a coded label shares: "(UMH-3 centres) or ... (standard centres)".
    nouns = {label.split()[-1] for label in labels if " " in label}
    for m in controls:
        if m.group("label").lower().split()[-1] in nouns:
            found.append((m.start("label"), m.end("label"), None, None))
            labels.append(m.group("label").lower())
    found.sort()
    if len(found) < 2 or len(set(labels)) != len(labels):
        return []
    stated = _RX.BRACKET_ARM_COUNT.search(sentence)
    if stated and parse_count(stated.group("n")) != len(found):
        # "randomised to one of four arms; ... (AC) vs ... with pegfilgrastim (G-CSF)": not the arms' names.
        return []
    sizes = [n for _, _, n, _ in found]
    if any(n is None for n in sizes) and not all(n is None for n in sizes):
        return []
    total = _RX.BRACKET_TOTAL.search(sentence)
    if total and sizes[0] is not None:
        t = parse_count(total.group("n") or total.group("n2"))
        if t is not None and sum(sizes) != t:
            return []
    return found


def bracket_fallback_role(said: str | None, others: list[str | None]) -> str | None:
    """The role of a bracketed arm label whose own words say none (``said`` None), from what the words before the
    allocation's other labels say (``others``): two arms, the other the control ("a control program of stretching
    (FLEX)"), or beside a labelled treatment and a control, another dose or route of that treatment ("placebo (G1)
    or AdMSCs at 1 × 10^8 (G2), 2 × 10^8 (G3) or 4 × 10^8 cells (G4)": G3 is treated as G2 and G4 are): the
    intervention. Else None (the arm is named by its label; its role follows from the order)."""
    if said is not None:
        return None
    if others == ["control"] or ("control" in others and "intervention" in others):
        return "intervention"
    return None


def mention_key(mention: dict) -> tuple:
    """The arm a mention joins in ``ArmTagger._resolve``: a named arm by its name, else the control, the arm of its
    cells, or the one generic arm. A bracketed label (``how`` "bracketed") names its own arm whatever its words say
    ("at 100 million cells (ELX-7 100M)" and "300 million cells (ELX-7 300M)": two dose arms of one product, not
    one cell arm), so a pool of them ("both ELX-7 arms combined") later finds its members; a bracketed control
    still joins the control ("(G3) ... in control patients": one arm). So does a group whose role only its treatment
    phrase gave (``own_name``: "by intramuscular injections (intramuscular group, n = 38)")."""
    if (mention["role"] in {"named", "named_group"} or (mention.get("how") == "bracketed" and mention["role"] != "control")
            or (mention.get("own_name") and mention["role"] != "control")
            or re.match(r"(?:groups?|arms?)\s+\w+$", mention["label"], re.I)):
        return ("named", re.sub(r"\s+(?:groups?|arms?|cohorts?)$", "", mention["label"].lower()))
    if mention["role"] == "control":
        return ("control",)
    if mention["cell_type"]:
        return ("cell", mention["cell_type"])
    return ("generic",)


def within_patient_sides(sentence: str) -> list[tuple[int, int, int | None, tuple[int, int] | None, str]]:
    """The two sides of a within-patient design named in brackets (``WITHIN_PATIENT_SIDES``): "Twenty patients ...
    were enrolled: one leg, chosen at random, received BM-MSCs (BM-MSC leg) and the other received saline
    injections (saline leg)". One (start, end, n, n span, role) per side, in sentence offsets: the label, the
    patients counted before (every patient gives each side one limb; None when uncounted) and the side's role by
    order when its words say none (the first side is the treated one). Also where what each side received comes
    first ("received cells into one leg (cell limb) and saline into the other leg (saline limb)",
    ``WITHIN_PATIENT_INTO``)."""
    m = _RX.WITHIN_PATIENT_SIDES.search(sentence)
    if m is None:
        m = _RX.WITHIN_PATIENT_INTO.search(sentence)
        if m is not None and same_treatment(m.group("got1"), m.group("got2")):
            # Both legs got the cells ("... of the same cells into the other leg"): one treated sample, not a
            # treated side and a control side.
            return []
    if m is None:
        return []
    n = parse_count(m.group("n")) if m.group("n") else None
    n_span = m.span("n") if n is not None else None
    return [(m.start(key), m.end(key), n, n_span, role)
            for key, role in (("label1", "intervention"), ("label2", "control"))]


def same_treatment(first: str, other: str) -> bool:
    """Whether what the other side received is what the first side did: its words say so ("the same cells",
    "cells as well", ``SAME_TREATMENT``) or every content word of it is the first's ("40 injections of bone marrow
    cells" / "20 injections of bone marrow cells"). Numbers and function words (``_STOP``) do not count, so doses
    alone do not tell two treatments apart; "saline" beside "cells" does."""
    if _RX.SAME_TREATMENT.search(other):
        return True

    def words(s: str) -> set[str]:
        return {w for w in re.findall(r"[a-z][\w\-]*", s.lower()) if w not in _STOP}

    own = words(other)
    return bool(own) and own <= words(first)


def _group_label_start(text: str, group_start: int, floor: int) -> int | None:
    """Walk left from a group word over its modifiers; None when it has none."""
    pos, words = group_start, 0
    for m in reversed(list(re.finditer(r"[\w+\-/]+", text[floor:group_start]))):
        if text[floor + m.end(): pos].strip() or m.group().lower() in _STOP or words >= 5:
            break
        pos, words = floor + m.start(), words + 1
    return pos if words else None


class ArmTagger(SafeComponent):
    """Sets ``doc._.arms`` (resolved arms) and ``doc._.arm_mentions`` (every mention)."""

    name = "stemfoot_arms"
    attr = "arms"
    empty = list

    def run(self, doc: Doc, text: str, bounds: list[tuple[int, int]]) -> None:
        cells = self._cells(doc)
        dates = date_spans(text)
        # "Injection-site pain (n = 9) and transient fever (n = 3)", "rest pain (n = 12)": a label that ends in an
        # outcome's name counts events or a subgroup, not an arm ("the rest pain group" keeps its group word).
        outcome_ends = {m["evidence"]["end"] for m in doc._.outcome_mentions or () if "end" in m.get("evidence", {})}

        def cell_in(start: int, end: int) -> str | None:
            for s, e, code in cells:
                if s < end and start < e:
                    return code
            return None

        mentions: list[dict] = []

        def add(start: int, end: int, n: int | None = None, limbs: int | None = None,
                n_span: tuple[int, int] | None = None, how: str = "group", named: bool = False,
                lettered: bool = False, grouped: bool = False, detail: tuple[int, int] | None = None,
                fallback_role: str | None = None) -> None:
            label = text[start:end].strip(" ,;")
            coded = _RX.CODE_SUBJECT.match(label)
            if coded and detail is None:
                # "G1 received intramuscular UC-MSCs (n = 21)": the code names the arm (the results say "in G1"),
                # what it received says its role.
                start += len(text[start:end]) - len(text[start:end].lstrip(" ,;"))
                detail = (start + coded.end("code"), end)
                end = start + coded.end("code")
                label = coded.group("code")
            if n_span is not None and in_date(dates, *n_span):
                # "from January 2018 to December 2020 were divided into ...": a year, not an arm size.
                n = limbs = n_span = None
            if (_RX.DESIGN_LABEL.match(label) or _RX.CLAUSE_LABEL.match(label) or _RX.ANALYSIS_LABEL.match(label)
                    or _RX.NEGATED_LABEL.match(label) or _RX.COMPARISON_LABEL.match(label)
                    or _RX.SUBTYPE_LABEL.match(label)):
                # "This open-label, single-arm, phase I study": a design, not an arm; "the most common were
                # injection-site pain (n = 7)": a clause, not an arm's name; "the matched cohort": an analysis set;
                # "there was no control group": a group the study lacks; "the between-group difference": a comparison;
                # "mostly injection-site pain (n = 6)": a subset of the events just counted.
                return
            code = cell_in(start, end)
            outcome = code is None and start + len(text[start:end].rstrip(" ,;")) in outcome_ends
            role = role_of(label, code is not None) or fallback_role
            by_detail = role is None and detail is not None
            if by_detail:
                code = cell_in(*detail)
                role = role_of(text[detail[0]:detail[1]], code is not None)
            if lettered:
                # "group B (n = 20) received standard care": the role is in what follows.
                clause = re.split(r"[.;]|\b(?:and|whereas|while)\s+(?:the\s+)?(?:groups?|arms?)\b", text[end:end + 160])[0]
                code = cell_in(end, end + len(clause))
                role = role_of(clause, code is not None) or "named"
            if role is None and named and label and len(label.split()) <= 6:
                # "randomized to letrozole (n = 100) or tamoxifen (n = 98)": an arm
                # named by its treatment; its role follows from the order.
                role = "named"
            if role is None and grouped:
                # "in the intramuscular group": kept only if an arm of that name
                # was allocated ("... to intramuscular (n = 11) or ...").
                role = "named_group"
            if role is None:
                return
            if outcome:
                # Only a label that would be an arm turns named_group: a mention of every "rest pain (n = 12)" the
                # start ignored would let its count through as the arm's result.
                role = "named_group"
            for m in mentions:
                if m["start"] < end and start < m["end"]:
                    if n is not None and m["n_patients"] is None:
                        m.update(n_patients=n, n_limbs=limbs, n_span=n_span)
                    return
            mentions.append({"label": label, "start": start, "end": end, "role": role, "cell_type": code,
                             "n_patients": n, "n_limbs": limbs, "n_span": n_span, "how": how,
                             "plural": bool(re.search(r"(?:groups|arms)$|^both\b", label, re.I)),
                             "outcome": outcome,
                             # "(intramuscular group, n = 38)" whose role only its treatment phrase gives: a group
                             # named by its own words, not one generic arm with another such group (round 60).
                             "own_name": by_detail and not code and bool(_RX.GROUP_WORD.search(label))})

        cluster = bool(_RX.CLUSTER_DESIGN.search(text))
        for s_start, s_end in bounds:
            for g in _RX.GROUP_WORD.finditer(text, s_start, s_end):
                start = _group_label_start(text, g.start(), s_start)
                if start is None:
                    continue
                self._with_counts(text, start, g.end(), add, grouped=True)
                conj = re.search(r"([\w\-]+)\s+(?:and|or)\s+$", text[max(s_start, start - 40): start])
                if conj and g.group().lower().endswith("s"):
                    # "the treatment and control groups": two arms, one group word.
                    c_start = max(s_start, start - 40) + conj.start(1)
                    c_end = c_start + len(conj.group(1))
                    # "HBOT alone and standard care groups": "alone" names no arm by itself (the list is read whole
                    # by ``arm_lists``).
                    if (conj.group(1).lower() not in _STOP and not solo_word(conj.group(1))
                            and role_of(conj.group(1), cell_in(c_start, c_end) is not None)):
                        add(c_start, c_end)
            for g in _RX.CLUSTER_WORD.finditer(text, s_start, s_end) if cluster else ():
                # "(intervention clinics)", "usual-care clinics": a cluster trial's arms named by their sites; only a
                # label saying its role ("Twelve specialist foot clinics" is the study's sites).
                start = _group_label_start(text, g.start(), s_start)
                if start is not None and role_of(text[start:g.start()], cell_in(start, g.start()) is not None):
                    self._with_counts(text, start, g.end(), add)
            for m in _RX.PATIENT_MENTION.finditer(text, s_start, s_end):
                self._with_counts(text, m.start(), m.end(), add)
            for c_start, c_end, _ in cells:
                if s_start <= c_start < s_end:
                    follow = _RX.CELL_PATIENTS.match(text, c_end)
                    if follow:
                        # "26 (61.9%) SVF patients": the cell type names the arm.
                        add(c_start, follow.end())
                    elif re.search(r"\bin\s+$", text[max(s_start, c_start - 4): c_start]) and re.match(r"\s*(?:[.,;)]|$)", text[c_end: c_end + 2]):
                        # "0.45±0.12→0.61±0.15 in PB-MNC, ...": terse results name the arm by its cells.
                        add(c_start, c_end, how="treatment")
            if _RX.COMPARISON.search(text, s_start, s_end) or _RX.PARTICIPLE.search(text, s_start, s_end):
                # In a comparison, a treatment phrase names the arm: "after cell therapy versus ... in controls".
                # Not "compared with placebo": the comparator lead is read by the statistics ties.
                for m in _RX.TREATMENT_ARM.finditer(text, s_start, s_end):
                    if not _RX.COMPARED_LEAD.search(text[max(s_start, m.start() - 20): m.start() + 1]):
                        add(m.start("label"), m.end("label"), how="treatment")
                for c_start, c_end, _ in cells:
                    lead = _RX.CELL_LEAD.search(text[max(s_start, c_start - 30): c_start])
                    if s_start <= c_start < s_end and lead and not _RX.COMPARED_LEAD.search(
                            text[max(s_start, c_start - 50): max(s_start, c_start - 30) + lead.start() + 1]):
                        add(c_start, c_end, how="treatment")
            for m in _RX.LETTER_GROUP.finditer(text, s_start, s_end):
                if re.match(r"(?:groups|arms)\b", m.group(), re.I):
                    # "in groups A, B and C": a list naming arms, not an arm of its own.
                    continue
                self._with_counts(text, m.start(), m.end(), add, lettered=True)
            sentence = text[s_start:s_end]
            # Cheap keyword guards keep the costly patterns off most sentences.
            lower = sentence.lower()
            treated = _RX.TREATED_WITH.finditer(sentence) if _RX.TREATED_KEY.search(lower) else ()
            for m in treated:
                for key_n, key_label in (("n", "label"), ("n2", "label2")):
                    if m.group(key_label) is None:
                        continue
                    ls, le = s_start + m.start(key_label), s_start + m.end(key_label)
                    n = parse_count(m.group(key_n))
                    n_span = (s_start + m.start(key_n), s_start + m.end(key_n))
                    if re.match(r"\s*\([^()]*(?:\b(?:group|arm)\b|\b[nN]\s*=)", sentence[m.end(key_label):]):
                        # "Forty patients received BMAC (BMAC group, n = 20) or ...": the count is the study's.
                        n = n_span = None
                    limbs = parse_count(m.group("limbs")) if key_n == "n" and m.group("limbs") and n is not None else None
                    if cell_in(ls, le) or _RX.CONTROL_CUE.search(m.group(key_label)):
                        add(ls, le, n, limbs, n_span, how="treated_with")
                    elif re.search(rf"\b{re.escape(m.group(key_label))}\s+(?:group|arm)\b", text):
                        # "58 patients underwent TACT ... in the TACT group": a treatment named as a group elsewhere.
                        add(ls, le, n, limbs, n_span, how="treated_with", named=True)
            for a, b, n, n_span, side_role in (within_patient_sides(sentence) if " other " in lower else ()):
                # The legs are the arms, not "controls" of "the design controls for ...": each holds every patient's
                # one limb.
                add(s_start + a, s_start + b, n, n, (s_start + n_span[0], s_start + n_span[1]) if n_span else None,
                    how="within_patient", fallback_role=side_role)
            for m in (_RX.CONTROL_IN_N.finditer(sentence) if " in " in lower or " to " in lower else ()):
                add(s_start + m.start("label"), s_start + m.end("label"), parse_count(m.group("n")), None,
                    (s_start + m.start("n"), s_start + m.end("n")), how="control_in_n")
            compared = [*_COMPARED.finditer(sentence), *_COMPARED_THEM.finditer(sentence)] if "compared" in lower else []
            for m in compared:
                for i in (1, 2):
                    key = "label" if m.group(f"label{i}") else "n"
                    n_key = f"n{i}"
                    span = (s_start + m.start(f"{key}{i}"), s_start + m.end(f"{key}{i}"))
                    if key == "n":
                        # No treatment phrase: the cohort noun ("30 matched patients") names it.
                        noun = re.compile(r"patients|subjects|participants|controls", re.I).search(sentence, m.end(n_key))
                        span = (span[0], s_start + noun.end())
                    limbs = parse_count(m.group(f"limbs{i}")) if m.group(f"limbs{i}") else None
                    add(*span, parse_count(m.group(n_key)), limbs, (s_start + m.start(n_key), s_start + m.end(n_key)),
                        how="compared", fallback_role="intervention" if i == 1 else "control")
            for m in (_RX.N_EQUALS.finditer(sentence) if "=" in sentence and _RX.N_EQUALS_CUE.search(sentence) else ()):
                # "randomised to receive either BM-MNC (n = 30)": the verb (and "either") that lead the treatment are
                # no part of its name.
                label = re.split(r"\b(?:into|to|and|or|vs\.?|versus|between|with|of|in|receive|receiving|either)\s+",
                                 m.group("label"))[-1]
                coarse = re.split(r"\b(?:into|to|and|or|vs\.?|versus|between|receive|receiving|either)\s+",
                                  m.group("label"))[-1]
                if _RX.CONTROL_CUE.search(coarse) and _RX.CONTROL_CUE.search(coarse.split(" with ")[0]):
                    # "conventional treatment with prostaglandin E1 (n = 20)" is the control arm.
                    label = coarse
                ls = s_start + m.end("label") - len(label)
                add(ls, s_start + m.end("label"), parse_count(m.group("n")), None,
                    (s_start + m.start("n"), s_start + m.end("n")), how="n_equals",
                    named=bool(_RX.ALLOCATED.search(sentence)))
            for m in (_RX.LIST_LEAD.finditer(sentence) if "," in sentence or " or " in lower else ()):
                parts = self._list_items(m.group("list"))
                if len(parts) < 2:
                    continue
                base = s_start + m.start("list")
                spans = [(base + a, base + b) for a, b in parts]
                coded = [cell_in(a, b) for a, b in spans]
                roles = [role_of(text[a:b], c is not None) for (a, b), c in zip(spans, coded)]
                if any(coded) and all(r is not None for r in roles):
                    for a, b in spans:
                        add(a, b, how="list")
            bracketed = []
            for a, b, n, n_span in (bracketed_arm_labels(sentence) if "(" in sentence else ()):
                # "(G1, n = 22) ... or ... (G2, n = 22)": bare labels name the arms (read after the other rules, so an
                # arm they already named keeps its mention); the words before each bracket say what it got.
                paren = s_start + sentence.rfind("(", 0, a)
                phrase = re.search(r"(?:^|[,;:]|\b(?:or|and|to|versus|vs\.?|received?|receiving)\s)\s*([^,;:()]{3,80}?)\s*$",
                                   text[max(s_start, paren - 80): paren])
                detail = (max(s_start, paren - 80) + phrase.start(1), max(s_start, paren - 80) + phrase.end(1)) if phrase else None
                said = role_of(text[detail[0]:detail[1]], cell_in(*detail) is not None) if detail else None
                code = sentence[a:b].split()[0]
                product = bool(" " in sentence[a:b] and not _RX.INACTIVE.search(sentence[a:b])
                               and re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", sentence[:paren - s_start]))
                if product:
                    # "to add weekly ADS-14 ... to usual care (ADS-14 clinics)": an arm named after the product the
                    # sentence gives is the arm given it, whatever background care the words before it name.
                    said, detail = "intervention", None
                bracketed.append((a, b, n, n_span, detail, said, product))
            for a, b, n, n_span, detail, said, product in bracketed:
                fallback = "intervention" if product else bracket_fallback_role(
                    said, [x[5] for x in bracketed if x[0] != a])
                add(s_start + a, s_start + b, n, None, (s_start + n_span[0], s_start + n_span[1]) if n_span else None,
                    how="bracketed", named=True, detail=detail, fallback_role=fallback)
            each = _RX.EACH.search(sentence) if "each" in lower or " per " in lower else None
            if each:
                # "Six patients each were enrolled in the treatment and control groups",
                # "randomised to A, B or placebo (n = 12 per group)": every arm named gets it.
                key = next(k for k in ("n", "n2", "n3", "n4") if each.group(k))
                if key == "n3" and cluster and not re.search(r"\b(?:patients|participants|subjects|people|persons)\b",
                                                             sentence[: each.start()], re.I):
                    # "Sixteen services were randomised, eight per arm": a cluster trial's sites, not its patients.
                    each = None
            if each:
                for m in mentions:
                    if key == "n4" and not _RX.GROUP_WORD.search(m["label"]):
                        # "two groups of 25 each: Group A received ... and Group B ...": the groups, not their treatments.
                        continue
                    if s_start <= m["start"] < s_end and m["n_patients"] is None:
                        m.update(n_patients=parse_count(each.group(key)), n_span=(s_start + each.start(key), s_start + each.end(key)),
                                 plural=False)

        # "... 5 of 16 receiving cilostazol": a treatment an arm was allocated by names that arm again.
        allocated = {m["label"].lower(): m for m in mentions
                     if m["how"] in {"compared", "n_equals", "treated_with", "bracketed"} and len(m["label"].split()) <= 4}
        for name, first in allocated.items():
            for m in re.finditer(rf"\b(?:receiving|with|after|following)\s+(?:the\s+)?({re.escape(name)})\b", text, re.I):
                if m.start(1) > first["end"] and not _RX.COMPARED_LEAD.search(text[max(0, m.start() - 20): m.start() + 1]):
                    add(m.start(1), m.end(1), how="treatment", fallback_role=first["role"])
        arms = self._resolve(doc, mentions, bounds)
        for m in mentions:
            # "in 4 alprostadil-treated patients": the arm whose head word the hyphen joins, as placement reads it.
            head = head_treated_arm(text, m["start"], [a["label"] for a in arms])
            if head is not None:
                m["arm"] = head
        roles = {a["label"]: a["role"] for a in arms}
        for m in mentions:
            m["role"] = roles.get(m.get("arm"), m["role"])
        doc._.arm_mentions = [
            {k: m[k] for k in ("label", "start", "end", "role", "cell_type", "arm", "plural", "outcome")} for m in mentions
        ]
        doc._.arms = arms

    @staticmethod
    def _list_items(chunk: str) -> list[tuple[int, int]]:
        items, pos = [], 0
        for sep in list(_RX.LIST_SPLIT.finditer(chunk)) + [None]:
            end = sep.start() if sep else len(chunk)
            piece = chunk[pos:end]
            stripped = re.sub(r"\s*\([^)]*\)\s*$", "", piece).strip()
            # "to the BM-MNC, PB-MNC or standard care group", "to either X or Y": the article or "either" leads the
            # list, not the first item's name.
            article = re.match(r"(?:the|either)\s+", stripped, re.I) if not items else None
            if article and len(stripped) > article.end():
                stripped = stripped[article.end():]
                piece = piece.replace(article.group(), "", 1).rjust(len(piece))
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                items.append((pos + lead, pos + lead + len(stripped)))
            pos = sep.end() if sep else len(chunk)
        if len(items) > 6 or any(len(chunk[a:b].split()) > 7 for a, b in items):
            return []
        return items

    @staticmethod
    def _with_counts(text: str, start: int, end: int, add, lettered: bool = False, grouped: bool = False) -> None:
        """Add a mention with the count written next to it, if any."""
        kinds = {"lettered": lettered, "grouped": grouped}
        lead = text[max(0, start - 2):start].strip()
        # "(CD34+ group, 22 patients)", and each part of "(Group A, 24; Group B, 22)".
        listed = lead.endswith(";") and "(" in text[max(0, start - 60):start].rsplit(")", 1)[-1]
        inside = _RX.N_INSIDE.match(text, end) if lead.endswith("(") or listed else None
        if inside:
            # "autologous PRP alone (PRP group, n = 22)": the words before the parenthesis say what the arm got.
            paren = text.rfind("(", 0, start)
            window = text[max(0, paren - 80): paren]
            phrase = re.search(r"(?:^|[,;:]|\b(?:or|and|to|versus|vs\.?|received?|receiving)\s)\s*([^,;:()]{3,80}?)\s*$",
                               window)
            # "… product (harvest 240 mL) either by 40 intramuscular injections (intramuscular group, n = 38)": where
            # no word or comma opens the phrase, an aside's closing bracket does (not before "or"/"and"; a search
            # takes the earliest opener, so this one only as a fallback, or "(n = 40) were randomised to receive X"
            # would be X's phrase).
            phrase = phrase or re.search(r"\)\s++(?!(?:or|and)\b)([^,;:()]{3,80}?)\s*$", window)
            detail = (max(0, paren - 80) + phrase.start(1), max(0, paren - 80) + phrase.end(1)) if phrase and lead.endswith("(") else None
            add(start, end, parse_count(inside.group("n")),
                parse_count(inside.group("limbs")) if inside.group("limbs") else None,
                (inside.start("n"), inside.end("n")), detail=detail, named=detail is not None, **kinds)
            return
        after = _RX.N_AFTER.match(text, end)
        if after:
            # "a combined group (n=32, PTA plus hUC-MSC transplantation)": the
            # parenthesis says what the group got; a group given a count is an arm.
            more = (after.start("more"), after.end("more")) if after.group("more") else None
            add(start, end, parse_count(after.group("n")),
                parse_count(after.group("limbs")) if after.group("limbs") else None,
                (after.start("n"), after.end("n")), named=grouped, detail=more, **kinds)
            return
        # "20 matched controls received standard care" gives an arm size; "five
        # control patients had an amputation" is an event count.
        direct = (_RX.N_DIRECT,) if not grouped and not lettered and _RX.GIVEN_AFTER.match(text, end) else ()
        for rx, width in ((_RX.N_PAREN_BEFORE, 60), (_RX.N_BEFORE, 80), *((r, 40) for r in direct)):
            before = rx.search(text[max(0, start - width): start])
            if before:
                off = max(0, start - width)
                if EVENT_IN.search(text[max(0, off + before.start("n") - 40): off + before.start("n")]):
                    # "amputation was needed in 3 patients in the X group": an event count.
                    break
                if _RX.TIME_BEFORE_N.search(text, max(0, off + before.start("n") - 12), off + before.start("n")):
                    break  # "at week 8 in the PBMNC+PRP group": a time point
                add(start, end, parse_count(before.group("n")), None,
                    (off + before.start("n"), off + before.end("n")), **kinds)
                return
        of = _RX.N_OF.match(text[end: end + 60])
        if of:
            add(start, end, parse_count(of.group("n")), None, (end + of.start("n"), end + of.end("n")), **kinds)
            return
        add(start, end, **kinds)

    def _resolve(self, doc: Doc, mentions: list[dict], bounds: list[tuple[int, int]]) -> list[dict]:
        text = text_of(doc)
        groups: dict[tuple, list[dict]] = {}
        for m in sorted(mentions, key=lambda m: m["start"]):
            groups.setdefault(mention_key(m), []).append(m)
        for key in [k for k, ms in groups.items() if all(m["role"] == "named_group" for m in ms)]:
            for m in groups.pop(key):
                m["arm"] = None
        cell_keys = [k for k in groups if k[0] == "cell"]
        generic = groups.pop(("generic",), [])
        if generic and len(cell_keys) == 1:
            groups[cell_keys[0]].extend(generic)
        elif generic and not cell_keys:
            groups[("generic",)] = generic
        elif generic:
            # Several cell arms: "the active group" is their union, not an arm.
            for m in generic:
                m["arm"] = None
        arms = []
        for key, ms in sorted(groups.items(), key=lambda kv: min(m["start"] for m in kv[1])):
            ms.sort(key=lambda m: m["start"])
            singular = [m for m in ms if not m["plural"]] or ms
            named = [m for m in singular if _RX.GROUP_WORD.search(m["label"])] or singular
            # A within-patient side is named by its bracket ("(saline leg)"), which the results repeat.
            label_m = next((m for m in ms if m["how"] == "within_patient"), named[0])
            label = label_m["label"]
            if len(label.split()) > 6 and key[0] == "cell":
                # "a hydrogel sheet containing ... stem cells applied topically": name
                # the arm by its cells.
                label = next((text[s:e] for s, e, c in self._cells(doc) if c == key[1] and label_m["start"] <= s < label_m["end"]), label)
            with_n = next((m for m in ms if m["n_patients"] is not None), None)
            with_limbs = next((m for m in ms if m["n_limbs"] is not None), None)
            if key[0] == "named":
                # A lettered arm takes the role and cells its own clauses state.
                role = next((m["role"] for m in ms if m["role"] not in {"named", "named_group"}), "named")
                cell_type = next((m["cell_type"] for m in ms if m["cell_type"]), None)
            else:
                role = "control" if key[0] == "control" else "intervention"
                cell_type = key[1] if key[0] == "cell" else None
            arm = {
                "label": label,
                "role": role,
                "cell_type": cell_type,
                "n_patients": with_n["n_patients"] if with_n else None,
                "n_limbs": with_limbs["n_limbs"] if with_limbs else None,
                "description": self._description(text, ms) or label_m["label"],
                "evidence": evidence(text, bounds, label_m["start"], label_m["end"], COMPONENT, 0.8),
                "n_evidence": (evidence(text, bounds, *with_n["n_span"], COMPONENT, 0.8)
                               if with_n and with_n["n_span"] else None),
            }
            for m in ms:
                m["arm"] = arm["label"]
            arms.append(arm)
        active = [a for a in arms if a["role"] == "intervention"]
        for a in active[1:]:
            if a["cell_type"] and active[0]["cell_type"]:
                a["role"] = "active_comparator"
        for a in arms:
            if a["role"] == "named":
                a["role"] = "active_comparator" if any(b["role"] == "intervention" for b in arms) else "intervention"
        # A count given for an umbrella ("28 patients ... active group") equal to
        # the sum of its parts is not an arm of its own.
        counted = [a for a in arms if a["n_patients"]]
        for a in counted:
            others = [b["n_patients"] for b in counted if b is not a and b["role"] != "control" and a["role"] != "control"]
            if len(others) >= 2 and sum(others) == a["n_patients"] and a["cell_type"] is None:
                arms.remove(a)
        return arms

    @staticmethod
    def _cells(doc: Doc) -> list[tuple[int, int, str]]:
        return [(c["evidence"]["start"], c["evidence"]["end"], c["value"])
                for c in (doc._.cell_therapy or {}).get("cell_type", [])]

    @staticmethod
    def _description(text: str, ms: list[dict]) -> str | None:
        for m in ms:
            if m.get("how") in {"list", "treated_with"}:
                return m["label"]
            if m.get("how") == "within_patient":
                continue  # "(MSC limb) and the other leg received normal saline": the other side's treatment
            window = text[m["end"]: m["end"] + 400]
            stop = re.search(r"[.;]\s|[.;]$", window)
            clause = window[: stop.start()] if stop else window
            given = _RX.GIVEN.search(clause)
            # The verb must follow the mention directly ("those in the X group also
            # received ..."), not belong to another arm's clause.
            if given and given.start() < 25 and not static_rx(rf"\d|{COUNT}").search(clause[: given.start()]):
                return clause[given.end():].strip() or None
        return None


@Language.factory("stemfoot_arms")
def make_arms(nlp: Language, name: str) -> ArmTagger:
    register_error_extension()
    Doc.set_extension("arms", default=None, force=True)
    Doc.set_extension("arm_mentions", default=None, force=True)
    return ArmTagger()
