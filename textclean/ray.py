"""Run the cleaning pipeline on Ray Data (``pip install "textclean[ray]"``).

Two entry points:

- :func:`clean_dataset` maps a ``ray.data.Dataset`` of rows (``text``; optional ``id``,
  ``source``, ``url``, ``title``) to canonical records, with the same pipeline, options and
  per-document code path (:func:`textclean.cli.record_for`) as a local run.
- :func:`run_cli` is ``textclean clean … --engine ray``: files are listed on the driver
  (:func:`textclean.io.expand`), read on the workers (:func:`textclean.io.read_docs`), cleaned
  by a pool of actors that each build the pipeline once, and written in input order.

A document whose processing raises becomes an *error row* (column ``error``, a one-line message
naming the source) instead of failing its task: one bad document must not cost a block's worth
of retries. Task failures (a worker or node lost) are Ray's business: Ray Data retries them.
"""

from __future__ import annotations

import argparse
import logging
import os
import pickle
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .cli import UsageError, count_doc, record_for
from .config import Settings
from .io import JSONL_SUFFIXES, TEXT_SUFFIXES, Doc, InputError, expand, read_docs
from .pipeline import Pipeline

if TYPE_CHECKING:
    import pyarrow as pa
    import ray.data

INSTALL_HINT = 'the Ray engine needs the ray extra: pip install "textclean[ray]"'
ROW_FIELDS = ("text", "id", "source", "url", "title")
#: Columns of a record row, in :meth:`textclean.record.Record.to_dict` order, plus ``error``.
RECORD_COLUMNS = ("id", "source", "title", "published", "site", "author", "lang", "text",
                  "removed", "changes", "flags", "encoding", "textclean", "error")


def require_ray() -> Any:
    """``ray`` (with Ray Data), or a usage error that names the extra to install."""
    try:
        import ray
        import ray.data  # noqa: F401 - Ray Core alone is not enough
    except ImportError as e:
        raise UsageError(INSTALL_HINT) from e
    return ray


# --- schemas: fixed, so that every block has the same Arrow types (empty lists included) -------


def record_schema() -> pa.Schema:
    import pyarrow as pa

    s = pa.string()
    removed = pa.struct([("text", s), ("reason", s), ("line", pa.int64())])
    changes = pa.struct([("stage", s), ("rule", s), ("count", pa.int64())])
    types = {"removed": pa.list_(removed), "changes": pa.list_(changes), "flags": pa.list_(s)}
    return pa.schema([(name, types.get(name, s)) for name in RECORD_COLUMNS])


def json_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema([("json", pa.string()), ("error", pa.string())])


# --- rows <-> documents -------------------------------------------------------------------------


def doc_from_row(row: Mapping[str, Any]) -> Doc | InputError:
    """A dataset row as the document a JSONL line with the same fields would be."""
    meta = {k: row[k] for k in ("source", "url", "title") if isinstance(row.get(k), str)}
    source = meta.get("source") or meta.get("url") or ""
    text = row.get("text")
    if not isinstance(text, str | bytes):
        return InputError(source or "<row>", 'expected a string field "text"')
    doc_id = str(row["id"]) if row.get("id") is not None else None
    return Doc(source, text, meta, doc_id)


def _docs(table: pa.Table, packed: bool) -> list[Doc | InputError]:
    """Documents of one batch: pickled by the CLI's reader (``packed``) or user rows."""
    if packed:
        return [pickle.loads(b) for b in table.column("doc").to_pylist()]
    names = [n for n in ROW_FIELDS if n in table.column_names]
    return [doc_from_row(r) for r in table.select(names).to_pylist()]


def _error_row(doc: Doc | InputError, message: str, as_json: bool) -> dict[str, Any]:
    if as_json:
        return {"json": None, "error": message}
    row: dict[str, Any] = dict.fromkeys(RECORD_COLUMNS)
    if isinstance(doc, Doc):
        row.update(id=doc.doc_id, source=doc.source or None)
    row["error"] = message
    return row


class _Cleaner:
    """The per-worker state of the cleaning step: the pipeline is built once per actor."""

    def __init__(self, stages: Any, options: dict[str, Any], counter_ref: list[Any] | None,
                 as_json: bool, packed: bool, keep: Sequence[str]) -> None:
        self.pipeline = Pipeline(stages, **options)
        self.pipeline.warm_up()  # load tables now, not inside the first batch
        self.counter = None
        if counter_ref:
            import ray

            self.counter = ray.get(counter_ref[0])
        self.as_json, self.packed, self.keep = as_json, packed, tuple(keep)
        self.schema = json_schema() if as_json else record_schema()

    def __call__(self, batch: pa.Table) -> pa.Table:
        import pyarrow as pa

        rows = [self._one(doc) for doc in _docs(batch, self.packed)]
        table = pa.Table.from_pylist(rows, schema=self.schema)
        for name in self.keep:
            table = table.append_column(name, batch.column(name))
        return table

    def _one(self, doc: Doc | InputError) -> dict[str, Any]:
        if isinstance(doc, InputError):
            return _error_row(doc, str(doc), self.as_json)
        try:
            record = record_for(doc, self.pipeline, self.counter)
        except Exception as e:  # a bug on one document must not fail (and retry) the block
            where = doc.source or doc.doc_id or "<row>"
            return _error_row(doc, f"{where}: internal error, please report: {e!r}", self.as_json)
        if not doc.source and record.source == "":
            record.source = None
        return {"json": record.to_json(), "error": None} if self.as_json else {
            **record.to_dict(), "error": None}


# --- cross-document repetition: a distributed first pass ----------------------------------------


def _count_batch(batch: pa.Table, packed: bool) -> pa.Table:
    """A partial RepeatCounter for one block, pickled into a one-row table."""
    import pyarrow as pa

    from .boilerplate.repetition import RepeatCounter

    counter = RepeatCounter()
    for doc in _docs(batch, packed):
        if isinstance(doc, Doc):
            count_doc(counter, doc)
    return pa.table({"counter": pa.array([pickle.dumps(counter)], pa.binary())})


def _merge_all(partials: list[Any]) -> Any:
    """Pairwise (tree) merge: each ``merge`` copies, so a left fold would be quadratic."""
    from .boilerplate.repetition import RepeatCounter

    if not partials:
        return RepeatCounter()
    while len(partials) > 1:
        pairs = zip(partials[::2], partials[1::2], strict=False)
        merged = [a.merge(b) for a, b in pairs]
        partials = merged + ([partials[-1]] if len(partials) % 2 else [])
    return partials[0]


def count_repeats(ds: ray.data.Dataset, *, packed: bool = False) -> Any:
    """Per-site line counts over the whole dataset, equal to the local first pass.

    Each block is counted on a worker; the partial counters (8-byte line hashes, capped per
    site) are merged on the driver.
    """
    counted = ds.map_batches(_count_batch, batch_format="pyarrow", batch_size=None,
                             fn_kwargs={"packed": packed})
    return _merge_all([pickle.loads(r["counter"]) for r in counted.iter_rows()])


# --- the public entry point ---------------------------------------------------------------------


def clean_dataset(ds: ray.data.Dataset, *, stages: Iterable[Any] | None = None,
                  cross_doc: bool = False, as_json: bool = False, keep: Sequence[str] = (),
                  batch_size: int = 64, concurrency: int | tuple[int, int] | None = None,
                  _packed: bool = False, **options: Any) -> ray.data.Dataset:
    """Clean every row of ``ds``; the result has one row per input row.

    Input rows: ``text`` (str, or bytes decoded like a file), optional ``id``, ``source``,
    ``url``, ``title`` (the JSONL fields). Output rows: the canonical record fields plus
    ``error`` (``None``, or a one-line message when the row could not be processed; its record
    fields are then null). ``as_json=True`` gives columns ``json`` (the record as the CLI writes
    it) and ``error`` instead. ``keep`` names input columns copied through (e.g. an index).
    ``stages`` and ``options`` are those of :class:`textclean.Pipeline`; ``cross_doc=True``
    first counts lines repeated across the documents of a site: that pass runs now (it reads
    ``ds`` once, the returned dataset reads it again, lazily, like any Ray Data transform).
    Without ``keep``-ing an index, the output order is Ray's; sort on the index to restore it.
    """
    ray = require_ray()
    stages = tuple(stages) if stages is not None else None
    Pipeline(stages, **options)  # bad stage or option names fail here, not on every worker
    counter_ref = [ray.put(count_repeats(ds, packed=_packed))] if cross_doc else None
    return ds.map_batches(
        _Cleaner, batch_format="pyarrow", batch_size=batch_size, concurrency=concurrency,
        fn_constructor_kwargs={"stages": stages, "options": dict(options),
                               "counter_ref": counter_ref, "as_json": as_json,
                               "packed": _packed, "keep": tuple(keep)})


# --- the CLI engine -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Failed(InputError):
    """An error row coming back from a worker: its message is already complete."""

    def __str__(self) -> str:
        return self.message


def _read_item(row: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """On a worker: one listed input (path, stdin, or listing error) → its documents."""
    import io

    item = pickle.loads(row["item"])
    stdin = io.BytesIO(row["stdin"] or b"")  # never the worker's own stdin
    docs = [item] if isinstance(item, InputError) else read_docs([item], stdin=stdin)
    for n, doc in enumerate(docs):
        yield {"_i": row["_i"], "_n": n, "doc": pickle.dumps(doc)}


def _input_rows(inputs: list[str]) -> list[dict[str, Any]]:
    """One row per listed input, made before Ray starts; stdin is read here, where it is."""
    rows = []
    for i, item in enumerate(expand(inputs, TEXT_SUFFIXES + JSONL_SUFFIXES)):
        stdin = sys.stdin.buffer.read() if item == "-" else b""
        rows.append({"_i": i, "item": pickle.dumps(item), "stdin": stdin})
    return rows


def _input_dataset(ray: Any, rows: list[dict[str, Any]]) -> ray.data.Dataset:
    """Documents of the listed inputs, read on the workers (one read task per input)."""
    ds = ray.data.from_items(rows, override_num_blocks=max(1, len(rows)))
    # Reading is I/O: it asks for no CPU, so it can always run beside the cleaning actors (with
    # one CPU, a read task waiting for the CPU an idle actor holds would deadlock the job).
    return ds.flat_map(_read_item, num_cpus=0)


def _check_reachable(address: str) -> None:
    """Fail in seconds, not after Ray's long reconnect loop, when nothing listens there."""
    import socket
    from urllib.parse import urlsplit

    if address in ("auto", "local") or ":" not in address:
        return
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        raise UsageError(f"--address {address}: expected HOST:PORT or ray://HOST:PORT") from None
    if not host or not port:
        return
    try:
        socket.create_connection((host, port), timeout=10).close()
    except OSError as e:
        raise UsageError(f"--address {address}: cannot reach a Ray cluster there: "
                         f"{(e.strerror or str(e)).lower()}") from e


def _init_ray(ray: Any, args: argparse.Namespace) -> bool:
    """Connect (``--address``) or start a quiet local Ray; True when we must shut it down."""
    _quiet_console()
    if ray.is_initialized():
        return False
    # the C++ core logs to stderr too; errors that matter reach us as Python exceptions
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                              "logging_level": logging.ERROR}
    if args.address:
        import textclean

        _check_reachable(args.address)
        # ship the driver's textclean (code and data files) so workers run the same version
        kwargs["runtime_env"] = {"py_modules": [os.path.dirname(textclean.__file__)]}
        kwargs["address"] = args.address
    else:
        kwargs["num_cpus"] = args.jobs
    try:
        ray.init(**kwargs)
    except (ConnectionError, RuntimeError, ValueError) as e:
        where = f"connect to {args.address}" if args.address else "start a local Ray"
        raise UsageError(f"ray: cannot {where}: {_last_line(e)}") from e
    return True


def _quiet_console() -> None:
    """Ray's console log handlers show errors only (its log files keep everything)."""
    for name in ("ray", "ray.data"):
        for handler in logging.getLogger(name).handlers:
            if "File" not in type(handler).__name__:
                handler.setLevel(logging.ERROR)


def _configure_data(ray: Any) -> None:
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True  # output in input order, like the local run
    ctx.enable_progress_bars = False  # ours (documents written) is enough
    ctx.print_on_execution_start = False


def _results(ds: ray.data.Dataset) -> Iterator[str | InputError]:
    """Records (JSON lines) and error rows, in input order (checked, since we promise it)."""
    last = (-1, -1)
    for batch in ds.iter_batches(batch_format="pyarrow", batch_size=256):
        columns = [batch.column(c).to_pylist() for c in ("_i", "_n", "json", "error")]
        for i, n, json_line, error in zip(*columns, strict=True):
            if (i, n) <= last:
                raise RuntimeError(f"ray returned document {(i, n)} after {last}: please report")
            last = (i, n)
            yield _Failed("", error) if error is not None else json_line


def run_cli(args: argparse.Namespace, settings: Settings) -> int:
    """``textclean clean … --engine ray``: same records (and order) as the local engine."""
    from .cli import _check_writable, write_output

    ray = require_ray()
    if args.cross_doc and "-" in args.inputs:
        raise UsageError("--cross-doc reads the inputs twice; it cannot read stdin (-)")
    if args.output:
        _check_writable(args.output)
    rows = _input_rows(list(args.inputs))
    owned = _init_ray(ray, args)
    try:
        _configure_data(ray)
        docs = _input_dataset(ray, rows)
        ds = clean_dataset(docs, stages=settings.stages, cross_doc=args.cross_doc,
                           as_json=True, keep=("_i", "_n"), _packed=True, **settings.options)
        return write_output(_results(ds), args.output, args.quiet)
    except ray.exceptions.RayError as e:
        raise UsageError(f"ray job failed: {_last_line(e)}") from e
    finally:
        if owned:
            ray.shutdown()


def _last_line(e: BaseException) -> str:
    """The gist of a Ray error (its last line names the exception), without the traceback."""
    text = str(e).strip().splitlines()
    return text[-1] if text else type(e).__name__
