from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from edudx.core.dates import parse_vn_date
from edudx.organizations.registry import RegistryError, import_units


class Command(BaseCommand):
    help = (
        "Nhập danh mục đơn vị từ tệp .xlsx hoặc .csv (cột: Mã đơn vị, Tên đơn vị, Loại đơn vị, "
        "Cấp học, Mã đơn vị quản lý, …; xem export_units --template). Nhập toàn bộ hoặc không "
        "nhập gì; nhập lại cùng tệp không thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .xlsx hoặc .csv")
        parser.add_argument(
            "--since",
            help="ngày đơn vị quản lý mới bắt đầu quản lý (dd/mm/yyyy), cho lịch sử; mặc định hôm nay",
        )

    def handle(self, *args, file, since, **options):
        if since:
            try:
                since = parse_vn_date(since)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}")
        try:
            report = import_units(path, path.name, since=since)
        except RegistryError as exc:
            head = f"Tệp {path.name} có {exc.total} lỗi; không có thay đổi nào được ghi."
            raise CommandError("\n".join([head, *exc.errors])) from None
        self.stdout.write(report.summary())
