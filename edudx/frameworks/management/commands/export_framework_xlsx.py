from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from edudx.frameworks import excel
from edudx.frameworks.models import FrameworkVersion


class Command(BaseCommand):
    help = (
        "Xuất một phiên bản bộ chỉ số ra tệp Excel theo bố cục phụ lục: "
        "export_framework_xlsx MÃ PHIÊN_BẢN TỆP.xlsx, hoặc tệp mẫu trống: "
        "export_framework_xlsx --template TỆP.xlsx"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "args",
            nargs="+",
            metavar="THAM_SỐ",
            help="MÃ PHIÊN_BẢN TỆP.xlsx; hoặc chỉ TỆP.xlsx khi dùng --template",
        )
        parser.add_argument(
            "--template", action="store_true", help="ghi tệp mẫu trống kèm hướng dẫn"
        )

    def handle(self, *args, template, **options):
        if template:
            if len(args) != 1:
                raise CommandError("Với --template chỉ nêu tệp cần ghi: --template TỆP.xlsx")
            self.write(args[0], excel.template_xlsx(), "tệp mẫu")
            return
        if len(args) != 3:
            raise CommandError("Hãy nêu: MÃ PHIÊN_BẢN TỆP.xlsx (ví dụ: 4725 2022.1 4725.xlsx).")
        code, version, file = args
        try:
            fv = FrameworkVersion.objects.get(code=code, version=version)
        except FrameworkVersion.DoesNotExist:
            available = ", ".join(
                f"{c} {v}" for c, v in FrameworkVersion.objects.values_list("code", "version")
            )
            raise CommandError(
                f"Không có bộ chỉ số {code} phiên bản {version}. "
                + (
                    f"Các phiên bản hiện có: {available}."
                    if available
                    else "Chưa có bộ chỉ số nào."
                )
            ) from None
        self.write(file, excel.export_xlsx(fv.framework()), f"bộ chỉ số {code} phiên bản {version}")

    def write(self, file: str, data: bytes, what: str) -> None:
        try:
            Path(file).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {file}: {exc.strerror}") from None
        self.stdout.write(f"Đã xuất {what} ra tệp {file}.")
