"""Atomic output, output-vs-input checks, refused special files, bounded (gzip) input."""
from __future__ import annotations

import gzip
import io
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from stemfoot.corpus.errors import CorpusError
from stemfoot.corpus.safe_io import (
    InputFileError,
    LimitExceeded,
    OutputError,
    atomic_open,
    atomic_write,
    check_input_file,
    check_output_path,
    check_record_size,
    iter_lines_bounded,
    open_input,
)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---------------------------------------------------------------- atomic_write


def test_atomic_write_bytes_text_and_function(tmp_path):
    target = tmp_path / "out.csv"
    atomic_write(target, b"one\n")
    assert target.read_bytes() == b"one\n"
    atomic_write(target, "zwei ä\n")
    assert target.read_text(encoding="utf-8") == "zwei ä\n"
    atomic_write(target, lambda fh: fh.write(b"three\n"))
    assert target.read_bytes() == b"three\n"
    assert _leftovers(tmp_path) == []


def test_failure_mid_write_keeps_previous_file(tmp_path):
    target = tmp_path / "sheet.csv"
    target.write_text("reviewer work\n")

    def half_then_crash(fh):
        fh.write(b"partial")
        raise RuntimeError("writer bug")

    with pytest.raises(RuntimeError):
        atomic_write(target, half_then_crash)
    assert target.read_text() == "reviewer work\n"
    assert _leftovers(tmp_path) == []


def test_real_enospc_from_dev_full_keeps_previous_file(tmp_path):
    """/dev/full raises a real ENOSPC on write: the error is one line and the old file survives."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    target = tmp_path / "report.html"
    target.write_text("old report")

    def via_full_disk(fh):
        fh.write(b"<html>")
        with open("/dev/full", "wb", buffering=0) as full:
            full.write(b"x" * 4096)  # OSError(ENOSPC)

    with pytest.raises(OutputError) as caught:
        atomic_write(target, via_full_disk)
    message = str(caught.value)
    assert "disk full" in message and str(target) in message and "\n" not in message
    assert isinstance(caught.value, CorpusError)
    assert target.read_text() == "old report"
    assert _leftovers(tmp_path) == []


def _mount_tmpfs(where: Path, size: str) -> bool:
    if sys.platform != "linux" or os.geteuid() != 0:
        return False
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                            capture_output=True)
    return result.returncode == 0


def test_disk_full_on_a_small_tmpfs_keeps_previous_file(tmp_path):
    """A real filesystem filling up while the new file is written (needs root and mount)."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    if not _mount_tmpfs(mnt, "2m"):
        pytest.skip("cannot mount a 2 MB tmpfs here (needs root and mount privileges)")
    try:
        target = mnt / "stemfoot.csv"
        target.write_bytes(b"a" * 600_000)
        chunk = b"b" * 65536
        with pytest.raises(OutputError, match="disk full"):
            atomic_write(target, lambda fh: [fh.write(chunk) for _ in range(64)])  # 4 MB into 2 MB
        assert target.read_bytes() == b"a" * 600_000
        assert _leftovers(mnt) == []
        # The space is free again: a small write now succeeds.
        atomic_write(target, b"small")
        assert target.read_bytes() == b"small"
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def test_text_mode_keeps_newlines_for_csv(tmp_path):
    target = tmp_path / "s.csv"
    with atomic_open(target, "w", newline="") as fh:
        fh.write("a,b\r\n1,2\r\n")
    assert target.read_bytes() == b"a,b\r\n1,2\r\n"


def test_no_overwrite_refuses_existing_and_keeps_it(tmp_path):
    target = tmp_path / "sheet.csv"
    target.write_text("keep")
    with pytest.raises(OutputError, match="already exists"):
        atomic_write(target, b"new", overwrite=False)
    assert target.read_text() == "keep"
    fresh = tmp_path / "fresh.csv"
    atomic_write(fresh, b"new", overwrite=False)
    assert fresh.read_bytes() == b"new"


def test_no_overwrite_detects_a_file_created_during_the_write(tmp_path):
    target = tmp_path / "race.csv"

    def writer(fh):
        fh.write(b"mine")
        target.write_text("someone else's")  # appears after the existence check

    with pytest.raises(OutputError, match="already exists"):
        atomic_write(target, writer, overwrite=False)
    assert target.read_text() == "someone else's"
    assert _leftovers(tmp_path) == []


def test_symlink_target_is_replaced_and_link_kept(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_permissions_of_existing_file_are_kept(tmp_path):
    target = tmp_path / "p.txt"
    target.write_text("x")
    os.chmod(target, 0o640)
    atomic_write(target, b"y")
    assert (target.stat().st_mode & 0o777) == 0o640


def test_refuses_directory_and_missing_folder(tmp_path):
    with pytest.raises(OutputError, match="is a directory"):
        atomic_write(tmp_path, b"x")
    with pytest.raises(OutputError, match="does not exist"):
        atomic_write(tmp_path / "nope" / "f.txt", b"x")


# ---------------------------------------------------------------- check_output_path


def test_out_equal_to_db_or_its_wal_is_refused(tmp_path):
    db = tmp_path / "corpus.db"
    db.write_bytes(b"SQLite format 3\x00")
    with pytest.raises(OutputError, match="is the database"):
        check_output_path(tmp_path / "sub" / ".." / "corpus.db", [], db)
    with pytest.raises(OutputError, match="-wal"):
        check_output_path(tmp_path / "corpus.db-wal", [], db)  # need not exist yet
    with pytest.raises(OutputError, match="-shm"):
        check_output_path(str(db) + "-shm", [], db)
    assert check_output_path(tmp_path / "report.html", [], db) == tmp_path / "report.html"


def test_out_via_symlink_or_hardlink_to_an_input_is_refused(tmp_path):
    data = tmp_path / "studies.csv"
    data.write_text("title\nx\n")
    alias = tmp_path / "alias.csv"
    alias.symlink_to(data)
    hard = tmp_path / "hard.csv"
    os.link(data, hard)
    for out in (alias, hard, data):
        with pytest.raises(OutputError, match="is an input") as caught:
            check_output_path(out, [data])
        assert "\n" not in str(caught.value)
    check_output_path(tmp_path / "other.csv", [data])


def test_db_reached_through_hardlink_is_refused(tmp_path):
    db = tmp_path / "c.db"
    db.write_bytes(b"x")
    twin = tmp_path / "twin.db"
    os.link(db, twin)
    with pytest.raises(OutputError, match="the database"):
        check_output_path(twin, [], db, option="--export")


# ---------------------------------------------------------------- check_input_file


def test_fifo_device_socket_directory_are_refused_in_one_line(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    sock_path = tmp_path / "s.sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    try:
        cases = {fifo: "named pipe", Path("/dev/null"): "device", sock_path: "socket",
                 tmp_path: "directory", tmp_path / "missing": "no such file"}
        for path, words in cases.items():
            with pytest.raises(InputFileError) as caught:
                check_input_file(path)
            message = str(caught.value)
            assert words in message and str(path) in message and "\n" not in message
    finally:
        sock.close()


def test_regular_file_passes_and_size_limit_names_the_option(tmp_path):
    f = tmp_path / "a.ris"
    f.write_bytes(b"x" * 100)
    assert check_input_file(f).st_size == 100
    with pytest.raises(LimitExceeded, match=r"limit 50 bytes; raise it with --max-input-size"):
        check_input_file(f, max_bytes=50)


# ---------------------------------------------------------------- bounded decompression


def test_gzip_bomb_is_stopped_by_ratio_before_inflating(tmp_path):
    bomb = tmp_path / "bomb.xml.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as fh:
        for _ in range(64):
            fh.write(b"\0" * (1 << 20))  # 64 MiB of zeros -> ~64 KB
    stream = open_input(bomb)
    with pytest.raises(LimitExceeded) as caught:
        while stream.read(1 << 16):
            pass
    message = str(caught.value)
    assert "--max-gzip-ratio" in message and str(bomb) in message and "\n" not in message
    # Stopped soon after the grace window, not after inflating everything.
    assert stream.raw.count < 8 << 20
    stream.close()


def test_max_decompressed_size(tmp_path):
    f = tmp_path / "big.txt.gz"
    payload = os.urandom(300_000)  # incompressible: ratio ~1, only the size limit applies
    with gzip.open(f, "wb") as fh:
        fh.write(payload)
    with pytest.raises(LimitExceeded, match=r"--max-input-size"):
        open_input(f, max_bytes=200_000).read()
    assert open_input(f, max_bytes=300_000).read() == payload


def test_plain_file_is_bounded_too_and_peek_works(tmp_path):
    f = tmp_path / "x.medline"
    f.write_bytes(b"PMID- 1\n" * 1000)
    stream = open_input(f, max_bytes=10_000)
    assert stream.peek(5)[:5] == b"PMID-"
    assert len(stream.read()) == 8000
    with pytest.raises(LimitExceeded):
        open_input(f, max_bytes=7999).read()


def test_legitimate_compressible_gzip_is_read_whole(tmp_path):
    f = tmp_path / "pubmed.xml.gz"
    text = b"".join(b"<PubmedArticle><PMID>%d</PMID><AbstractText>Stem cells %d healed.</AbstractText></PubmedArticle>\n"
                    % (i, i * 7919 % 10007) for i in range(40_000))
    f.write_bytes(gzip.compress(text))
    assert open_input(f).read() == text


def test_truncated_gzip_is_one_line(tmp_path):
    f = tmp_path / "cut.gz"
    f.write_bytes(gzip.compress(os.urandom(50_000))[:20_000])
    with pytest.raises(InputFileError, match="truncated or corrupt gzip"):
        open_input(f).read()


def test_open_input_refuses_fifo_without_blocking(tmp_path):
    fifo = tmp_path / "p.gz"
    os.mkfifo(fifo)
    with pytest.raises(InputFileError, match="named pipe"):
        open_input(fifo)


# ---------------------------------------------------------------- record size


def test_record_and_line_limits():
    check_record_size(10, "f.ris: record 3", limit=10)
    with pytest.raises(LimitExceeded, match=r"f\.ris: record 3: .*limit 10 bytes; raise it with --max-record-size"):
        check_record_size(11, "f.ris: record 3", limit=10)
    stream = io.BytesIO(b"short\n" + b"y" * 10 + b"\n" + b"z" * 50 + b"\nafter\n")
    lines = iter_lines_bounded(stream, "f.jsonl", limit=11)
    assert next(lines) == (1, b"short\n")
    assert next(lines) == (2, b"y" * 10 + b"\n")
    with pytest.raises(LimitExceeded, match="f.jsonl: line 3"):
        next(lines)
    assert list(iter_lines_bounded(io.BytesIO(b"a\nb"), "f", limit=1)) == [(1, b"a\n"), (2, b"b")]
