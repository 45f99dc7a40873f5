"""The 'Thông tin' sheet: one labelled row per piece of general information, written and read.

Each row names its schema path, so writing is a lookup in `info_values` and reading a value is
its reader in `READERS` (a date as dd/mm/yyyy, cấp học by name, Có/Không…), or plain text.
"""

from __future__ import annotations

import datetime as dt
import re

from edudx.frameworks import schema
from edudx.frameworks.excel.texts import CellError, key, level_line, lines, parse_levels, text

EFFECT_LABELS = {
    "group_level_1": "Nhóm tiêu chí xếp mức độ 1",
    "informational": "Chỉ ghi nhận, không ảnh hưởng mức độ",
}
# (label in column A of "Thông tin", schema path, how to fill it)
ROWS = (
    ("Mã bộ chỉ số", "code", "Mã ngắn, ví dụ: 3276"),
    ("Phiên bản", "version", "Ví dụ: 2024.1. Sửa nội dung đã công bố thì phải đặt phiên bản mới"),
    ("Tên bộ chỉ số", "title", "Tên đầy đủ như trong quyết định"),
    ("Số quyết định", "decision.number", "Ví dụ: 3276/QĐ-BGDĐT"),
    ("Ngày ban hành", "decision.date", "dd/mm/yyyy, ví dụ: 30/10/2024"),
    ("Cơ quan ban hành", "decision.issuer", "Ví dụ: Bộ Giáo dục và Đào tạo"),
    ("Người ký", "decision.signer", ""),
    ("Trích yếu", "decision.title", "Trích yếu của quyết định"),
    (
        "Cấp học áp dụng",
        "education_levels",
        "Cách nhau bởi dấu ;  Mầm non; Tiểu học; THCS; THPT; GDTX",
    ),
    (
        "Đầy đủ",
        "complete",
        "Có: đã nhập đủ phụ lục, dùng để đánh giá được. Không: mới có thông tin chung",
    ),
    ("Tên mức độ 1", "level_names.1", ""),
    ("Tên mức độ 2", "level_names.2", ""),
    ("Tên mức độ 3", "level_names.3", ""),
    (
        "Khi chưa đạt điều kiện bắt buộc",
        "policies.mandatory_unmet",
        " hoặc ".join(f"'{v}'" for v in EFFECT_LABELS.values()),
    ),
    ("Dữ kiện bằng 0 thì được 0 điểm", "policies.zero_fact_scores_zero", "Có/Không"),
    ("Điểm tiêu chí không vượt điểm tối đa", "policies.cap_criterion_at_max", "Có/Không"),
    (
        "Mức độ nhóm (áp dụng chung)",
        "group_levels",
        "Không bắt buộc: ngưỡng mức độ cho các dòng nhóm để trống cột Mức độ",
    ),
    (
        "Mức độ theo tổng điểm",
        "total_levels",
        "Không bắt buộc, chỉ khi quyết định xếp mức trên tổng điểm của tất cả các nhóm: "
        "mỗi mức một dòng, ví dụ 'Mức độ 1: dưới 100 điểm'",
    ),
    (
        "Mức độ chung",
        "headline",
        "Không bắt buộc, chỉ khi quyết định quy định một mức chung: "
        + " hoặc ".join(f"'{v}'" for v in schema.HEADLINE_RULES.values()),
    ),
    ("Ghi chú", "notes", "Mỗi ghi chú một dòng; thêm dòng 'Ghi chú' nếu cần"),
)
REQUIRED = (
    "code",
    "version",
    "title",
    "decision.number",
    "decision.date",
    "education_levels",
)


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def info_values(fw: schema.Framework) -> dict[str, str]:
    d = fw.decision
    policies = fw.policies
    return {
        "code": fw.code,
        "version": fw.version,
        "title": fw.title,
        "decision.number": d.number,
        "decision.date": date_text(d.date),
        "decision.issuer": d.issuer,
        "decision.signer": d.signer,
        "decision.title": d.title,
        "education_levels": "; ".join(schema.EDUCATION_LEVELS[c] for c in fw.education_levels),
        "complete": yes_no(fw.complete),
        **{f"level_names.{k}": v for k, v in sorted(fw.level_names.items())},
        "policies.mandatory_unmet": EFFECT_LABELS[policies.mandatory_unmet],
        "policies.zero_fact_scores_zero": yes_no(policies.zero_fact_scores_zero),
        "policies.cap_criterion_at_max": yes_no(policies.cap_criterion_at_max),
        "group_levels": "",
        "total_levels": "\n".join(level_line(lb, "điểm").cell for lb in fw.total_levels),
        "headline": schema.HEADLINE_RULES.get(fw.headline, ""),
        "notes": list(fw.notes),
    }


def yes_no(flag: bool) -> str:
    return "Có" if flag else "Không"


def date_text(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def _read_date(value) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    written = str(value).strip()
    try:
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", written):
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        return dt.date.fromisoformat(written).isoformat()
    except ValueError:
        pass
    raise CellError(f"ngày '{written}' không hợp lệ (ghi dạng dd/mm/yyyy, ví dụ 30/12/2022)")


def _read_education_levels(value) -> list[str]:
    by_key = {key(label): code for code, label in schema.EDUCATION_LEVELS.items()}
    by_key |= {code: code for code in schema.EDUCATION_LEVELS}
    out = []
    for part in re.split(r"[;,]", text(value)):
        if not part.strip():
            continue
        code = by_key.get(key(part))
        if code is None:
            names = "; ".join(schema.EDUCATION_LEVELS.values())
            raise CellError(f"cấp học '{part.strip()}' không hợp lệ (dùng: {names})")
        out.append(code)
    return out


def _read_yes_no(value) -> bool:
    if isinstance(value, bool):
        return value
    answer = {"có": True, "không": False}.get(key(str(value)))
    if answer is None:
        raise CellError(f"ghi 'Có' hoặc 'Không' (nhận được '{value}')")
    return answer


def _read_effect(value) -> str:
    by_key = {key(label): code for code, label in EFFECT_LABELS.items()}
    by_key |= {code: code for code in EFFECT_LABELS}
    effect = by_key.get(key(str(value)))
    if effect is None:
        labels = " hoặc ".join(f"'{v}'" for v in EFFECT_LABELS.values())
        raise CellError(f"ghi {labels} (nhận được '{value}')")
    return effect


def _read_group_levels(value) -> list[dict]:
    levels, problems = parse_levels(lines(value), "điểm")
    if problems:
        raise CellError("; ".join(problems))
    return levels


def _read_headline(value) -> str:
    by_key = {key(label): code for code, label in schema.HEADLINE_RULES.items()}
    by_key |= {code: code for code in schema.HEADLINE_RULES}
    rule = by_key.get(key(str(value)))
    if rule is None:
        labels = " hoặc ".join(f"'{v}'" for v in schema.HEADLINE_RULES.values())
        raise CellError(f"ghi {labels} (nhận được '{value}')")
    return rule


READERS = {
    "decision.date": _read_date,
    "education_levels": _read_education_levels,
    "complete": _read_yes_no,
    "policies.zero_fact_scores_zero": _read_yes_no,
    "policies.cap_criterion_at_max": _read_yes_no,
    "policies.mandatory_unmet": _read_effect,
    "group_levels": _read_group_levels,
    "total_levels": _read_group_levels,
    "headline": _read_headline,
}
