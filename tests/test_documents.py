"""Cited documents and places read from realistic sentences of police and party news (and what must not be read)."""

from __future__ import annotations

import pytest

from transforms.documents import (
    CITIES_63,
    MERGED_INTO,
    PROVINCES_34,
    PROVINCES_63,
    document_citations,
    places,
    province_after_merger,
)

# (text, [(document, kind, kind_name, number, year, issuer), ...])
DOCUMENT_CASES = [
    ("Quán triệt Nghị quyết số 12-NQ/TW ngày 16-3-2022 của Bộ Chính trị.", [("12-NQ/TW", "NQ", "Nghị quyết", 12, 2022, "TW")]),
    ("Thực hiện Quy định số 343-QĐ/TW của Ban Bí thư.", [("343-QĐ/TW", "QĐ", "Quy định", 343, None, "TW")]),
    ("Quyết định số 2195-QĐ/TW về thành lập Đảng bộ.", [("2195-QĐ/TW", "QĐ", "Quyết định", 2195, None, "TW")]),
    ("Kế hoạch số 89-KH/ĐUCA của Đảng ủy Công an Trung ương.", [("89-KH/ĐUCA", "KH", "Kế hoạch", 89, None, "ĐUCA")]),
    ("Chỉ thị số 50-CT/TW ngày 20/5/2025 của Ban Bí thư", [("50-CT/TW", "CT", "Chỉ thị", 50, 2025, "TW")]),
    ("theo Kết luận số 44-KL/TW năm 2019", [("44-KL/TW", "KL", "Kết luận", 44, 2019, "TW")]),
    ("Thông báo số 20-TB/TW về chủ trương", [("20-TB/TW", "TB", "Thông báo", 20, None, "TW")]),
    ("Hướng dẫn số 12-HD/BTGTW của Ban Tuyên giáo", [("12-HD/BTGTW", "HD", "Hướng dẫn", 12, None, "BTGTW")]),
    ("Công văn số 123-CV/TU gửi các cấp ủy", [("123-CV/TU", "CV", "Công văn", 123, None, "TU")]),
    ("Nghị quyết 57-NQ/TW ngày 22 tháng 12 năm 2024", [("57-NQ/TW", "NQ", "Nghị quyết", 57, 2024, "TW")]),
    ("Chỉ thị 09-CT/TW ngày 1/12/2011 của Ban Bí thư", [("9-CT/TW", "CT", "Chỉ thị", 9, 2011, "TW")]),
    ("Quy định 144-QĐ/TW, ngày 9/5/2024 về chuẩn mực đạo đức", [("144-QĐ/TW", "QĐ", "Quy định", 144, 2024, "TW")]),
    ("Báo cáo số 45-BC/HU của Huyện ủy", [("45-BC/HU", "BC", "Báo cáo", 45, None, "HU")]),
    ("Quy chế số 03-QC/ĐU", [("3-QC/ĐU", "QC", "Quy chế", 3, None, "ĐU")]),
    ("số 12 - NQ / TW (viết có khoảng trắng)", [("12-NQ/TW", "NQ", "Nghị quyết", 12, None, "TW")]),
    ("Nghị định số 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân", [("13/2023/NĐ-CP", "NĐ", "Nghị định", 13, 2023, "CP")]),
    ("Quyết định số 1234/QĐ-TTg ngày 5/8/2024 của Thủ tướng", [("1234/QĐ-TTg", "QĐ", "Quyết định", 1234, 2024, "TTg")]),
    ("Thông tư số 28/2024/TT-BCA của Bộ Công an", [("28/2024/TT-BCA", "TT", "Thông tư", 28, 2024, "BCA")]),
    ("Chỉ thị số 01/CT-TTg của Thủ tướng Chính phủ", [("01/CT-TTg", "CT", "Chỉ thị", 1, None, "TTg")]),
    ("Nghị quyết số 01/NQ-CP của Chính phủ", [("01/NQ-CP", "NQ", "Nghị quyết", 1, None, "CP")]),
    ("Công điện số 86/CĐ-TTg về ứng phó bão", [("86/CĐ-TTg", "CĐ", "Công điện", 86, None, "TTg")]),
    ("Thông tư liên tịch số 01/2015/TTLT-BCA-BQP", [("01/2015/TTLT-BCA-BQP", "TTLT", "Thông tư liên tịch", 1, 2015, "BCA-BQP")]),
    ("Quyết định số 4587/QĐ-BCA-X01", [("4587/QĐ-BCA-X01", "QĐ", "Quyết định", 4587, None, "BCA-X01")]),
    ("Luật Công an nhân dân số 37/2018/QH14", [("37/2018/QH14", "QH", "Luật", 37, 2018, "QH14")]),
    ("Luật Căn cước số 26/2023/QH15 có hiệu lực", [("26/2023/QH15", "QH", "Luật", 26, 2023, "QH15")]),
    (
        "Nghị quyết số 12-NQ/TW; Kế hoạch số 89-KH/ĐUCA; Quy định số 343-QĐ/TW; lại 12-NQ/TW.",
        [("12-NQ/TW", "NQ", "Nghị quyết", 12, None, "TW"), ("89-KH/ĐUCA", "KH", "Kế hoạch", 89, None, "ĐUCA"),
         ("343-QĐ/TW", "QĐ", "Quy định", 343, None, "TW")],
    ),
    (
        "Nghị định 13/2023/NĐ-CP và Nghị quyết 57-NQ/TW",
        [("13/2023/NĐ-CP", "NĐ", "Nghị định", 13, 2023, "CP"), ("57-NQ/TW", "NQ", "Nghị quyết", 57, None, "TW")],
    ),
    # Not documents.
    ("Ngày 12-10/2025 đoàn công tác lên đường", []),
    ("Tỷ số 2-1/hiệp một", []),
    ("Biển số 29A-123.45 vi phạm", []),
    ("Số điện thoại 0912-345/678", []),
    ("Mã hồ sơ 12-AB/CD không phải văn bản", []),
    ("quy định 12-nq/tw viết thường", []),
    ("Giai đoạn 2021-2025/2030", []),
    ("Phòng PC02/CAT tiếp nhận", []),
    ("ngày 22/12/2024", []),
]  # fmt: skip

# (text, places)
PLACE_CASES = [
    (
        "Đảng ủy Công an xã Trung Hưng và Thị ủy An Khê (tỉnh Gia Lai) cùng phường Hương An.",
        ["xã Trung Hưng", "tỉnh Gia Lai", "phường Hương An"],
    ),
    ("Công an tỉnh Hưng Yên phối hợp Công an huyện Yên Mỹ", ["tỉnh Hưng Yên", "huyện Yên Mỹ"]),
    ("tại thị trấn Yên Mỹ, huyện Yên Mỹ", ["thị trấn Yên Mỹ", "huyện Yên Mỹ"]),
    ("Thị xã An Khê tổ chức hội nghị", ["thị xã An Khê"]),
    ("tại thành phố Pleiku", ["thành phố Pleiku"]),
    ("Sáng 22/9, tại TP.HCM", ["thành phố Hồ Chí Minh"]),
    ("tại TP Hà Nội và TP. Đà Nẵng", ["thành phố Hà Nội", "thành phố Đà Nẵng"]),
    ("tỉnh Thanh Hoá và tỉnh Khánh Hoà", ["tỉnh Thanh Hóa", "tỉnh Khánh Hòa"]),
    ("tỉnh Bà Rịa-Vũng Tàu", ["tỉnh Bà Rịa - Vũng Tàu"]),
    ("tỉnh Thừa Thiên - Huế nay là thành phố Huế", ["tỉnh Thừa Thiên Huế", "thành phố Huế"]),
    ("tỉnh Đắc Lắc", ["tỉnh Đắk Lắk"]),
    ("phường 12, quận 3", ["phường 12", "quận 3"]),
    ("quận Hoàn Kiếm, thành phố Hà Nội", ["quận Hoàn Kiếm", "thành phố Hà Nội"]),
    ("Chủ tịch UBND xã Trung Hưng Nguyễn Văn A cho biết", ["xã Trung Hưng"]),
    ("phường Lê Hồng Phong, thành phố Quảng Ngãi", ["phường Lê Hồng Phong", "thành phố Quảng Ngãi"]),
    ("xã Ia Pa, huyện Ia Grai", ["xã Ia Pa", "huyện Ia Grai"]),
    ("Xã Trung Hưng có 5 thôn", ["xã Trung Hưng"]),
    ("tỉnh Gia Lai (mới) gồm tỉnh Gia Lai và tỉnh Bình Định cũ", ["tỉnh Gia Lai", "tỉnh Bình Định"]),
    ("phường Quy Nhơn, tỉnh Gia Lai", ["phường Quy Nhơn", "tỉnh Gia Lai"]),
    ("Công an phường Hương An, tỉnh Hưng Yên. Ngày 12/9", ["phường Hương An", "tỉnh Hưng Yên"]),
    # Not places.
    ("Công an tỉnh Ngày 12/9 đã tổ chức", []),
    ("Công an tỉnh Sáng nay họp", []),
    ("lãnh đạo tỉnh Nghị quyết", []),
    ("Cộng hòa Xã hội Chủ nghĩa Việt Nam", []),
    ("các xã, phường, thị trấn trên địa bàn", []),
    ("Tỉnh ủy Hưng Yên, Thành ủy Pleiku, Huyện ủy Yên Mỹ", []),
    ("an sinh xã hội và phát triển kinh tế", []),
    ("cấp tỉnh, cấp huyện và cấp xã", []),
]


@pytest.mark.parametrize(("text", "expected"), DOCUMENT_CASES, ids=[text[:40] for text, _ in DOCUMENT_CASES])
def test_cited_documents(text: str, expected: list[tuple]) -> None:
    found = [(d["document"], d["kind"], d["kind_name"], d["number"], d["year"], d["issuer"]) for d in document_citations(text)]
    assert found == expected


@pytest.mark.parametrize(("text", "expected"), PLACE_CASES, ids=[text[:40] for text, _ in PLACE_CASES])
def test_places(text: str, expected: list[str]) -> None:
    assert places(text) == expected


def test_every_province_of_both_lists_is_a_place() -> None:
    assert (len(PROVINCES_63) + len(CITIES_63), len(PROVINCES_34) + len(CITIES_63)) == (64, 34)  # 63 + Huế (a city since 2025)
    for name in PROVINCES_63 + PROVINCES_34:
        assert places(f"Công an tỉnh {name} cho biết") == [f"tỉnh {name}"], name
    for name in CITIES_63:
        assert places(f"Công an thành phố {name} cho biết") == [f"thành phố {name}"], name


def test_each_old_province_belongs_to_one_of_the_34() -> None:
    assert set(MERGED_INTO.values()) <= set(PROVINCES_34) | set(CITIES_63)
    assert province_after_merger("Thái Bình") == "Hưng Yên"
    assert province_after_merger("Bình Định") == "Gia Lai"
    assert province_after_merger("Hưng Yên") == "Hưng Yên"
    assert {province_after_merger(name) for name in PROVINCES_63 + CITIES_63} == set(PROVINCES_34) | set(CITIES_63)
