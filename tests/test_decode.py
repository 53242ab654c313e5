"""Bytes → text: BOMs, UTF-16/32, legacy CJK encodings, undecodable input."""

from __future__ import annotations

import pytest

from textclean.decode import decode, is_binary

ZH = "这座小镇的居民正在讨论是否开通一趟夜班火车，支持者和反对者各执一词。"
ZH_T = "這座小鎮的居民正在討論是否開通一趟夜班火車，支持者和反對者各執一詞。"
JA = "この町の住民は、夜行列車を走らせるかどうかについて話し合っている。"


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-8-sig", "utf-16-le", "utf-16-be"])
def test_unicode_encodings_decode(codec):
    assert decode((ZH + "\nsecond line").encode(codec)).text == ZH + "\nsecond line"


@pytest.mark.parametrize(("text", "codec"), [
    (ZH * 3, "gb18030"), (ZH_T * 3, "big5"), (JA * 3, "shift_jis"),
])
def test_legacy_cjk_files_decode(text, codec):
    assert decode(text.encode(codec)).text == text


def test_utf8_fast_path_names_encoding():
    d = decode("plain ascii and 中文".encode())
    assert (d.text, d.encoding) == ("plain ascii and 中文", "utf-8")


def test_undecodable_never_raises():
    d = decode(bytes(range(256)) * 3)
    assert isinstance(d.text, str)


def test_binary_detection():
    assert is_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert not is_binary("中文".encode("utf-16"))
    assert not is_binary(b"plain text")


@pytest.mark.parametrize(("text", "codec"), [
    ("引号里的文字", "gb18030"),                 # short GBK: detectors say cp949
    ("xAI的估值", "gbk"),
    ("서울의 날씨가 좋다", "euc_kr"),            # detectors say UTF-16-BE
    ("naïve résumé for the café", "cp1252"),    # detectors say cp1250
    ("São Paulo, não", "cp1252"),               # detectors say a CJK codec
    ("Dobrý den, jak se máte? Děkuji, mám se dobře.", "cp1250"),  # real cp1250 stays
    ("Привет, как дела?", "cp1251"),
])
def test_short_inputs_where_detectors_err(text, codec):
    assert decode(text.encode(codec)).text == text


def test_vendor_extension_cjk_the_detector_rejects():
    # cp932's NEC/IBM rows (①, ㈱, 髙, Ⅲ) make charset-normalizer give up on this text
    text = "株式会社㈱の髙橋さんは、Ⅲ期の計画を説明しました。①から⑳まで番号を付けて整理しています。"
    got = decode(text.encode("cp932"))
    assert (got.text, got.encoding, got.flags) == (text, "cp932", ())


def test_strict_cjk_reading_of_control_bytes_is_still_undecodable():
    # valid cp932 pairs between control bytes: the detector gives up, and so do we
    data = b"\x99d\x8dP\x01\x9bn\x8a_\x02\x9fh\x99v\x06\x8bs\x8d~\x10" * 8
    assert data.decode("cp932")
    assert decode(data).flags == ("undecodable",)
