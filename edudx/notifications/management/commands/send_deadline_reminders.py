from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from edudx.core.dates import parse_vn_date
from edudx.notifications.reminders import configured_days, parse_days, send_reminders


class Command(BaseCommand):
    help = (
        "Nhắc các cơ sở giáo dục chưa nộp tự đánh giá trước hạn N ngày (thư điện tử và thông báo "
        "trong hệ thống). Chạy nhiều lần không gửi trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            help="Số ngày trước hạn, cách nhau bởi dấu phẩy (mặc định REMINDER_DAYS hoặc 7,3,1).",
        )
        parser.add_argument("--today", help="Coi hôm nay là ngày này (dd/mm/yyyy), để thử.")

    def handle(self, *args, days=None, today=None, **options):
        try:
            thresholds = parse_days(days.split(",")) if days else configured_days()
            day = parse_vn_date(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        sent = send_reminders(day, thresholds)
        self.stdout.write(f"Đã gửi nhắc hạn cho {sent} cơ sở giáo dục.")
