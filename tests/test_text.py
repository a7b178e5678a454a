"""Text normalisation and the analyst fields read from text."""

from __future__ import annotations

import unicodedata

from transforms.dedup import DOCUMENT_NUMBERS, content_key, content_sha256, strip_outlet_prefix
from transforms.documents import DOCUMENT_NUMBER, cited_documents, places
from transforms.text import match_key, normalize_text


def test_normalize_text_unescapes_composes_and_folds_space() -> None:
    decomposed = unicodedata.normalize("NFD", "Công an nhân dân")
    assert normalize_text(f"  {decomposed}&nbsp;&amp;\u00a0 Ðảng  ") == "Công an nhân dân & Đảng"


def test_match_key_drops_case_and_punctuation() -> None:
    assert match_key("Sáng 22/9, Bộ Công an: họp báo!") == "sáng 22 9 bộ công an họp báo"


def test_outlet_prefix_and_tone_style_do_not_change_the_content_hash() -> None:
    assert strip_outlet_prefix("(Chinhphu.vn) - Sáng 22/9, ...") == "Sáng 22/9, ..."
    assert content_sha256("(GLO)- Sáng 22-9, Thị uỷ họp.", "Thân bài hoà giải.") == content_sha256(
        "Sáng 22-9, Thị ủy họp.", "Thân bài hòa giải."
    )
    assert content_key("(ĐCSVN) - Sáng 22-9, Thị ủy họp.", "Thân bài.") == content_key("Sáng 22-9, Thị ủy họp.", "thân bài.")
    assert content_sha256("Sáng 22-9, X.", "Thân bài.") != content_sha256("Sáng 23-9, X.", "Thân bài.")


def test_cited_documents_in_order_without_repeats() -> None:
    text = "Nghị quyết số 12-NQ/TW ngày 16-3-2022; Kế hoạch số 89-KH/ĐUCA; Quy định số 343-QĐ/TW; lại 12-NQ/TW."
    assert cited_documents(text) == ["12-NQ/TW", "89-KH/ĐUCA", "343-QĐ/TW"]


def test_places_are_named_administrative_units() -> None:
    text = "Đảng ủy Công an xã Trung Hưng và Thị ủy An Khê (tỉnh Gia Lai) cùng phường Hương An."
    assert places(text) == ["xã Trung Hưng", "tỉnh Gia Lai", "phường Hương An"]


def test_normalize_text_folds_odd_spaces_and_drops_blank_lines() -> None:
    assert normalize_text("Dòng một  \r\n\n \u00a0 dòng\u2003hai \ufeff\n\n") == "Dòng một\ndòng hai"
    assert normalize_text("Một dòng thường.") == "Một dòng thường."


def test_dedup_reads_document_numbers_exactly_as_the_documents_module() -> None:
    text = ("12-NQ/TW đầu dòng; Nghị quyết số 12-NQ/TW, 05 - KH / ĐUCA, 12345-NQ/TW không phải số văn bản, "
            "x12-NQ/TW cũng không, 343-QĐ/TWx dính chữ, (89-KH/ĐUCA).")  # fmt: skip
    assert (
        DOCUMENT_NUMBERS.findall(text)
        == DOCUMENT_NUMBER.findall(text)
        == [("12", "NQ", "TW"), ("12", "NQ", "TW"), ("05", "KH", "ĐUCA"), ("89", "KH", "ĐUCA")]
    )
