"""The CLI contract: verbs, inputs, exit codes, one-line errors naming the file, atomic writes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from textclean.cli import main

DOCS = Path(__file__).resolve().parent.parent / "fixtures" / "docs"
DIRTY = "第一行\u200b内容  \r\n第二行\r\n"  # a zero-width space, trailing blanks, CRLF


def run(*argv: str, stdin: bytes | None = None, cwd: Path | None = None):
    return subprocess.run([sys.executable, "-m", "textclean", *argv], input=stdin,
                          capture_output=True, cwd=cwd, timeout=120)


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_version_and_help():
    assert run("--version").stdout.decode().startswith("textclean ")
    for verb in ("clean", "check", "fix", "explain"):
        assert run(verb, "--help").returncode == 0
    assert run().returncode == 2


def test_clean_folder_writes_one_record_per_file(tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(DOCS), "-o", str(out), "-q"]) == 0
    recs = records(out.read_text("utf-8"))
    assert len(recs) == len(list(DOCS.glob("*.*")))
    assert all(r["text"] and r["source"].startswith(str(DOCS)) for r in recs)
    assert not [p for p in tmp_path.iterdir() if p.name != "out.jsonl"]  # no temp left


def test_clean_stdin():
    res = run("clean", "-", stdin="标题\n正文。\n".encode())
    assert res.returncode == 0
    (rec,) = records(res.stdout.decode())
    assert rec["source"] == "-" and "正文" in rec["text"]


def test_jsonl_rows_keep_id_and_bad_lines_are_named(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a1", "text": "第一篇。", "url": "https://x.example/1"}\n'
                   "{not json}\n"
                   '{"text": 5}\n'
                   '{"text": "第三篇。"}\n', encoding="utf-8")
    assert main(["clean", str(src), "-q"]) == 1
    cap = capsys.readouterr()
    recs = records(cap.out)
    assert [r["id"] for r in recs][0] == "a1" and len(recs) == 2
    assert recs[0]["source"] == "https://x.example/1"
    assert f"{src}:2: invalid JSON" in cap.err and f"{src}:3: " in cap.err


@pytest.mark.parametrize("kind", ["missing", "empty-folder", "binary", "empty-file"])
def test_bad_inputs_are_named_and_others_still_processed(tmp_path, capsys, kind):
    good = tmp_path / "good.txt"
    good.write_text("正常的一段文字。\n", encoding="utf-8")
    bad = tmp_path / {"missing": "nope.txt", "empty-folder": "emptydir", "binary": "b.txt",
                      "empty-file": "e.txt"}[kind]
    if kind == "empty-folder":
        bad.mkdir()
        (bad / "image.png").write_bytes(b"\x89PNG")
    elif kind == "binary":
        bad.write_bytes(b"\x00\x01\x02binary\x00" * 10)
    elif kind == "empty-file":
        bad.write_bytes(b"")
    assert main(["clean", str(bad), str(good), "-q"]) == 1
    cap = capsys.readouterr()
    assert len(records(cap.out)) == 1
    (err,) = cap.err.strip().splitlines()
    assert err.startswith(f"textclean: {bad}") and "Traceback" not in cap.err


def test_unwritable_output_is_a_usage_error_and_writes_nothing(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("正文。\n", encoding="utf-8")
    target = tmp_path / "missing-dir" / "out.jsonl"
    assert main(["clean", str(good), "-o", str(target)]) == 2
    assert str(target) in capsys.readouterr().err
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user that ignores directory permissions")
        assert main(["clean", str(good), "-o", str(locked / "o.jsonl")]) == 2
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_existing_output_is_untouched_when_run_fails_midway(tmp_path, monkeypatch):
    good = tmp_path / "good.txt"
    good.write_text("正文。\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n")

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr("textclean.cli._write_records", boom)
    assert main(["clean", str(good), "-o", str(out)]) == 130
    assert out.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.txt", "out.jsonl"]


def test_jobs_2_gives_the_same_output_as_jobs_1(tmp_path):
    one, two = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    assert main(["clean", str(DOCS), "-o", str(one), "-q", "--jobs", "1"]) == 0
    assert main(["clean", str(DOCS), "-o", str(two), "-q", "--jobs", "2"]) == 0
    assert one.read_bytes() == two.read_bytes()


def test_check_and_fix_agree_and_fix_is_atomic_and_keeps_mode(tmp_path, capsys):
    f = tmp_path / "seed.txt"
    f.write_bytes(DIRTY.encode())
    f.chmod(0o640)
    assert main(["check", str(f)]) == 1
    out = capsys.readouterr().out
    assert f"{f}:1: " in out and "unicode/" in out
    assert f.read_bytes() == DIRTY.encode()  # check writes nothing
    assert main(["fix", str(f)]) == 1
    assert f.read_text("utf-8") == "第一行内容\n第二行\n"
    assert stat.S_IMODE(f.stat().st_mode) == 0o640
    assert main(["fix", str(f)]) == 0
    assert main(["check", str(f)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed.txt"]


def test_fix_keeps_symlinks(tmp_path):
    real = tmp_path / "real.txt"
    real.write_bytes(DIRTY.encode())
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert main(["fix", str(link), "-q"]) == 1
    assert link.is_symlink() and real.read_text("utf-8") == "第一行内容\n第二行\n"


def test_fix_rewrites_legacy_encoding_as_utf8(tmp_path, capsys):
    f = tmp_path / "gbk.txt"
    text = "这座小镇的居民正在讨论是否开通一趟夜班火车，支持者和反对者各执一词。\n"
    f.write_bytes(text.encode("gb18030"))
    assert main(["check", str(f)]) == 1
    assert "becomes UTF-8" in capsys.readouterr().out
    assert main(["fix", str(f), "-q"]) == 1
    assert f.read_text("utf-8") == text


def test_settings_from_pyproject_and_bad_config_named(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.textclean]\ncolour = "blue"\n')
    (tmp_path / "a.txt").write_text("正文。\n", encoding="utf-8")
    res = run("clean", "a.txt", cwd=tmp_path)
    assert res.returncode == 2
    assert "pyproject.toml" in res.stderr.decode() and "colour" in res.stderr.decode()
    (tmp_path / "pyproject.toml").write_text('[tool.textclean]\nstages = ["whitespace"]\n')
    res = run("clean", "a.txt", cwd=tmp_path)
    assert res.returncode == 0
    assert {c["stage"] for c in records(res.stdout.decode())[0]["changes"]} <= {"whitespace"}
    bad = tmp_path / "bad.toml"
    bad.write_text("script = \n")
    res = run("clean", "a.txt", "--config", str(bad), cwd=tmp_path)
    assert res.returncode == 2 and "bad.toml" in res.stderr.decode()


def test_explain_reads_like_a_report(tmp_path, capsys):
    f = tmp_path / "page.md"
    f.write_text("---\ntitle: 夜班火车\n---\n**正文**内容\u200b。\n", encoding="utf-8")
    assert main(["explain", str(f)]) == 0
    out = capsys.readouterr().out
    assert "title: 夜班火车" in out and "[markup]" in out and "[unicode]" in out
    assert main(["explain", str(tmp_path / "nope.txt")]) == 2


def test_check_names_the_rule_that_edited_each_line(tmp_path, capsys):
    f = tmp_path / "seed.txt"
    f.write_text("他们到了,我们走吧。\n这是新模型(代号小雨)。\n", "utf-8")
    assert main(["check", str(f)]) == 1
    out = capsys.readouterr().out
    assert f"{f}:1: punctuation/comma " in out
    assert f"{f}:2: punctuation/paren " in out
