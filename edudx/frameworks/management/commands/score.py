"""`manage.py score CODE FACTS.json`: the scoring contract for integrators (docs/scoring.md)."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from edudx.frameworks.models import FrameworkVersion
from edudx.frameworks.scoring import FactsError, score, validate_facts

_INPUT_KEYS = {"education_level", "facts", "awarded", "details"}


class Command(BaseCommand):
    help = "Tính điểm và mức độ từ dữ kiện (JSON) theo một bộ chỉ số; in kết quả JSON."

    def add_arguments(self, parser):
        parser.add_argument("code", help="mã bộ chỉ số, ví dụ 4725")
        parser.add_argument("facts_file", help="tệp JSON dữ kiện, hoặc - để đọc từ stdin")
        parser.add_argument(
            "--framework-version", dest="fw_version", help="phiên bản (mặc định: mới nhất)"
        )
        parser.add_argument("--no-explain", action="store_true", help="bỏ phần giải thích")

    def handle(self, *args, code, facts_file, fw_version, no_explain, **options):
        version = self._version(code, fw_version)
        payload = self._read(facts_file)
        fw = version.framework()
        try:
            facts = validate_facts(
                fw,
                payload.get("facts", {}),
                awarded=payload.get("awarded"),
                education_level=payload.get("education_level"),
                details=payload.get("details"),
            )
        except FactsError as exc:
            lines = "\n".join(f"  - {field}: {message}" for field, message in exc.errors.items())
            raise CommandError(f"Dữ kiện không hợp lệ:\n{lines}") from None
        result = score(fw, facts).to_dict(explain=not no_explain)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _version(self, code, fw_version) -> FrameworkVersion:
        versions = FrameworkVersion.objects.filter(code=code)
        if fw_version:
            versions = versions.filter(version=fw_version)
        version = versions.order_by("-decision_date", "-published_at").first()
        if version is None:
            known = ", ".join(
                f"{v.code} {v.version}" for v in FrameworkVersion.objects.order_by("code")
            )
            raise CommandError(
                f"Không có bộ chỉ số '{code}'{' phiên bản ' + fw_version if fw_version else ''}. "
                f"Hiện có: {known or 'chưa nạp bộ chỉ số nào (chạy load_framework --bundled)'}."
            )
        return version

    def _read(self, facts_file) -> dict:
        try:
            if facts_file == "-":
                text = sys.stdin.read()
            else:
                with open(facts_file, encoding="utf-8") as fh:
                    text = fh.read()
        except OSError as exc:
            raise CommandError(
                f"Không đọc được tệp dữ kiện '{facts_file}': {exc.strerror}"
            ) from None
        except UnicodeDecodeError:
            raise CommandError(f"Tệp dữ kiện '{facts_file}' không phải văn bản UTF-8.") from None
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"Tệp dữ kiện không phải JSON hợp lệ: dòng {exc.lineno}, cột {exc.colno} ({exc.msg})."
            ) from None
        if not isinstance(payload, dict):
            raise CommandError('Tệp dữ kiện phải là một đối tượng JSON {"facts": {...}}.')
        unknown = set(payload) - _INPUT_KEYS
        if unknown:
            raise CommandError(
                f"Khóa không hợp lệ: {', '.join(sorted(unknown))} "
                f"(cho phép: {', '.join(sorted(_INPUT_KEYS))})."
            )
        for key in ("facts", "awarded", "details"):
            if key in payload and not isinstance(payload[key], dict):
                raise CommandError(f"'{key}' phải là một đối tượng JSON mã: giá trị.")
        return payload
