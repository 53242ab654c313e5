"""The pre-commit hooks, driven through the real ``pre-commit try-repo`` on a seeds folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DAMAGED = {
    "seeds/a.txt": "标题\u200b行  \r\n正文第一段。\r\n",
    "seeds/b.md": "第二篇\ufeff文章\n\n\n\n结尾。",
}
CLEAN = {"seeds/a.txt": "标题行\n正文第一段。\n", "seeds/b.md": "第二篇文章\n\n结尾。\n"}

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(),
    reason="needs git and a git checkout of textclean (pre-commit installs hooks from a repo)",
)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def try_repo(cwd: Path, hook: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--all-files"],
        cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


def test_check_fails_fix_repairs_second_run_passes(tmp_path):
    pytest.importorskip("pre_commit")
    repo = tmp_path / "corpus"
    (repo / "seeds").mkdir(parents=True)
    for name, text in DAMAGED.items():
        (repo / name).write_bytes(text.encode())
    git(repo, "init", "-q")
    git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}

    check = try_repo(repo, "textclean-check", env)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "seeds/a.txt:1: unicode/" in check.stdout
    assert all((repo / n).read_bytes() == t.encode() for n, t in DAMAGED.items())

    fix = try_repo(repo, "textclean-fix", env)
    assert fix.returncode == 1, fix.stdout + fix.stderr
    assert {n: (repo / n).read_text("utf-8") for n in CLEAN} == CLEAN

    git(repo, "add", ".")
    again = try_repo(repo, "textclean-check", env)
    assert again.returncode == 0, again.stdout + again.stderr
