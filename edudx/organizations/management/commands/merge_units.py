"""Merge one unit into another (the 2025 reform: offices abolished, provinces merged), or move a
unit under a new managing unit, keeping the history of who managed whom and when."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from edudx.core.dates import parse_vn_date
from edudx.organizations.models import Unit
from edudx.organizations.services import TreeError, merge_units, move_unit


def _date(text: str) -> dt.date:
    try:
        return parse_vn_date(text)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


class Command(BaseCommand):
    help = (
        "Sáp nhập đơn vị NGUON vào DICH (các đơn vị trực thuộc NGUON chuyển sang DICH; NGUON "
        "ngừng hoạt động nhưng vẫn giữ lịch sử), hoặc với --move chuyển NGUON về trực thuộc DICH."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="mã đơn vị nguồn")
        parser.add_argument("target", help="mã đơn vị đích")
        parser.add_argument("--move", action="store_true", help="chuyển đơn vị thay vì sáp nhập")
        parser.add_argument("--since", help="ngày hiệu lực (dd/mm/yyyy), mặc định hôm nay")
        parser.add_argument("--reason", default="", help="lý do, ví dụ số quyết định")

    def handle(self, *args, source, target, move, since, reason, **options):
        units = {u.code: u for u in Unit.objects.filter(code__in=[source, target])}
        for code in (source, target):
            if code not in units:
                raise CommandError(f"Không có đơn vị mã '{code}'.")
        day = _date(since) if since else None
        try:
            if move:
                move_unit(units[source], units[target], since=day, reason=reason)
                self.stdout.write(f"Đã chuyển {source} về trực thuộc {target}.")
            else:
                moved = units[source].children.filter(active=True).count()
                merge_units(units[source], units[target], since=day, reason=reason)
                self.stdout.write(
                    f"Đã sáp nhập {source} vào {target}: {moved} đơn vị trực thuộc được chuyển."
                )
        except TreeError as exc:
            raise CommandError(str(exc)) from None
