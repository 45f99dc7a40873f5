from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from edudx.organizations.registry import export_units, template_xlsx


class Command(BaseCommand):
    help = (
        "Xuất danh mục đơn vị (các đơn vị đang hoạt động) ra tệp .xlsx theo đúng bố cục nhập; "
        "với --template: ghi tệp mẫu kèm hướng dẫn."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .xlsx cần ghi")
        parser.add_argument(
            "--template", action="store_true", help="ghi tệp mẫu (dòng ví dụ và hướng dẫn)"
        )

    def handle(self, *args, file, template, **options):
        path = Path(file)
        if path.suffix.lower() != ".xlsx":
            raise CommandError("Tên tệp cần ghi phải có đuôi .xlsx")
        try:
            if template:
                path.write_bytes(template_xlsx())
                self.stdout.write(f"Đã ghi tệp mẫu danh mục đơn vị ra {path}.")
                return
            count = export_units(path)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {path}: {exc.strerror}") from None
        self.stdout.write(f"Đã xuất {count} đơn vị ra tệp {path}.")
