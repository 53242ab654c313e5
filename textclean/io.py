"""Inputs and outputs for the CLI: finding documents, streaming them, writing atomically.

Everything here streams: inputs are yielded one document at a time and parallel work keeps a
bounded window in flight, so memory does not grow with the size of a batch.
"""

from __future__ import annotations

import contextlib
import gc
import glob
import json
import os
import stat
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

from .decode import is_binary

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class Doc:
    """One document to clean: raw bytes from a file, or text from a JSONL row."""

    source: str
    data: str | bytes
    meta: dict[str, Any] = field(default_factory=dict)
    doc_id: str | None = None


@dataclass(frozen=True)
class InputError:
    """An input that could not be read; ``line`` is set for JSONL rows."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def expand(args: Iterable[str], suffixes: tuple[str, ...]) -> Iterator[str | InputError]:
    """Paths named by ``args``: files as given, folders recursively (by suffix), globs, ``-``."""
    for arg in args:
        if arg == "-":
            yield arg
        elif os.path.isdir(arg):
            found = sorted(_walk(arg, suffixes))
            if not found:
                yield InputError(arg, f"folder has no {'/'.join(suffixes)} files")
            yield from found
        elif os.path.exists(arg) or os.path.islink(arg):
            yield arg
        elif _GLOB_CHARS & set(arg):
            matches = sorted(m for m in glob.glob(arg, recursive=True) if os.path.isfile(m))
            if not matches:
                yield InputError(arg, "no file matches this pattern")
            yield from matches
        else:
            yield InputError(arg, "no such file or folder")


def _walk(folder: str, suffixes: tuple[str, ...]) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.lower().endswith(suffixes) and not name.startswith("."):
                yield os.path.join(root, name)


def read_docs(paths: Iterable[str | InputError], stdin: IO[bytes] | None = None
              ) -> Iterator[Doc | InputError]:
    """Documents from paths: a text file is one document, a JSONL file one per line."""
    for path in paths:
        if isinstance(path, InputError):
            yield path
        elif path == "-":
            data = (stdin or sys.stdin.buffer).read()
            yield Doc("-", data) if data else InputError("-", "empty input")
        elif path.lower().endswith(JSONL_SUFFIXES):
            yield from _read_jsonl(path)
        else:
            yield _read_text(path)


def _read_text(path: str) -> Doc | InputError:
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        return InputError(path, _os_reason(e))
    if not data.strip():
        return InputError(path, "empty file, skipped")
    if is_binary(data):
        return InputError(path, "binary file (NUL bytes), skipped")
    return Doc(printable_path(path), data)


def printable_path(path: str) -> str:
    """A file name that is not valid UTF-8 (decoded with surrogate escapes) as text a UTF-8
    record can hold: the undecodable bytes are shown as ``\\xff``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace") if not path.isascii() else path


def _no_surrogates(s: str) -> str:
    """JSON ``\\ud800`` escapes decode to lone surrogates, which no UTF-8 output can hold."""
    return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _read_jsonl(path: str) -> Iterator[Doc | InputError]:
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below; a generator cannot use `with` cleanly
    except OSError as e:
        yield InputError(path, _os_reason(e))
        return
    with f:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            yield _jsonl_row(path, n, raw)


def _jsonl_row(path: str, n: int, raw: bytes) -> Doc | InputError:
    try:
        row = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as e:
        reason = "truncated line" if not raw.endswith(b"\n") else "invalid JSON"
        if isinstance(e, RecursionError):
            e = ValueError("nested too deeply")
        return InputError(path, f"{reason}: {e}", n)
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        return InputError(path, 'expected an object with a string field "text"', n)
    meta = {k: _no_surrogates(row[k]) for k in ("source", "url", "title")
            if isinstance(row.get(k), str)}
    source = meta.get("source") or meta.get("url") or f"{printable_path(path)}:{n}"
    doc_id = _no_surrogates(str(row["id"])) if row.get("id") is not None else None
    return Doc(source, row["text"], meta, doc_id)


def _os_reason(e: OSError) -> str:
    return (e.strerror or str(e)).lower()


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never a mix.

    Temp file in the same folder, fsync, keep the mode, rename. A symlink is followed, so the
    link stays a link and its target gets the new content.
    """
    target = Path(os.path.realpath(path))
    old = target.stat() if target.exists() else None
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if old is not None:
            _keep_owner(tmp, old)
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)


def _keep_owner(tmp: str, old: os.stat_result) -> None:
    """The new file keeps the old one's owner and group (root fixing a user's file must not
    take it over); where we may not chown, the file is ours, as with any editor."""
    if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
        with contextlib.suppress(OSError):
            os.chown(tmp, old.st_uid, old.st_gid)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class AtomicOutput:
    """A text output file that appears under its name only once it is complete.

    Written to a temp file beside the target and renamed on success; on error or Ctrl-C the
    temp file is removed and whatever was at the target before stays as it was. A symlink is
    followed (the link stays a link) and an existing file keeps its mode. A special file
    (``/dev/stdout``, a FIFO) is written in place: it cannot be replaced, and must not be.
    """

    def __init__(self, path: str) -> None:
        self.path = Path(os.path.realpath(path))
        self._tmp: str | None = None
        self.file: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        if self.path.exists() and not self.path.is_file():
            self.file = open(self.path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
            return self.file
        self._mode = (stat.S_IMODE(self.path.stat().st_mode) if self.path.exists()
                      else 0o666 & ~_umask())
        fd, self._tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.",
                                         suffix=".tmp")
        self.file = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        return self.file

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        assert self.file is not None
        if self._tmp is None:
            self.file.close()
            return
        try:
            if exc_type is None:
                self.file.flush()
                os.fsync(self.file.fileno())
            self.file.close()
            if exc_type is None:
                os.chmod(self._tmp, self._mode)
                os.replace(self._tmp, self.path)
                _fsync_dir(self.path.parent)
        finally:
            if os.path.exists(self._tmp):
                with contextlib.suppress(OSError):
                    os.unlink(self._tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


T = TypeVar("T")
R = TypeVar("R")


def ordered_map(func: Callable[[list[T]], list[R]], items: Iterable[T], *, jobs: int,
                batch: int = 32, window: int = 4,
                initializer: Callable[..., None] | None = None,
                initargs: tuple[Any, ...] = (), batch_chars: int = 1 << 18) -> Iterator[R]:
    """``func`` over batches of ``items`` in ``jobs`` processes, results in input order.

    At most ``window × jobs`` batches are in flight, so a huge input streams through in
    bounded memory (``Pool.imap`` would read the whole input ahead). A batch also closes at
    ``batch_chars`` of document data, so a folder of large files still makes enough batches
    to keep every worker busy to the end (32 whole files per batch would leave one worker
    idle while the other finishes the last batch).
    """
    batches = _batched(items, batch, batch_chars)
    if jobs <= 1:
        if initializer:
            initializer(*initargs)
        for b in batches:
            yield from func(b)
        return
    if initializer:  # in the parent too: forked workers inherit what it loads (see cli)
        initializer(*initargs)
    # Keep the cyclic GC of the workers off the inherited objects, so their pages stay shared
    # (copy-on-write) instead of being copied into every worker (the gc module's advice).
    gc.freeze()
    try:
        pool = ProcessPoolExecutor(jobs, initializer=initializer, initargs=initargs)
        pending: deque[Future[list[R]]] = deque()
        try:
            for b in batches:
                pending.append(pool.submit(func, b))
                if len(pending) >= window * jobs:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BaseException:  # Ctrl-C, SIGTERM, a closed pipe: drop queued work, stop workers
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.terminate()
            raise
        pool.shutdown()
    finally:
        gc.unfreeze()  # the parent's own collection is back to normal once workers are gone


def _batched(items: Iterable[T], n: int, max_chars: int = 1 << 62) -> Iterator[list[T]]:
    buf: list[T] = []
    chars = 0
    for item in items:
        buf.append(item)
        chars += len(item.data) if isinstance(item, Doc) else 0
        if len(buf) >= n or chars >= max_chars:
            yield buf
            buf, chars = [], 0
    if buf:
        yield buf
