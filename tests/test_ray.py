"""The Ray engine: same records as a local run, cross-document rule included.

One local Ray instance (2 CPUs) serves the whole module. Without the ``ray`` extra the Ray
tests skip (``importorskip`` in the fixture), but the test of the missing-extra message still
runs, so the suite passes with and without ``textclean[ray]``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from textclean.cli import main
from textclean.pipeline import Pipeline
from textclean.record import Record
from textclean.stage import Context, StageResult, drop_lines, stage

# Chrome shared by every page of one site, written for these tests.
ZH_CHROME = ["首页 | 国内 | 国际 | 财经 | 科技", "本站所有文章均为原创，转载请注明出处。"]
ZH_BODIES = [
    "今天上午，市图书馆的新馆正式开放，首批读者排起了长队。馆方表示，新馆的藏书量比旧馆多了一倍。",
    "城东的老菜市场完成了改造，摊位换上了统一的招牌，地面也不再湿滑。附近的居民说，买菜方便多了。",
    "本周末全市将迎来降温，最低气温可能跌破零度。气象部门提醒市民注意添衣，出行时留意路面结冰。",
    "一支由中学生组成的机器人队伍在全国比赛中获得二等奖，他们的作品能够自动分拣垃圾。",
]
EN_CHROME = ["Home | World | Business | Tech | Sign in",
             "Subscribe to our newsletter for daily updates"]
EN_BODIES = [
    "The city council voted on Tuesday to extend the night bus service to the northern suburbs.",
    "A small bakery on Elm Street has started delivering bread by bicycle to save on fuel costs.",
    "Researchers at the local university have mapped every tree in the old park for a new study.",
    "The harbour festival returns next month with boat races, music and a large fish market.",
]


def _write_fixtures(root: Path) -> Path:
    docs = root / "docs"
    zh = docs / "zh-site"
    zh.mkdir(parents=True)
    for i, body in enumerate(ZH_BODIES):
        text = "\n".join([ZH_CHROME[0], f"新闻标题第{i + 1}号", body, ZH_CHROME[1]]) + "\n"
        encoding = "gbk" if i == 0 else "utf-8"  # one legacy file: the record names its encoding
        (zh / f"page{i}.txt").write_bytes(text.encode(encoding))
    rows = [{"url": f"https://news.example.com/story/{i}", "id": i,
             "text": "\n".join([EN_CHROME[0], f"Story number {i + 1}", body, EN_CHROME[1]])}
            for i, body in enumerate(EN_BODIES)]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(2, '{"no_text": true}')  # an input error in the middle: reported, not fatal
    (docs / "en.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    note = "# A short note\n\nNothing repeated here, plain text with a ,wrong comma，和中文。\n"
    (docs / "notes.md").write_text(note, encoding="utf-8")
    return docs


@pytest.fixture(scope="module")
def ray_local():
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             logging_level="ERROR")
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    return _write_fixtures(tmp_path_factory.mktemp("ray"))


def _run(tmp: Path, *argv: str) -> tuple[int, list[dict]]:
    out = tmp / f"out{len(list(tmp.glob('out*')))}.jsonl"
    status = main(["clean", *argv, "-o", str(out), "-q"])
    return status, [json.loads(x) for x in out.read_text("utf-8").splitlines()]


def _messages(err: str) -> str:
    """Our own messages (Ray may log to stderr too; that is not under test here)."""
    return "\n".join(line for line in err.splitlines() if line.startswith("textclean: "))


def test_cli_ray_equals_local_cross_doc(ray_local, docs, tmp_path, capsys):
    local_status, local = _run(tmp_path, str(docs), "--cross-doc")
    local_err = _messages(capsys.readouterr().err)
    ray_status, remote = _run(tmp_path, str(docs), "--cross-doc", "--engine", "ray")
    ray_err = _messages(capsys.readouterr().err)
    assert len(local) == len(ZH_BODIES) + len(EN_BODIES) + 1
    assert remote == local  # same records, and in the same (input) order
    assert (ray_status, ray_err) == (local_status, local_err) == (1, ray_err)
    assert "en.jsonl:3:" in ray_err  # the bad JSONL line is named, like a local run
    assert any(r["encoding"] in ("gbk", "gb18030") for r in remote)  # bytes decoded on workers
    # the distributed first pass fed the boilerplate stage's cross-document rule
    assert "cross-doc-repeat" in {x["reason"] for r in remote for x in r["removed"]}


# A stage of our own that depends only on the counts, so the distributed first pass is checked
# exactly, whatever the boilerplate stage's other rules decide.
@stage("drop_repeated", repeat_min=3)
def drop_repeated(text: str, ctx: Context) -> StageResult:
    if ctx.repeated is None:
        return StageResult(text=text)
    need = ctx.option("repeat_min", 3)
    lines = text.split("\n")
    return drop_lines(text, {i: "repeat" for i, ln in enumerate(lines) if ctx.repeated(ln) >= need})


def _rows() -> list[dict]:
    rows = [{"text": "\n".join([ZH_CHROME[0], b, ZH_CHROME[1]]), "url": f"https://zh.example.cn/{i}",
             "title": f"标题{i}"} for i, b in enumerate(ZH_BODIES)]
    rows += [{"text": "\n".join([EN_CHROME[0], b]), "source": f"feed/en/{i}.txt", "id": 100 + i}
             for i, b in enumerate(EN_BODIES)]
    return [{**r, "idx": n} for n, r in enumerate(rows)]


def _expected(rows: list[dict], pipeline: Pipeline, counter) -> list[dict]:
    from textclean.boilerplate.repetition import site_of

    out = []
    for r in rows:
        meta = {k: r[k] for k in ("url", "source", "title") if k in r}
        repeated = counter.lookup(site_of(r.get("url") or r.get("source"))) if counter else None
        rec = pipeline.process(r["text"], source=r.get("source") or r.get("url"), meta=meta,
                               doc_id=str(r["id"]) if "id" in r else None, repeated=repeated)
        out.append({**rec.to_dict(), "error": None})
    return out


def test_clean_dataset_rows_and_distributed_repeat_counts(ray_local):
    from textclean.boilerplate.repetition import RepeatCounter, site_of
    from textclean.ray import clean_dataset, count_repeats

    rows = _rows()
    ds = ray_local.data.from_items(rows, override_num_blocks=3)  # partial counters get merged
    counter = RepeatCounter()
    for r in rows:
        counter.add(r["text"], site_of(r.get("url") or r.get("source")))
    assert count_repeats(ds).counts == counter.counts

    stages = ["unicode", drop_repeated, "whitespace"]
    got = clean_dataset(ds, stages=stages, cross_doc=True, keep=["idx"]).take_all()
    got = [{k: v for k, v in r.items() if k != "idx"} for r in sorted(got, key=lambda r: r["idx"])]
    want = _expected(rows, Pipeline(stages), counter)
    assert got == want
    dropped = sum(x["reason"] == "repeat" for r in got for x in r["removed"])
    assert dropped == 2 * len(ZH_BODIES) + len(EN_BODIES)
    assert all(r["source"].startswith(("https://", "feed/")) for r in got)


@stage("explode")
def explode(text: str, ctx: Context) -> StageResult:
    if "BOOM" in text:
        raise ValueError("cannot handle this")
    return StageResult(text=text)


def test_failing_rows_become_error_rows(ray_local):
    from textclean.ray import clean_dataset

    rows = [{"text": "fine", "source": "a"}, {"text": "BOOM", "source": "b"}, {"id": 3}]
    got = clean_dataset(ray_local.data.from_items(rows), stages=[explode]).take_all()
    by_error = sorted((r["error"] or "") for r in got)
    assert by_error[0] == ""
    assert by_error[1].startswith('<row>: expected a string field "text"')
    assert by_error[2].startswith("b: internal error") and "cannot handle this" in by_error[2]
    bad = next(r for r in got if r["source"] == "b")
    assert bad["text"] is None and bad["removed"] is None


def test_unknown_option_fails_on_the_driver(ray_local):
    from textclean.pipeline import OptionError
    from textclean.ray import clean_dataset

    with pytest.raises(OptionError):
        clean_dataset(ray_local.data.from_items([{"text": "x"}]), no_such_option=1)


def test_record_columns_follow_the_record():
    pytest.importorskip("pyarrow")
    from textclean.ray import record_schema

    keys = list(Record(id="x", text="y").to_dict())
    assert record_schema().names == [*keys, "error"]


def test_without_the_extra_engine_ray_names_it(monkeypatch, capsys, tmp_path):
    (tmp_path / "a.txt").write_text("hello\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray → ImportError
    monkeypatch.setitem(sys.modules, "ray.data", None)
    assert main(["clean", str(tmp_path), "--engine", "ray"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("textclean: ") and 'pip install "textclean[ray]"' in err
    assert len(err.splitlines()) == 1


def test_unreachable_address_is_a_usage_error():
    import socket

    from textclean.cli import UsageError
    from textclean.ray import _check_reachable

    with socket.socket() as s:  # a port that was just free: nothing listens there now
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(UsageError, match="cannot reach a Ray cluster"):
        _check_reachable(f"127.0.0.1:{port}")
    with pytest.raises(UsageError, match="expected HOST:PORT"):
        _check_reachable("ray://head:port")
