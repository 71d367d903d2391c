"""Every trained model and data file the package reads at run time is declared as package data, so a
non-editable install ships it (a missing export gate model would silently switch the gate off)."""
import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _declared() -> dict[str, list[str]]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data["tool"]["setuptools"]["package-data"]


def test_every_shipped_model_file_is_package_data():
    patterns = _declared()["stemfoot.extract"]
    models = ROOT / "extract" / "models"
    files = [p.relative_to(ROOT / "extract").as_posix() for p in models.rglob("*") if p.is_file()]
    assert files
    missing = [f for f in files if not any(fnmatch.fnmatch(f, pat) for pat in patterns)]
    assert missing == []
