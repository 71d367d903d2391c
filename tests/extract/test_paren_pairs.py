"""The linear bracket matcher gives scispaCy's abbreviation detector exactly what its Matcher gave."""
import json
from pathlib import Path

from scispacy.abbreviation import filter_matches
from spacy.matcher import Matcher

from stemfoot.corpus.jats import parse_jats
from stemfoot.extract.paren_pairs import ParenPairs

DATA = Path(__file__).resolve().parents[1] / "data"


def _texts() -> list[str]:
    texts = [json.loads(line)["abstract"] for line in (DATA / "blind9_dev.jsonl").read_text("utf-8").splitlines()
             if line.strip()]
    article = parse_jats((DATA / "fulltext" / "PMC1216327.nxml").read_bytes())[0]
    texts.append(article["full_text"][:12_000])  # a long text with many brackets, nested ones included
    texts += ["", "(", ")", "a ( b ) c", "(a) (b (c) d) e)", "x (" + " w" * 8 + ") y (" + " w" * 9 + ")"]
    return texts


def test_same_filtered_pairs_as_the_matcher(nlp):
    matcher = Matcher(nlp.vocab)
    matcher.add("parenthesis", [[{"ORTH": "("}, {"OP": "+"}, {"ORTH": ")"}]])
    ours = ParenPairs(nlp.vocab)
    for text in _texts():
        doc = nlp.make_doc(text)
        ref = [(m[0], m[1] + 1, m[2] - 1) for m in matcher(doc)]
        got = [(m[0], m[1] + 1, m[2] - 1) for m in ours(doc)]
        # Only pairs of at most 8 tokens inside survive the filter: the rest are left out.
        assert got == [m for m in ref if m[2] - m[1] <= 8]
        assert filter_matches(got, doc) == filter_matches(ref, doc)


def test_the_pipeline_detector_uses_it(nlp):
    assert isinstance(nlp.get_pipe("abbreviation_detector").matcher, ParenPairs)
    doc = nlp("Bone marrow mononuclear cells (BM-MNC) were injected; BM-MNC (n = 20) healed.")
    assert {(a["short_text"], a["long_text"]) for a in doc._.abbreviations} == {
        ("BM-MNC", "Bone marrow mononuclear cells")}
