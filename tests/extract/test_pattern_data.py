"""The regex-as-data loader: fragments resolve by name, regex quantifiers stay as written, every file loads."""
import json
import re
from importlib import resources

import pytest

from stemfoot.extract import pattern_data
from stemfoot.extract.pattern_data import _text, load_patterns


def test_a_fragment_reference_is_replaced_and_a_quantifier_is_not():
    parts = {"COUNT": r"\d+", "NOUN": "(?:patients?|cases)"}
    assert _text([r"(?P<n>{COUNT})\s+", r"(?:\w+\s+){0,3}?{NOUN}"], parts, "t") == \
        r"(?P<n>\d+)\s+(?:\w+\s+){0,3}?(?:patients?|cases)"


def test_an_unknown_fragment_is_an_error_naming_the_pattern():
    with pytest.raises(KeyError, match="t.X: no fragment NOPE"):
        _text("{NOPE}", {}, "t.X")


def test_every_patterns_file_loads_with_what_its_module_passes():
    folder = resources.files(pattern_data.__package__).joinpath("patterns")
    names = sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))
    assert "number_grammar" in names
    from stemfoot.extract import number_grammar, tables

    assert number_grammar._RX.SLASH.pattern.startswith(r"(?<![\w./])(?P<e>\d+)")
    assert [label for label, _ in tables._RX.SHAPES][:2] == ["pm_pair", "pm"]
    for name in names:
        data = json.loads(folder.joinpath(f"{name}.json").read_text("utf-8"))
        assert set(data) <= {"description", "fragments", "patterns"}, name
        for spec in data["patterns"].values():
            assert set(spec) <= {"doc", "regex", "flags", "table"}, name


def test_flags_apply():
    rx = pattern_data._compile({"regex": "abc", "flags": "I"}, {}, "t")
    assert rx.flags & re.I and rx.match("ABC")
