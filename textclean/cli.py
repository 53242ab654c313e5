"""The ``textclean`` command: a thin layer over the library.

Exit codes: 0 fine; 1 findings (check/fix) or some inputs failed; 2 usage or I/O error.
Errors are one line naming the file (and the line for JSONL); no tracebacks for user mistakes.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from . import __version__
from .config import ConfigError, Settings, load_settings
from .decode import decode, is_binary
from .io import (
    JSONL_SUFFIXES,
    TEXT_SUFFIXES,
    AtomicOutput,
    Doc,
    InputError,
    atomic_write,
    expand,
    ordered_map,
    read_docs,
)
from .pipeline import CANONICAL_ORDER, OptionError, Pipeline, Step
from .record import Record
from .report import findings

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in how textclean was called: exit 2 with the message."""


def main(argv: Sequence[str] | None = None) -> int:
    _terminate_like_interrupt()
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        settings = _settings(args)
        return int(args.run(args, settings))
    except (UsageError, ConfigError, OptionError) as e:
        _error(str(e))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK
    except OSError as e:  # an I/O failure no command anticipated: still one line, no traceback
        _error(f"{e.filename or 'error'}: {(e.strerror or str(e)).lower()}")
        return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="textclean",
        description="Clean noisy scraped text (Chinese, English, mixed) into canonical records.")
    p.add_argument("--version", action="version", version=f"textclean {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="FILE",
                        help="TOML settings (default: [tool.textclean] in the nearest "
                        "pyproject.toml)")
    common.add_argument("--script", metavar="TARGET",
                        help="zh-Hans (default), zh-Hant, zh-TW, zh-HK, keep, or an OpenCC config")
    common.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no notes")

    c = sub.add_parser("clean", parents=[common], help="clean files into JSONL records",
                       description="Clean text files (.txt/.md: one record each) and JSONL files "
                       "(one record per line, field 'text') into JSONL records.")
    c.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files, folders, globs, or - for stdin")
    c.add_argument("-o", "--output", metavar="OUT", help="write JSONL here (default: stdout)")
    c.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes")
    c.add_argument("--stages", metavar="LIST",
                   help=f"comma-separated stages to run (of: {', '.join(CANONICAL_ORDER)})")
    c.add_argument("--cross-doc", action="store_true",
                   help="first pass counts lines repeated across documents of a site; "
                        "the second removes them as boilerplate")
    c.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="run locally (default) or on Ray Data (needs textclean[ray])")
    c.add_argument("--address", metavar="ADDR", help="Ray cluster address (with --engine ray)")
    c.set_defaults(run=cmd_clean)

    for name, run, text in (
        ("check", cmd_check, "report what fix would change; exit 1 if anything"),
        ("fix", cmd_fix, "repair files in place (atomic); exit 1 if any changed"),
    ):
        sp = sub.add_parser(name, parents=[common], help=text, description=text)
        sp.add_argument("files", nargs="+", metavar="FILE", help="text files, folders or globs")
        sp.set_defaults(run=run)

    e = sub.add_parser("explain", parents=[common], help="show what would change and why")
    e.add_argument("file", metavar="FILE")
    e.set_defaults(run=cmd_explain)
    return p


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(args.config)
    options = dict(settings.options)
    if args.script:
        options["script"] = args.script
    stages = settings.stages
    if getattr(args, "stages", None):
        stages = tuple(s.strip() for s in args.stages.split(",") if s.strip())
    settings = Settings(stages=stages, fix_stages=settings.fix_stages, options=options,
                        path=settings.path)
    settings.pipeline()  # fail early, in the main process, on a bad stage or option
    return settings


# --- clean -------------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(settings: Settings, counter: Any, preload: bool = False) -> None:
    """Runs in the parent first (see ``ordered_map``), so the warm-up loads the tables once and
    forked workers share them; in a worker it then costs a few milliseconds. ``preload`` also
    loads the tables a stage would load only on first need (worth it before forking)."""
    _WORKER["pipeline"] = settings.pipeline()
    _WORKER["pipeline"].warm_up()
    _WORKER["counter"] = counter
    if preload and any(s.name == "mojibake" for s in _WORKER["pipeline"].stages):
        from .mojibake import preload as preload_mojibake

        preload_mojibake()


def _clean_batch(items: list[Doc | InputError]) -> list[str | InputError]:
    pipeline: Pipeline = _WORKER["pipeline"]
    counter = _WORKER["counter"]
    out: list[str | InputError] = []
    for item in items:
        if isinstance(item, InputError):
            out.append(item)
            continue
        try:
            out.append(record_for(item, pipeline, counter).to_json())
        except Exception as e:  # a bug on one document must not sink the batch
            out.append(InputError(item.source, f"internal error, please report: {e!r}"))
    return out


def _site(doc: Doc) -> str | None:
    from .boilerplate.repetition import site_of

    return site_of(doc.meta.get("url") or doc.source)


def record_for(doc: Doc, pipeline: Pipeline, counter: Any = None) -> Record:
    """One document's record: the single code path of every engine (local, Ray), so they agree."""
    repeated = counter.lookup(_site(doc)) if counter is not None else None
    return pipeline.process(doc.data, source=doc.source, meta=doc.meta, doc_id=doc.doc_id,
                            repeated=repeated)


def count_doc(counter: Any, doc: Doc) -> None:
    """First pass of --cross-doc for one document (shared by the local and Ray engines)."""
    text = doc.data if isinstance(doc.data, str) else decode(doc.data).text
    counter.add(text, _site(doc))


def cmd_clean(args: argparse.Namespace, settings: Settings) -> int:
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.engine == "ray":
        from .ray import run_cli

        return run_cli(args, settings)
    if args.cross_doc and "-" in args.inputs:
        raise UsageError("--cross-doc reads the inputs twice; it cannot read stdin (-)")
    counter = _count_repeats(args.inputs) if args.cross_doc else None
    suffixes = TEXT_SUFFIXES + JSONL_SUFFIXES
    docs = read_docs(expand(args.inputs, suffixes))
    results = ordered_map(_clean_batch, docs, jobs=args.jobs, initializer=_init_worker,
                          initargs=(settings, counter, args.jobs > 1))
    if args.output:
        _check_writable(args.output)
    return write_output(results, args.output, args.quiet)


def write_output(results: Iterator[str | InputError], output: str | None, quiet: bool) -> int:
    """Records to ``output`` (atomically) or stdout; failed inputs to stderr. Both engines
    end here, so they report and fail alike: an unwritable output is a usage error (2)."""
    try:
        if output:
            with AtomicOutput(output) as out:
                failed = _write_records(results, out, quiet)
        else:
            failed = _write_records(results, sys.stdout, quiet)
            sys.stdout.flush()  # a full disk must fail here, with a message, not at exit
    except BrokenPipeError:
        raise
    except OSError as e:
        if not output:
            _quiet_stdout()
        raise UsageError(f"{output or '<stdout>'}: cannot write: {_reason(e)}") from e
    return EXIT_FINDINGS if failed else EXIT_OK


def _reason(e: OSError) -> str:
    return (e.strerror or str(e)).lower()


def _count_repeats(inputs: list[str]) -> Any:
    """First pass of --cross-doc: stream every document once, counting lines per site."""
    from .boilerplate.repetition import RepeatCounter

    counter = RepeatCounter()
    for doc in read_docs(expand(inputs, TEXT_SUFFIXES + JSONL_SUFFIXES)):
        if isinstance(doc, Doc):
            count_doc(counter, doc)
    return counter


def _check_writable(path: str) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UsageError(f"{path}: output folder does not exist")
    if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise UsageError(f"{path}: output is not writable")


def _write_records(results: Iterator[str | InputError], out: IO[str], quiet: bool) -> int:
    from tqdm import tqdm

    failed = 0
    with tqdm(unit=" docs", disable=quiet or not sys.stderr.isatty(), file=sys.stderr) as bar:
        for item in results:
            if isinstance(item, InputError):
                failed += 1
                _error(str(item))
            else:
                out.write(item + "\n")
            bar.update(1)
    return failed


# --- check / fix / explain ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Planned:
    """What ``fix`` would do to one file; ``new`` is None when the file is already clean."""

    path: str
    new: bytes | None
    notes: tuple[str, ...] = ()


def _plan(path: str, pipeline: Pipeline) -> _Planned | InputError:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        return InputError(path, (e.strerror or str(e)).lower())
    if is_binary(data):
        return InputError(path, "binary file (NUL bytes), skipped")
    trace: list[Step] = []
    try:
        record = pipeline.process(data, source=path, trace=trace)
    except Exception as e:  # a bug on one file must not stop the others
        return InputError(path, f"internal error, please report: {e!r}")
    new = (record.text + "\n").encode("utf-8") if record.text else b""
    if new == data:
        return _Planned(path, None)
    notes = [f"{path}:{f.line or 1}: {f.rule} {f.message}" for f in sorted(findings(trace))]
    if record.encoding not in (None, "utf-8", "ascii"):
        notes.insert(0, f"{path}:1: decode/encoding file is {record.encoding}, becomes UTF-8")
    if b"\r" in data:
        notes.insert(0, f"{path}:1: decode/newlines CR/CRLF line endings become LF")
    if not notes:
        notes.append(f"{path}:1: whitespace/end-of-file file must end with exactly one newline")
    return _Planned(path, new, tuple(notes))


def _plans(args: argparse.Namespace, settings: Settings) -> Iterator[_Planned | InputError]:
    pipeline = settings.fix_pipeline()
    for path in expand(args.files, TEXT_SUFFIXES):
        yield path if isinstance(path, InputError) else _plan(path, pipeline)


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    """Lint: print what ``fix`` would change, exactly; write nothing."""
    status = EXIT_OK
    for plan in _plans(args, settings):
        if isinstance(plan, InputError):
            _error(str(plan))
            status = EXIT_FINDINGS
        elif plan.new is not None:
            print("\n".join(plan.notes))
            status = EXIT_FINDINGS
    return status


def cmd_fix(args: argparse.Namespace, settings: Settings) -> int:
    """Rewrite files in place, atomically; exit 1 if any changed (the pre-commit convention)."""
    status = EXIT_OK
    for plan in _plans(args, settings):
        if isinstance(plan, InputError):
            _error(str(plan))
            status = EXIT_FINDINGS
        elif plan.new is not None:
            try:
                atomic_write(plan.path, plan.new)
            except OSError as e:
                _error(f"{plan.path}: cannot write: {(e.strerror or str(e)).lower()}")
                return EXIT_USAGE
            if not args.quiet:
                print(f"Fixing {plan.path}")
            status = EXIT_FINDINGS
    return status


def cmd_explain(args: argparse.Namespace, settings: Settings) -> int:
    """Every change the full pipeline would make to one file, stage by stage, and why."""
    path = args.file
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise UsageError(f"{path}: {(e.strerror or str(e)).lower()}") from e
    if is_binary(data):
        raise UsageError(f"{path}: binary file (NUL bytes)")
    trace: list[Step] = []
    record = settings.pipeline().process(data, source=path, trace=trace)
    out = [f"{path}: encoding {record.encoding}, language {record.lang}"]
    for key in ("title", "published", "site", "author"):
        if getattr(record, key):
            out.append(f"  {key}: {getattr(record, key)}")
    for step in trace:
        counts = ", ".join(f"{rule} ×{n}" for rule, n in sorted(step.result.changes.items()))
        out.append(f"\n[{step.stage}] {counts or 'no in-place edits'}")
        out.extend(f"  line {f.line}: {f.rule} {f.message}" for f in sorted(findings([step])))
    if record.flags:
        out.append(f"\nflags: {', '.join(record.flags)}")
    if not trace:
        out.append("nothing to change")
    print("\n".join(out))
    return EXIT_OK


def _terminate_like_interrupt() -> None:
    """SIGTERM unwinds like Ctrl-C: worker pools shut down, partial outputs are removed."""
    import signal
    import threading

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handler)


def _error(message: str) -> None:
    print(f"textclean: {message}", file=sys.stderr)


def _quiet_stdout() -> None:
    """After a closed pipe (``| head``), stop Python from complaining at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
