from django.core.management.base import BaseCommand, CommandError

from edudx.frameworks import loader, schema


class Command(BaseCommand):
    help = (
        "Nạp một phiên bản bộ chỉ số từ tệp YAML (hoặc các bộ chỉ số kèm theo EduDX với --bundled)."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="tệp YAML của bộ chỉ số")
        parser.add_argument(
            "--bundled", action="store_true", help="nạp các bộ chỉ số kèm theo (4725, 3276)"
        )

    def handle(self, *args, files, bundled, **options):
        if not files and not bundled:
            raise CommandError("Hãy nêu tệp YAML cần nạp, hoặc dùng --bundled.")
        try:
            outcomes = loader.load_bundled() if bundled else []
            for path in files:
                outcomes.append(loader.publish(loader.read_yaml(path), source=str(path)))
        except (schema.FrameworkError, loader.VersionConflict) as exc:
            raise CommandError(str(exc)) from None
        for outcome in outcomes:
            v = outcome.version
            state = "đã nạp" if outcome.created else "không đổi (đã có)"
            usable = "đầy đủ" if v.complete else "CHƯA ĐẦY ĐỦ — chưa dùng được để đánh giá"
            self.stdout.write(f"Bộ chỉ số {v.code} phiên bản {v.version}: {state}; {usable}.")
            for warning in v.warnings:
                self.stdout.write(
                    self.style.WARNING(f"  Lưu ý (quyết định không nhất quán): {warning}")
                )
