from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from edudx.core.env import env_str

DEMO_USERS = [
    # username, full name, staff/superuser
    ("admin", "Quản trị hệ thống", True),
    ("giaovien", "Nguyễn Thị Lan", False),
]


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu để dùng thử (chỉ trong chế độ DEBUG)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="cho phép chạy khi DEBUG tắt")

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Dữ liệu mẫu chỉ dành cho môi trường thử (DEBUG=true); dùng --force nếu chắc chắn."
            )
        password = env_str("DEMO_PASSWORD", "edudx-demo")
        User = get_user_model()
        for username, full_name, is_admin in DEMO_USERS:
            last, _, first = full_name.rpartition(" ")
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.edu.vn",
                    "is_staff": is_admin,
                    "is_superuser": is_admin,
                },
            )
            if created:
                user.set_password(password)
                user.save()
            state = "đã tạo" if created else "đã có"
            self.stdout.write(f"Tài khoản mẫu {username} ({full_name}): {state}.")
        self.stdout.write(f"Mật khẩu tài khoản mẫu mới tạo: {password} (đặt DEMO_PASSWORD để đổi).")
