from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from edudx.frameworks import excel, loader, schema


class Command(BaseCommand):
    help = "Nạp một phiên bản bộ chỉ số từ tệp Excel theo bố cục phụ lục (xem export_framework_xlsx --template)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .xlsx của bộ chỉ số")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}") from None
        try:
            fw = excel.read_xlsx(data, path.name)
            outcome = loader.publish(fw, source=path.name)
        except (schema.FrameworkError, loader.VersionConflict) as exc:
            raise CommandError(str(exc)) from None
        state = "đã nạp" if outcome.created else "không đổi (đã có nội dung giống hệt)"
        usable = "đầy đủ" if fw.complete else "CHƯA ĐẦY ĐỦ — chưa dùng được để đánh giá"
        self.stdout.write(
            f"Bộ chỉ số {fw.code} phiên bản {fw.version}: {state}; {usable}; "
            f"{len(fw.warnings)} lưu ý."
        )
        for warning in fw.warnings:
            self.stdout.write(self.style.WARNING(f"  Lưu ý: {warning}"))
