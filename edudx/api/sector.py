"""The sector-database (CSDL ngành) export of one authority and school year: a flat table keyed
by the ministry's unit code, one row per institution and criteria group — self-assessed and
recognised points and levels, dates, decision numbers. The ministry's upload format is not
public, so the headers and their order come from one replaceable YAML file
(`sector_columns.yaml`, or SECTOR_COLUMNS_FILE), which a department edits without code."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.utils import timezone
from ninja import Router

from edudx.accounts.permissions import acts_for_authority, get_unit_or_404
from edudx.api.results import assessment_of, self_assessed, with_results
from edudx.api.tables import Column, download, render
from edudx.assessments.models import Participation
from edudx.organizations.models import AUTHORITY_KINDS, LEVEL_LABELS

router = Router(tags=["CSDL ngành"])

SHIPPED = Path(__file__).with_name("sector_columns.yaml")

#: The fields a mapping may use, with their meaning (the data dictionary of the export).
FIELDS = {
    "school_year": ("text", "Năm học"),
    "authority_code": ("text", "Mã đơn vị của cơ quan quản lý"),
    "institution_code": ("text", "Mã đơn vị của cơ sở giáo dục (khóa)"),
    "institution_name": ("text", "Tên cơ sở giáo dục"),
    "education_levels": ("text", "Cấp học, ngăn cách bằng dấu chấm phẩy"),
    "index_code": ("text", "Mã bộ chỉ số"),
    "index_version": ("text", "Phiên bản bộ chỉ số"),
    "state": ("text", "Trạng thái hồ sơ (draft, approved, submitted, …)"),
    "submitted_date": ("date", "Ngày nộp hồ sơ tự đánh giá"),
    "group_code": ("text", "Mã nhóm tiêu chí"),
    "group_title": ("text", "Tên nhóm tiêu chí"),
    "self_points": ("number", "Điểm tự đánh giá của nhóm"),
    "self_level": ("integer", "Mức độ tự đánh giá của nhóm"),
    "recognised_points": ("number", "Điểm được công nhận của nhóm"),
    "recognised_level": ("integer", "Mức độ được công nhận của nhóm"),
    "decision_number": ("text", "Số quyết định công nhận"),
    "decision_date": ("date", "Ngày quyết định công nhận"),
}


def load_layout(path: str | Path | None = None) -> tuple[str, list[Column], list[str]]:
    """(version, columns, fields) of the mapping file; a wrong file is refused at once."""
    path = Path(path or settings.SECTOR_COLUMNS_FILE or SHIPPED)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        version = f"{data['layout']} v{data['version']}"
        pairs = [(str(c["header"]), str(c["field"])) for c in data["columns"]]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ImproperlyConfigured(f"Tệp cột CSDL ngành {path} không đọc được: {exc}") from None
    unknown = [f for _h, f in pairs if f not in FIELDS]
    if unknown or not pairs:
        raise ImproperlyConfigured(
            f"Tệp cột CSDL ngành {path}: trường không có: {', '.join(unknown) or '(không cột nào)'}"
        )
    columns = [Column(h, FIELDS[f][0], FIELDS[f][1]) for h, f in pairs]
    return version, columns, [f for _h, f in pairs]


def records(authority, school_year: str):
    """One dict per institution × criteria group, in Mã đơn vị order."""
    rows = with_results(
        Participation.objects.filter(
            campaign__authority=authority, campaign__school_year=school_year
        )
    ).order_by("institution__code", "pk")
    for p in rows.iterator(chunk_size=200):
        assessment = assessment_of(p)
        own = self_assessed(p, assessment)
        standing = getattr(assessment, "standing", []) if assessment is not None else []
        recognised = standing[0] if standing else None
        frozen = {g.code: g for g in recognised.rows()} if recognised else {}
        for code, g in own.groups.items():
            r = frozen.get(code)
            yield {
                "school_year": school_year,
                "authority_code": authority.code,
                "institution_code": p.institution.code,
                "institution_name": p.institution.name,
                "education_levels": ";".join(
                    LEVEL_LABELS.get(lv, lv) for lv in p.institution.education_levels
                ),
                "index_code": p.version.code,
                "index_version": p.version.version,
                "state": assessment.state if assessment else "draft",
                "submitted_date": (
                    timezone.localtime(assessment.submitted_at).date()
                    if assessment and assessment.submitted_at
                    else None
                ),
                "group_code": code,
                "group_title": g.group.title,
                "self_points": g.points,
                "self_level": g.level,
                "recognised_points": r.points if r else None,
                "recognised_level": r.level if r else None,
                "decision_number": recognised.decision.number if recognised else "",
                "decision_date": recognised.decision.date if recognised else None,
            }


def sector_file(request, authority_code: str, school_year: str, fmt: str):
    authority = get_unit_or_404(request.user, authority_code)
    if authority.kind not in AUTHORITY_KINDS or not acts_for_authority(request.user, authority):
        raise Http404
    version, columns, fields = load_layout()
    rows = [[rec[f] for f in fields] for rec in records(authority, school_year)]
    content = render(
        fmt,
        title=f"Dữ liệu CSDL ngành — {authority.name} — năm học {school_year}",
        columns=columns,
        rows=rows,
        licence="Dữ liệu nội bộ ngành giáo dục; không công khai.",
        meta={"bo_cuc": version, "nam_hoc": school_year, "ma_co_quan_quan_ly": authority.code},
    )
    return download(fmt, f"csdl-nganh-{authority.code}-{school_year}", content, licence="internal")


def _operation(fmt: str):
    def view(request, authority: str, school_year: str):
        return sector_file(request, authority, school_year, fmt)

    view.__name__ = f"sector_export_{fmt}"
    return view


for _fmt, _type in (
    ("csv", "text/csv"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
):
    router.add_api_operation(
        f"/sector/{{authority}}/{{school_year}}.{_fmt}",
        ["GET"],
        _operation(_fmt),
        summary=f"Xuất CSDL ngành ({_fmt.upper()})",
        operation_id=f"sector_export_{_fmt}",
        openapi_extra={"responses": {"200": {"description": "Tệp xuất", "content": {_type: {}}}}},
    )
