"""The first two header lines, as Nghị định 30 practice writes them for each kind of unit."""

import pytest

from edudx.documents import common
from edudx.organizations.models import Unit, UnitKind

K = UnitKind


def unit(name, kind):
    return Unit(name=name, kind=kind)


@pytest.mark.parametrize(
    ("name", "kind", "chain", "expected"),
    [
        # A commune's people's committee has no parent; its name is two bold lines.
        ("UBND phường Lê Chân", K.COMMUNE, [], ("", "ỦY BAN NHÂN DÂN\nPHƯỜNG LÊ CHÂN")),
        ("Ủy ban nhân dân xã Nam Sách", K.COMMUNE, [], ("", "ỦY BAN NHÂN DÂN\nXÃ NAM SÁCH")),
        # A department under its province's (or centrally-run city's) people's committee.
        (
            "Sở GDĐT Hải Phòng",
            K.DEPARTMENT,
            [],
            ("UBND THÀNH PHỐ HẢI PHÒNG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
        ),
        (
            "Sở GDĐT Quảng Ninh",
            K.DEPARTMENT,
            [],
            ("UBND TỈNH QUẢNG NINH", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
        ),
        (
            "Sở Giáo dục và Đào tạo tỉnh Bắc Ninh",
            K.DEPARTMENT,
            [],
            ("UBND TỈNH BẮC NINH", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
        ),
        (
            "Phòng GDĐT huyện Thủy Nguyên",
            K.LOCAL_OFFICE,
            [],
            ("UBND HUYỆN THỦY NGUYÊN", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"),
        ),
        ("Bộ Giáo dục và Đào tạo", K.MINISTRY, [], ("", "BỘ GIÁO DỤC VÀ ĐÀO TẠO")),
        # A school under its managing authority, as that authority is named.
        (
            "Trường Tiểu học Lê Lợi",
            K.INSTITUTION,
            [unit("UBND phường Lê Chân", K.COMMUNE)],
            ("UBND PHƯỜNG LÊ CHÂN", "TRƯỜNG TIỂU HỌC LÊ LỢI"),
        ),
        (
            "Trường THPT Trần Phú",
            K.INSTITUTION,
            [unit("Sở GDĐT Hải Phòng", K.DEPARTMENT)],
            ("SỞ GDĐT HẢI PHÒNG", "TRƯỜNG THPT TRẦN PHÚ"),
        ),
    ],
)
def test_issuing_body_follows_decree_30_for_each_kind_of_unit(name, kind, chain, expected):
    assert common.issuing_body(unit(name, kind), chain) == expected


def test_the_two_line_body_is_printed_as_two_bold_lines(evaluated, participation):
    from edudx.documents import registry
    from edudx.documents.render import render_html
    from edudx.documents.tests.textual import docx_text

    kind = registry.KINDS["campaign_plan"]
    context = registry.context_for(kind, participation.campaign)
    assert 'class="bold body-name">ỦY BAN NHÂN DÂN\nPHƯỜNG LÊ CHÂN' in render_html(
        kind.code, context
    )
    _, _, data = registry.render_document(kind, participation.campaign, "docx")
    assert "ỦY BAN NHÂN DÂN\nPHƯỜNG LÊ CHÂN" in docx_text(data)
