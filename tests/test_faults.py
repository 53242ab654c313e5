"""The CLI under bad input and failing systems: each case has a clear message and exit code.

Exit codes: 0 fine, 1 findings or some inputs failed (the others are still processed), 2 usage
or I/O error (output not written). Messages are one line, ``textclean: PATH[:LINE]: reason``,
never a traceback. Files ``fix`` rewrites are replaced atomically: after any crash, even
SIGKILL, each file holds either its old or its new content. A SIGKILL may leave a hidden temp
file ``.NAME.XXXXXXXX.tmp`` beside a file; it never replaces the original, folder scans skip it,
and it is safe to delete.

Running as root ignores permission bits, so permission faults are simulated by making the open
fail; where a real ``chmod`` works the real case runs too.
"""

from __future__ import annotations

import errno
import json
import os
import random
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import textclean.cli
import textclean.io
from textclean.cli import main

ROOT = Path(__file__).resolve().parent.parent
DIRTY = "第一行\u200b内容  \r\n第二行,还有 \r\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run_cli(*argv: str, **kw):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "textclean", *argv], capture_output=True,
                          env=env, timeout=300, **kw)


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def one_error_line(err: str, path: object) -> str:
    lines = [ln for ln in err.strip().splitlines() if ln]
    assert "Traceback" not in err, err
    assert len(lines) == 1, err
    assert lines[0].startswith(f"textclean: {path}"), err
    return lines[0]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    p = tmp_path / "good.txt"
    p.write_text("一段正常的文字。\n", encoding="utf-8")
    return p


def deny(monkeypatch: pytest.MonkeyPatch, target: Path, exc: type[OSError] = PermissionError,
         code: int = errno.EACCES) -> None:
    """Make every way the CLI opens ``target`` fail, as a chmod 000 file would for a user."""
    import builtins
    import io
    import pathlib

    real_open, real_read = builtins.open, pathlib.Path.read_bytes

    def is_target(p: object) -> bool:
        try:
            return os.path.realpath(p) == os.path.realpath(target)  # type: ignore[arg-type]
        except TypeError:
            return False

    def fake_open(file, *a, **k):
        if is_target(file):
            raise exc(code, os.strerror(code), str(file))
        return real_open(file, *a, **k)

    def fake_read(self):
        if is_target(self):
            raise exc(code, os.strerror(code), str(self))
        return real_read(self)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_open)
    monkeypatch.setattr(pathlib.Path, "read_bytes", fake_read)


# --- unreadable, vanished, binary, empty, huge inputs ------------------------------------------


@pytest.mark.parametrize("verb", ["clean", "check", "fix"])
def test_unreadable_file_is_named_and_the_others_still_run(tmp_path, good, monkeypatch, capsys,
                                                            verb):
    bad = tmp_path / "locked.txt"
    bad.write_bytes(DIRTY.encode())
    deny(monkeypatch, bad)
    dirty = tmp_path / "dirty.txt"
    dirty.write_bytes(DIRTY.encode())
    assert main([verb, str(bad), str(dirty), "-q"]) == 1
    monkeypatch.undo()
    cap = capsys.readouterr()
    assert "permission denied" in one_error_line(cap.err, bad)
    assert bad.read_bytes() == DIRTY.encode()
    if verb == "clean":
        assert len(records(cap.out)) == 1
    elif verb == "fix":
        assert dirty.read_bytes() != DIRTY.encode()  # the readable file was still fixed


@pytest.mark.skipif(IS_ROOT, reason="root ignores chmod 000; the simulated case covers it")
def test_unreadable_file_real_chmod(tmp_path, good, capsys):
    bad = tmp_path / "locked.txt"
    bad.write_bytes(DIRTY.encode())
    bad.chmod(0)
    try:
        assert main(["clean", str(bad), str(good), "-q"]) == 1
        assert "permission denied" in one_error_line(capsys.readouterr().err, bad)
    finally:
        bad.chmod(0o600)


@pytest.mark.parametrize("verb", ["clean", "fix"])
def test_file_vanishing_between_listing_and_reading(tmp_path, good, monkeypatch, capsys, verb):
    gone = tmp_path / "gone.txt"
    gone.write_bytes(DIRTY.encode())
    real_expand = textclean.cli.expand

    def expand_then_delete(args, suffixes):
        for path in real_expand(args, suffixes):
            if path == str(gone):
                gone.unlink()
            yield path

    monkeypatch.setattr(textclean.cli, "expand", expand_then_delete)
    assert main([verb, str(tmp_path), "-q"]) == 1
    cap = capsys.readouterr()
    assert "no such file" in one_error_line(cap.err, gone)
    if verb == "clean":
        assert [r["source"] for r in records(cap.out)] == [str(good)]


@pytest.mark.parametrize("verb", ["clean", "check", "fix"])
def test_binary_file_is_skipped_untouched(tmp_path, good, capsys, verb):
    binary = tmp_path / "blob.txt"
    data = bytes(range(256)) * 40
    binary.write_bytes(data)
    assert main([verb, str(binary), str(good), "-q"]) == 1
    assert "binary" in one_error_line(capsys.readouterr().err, binary)
    assert binary.read_bytes() == data


def test_empty_and_blank_files(tmp_path, good, capsys):
    empty, blank = tmp_path / "empty.txt", tmp_path / "blank.txt"
    empty.write_bytes(b"")
    blank.write_bytes(b" \n\n\t\n")
    assert main(["clean", str(empty), str(good), "-q"]) == 1
    assert "empty" in one_error_line(capsys.readouterr().err, empty)
    assert main(["fix", str(empty), "-q"]) == 0  # nothing to fix in an empty file
    assert empty.read_bytes() == b""
    assert main(["fix", str(blank), "-q"]) == 1  # whitespace-only becomes empty
    assert blank.read_bytes() == b""
    assert main(["fix", str(blank), "-q"]) == 0
    capsys.readouterr()


def test_huge_file_and_huge_line(tmp_path, capsys):
    """A few megabytes in one line and in many: processed whole, nothing dropped."""
    line = "巨大的一行文字，没有换行。The quick brown fox. " * 25_000  # ~1 MB, one line
    big = tmp_path / "big.txt"
    big.write_text(line + "\n" + "正文的一行。\n" * 5_000, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(big), "-o", str(out), "-q"]) == 0
    (rec,) = records(out.read_text("utf-8"))
    assert rec["text"].count("quick brown fox") == 25_000
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"text": line}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["clean", str(rows), "-o", str(out), "-q"]) == 0
    (rec,) = records(out.read_text("utf-8"))
    assert rec["text"].count("quick brown fox") == 25_000


# --- JSONL -------------------------------------------------------------------------------------


def test_invalid_jsonl_rows_are_named_with_their_line(tmp_path, capsys):
    src = tmp_path / "rows.jsonl"
    rows = [
        b'{"text": "\xe7\xac\xac\xe4\xb8\x80\xe8\xa1\x8c\xe3\x80\x82", "id": 1}',  # 1 ok
        b"{not json}",                                 # 2 invalid
        b'{"text": null}',                             # 3 wrong type
        b'["text", "a list"]',                         # 4 not an object
        b'{"text": "\xff\xfe broken utf-8"}',          # 5 invalid UTF-8
        b"[" * 100_000 + b"]" * 100_000,               # 6 nested past the parser's recursion
        b'{"text": "ok \\ud800 surrogate", "title": "\\udc00", "id": "\\ud83d"}',  # 7 ok
        b'{"text": "last row cut in the mid',         # 8 truncated (no newline at EOF)
    ]
    src.write_bytes(b"\n".join(rows))
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(src), "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    named = sorted(int(m) for m in re.findall(rf"^textclean: {re.escape(str(src))}:(\d+): ",
                                               err, re.M))
    assert named == [2, 3, 4, 5, 6, 8], err
    assert re.search(r":8: truncated", err)
    recs = records(out.read_text("utf-8"))  # written as valid UTF-8: surrogates did not leak
    assert len(recs) == 2 and "surrogate" in recs[1]["text"]
    out.read_bytes().decode("utf-8")


def test_jsonl_that_is_all_bad_still_writes_a_valid_empty_output(tmp_path, capsys):
    src = tmp_path / "rows.jsonl"
    src.write_bytes(b'{"text": "cut')
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(src), "-o", str(out), "-q"]) == 1
    assert "truncated" in one_error_line(capsys.readouterr().err, src)
    assert out.read_bytes() == b""


def test_non_utf8_file_names_are_written_as_valid_utf8(tmp_path, capsys):
    name = os.fsdecode(b"caf\xe9-\xff.txt")  # a Latin-1 file name: not valid UTF-8
    (tmp_path / name).write_text("正文。\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(tmp_path), "-o", str(out), "-q"]) == 0
    (rec,) = records(out.read_bytes().decode("utf-8"))
    assert "caf" in rec["source"]


# --- outputs that cannot be written ------------------------------------------------------------


def test_output_temp_file_cannot_be_created(tmp_path, good, monkeypatch, capsys):
    def refuse(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(textclean.io.tempfile, "mkstemp", refuse)
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(good), "-o", str(out), "-q"]) == 2
    assert "permission denied" in one_error_line(capsys.readouterr().err, out)
    assert not out.exists()


@pytest.mark.parametrize("verb", ["clean", "fix"])
def test_disk_full_is_an_io_error_and_leaves_no_partial_file(tmp_path, monkeypatch, capsys,
                                                              verb):
    """ENOSPC surfaces at write, flush or fsync; simulated at fsync, the last chance."""
    src = tmp_path / "dirty.txt"
    src.write_bytes(DIRTY.encode())
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n")

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(textclean.io.os, "fsync", full)
    argv = ["clean", str(src), "-o", str(out)] if verb == "clean" else ["fix", str(src)]
    assert main([*argv, "-q"]) == 2
    err = one_error_line(capsys.readouterr().err, out if verb == "clean" else src)
    assert "no space left on device" in err
    assert out.read_text() == "previous\n"
    assert src.read_bytes() == DIRTY.encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dirty.txt", "out.jsonl"]


def _limit_file_size() -> None:
    """In the child: files may not grow past 64 KiB; the write fails (EFBIG) like a full disk."""
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))


@pytest.mark.parametrize("verb", ["clean", "fix"])
def test_real_write_failure_in_a_subprocess(tmp_path, verb):
    src = tmp_path / "big.txt"
    original = ("一行需要修复的文字,  \r\n" * 20_000).encode()  # > 64 KiB, so the write fails
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n")
    if verb == "clean":
        src.write_bytes(original)
        res = run_cli("clean", str(src), "-o", str(out), "-q", preexec_fn=_limit_file_size)
        where = out
    else:
        src.write_bytes(original)  # created before the limit; its rewrite hits the limit
        res = run_cli("fix", str(src), "-q", preexec_fn=_limit_file_size)
        where = src
    assert res.returncode == 2, res.stderr.decode()
    assert "file too large" in one_error_line(res.stderr.decode(), where)
    assert out.read_text() == "previous\n"
    assert src.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt", "out.jsonl"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_stdout_on_a_full_disk(good):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open("/dev/full", "w") as full:
        res = subprocess.run([sys.executable, "-m", "textclean", "clean", str(good), "-q"],
                             stdout=full, stderr=subprocess.PIPE, env=env, timeout=300)
    assert res.returncode == 2
    assert "no space left on device" in one_error_line(res.stderr.decode(), "<stdout>")


def test_output_to_a_fifo_is_written_in_place_not_replaced(tmp_path, good):
    """A special file as output (a FIFO here; /dev/stdout, /dev/null alike) must be written
    into, never replaced by a renamed temp file."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    proc = subprocess.Popen([sys.executable, "-m", "textclean", "clean", str(good), "-q",
                             "-o", str(fifo)], env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stderr=subprocess.PIPE)
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    data, deadline = b"", time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                chunk = None
            if chunk:
                data += chunk
            elif chunk == b"" and proc.poll() is not None:
                break
            time.sleep(0.05)
    finally:
        os.close(fd)
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    assert proc.returncode == 0, proc.stderr.read().decode()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert len(records(data.decode("utf-8"))) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.txt", "pipe"]


def test_output_through_a_symlink_keeps_the_link(tmp_path, good):
    real = tmp_path / "real.jsonl"
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    assert main(["clean", str(good), "-o", str(link), "-q"]) == 0
    assert link.is_symlink()
    assert len(records(real.read_text("utf-8"))) == 1
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


# --- fix: modes, owners, links -----------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o644, 0o664, 0o755, 0o444])
def test_fix_keeps_file_mode(tmp_path, mode):
    f = tmp_path / "a.txt"
    f.write_bytes(DIRTY.encode())
    f.chmod(mode)
    assert main(["fix", str(f), "-q"]) == 1
    assert stat.S_IMODE(f.stat().st_mode) == mode
    assert f.read_bytes() != DIRTY.encode()
    f.chmod(0o600)


@pytest.mark.skipif(not IS_ROOT, reason="only root can give a file to another owner")
def test_fix_keeps_file_owner(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(DIRTY.encode())
    os.chown(f, 1234, 5678)
    assert main(["fix", str(f), "-q"]) == 1
    st = f.stat()
    assert (st.st_uid, st.st_gid) == (1234, 5678)


def test_fix_through_symlinks_into_another_folder_and_dangling(tmp_path, capsys):
    other = tmp_path / "other"
    other.mkdir()
    real = other / "real.txt"
    real.write_bytes(DIRTY.encode())
    work = tmp_path / "work"
    work.mkdir()
    (work / "link.txt").symlink_to(real)
    (work / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    assert main(["fix", str(work / "link.txt"), str(work / "dangling.txt"), "-q"]) == 1
    assert "no such file" in one_error_line(capsys.readouterr().err, work / "dangling.txt")
    assert (work / "link.txt").is_symlink() and real.read_bytes() != DIRTY.encode()
    assert sorted(p.name for p in other.iterdir()) == ["real.txt"]
    assert (work / "dangling.txt").is_symlink()


# --- killed mid-run ----------------------------------------------------------------------------

TEMP = re.compile(r"^\.(?P<name>.+)\.[^.]+\.tmp$")


def _corpus(folder: Path, n: int) -> dict[str, bytes]:
    rnd = random.Random(n)
    files = {}
    for i in range(n):
        body = "".join(f"第{j}行,内容\u200b  测试{rnd.randint(0, 9999)}.\r\n"
                       for j in range(rnd.randint(20, 80)))
        files[f"f{i:04d}.txt"] = body.encode()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files


def test_fix_killed_with_sigkill_leaves_every_file_old_or_new(tmp_path):
    """kill -9 at random moments; each file is entirely old or entirely new, never mixed."""
    expected_dir = tmp_path / "expected"
    expected_dir.mkdir()
    old = _corpus(expected_dir, 80)
    assert run_cli("fix", str(expected_dir), "-q").returncode == 1
    new = {name: (expected_dir / name).read_bytes() for name in old}
    assert all(new[n] != old[n] for n in old)
    rnd = random.Random(9)
    killed_mid_run = 0
    for attempt in range(3):
        work = tmp_path / f"run{attempt}"
        work.mkdir()
        for name, data in old.items():
            (work / name).write_bytes(data)
        proc = subprocess.Popen([sys.executable, "-m", "textclean", "fix", str(work), "-q"],
                                env={**os.environ, "PYTHONPATH": str(ROOT)},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # wait until the first file has been rewritten, then a random extra moment
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if any((work / n).read_bytes() != old[n] for n in list(old)[:3]):
                break
            time.sleep(0.01)
        time.sleep(rnd.uniform(0, 0.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        states = {"old": 0, "new": 0}
        for path in work.iterdir():
            m = TEMP.match(path.name)
            if m:  # a temp file may survive SIGKILL; it must belong to a file we know
                assert m["name"] in old, path.name
                continue
            data = path.read_bytes()
            assert data in (old[path.name], new[path.name]), f"{path.name} is mixed/truncated"
            states["old" if data == old[path.name] else "new"] += 1
        assert sum(states.values()) == len(old)
        killed_mid_run += states["old"] > 0 and states["new"] > 0
        if attempt == 0:  # the next run finishes the job and leaves consistent files
            assert run_cli("fix", str(work), "-q").returncode in (0, 1)
            assert all((work / n).read_bytes() == new[n] for n in old)
    assert killed_mid_run >= 1, "no kill landed mid-run; the corpus is too small"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_during_clean_leaves_no_partial_output(tmp_path, jobs):
    src = tmp_path / "src"
    src.mkdir()
    _corpus(src, 300)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "textclean", "clean", str(src), "-o",
                             str(out), "-q", "--jobs", jobs],
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(p.name.startswith(".out.jsonl.")
                                                  for p in tmp_path.iterdir()):
        time.sleep(0.01)
    time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C: the whole group
    _, err = proc.communicate(timeout=120)
    left = sorted(p.name for p in tmp_path.iterdir())
    if proc.returncode == 0:  # the run finished before the signal: output must be complete
        assert len(records(out.read_text("utf-8"))) == 300
        pytest.skip("the run finished before Ctrl-C arrived")
    assert proc.returncode == 130, err.decode()
    assert left == ["src"], left
    assert "interrupted" in err.decode() and "Traceback" not in err.decode()
