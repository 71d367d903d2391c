"""Read and rewrite EBM-NLP CoNLL files (``token POS _ tag``, ``-DOCSTART- (PMID)`` lines)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

DOCSTART = "-DOCSTART-"
_PMID = re.compile(r"\((\w+)\)")
# keep everything before the last column, so the separators survive the rewrite
_LAST_COLUMN = re.compile(r"^(?P<head>.*\S)(?P<sep>\s+)(?P<tag>\S+)(?P<tail>\s*)$")


class ConllError(ValueError):
    """A line that is not ``token ... tag``; the message names file and line."""


@dataclass
class ConllDocument:
    """One ``-DOCSTART-`` block: its sentences of tokens and their tags."""

    pmid: str | None
    sentences: list[list[str]] = field(default_factory=list)
    sentence_tags: list[list[str]] = field(default_factory=list)

    @property
    def tokens(self) -> list[str]:
        return [t for sent in self.sentences for t in sent]

    @property
    def tags(self) -> list[str]:
        return [t for sent in self.sentence_tags for t in sent]


def _parse(path: Path) -> tuple[list[str], list[ConllDocument], list[tuple[int, int, int]]]:
    """Lines, documents, and for every token line its (doc, sentence, token) position."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    docs: list[ConllDocument] = []
    where: list[tuple[int, int, int]] = []
    in_sentence = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith(DOCSTART):
            match = _PMID.search(stripped)
            docs.append(ConllDocument(match.group(1) if match else None))
            in_sentence = False
            continue
        if not stripped:
            in_sentence = False
            continue
        match = _LAST_COLUMN.match(line.rstrip("\r\n"))
        if match is None:
            raise ConllError(
                f"{path}:{number}: malformed CoNLL line {stripped!r} (expected 'token POS _ tag')")
        if not docs:
            docs.append(ConllDocument(None))
        doc = docs[-1]
        if not in_sentence:
            doc.sentences.append([])
            doc.sentence_tags.append([])
            in_sentence = True
        doc.sentences[-1].append(match.group("head").split()[0])
        doc.sentence_tags[-1].append(match.group("tag"))
        where.append((len(docs) - 1, len(doc.sentences) - 1, len(doc.sentences[-1]) - 1))
    return lines, docs, where


def read_conll(path: Path) -> list[ConllDocument]:
    """The documents of a CoNLL file, tokens and tags split into sentences."""
    return _parse(Path(path))[1]


def retag_conll(
    in_path: Path, out_path: Path,
    tagger: Callable[[list[list[list[str]]]], Sequence[Sequence[Sequence[str]]]],
) -> int:
    """Write ``in_path`` line for line with the last column replaced by ``tagger``'s tags.

    ``tagger`` gets every document's sentences of tokens and returns their tags in the
    same shape.  Returns the number of documents tagged.
    """
    in_path, out_path = Path(in_path), Path(out_path)
    lines, docs, where = _parse(in_path)
    predicted = tagger([doc.sentences for doc in docs])
    out: list[str] = []
    positions = iter(where)
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith(DOCSTART):
            out.append(line)
            continue
        d, s, t = next(positions)
        match = _LAST_COLUMN.match(line.rstrip("\r\n"))
        newline = line[len(line.rstrip("\r\n")):]
        out.append(f"{match.group('head')}{match.group('sep')}{predicted[d][s][t]}"
                   f"{match.group('tail')}{newline}")
    _write_whole(out_path, "".join(out))
    return len(docs)


def _write_whole(path: Path, text: str) -> None:
    """Write beside ``path`` and rename: a failure (disk full) leaves any previous file as it was."""
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
