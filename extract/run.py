"""Run the extraction pipeline over abstracts: (title, abstract) in, evidence records out."""
from __future__ import annotations

import multiprocessing as mp
from collections import deque
from itertools import chain, islice
from typing import Iterable, Iterator

from spacy.tokens import Doc

from stemfoot.extract.pico import load_pico_model
from stemfoot.extract.pico_evidence import pico_evidence, tag_pico
from stemfoot.extract.pipeline import clip, load_pipeline, process
from stemfoot.extract.record import build_record, empty_record, precheck


def _docs(texts: list[str], n_process: int, batch_size: int, pico: bool) -> Iterator[object]:
    """Docs in order (PICO-tagged if ``pico``); a text that breaks the pipeline yields the exception instead."""
    chunk = max(256, batch_size * n_process * 4)
    for i in range(0, len(texts), chunk):
        part = texts[i:i + chunk]
        docs: list[object]
        try:
            docs = list(process(part, n_process=n_process, batch_size=batch_size))
        except Exception:  # noqa: BLE001 - retry one by one to find the culprit
            docs = []
            for text in part:
                try:
                    docs.append(next(iter(process([text]))))
                except Exception as exc:  # noqa: BLE001
                    docs.append(exc)
        if pico:
            tag_pico([d for d in docs if isinstance(d, Doc)], batch_size)
        yield from docs


def _records_serial(items: list[tuple[str | None, str | None]], n_process: int, batch_size: int,
                    pico: bool) -> Iterator[dict]:
    prepared = []
    for title, abstract in items:
        text, flags = clip(abstract)
        problems = precheck(text)
        prepared.append((title, text, flags + problems, bool(problems)))
    docs = _docs([t for _, t, _, skip in prepared if not skip], n_process, batch_size, pico)
    for title, _, flags, skip in prepared:
        if skip:
            yield empty_record(flags, title)
            continue
        doc = next(docs)
        if isinstance(doc, Exception):
            record = empty_record(flags + ["failed"], title)
            record["errors"].append(f"pipeline: {type(doc).__name__}: {doc}")
            yield record
            continue
        try:
            record = build_record(doc, title, flags)
            record["pico"] = pico_evidence(doc)
            yield record
        except Exception as exc:  # noqa: BLE001 - one bad record never stops a run
            record = empty_record(flags + ["failed"], title)
            record["errors"].append(f"record: {type(exc).__name__}: {exc}")
            yield record


def _records_chunk(args: tuple[list[tuple[str | None, str | None]], int, bool]) -> list[dict]:
    items, batch_size, pico = args
    return list(_records_serial(items, 1, batch_size, pico))


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def extract_records(items: Iterable[tuple[str | None, str | None]], *, n_process: int = 1,
                    batch_size: int = 64, pico: bool = True) -> Iterator[dict]:
    """One evidence record per (title, abstract), in order; bad input gives a flagged record.

    ``pico`` also runs the shipped PICO tagger over each abstract (``record["pico"]``).

    ``items`` is read lazily and records come out as they are done, with a
    bounded number in flight, so memory does not grow with the number of
    abstracts. With ``n_process > 1`` forked workers (which inherit the loaded
    pipeline) each run ``nlp.pipe`` over a chunk and send back records, not
    Docs: a Doc with its extensions costs more to serialise than to extract.
    At most ``2 * n_process`` chunks are queued or finished-but-unread
    (``Pool.imap`` would read all input ahead and keep every finished result).
    """
    items = iter(items)
    head = list(islice(items, 2 * batch_size))
    if n_process <= 1 or len(head) < 2 * batch_size or "fork" not in mp.get_all_start_methods():
        for part in _chunks(chain(head, items), max(256, batch_size * 4)):
            yield from _records_serial(part, 1, batch_size, pico)
        return
    load_pipeline()
    if pico:
        load_pico_model()
    with mp.get_context("fork").Pool(n_process) as pool:
        inflight: deque = deque()
        for part in _chunks(chain(head, items), batch_size):
            inflight.append(pool.apply_async(_records_chunk, ((part, batch_size, pico),)))
            if len(inflight) >= 2 * n_process:
                yield from inflight.popleft().get()
        while inflight:
            yield from inflight.popleft().get()
