"""The audit records of one assessment as a person reads them: Vietnamese field labels instead of
keys, dd/mm/yyyy instead of ISO dates, Có/Không, "(trống)", criterion and item codes with their
names, file names instead of storage paths, codes of states, positions and provenance with their
labels. The services write what they changed as JSON (before/after); this is the one place that
turns it into words, so every kind of change reads the same. An unknown key gets a humanised label
and an unknown value its text — never a raw dict or list."""

from __future__ import annotations

import datetime as dt
import posixpath
import re

from edudx.assessments.council import POSITION_LABELS
from edudx.assessments.details import LABELS as DETAIL_LABELS
from edudx.assessments.details import PROVENANCE
from edudx.assessments.models import AssessmentState

EMPTY = "(trống)"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")

# Field labels, shared by every action (a key means the same wherever it appears) ...
FIELDS = {
    "value": "Giá trị",
    "awarded": "Điểm chấm",
    "reason": "Lý do chấm thấp hơn gợi ý",
    "carried": "Lấy từ năm trước, chưa xác nhận",
    "state": "Trạng thái",
    "extended_until": "Gia hạn đến",
    "code": "Mã minh chứng",
    "criteria": "Tiêu chí",
    "criterion": "Tiêu chí",
    "title": "Tên minh chứng",
    "number": "Số văn bản",
    "issued_on": "Ngày ban hành",
    "issuer": "Cơ quan ban hành",
    "note": "Ghi chú",
    "file_name": "Tệp",
    "file": "Tệp",
    "size": "Dung lượng",
    "url": "Đường link",
    "user": "Tài khoản",
    "name": "Họ và tên",
    "position": "Chức danh trong Hội đồng",
    "job_title": "Chức vụ",
    "duty": "Nhiệm vụ",
    "member": "Người phụ trách",
    "round": "Lần trả lại",
    "comments": "Nhận xét",
    "due": "Hạn bổ sung",
    "items": "Các mục",
    "from": "Từ hồ sơ năm trước",
    "facts": "Số dữ kiện",
    "evidence": "Số minh chứng",
    "comment": "Nhận xét",
    "team": "Đoàn đánh giá",
    "visit_date": "Ngày kiểm tra",
    "members_present": "Thành phần đoàn có mặt",
    "findings": "Kết quả kiểm tra",
    "conclusions": "Kết luận",
    **DETAIL_LABELS,
    "part": "Số lượng đạt",
    "whole": "Tổng số",
    # The report's sections (documents/models.py SECTIONS; documents sits above assessments, so
    # the labels are repeated here and a test keeps the two equal).
    "directives": "I.1. Triển khai các văn bản chỉ đạo",
    "guidance": "I.2. Ban hành các văn bản, công tác hướng dẫn, bồi dưỡng tập huấn",
    "process": "II.1. Quá trình thực hiện tại cơ sở giáo dục",
    "difficulties": "III. Khó khăn, vướng mắc khi triển khai",
    "directions": "IV. Phương hướng nhiệm vụ trọng tâm năm học tiếp theo",
    "proposals": "V. Đề xuất, kiến nghị",
    # The improvement plan (plans.py).
    "target_level": "Mức độ mục tiêu",
    "actions": "Nhiệm vụ, giải pháp",
    "owner": "Người phụ trách",
    "resources": "Nguồn lực",
}
# ... except where an action gives a key its own meaning.
ACTION_FIELDS = {
    "evidence.add": {"note": "Ghi chú của minh chứng"},
    "council.remove": {"criteria": "Tiêu chí được phân công"},
    "plan.target": {"due": "Thời hạn", "target": "Mục tiêu"},
    "plan.remove": {"due": "Thời hạn", "target": "Mục tiêu"},
}
# Values shown by label: key → {code: label}.
CHOICES = {
    "state": {s.value: str(s.label) for s in AssessmentState},
    "position": POSITION_LABELS,
    "provenance": PROVENANCE,
}
# Fields not worth a line of their own (the file name says it all).
HIDDEN = frozenset({"size"})


def humanise(key: str) -> str:
    return key.replace("_", " ").replace(".", " ").strip().capitalize() or key


class Formatter:
    """Formats the records of one assessment: knows its framework's criterion and item names."""

    def __init__(self, framework=None):
        self.names: dict[str, str] = {}
        self.options: dict[str, dict[str, str]] = {}
        if framework is not None:
            for cr in framework.criteria():
                self.names[cr.code] = cr.title
            for code, target in framework.fact_codes().items():
                self.names[code] = target.title
                self.options[code] = {o.value: o.label for o in getattr(target, "options", ())}

    def subject(self, note: str) -> str:
        """A record's note: a criterion or item code gets its name."""
        note = (note or "").strip()
        if note in self.names:
            return self.coded(note)
        parts = note.split(", ")
        if note and all(p in FIELDS for p in parts):  # the report sections a save changed
            return "; ".join(FIELDS[p] for p in parts)
        return note

    def coded(self, code) -> str:
        name = self.names.get(str(code))
        return f"{code} — {name}" if name else str(code)

    def label(self, action: str, key: str) -> str:
        return ACTION_FIELDS.get(action, {}).get(key) or FIELDS.get(key) or humanise(key)

    def value(self, key: str, value, *, code: str = "") -> str:
        if value is None or value == "" or value == [] or value == {}:
            return EMPTY
        if isinstance(value, bool):
            return "Có" if value else "Không"
        if key in CHOICES and isinstance(value, str):
            return CHOICES[key].get(value, value)
        if key == "value" and isinstance(value, str) and value in self.options.get(code, {}):
            return self.options[code][value]
        if key in ("criterion", "criteria", "items"):
            values = value if isinstance(value, list | tuple) else [value]
            return "; ".join(self.coded(v) for v in values)
        if key == "file" and isinstance(value, str):
            return posixpath.basename(value)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int | float):
            return f"{value}".replace(".", ",")
        if isinstance(value, list | tuple):
            return ", ".join(self.value(key, v, code=code) for v in value) or EMPTY
        if isinstance(value, dict):  # flattened by `changes`; a nested leftover still reads
            return "; ".join(f"{self.label('', k)}: {self.value(k, v)}" for k, v in value.items())
        text = str(value)
        if ISO_DATE.match(text):
            return dt.date.fromisoformat(text).strftime("%d/%m/%Y")
        if ISO_DATETIME.match(text):
            try:
                return dt.datetime.fromisoformat(text).strftime("%d/%m/%Y %H:%M")
            except ValueError:
                return text
        return text

    def changes(self, record) -> list[tuple[str, str, str]]:
        """(label, before, after) of every field that differs, in words."""
        before, after = _flat(record.before), _flat(record.after)
        code = (record.note or "").strip()
        rows = []
        for key in dict.fromkeys([*before, *after]):
            if key[-1] in HIDDEN:
                continue
            if key[-1] == "file" and (*key[:-1], "file_name") in before | after:
                continue  # the storage path: the file name is shown instead
            old = self.value(key[-1], before.get(key), code=code)
            new = self.value(key[-1], after.get(key), code=code)
            if old != new:  # "" and a missing key read the same: nothing changed
                rows.append((self._label(record.action, key), old, new))
        return rows

    def _label(self, action: str, key: tuple) -> str:
        if key[0] == "comments" and len(key) == 2:  # a return's comment on one criterion
            return f"Nhận xét tiêu chí {self.coded(key[1])}"
        if key[0] == "details" and len(key) == 2:
            return self.label(action, key[1])
        return " — ".join(self.label(action, k) for k in key)


def _flat(data, prefix=()) -> dict[tuple, object]:
    """{("details", "provenance"): …} out of nested dicts, so each detail is its own line."""
    out: dict[tuple, object] = {}
    for key, value in (data or {}).items():
        if isinstance(value, dict) and value:
            out.update(_flat(value, (*prefix, str(key))))
        else:
            out[(*prefix, str(key))] = value
    return out
