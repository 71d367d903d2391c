"""Safe file handling: atomic output, outputs that cannot clobber inputs, bounded input.

Every refusal is a one-line `CorpusError` subclass naming the file and, for a
limit, the limit and the option that raises it, so the CLI can print it as is.

- `atomic_write` / `atomic_open`: the new file appears whole or not at all;
  the previous file survives any failure (disk full included).
- `check_output_path`: `--out` must not be the database (or its -wal, -shm,
  -journal) or any input, through symlinks and hard links.
- `check_input_file`: FIFOs, devices, sockets and directories are refused
  before anything blocks on them or reads them forever.
- `open_input`: gzip or plain bytes through a reader that stops at a maximum
  decompressed size and a maximum compression ratio (gzip bombs).
- `check_record_size`, `iter_lines_bounded`: one record or line of bounded size.
- `json_objects`: the objects of a JSON-lines text, each bad line a one-line error with its number.
"""
from __future__ import annotations

import errno
import gzip
import io
import json
import os
import stat
import tempfile
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import IO, BinaryIO, Callable, Iterable, Iterator, Union

from stemfoot.corpus.errors import CorpusError, IngestError

PathLike = Union[str, "os.PathLike[str]"]
GZIP_MAGIC = b"\x1f\x8b"

#: Default upper bound on the bytes one input yields after decompression (`--max-input-size`).
#: Ingest holds a non-XML file in memory (twice: bytes and text); 1 GiB is ten
#: times PubMed's largest esearch result (10,000 records, ~100 MB of XML).
DEFAULT_MAX_INPUT_BYTES = 1 << 30
#: Default largest decompressed/compressed ratio (`--max-gzip-ratio`). PubMed XML
#: and MEDLINE text compress 5-15x; gzip's own ceiling is ~1030x, which only
#: padding (a bomb) reaches.
DEFAULT_MAX_RATIO = 100.0
#: The ratio is judged only after this many decompressed bytes: tiny files of
#: repeated text legitimately compress far better than real corpora.
RATIO_GRACE_BYTES = 1 << 20
#: Default largest single record or line (`--max-record-size`): an abstract is
#: a few KB; a 16 MiB "line" is a file without line breaks, not a record.
DEFAULT_MAX_RECORD_BYTES = 16 << 20


class OutputError(CorpusError):
    """An output that cannot be written safely (one line, naming the file)."""


class InputFileError(IngestError):
    """An input that is not a readable regular file (one line, naming the file)."""


class LimitExceeded(IngestError):
    """An input beyond a stated limit: names the file, the limit and the option that raises it."""

    def __init__(self, source: str, what: str, limit: str, option: str | None = None) -> None:
        self.source, self.what, self.limit, self.option = source, what, limit, option
        hint = f"; raise it with {option}" if option else ""
        super().__init__(f"{source}: {what} (limit {limit}{hint})")


def human_bytes(n: float) -> str:
    """1536 -> '1.5 KiB'; used in limit messages."""
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n:g} {unit}" if unit == "bytes" else f"{n:.3g} {unit}"
        n /= 1024
    raise AssertionError("unreachable")


# ---------------------------------------------------------------- atomic output


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the directory entry is on disk.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # e.g. Windows: directories cannot be opened
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _target(path: PathLike) -> Path:
    """The file to replace: a symlink's target (the link itself stays), never a non-regular file."""
    path = Path(os.path.realpath(path))
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise OutputError(f"{path}: folder {path.parent} does not exist") from None
        return path
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{path}: is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{path}: not a regular file (a pipe, device or socket); refusing to replace it")
    return path


def _new_mode(existing: Path) -> int:
    """Keep an existing file's permissions; a new file gets 0666 less the umask (mkstemp gives 0600)."""
    try:
        return stat.S_IMODE(os.stat(existing).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


#: Errors of the disk being written, turned into one line; others (a writer's own bug) propagate.
_WRITE_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EIO, errno.EROFS, errno.EACCES, errno.EPERM,
                 getattr(errno, "EDQUOT", errno.ENOSPC)}


def _disk_error(path: Path, exc: OSError, kept: bool) -> OutputError:
    previous = "the previous file is unchanged" if kept else "nothing was written"
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return OutputError(f"{path}: disk full while writing; {previous}")
    return OutputError(f"{path}: cannot write ({exc.strerror or exc}); {previous}")


@contextmanager
def atomic_open(path: PathLike, mode: str = "wb", *, encoding: str = "utf-8", newline: str | None = None,
                overwrite: bool = True) -> Iterator[IO]:
    """Open a temporary file beside ``path``; on a clean exit it is fsynced and renamed onto ``path``.

    On any exception (disk full, Ctrl-C, a bug in the writer) the temporary
    file is removed and ``path`` is left exactly as it was. ``overwrite=False``
    refuses an existing ``path``, checked again at the rename so a file that
    appeared meanwhile is not clobbered either. ``mode`` is "wb" or "w".
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"mode must be 'w' or 'wb', not {mode!r}")
    target = _target(path)
    existed = target.exists()
    if existed and not overwrite:
        raise OutputError(f"{target}: already exists; choose another name (or allow overwriting)")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _disk_error(target, exc, existed) from exc
    tmp = Path(tmp_name)
    try:
        raw = os.fdopen(fd, "wb")
        fh: IO = raw if mode == "wb" else io.TextIOWrapper(raw, encoding=encoding, newline=newline)
        with fh:
            yield fh
            fh.flush()
            os.fsync(raw.fileno())
        os.chmod(tmp, _new_mode(target))
        if overwrite:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)  # fails if the name exists: no check-then-write race
            except FileExistsError:
                raise OutputError(f"{target}: already exists; choose another name (or allow overwriting)") from None
            tmp.unlink()
        _fsync_dir(target.parent)
    except BaseException as exc:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and exc.errno in _WRITE_ERRNOS:
            raise _disk_error(target, exc, existed) from exc
        raise


def atomic_write(path: PathLike, data: bytes | str | Callable[[BinaryIO], object], *,
                 encoding: str = "utf-8", overwrite: bool = True) -> Path:
    """Write ``data`` (bytes, text, or a function given the binary file) to ``path`` atomically.

    Returns the path written (a symlink's target). See `atomic_open`.
    """
    with atomic_open(path, "wb", overwrite=overwrite) as fh:
        if isinstance(data, bytes):
            fh.write(data)
        elif isinstance(data, str):
            fh.write(data.encode(encoding))
        else:
            data(fh)
    return _target(path)


# ---------------------------------------------------------------- output vs inputs

#: Files SQLite keeps beside a database; writing over any of them corrupts it.
SQLITE_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def _identity(path: Path) -> tuple[str, tuple[int, int] | None]:
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except OSError:
        return os.path.normcase(real), None
    return os.path.normcase(real), (st.st_dev, st.st_ino)


def check_output_path(out: PathLike, inputs: Iterable[PathLike] = (), db: PathLike | None = None,
                      *, option: str = "--out") -> Path:
    """Refuse an output that is the database (or its -wal/-shm/-journal) or one of the inputs.

    Compared by resolved path (symlinks, `..`) and by device and inode (hard
    links, case-insensitive names). Returns ``out`` as a Path.
    """
    out_path = Path(out)
    real, ident = _identity(out_path)
    protected: list[tuple[Path, str]] = []
    if db is not None:
        protected += [(Path(f"{db}{side}"), "the database" if not side else f"the database's {side} file")
                      for side in SQLITE_SIDE_FILES]
    protected += [(Path(p), "an input") for p in inputs]
    for path, role in protected:
        other_real, other_ident = _identity(path)
        if real == other_real or (ident is not None and ident == other_ident):
            raise OutputError(f"{out_path}: {option} is {role} ({path}); refusing to overwrite it")
    return out_path


# ---------------------------------------------------------------- inputs


def check_input_file(path: PathLike, *, max_bytes: int | None = None,
                     option: str = "--max-input-size") -> os.stat_result:
    """Refuse anything but a readable regular file (FIFO, device, socket, directory), in one line.

    A FIFO or a character device would block or never end; they are refused
    before being opened. ``max_bytes`` bounds the size on disk.
    """
    name = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputFileError(f"{name}: no such file") from None
    except PermissionError:
        raise InputFileError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputFileError(f"{name}: cannot read ({exc.strerror or exc})") from None
    mode = st.st_mode
    kind = ("is a directory" if stat.S_ISDIR(mode) else
            "is a named pipe (FIFO); save the data to a file first" if stat.S_ISFIFO(mode) else
            "is a device, not a file" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
            "is a socket, not a file" if stat.S_ISSOCK(mode) else
            None if stat.S_ISREG(mode) else "is not a regular file")
    if kind:
        raise InputFileError(f"{name}: {kind}")
    if not os.access(path, os.R_OK):
        raise InputFileError(f"{name}: permission denied")
    if max_bytes is not None and st.st_size > max_bytes:
        raise LimitExceeded(name, f"file is {human_bytes(st.st_size)}", human_bytes(max_bytes), option)
    return st


class BoundedReader(io.RawIOBase):
    """Reads ``inner`` (e.g. a GzipFile) and stops at ``max_bytes`` or at ``max_ratio``.

    ``compressed_pos`` tells how many compressed bytes have been consumed (the
    underlying file's position); ``None`` turns the ratio check off (plain files).
    Read errors of gzip (truncation, corruption) become one-line `InputFileError`s.
    """

    def __init__(self, inner: BinaryIO, name: str, max_bytes: int, max_ratio: float | None = None,
                 compressed_pos: Callable[[], int] | None = None, closer: Callable[[], None] | None = None) -> None:
        super().__init__()
        self._inner, self.name, self.max_bytes, self.max_ratio = inner, name, max_bytes, max_ratio
        self._compressed_pos, self._closer = compressed_pos, closer
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "bytearray | memoryview") -> int:  # type: ignore[override]
        # Never ask for more than one byte past the limit: a bomb is stopped before it is inflated.
        want = min(len(buffer), self.max_bytes - self.count + 1)
        try:
            data = self._inner.read(want)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise InputFileError(f"{self.name}: truncated or corrupt gzip data ({exc})") from None
        n = len(data)
        self.count += n
        if self.count > self.max_bytes:
            raise LimitExceeded(self.name, f"more than {human_bytes(self.max_bytes)} after decompression",
                                human_bytes(self.max_bytes), "--max-input-size")
        if self.max_ratio is not None and self._compressed_pos is not None and self.count > RATIO_GRACE_BYTES:
            used = max(1, self._compressed_pos())
            if self.count / used > self.max_ratio:
                raise LimitExceeded(self.name, f"decompresses more than {self.max_ratio:g}x "
                                    f"({human_bytes(self.count)} from {human_bytes(used)}; a gzip bomb?)",
                                    f"{self.max_ratio:g}x", "--max-gzip-ratio")
        buffer[:n] = data
        return n

    def close(self) -> None:
        if not self.closed:
            try:
                self._inner.close()
            finally:
                if self._closer:
                    self._closer()
        super().close()


def open_input(path: PathLike, *, max_bytes: int = DEFAULT_MAX_INPUT_BYTES,
               max_ratio: float = DEFAULT_MAX_RATIO) -> io.BufferedReader:
    """The file's bytes (gunzipped when it is gzip, by content) through a `BoundedReader`.

    Checks the file with `check_input_file` first. The returned stream
    supports ``peek`` (format detection) and raises `LimitExceeded` once more
    than ``max_bytes`` come out, or a gzip member inflates more than ``max_ratio``.
    """
    name = str(path)
    check_input_file(path)
    raw = open(path, "rb")
    try:
        head = raw.read(2)
        raw.seek(0)
        if head == GZIP_MAGIC:
            inner: BinaryIO = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
            reader = BoundedReader(inner, name, max_bytes, max_ratio, raw.tell, raw.close)
        else:
            reader = BoundedReader(raw, name, max_bytes)
    except BaseException:
        raw.close()
        raise
    return io.BufferedReader(reader, buffer_size=64 * 1024)


# ---------------------------------------------------------------- records


def check_record_size(size: int, ref: str, limit: int = DEFAULT_MAX_RECORD_BYTES,
                      option: str = "--max-record-size") -> None:
    """Refuse one record (``ref`` names file and record) larger than ``limit`` bytes."""
    if size > limit:
        raise LimitExceeded(ref, f"record of {human_bytes(size)} or more", human_bytes(limit), option)


def iter_lines_bounded(stream: BinaryIO, name: str, limit: int = DEFAULT_MAX_RECORD_BYTES,
                       option: str = "--max-record-size") -> Iterator[tuple[int, bytes]]:
    """(line number, line) pairs; a line longer than ``limit`` bytes is refused without being held whole."""
    for lineno in range(1, 1 << 62):
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not (len(line) == limit + 1 and line.endswith(b"\n")):
            check_record_size(len(line), f"{name}: line {lineno}", limit, option)
        yield lineno, line


def json_objects(lines: Iterable[str], name: str, error: type[CorpusError] = IngestError) -> Iterator[tuple[int, dict]]:
    """(line number, object) of each non-blank line of a JSON-lines text; a bad line raises ``error``."""
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise error(f"{name}: line {lineno}: invalid JSON ({exc.msg})") from exc
        except RecursionError:
            raise error(f"{name}: line {lineno}: JSON nested too deeply to read") from None
        if not isinstance(obj, dict):
            raise error(f"{name}: line {lineno}: expected a JSON object")
        yield lineno, obj
