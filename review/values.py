"""Field types, vocabularies and the validation of values that reviewers type."""
from __future__ import annotations

import math
import re

from stemfoot.schemas import ARM_ROLES, DESIGNS

#: Allowed values of the vocabulary fields.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "design": DESIGNS,
    "arm.role": ARM_ROLES,
}

#: The type of every field a reviewer may add; machine values bring their own `value_type`.
FIELD_TYPES: dict[str, str] = {
    "design": "design",
    "n_patients": "int",
    "n_limbs": "int",
    "n_ulcers": "int",
    "cell_type": "text",
    "route": "text",
    "arm.n_patients": "int",
    "arm.n_limbs": "int",
    "arm.role": "arm.role",
    "statistic.events": "int",
    "statistic.total": "int",
    "statistic.percent": "float",
    "statistic.mean": "float",
    "statistic.sd": "float",
    "statistic.median": "float",
    "statistic.value": "float",
    "statistic.ci_lower": "float",
    "statistic.ci_upper": "float",
    "statistic.p": "float",
}

# p-values are reported as bounds ("P < 0.001") as often as exact values.
_COMPARATOR_FIELDS = {"statistic.p"}
_COMPARATOR = re.compile(r"(<=|>=|≤|≥|<|>|=)?\s*(.*)", re.S)
_BOUND = re.compile(r"(<=|>=|<|>)?(.*)")
_INT = re.compile(r"[+-]?\d+(?:\.0+)?")
# A comma is read as the decimal separator (European spreadsheets); thousands
# separators are refused rather than guessed.
_FLOAT = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def resolve_type(value_type: str | None, field: str) -> str:
    """'int', 'float', 'text' or a vocabulary name, for a machine value's declared type."""
    if value_type in ("int", "float", "text") or value_type in VOCABULARIES:
        return value_type  # type: ignore[return-value]
    if field in VOCABULARIES:
        return field
    return FIELD_TYPES.get(field, "text")


def _number(text: str) -> str:
    if not _FLOAT.fullmatch(text):
        raise ValueError
    text = text.replace(",", ".").lstrip("+").lower()
    if text.startswith("."):
        text = "0" + text
    elif text.startswith("-."):
        text = "-0" + text[1:]
    if not math.isfinite(float(text)):
        raise ValueError
    return text


def canonical(text: str, value_type: str, field: str) -> str:
    """The stored form of a typed value; ValueError says why it is not valid."""
    text = " ".join(str(text).split())
    if not text:
        raise ValueError("empty value")
    if value_type == "int":
        if not _INT.fullmatch(text):
            raise ValueError(f"{text!r} is not a whole number")
        return str(int(text.split(".")[0]))
    if value_type == "float":
        comparator, number = "", text
        if field in _COMPARATOR_FIELDS:
            match = _COMPARATOR.fullmatch(text)
            comparator = {"≤": "<=", "≥": ">=", "=": ""}.get(match.group(1) or "", match.group(1) or "")
            number = match.group(2)
        if field == "statistic.percent" and number.endswith("%"):
            number = number[:-1].rstrip()
        try:
            return comparator + _number(number)
        except ValueError:
            raise ValueError(f"{text!r} is not a number (use 0.57 or 0,57; no thousands separators)") from None
    if value_type in VOCABULARIES:
        word = re.sub(r"[\s-]+", "_", text.lower())
        if word not in VOCABULARIES[value_type]:
            raise ValueError(f"{text!r} is not one of {', '.join(VOCABULARIES[value_type])}")
        return word
    return text


def same_value(a: str | None, b: str | None, value_type: str, field: str) -> bool:
    """Whether two texts denote the same value ('0,57' and '0.570' do for a float)."""
    if a is None or b is None or not str(a).strip() or not str(b).strip():
        return (a or "").strip() == (b or "").strip()
    try:
        ca, cb = canonical(a, value_type, field), canonical(b, value_type, field)
    except ValueError:
        return " ".join(a.split()) == " ".join(b.split())
    if value_type in ("int", "float"):
        (op_a, num_a), (op_b, num_b) = _BOUND.fullmatch(ca).groups(), _BOUND.fullmatch(cb).groups()
        return op_a == op_b and float(num_a) == float(num_b)
    return ca == cb
