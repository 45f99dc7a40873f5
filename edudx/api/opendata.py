"""Open data: the published, standing recognised results of one authority and school year, for
anyone, without a token. Only what the public pages already show — unit codes and names, levels
and points per criteria group, the decision — never a person's name or account."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router

from edudx.api.tables import FORMATS, Column, download, render
from edudx.organizations.models import AUTHORITY_KINDS, LEVEL_LABELS, Unit
from edudx.recognition.models import RecognisedResult

router = Router(tags=["Dữ liệu mở"], auth=None)

COLUMNS = [
    Column("nam_hoc", "text", "Năm học, ví dụ 2025-2026"),
    Column("ma_co_quan_quan_ly", "text", "Mã đơn vị của cơ quan quản lý ra quyết định công nhận"),
    Column("ten_co_quan_quan_ly", "text", "Tên cơ quan quản lý"),
    Column("ma_don_vi", "text", "Mã đơn vị (Mã đơn vị của cơ sở giáo dục trong CSDL ngành)"),
    Column("ten_co_so", "text", "Tên cơ sở giáo dục"),
    Column("cap_hoc", "text", "Cấp học của cơ sở giáo dục (ngăn cách bằng dấu chấm phẩy)"),
    Column("bo_chi_so", "text", "Mã bộ chỉ số (ví dụ QD4725)"),
    Column("phien_ban", "text", "Phiên bản bộ chỉ số"),
    Column("ma_nhom", "text", "Mã nhóm tiêu chí"),
    Column("ten_nhom", "text", "Tên nhóm tiêu chí"),
    Column("muc_do", "integer", "Mức độ chuyển đổi số được công nhận (1, 2, 3)"),
    Column("ten_muc_do", "text", "Tên mức độ"),
    Column("diem", "number", "Điểm của nhóm tiêu chí khi được công nhận"),
    Column("so_quyet_dinh", "text", "Số quyết định công nhận"),
    Column("ngay_quyet_dinh", "date", "Ngày ký quyết định công nhận (YYYY-MM-DD)"),
    Column("ngay_cong_bo", "date", "Ngày công bố kết quả (YYYY-MM-DD)"),
]


def licence() -> str:
    return settings.OPEN_DATA_LICENCE


def published_rows(authority: Unit, school_year: str) -> list[list]:
    results = (
        RecognisedResult.objects.public()
        .filter(decision__authority=authority, decision__campaign__school_year=school_year)
        .select_related("institution", "decision")
        .order_by("institution__code", "pk")
    )
    rows = []
    for r in results:
        levels = ";".join(LEVEL_LABELS.get(lv, lv) for lv in r.institution.education_levels)
        for g in r.rows():
            rows.append(
                [
                    school_year,
                    authority.code,
                    authority.name,
                    r.institution.code,
                    r.institution.name,
                    levels,
                    r.framework_code,
                    r.framework_version,
                    g.code,
                    g.title,
                    g.level,
                    g.level_name,
                    g.points,
                    r.decision.number,
                    r.decision.date,
                    r.decision.published_at.date(),
                ]
            )
    return rows


def open_data_file(code: str, school_year: str, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    authority = get_object_or_404(Unit, code=code, kind__in=AUTHORITY_KINDS)
    title = f"Kết quả công nhận mức độ chuyển đổi số — {authority.name} — năm học {school_year}"
    content = render(
        fmt,
        title=title,
        columns=COLUMNS,
        rows=published_rows(authority, school_year),
        licence=licence(),
        meta={"nam_hoc": school_year, "ma_co_quan_quan_ly": authority.code},
    )
    return download(fmt, f"ket-qua-{authority.code}-{school_year}", content, licence=licence())


def _binary(fmt: str) -> dict:
    return {
        "responses": {
            "200": {"description": "Tệp dữ liệu", "content": {FORMATS[fmt].split(";")[0]: {}}}
        }
    }


@router.get(
    "/public/dictionary",
    summary="Từ điển dữ liệu mở và giấy phép",
    response=dict,
)
def dictionary(request):
    return {"licence": licence(), "columns": [c.__dict__ for c in COLUMNS]}


def _operation(fmt: str):
    def view(request, authority: str, school_year: str):
        return open_data_file(authority, school_year, fmt)

    view.__name__ = f"public_results_{fmt}"
    return view


for _fmt in FORMATS:
    router.add_api_operation(
        f"/public/results/{{authority}}/{{school_year}}.{_fmt}",
        ["GET"],
        _operation(_fmt),
        summary=f"Kết quả đã công bố ({_fmt.upper()})",
        operation_id=f"public_results_{_fmt}",
        openapi_extra=_binary(_fmt),
    )
