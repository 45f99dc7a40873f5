"""A believable demo: one province, two communes, about forty schools, one account per role."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from edudx.accounts.models import Role, RoleAssignment
from edudx.accounts.services import split_full_name
from edudx.assessments.campaigns import current_school_year, default_deadlines, open_campaign
from edudx.assessments.facts import start_assessment
from edudx.assessments.models import Campaign
from edudx.frameworks.models import FrameworkVersion
from edudx.organizations.models import Ownership, Unit, UnitKind
from edudx.organizations.services import create_unit
from edudx.portal.demo_assessments import advance, fill

K = UnitKind
MINISTRY = ("BGD", "Bộ Giáo dục và Đào tạo")
DEPARTMENT = ("SGD31", "Sở Giáo dục và Đào tạo Hải Phòng")
DEPARTMENT_SCHOOLS = [
    ("31THPT01", "Trường THPT Trần Phú", ["upper_secondary"]),
    ("31THPT02", "Trường THPT Ngô Quyền", ["upper_secondary"]),
    ("31THPT03", "Trường THPT Lê Quý Đôn", ["upper_secondary"]),
    ("31THPT04", "Trường THPT Thái Phiên", ["upper_secondary"]),
    ("31THPT05", "Trường THPT Kiến An", ["upper_secondary"]),
    ("31GDTX01", "Trung tâm GDNN-GDTX thành phố Hải Phòng", ["continuing_education"]),
]
COMMUNES = {
    ("31X001", "UBND phường Lê Chân"): [
        ("MN", "Hoa Sen"),
        ("MN", "Hoa Mai"),
        ("MN", "Sao Mai"),
        ("MN", "Bình Minh"),
        ("MN", "Tuổi Thơ"),
        ("TH", "Lê Lợi"),
        ("TH", "Nguyễn Trãi"),
        ("TH", "Trần Quốc Toản"),
        ("TH", "Kim Đồng"),
        ("TH", "Võ Thị Sáu"),
        ("THCS", "Chu Văn An"),
        ("THCS", "Nguyễn Du"),
        ("THCS", "Lê Hồng Phong"),
        ("THCS", "Hồng Bàng"),
        ("TH&THCS", "Quang Trung"),
        ("TH", "Đinh Tiên Hoàng"),
        ("MN", "Họa Mi"),
    ],
    ("31X002", "UBND xã An Lão"): [
        ("MN", "An Lão"),
        ("MN", "Quang Hưng"),
        ("MN", "Tân Dân"),
        ("MN", "Hoa Phượng"),
        ("TH", "An Lão"),
        ("TH", "Quốc Tuấn"),
        ("TH", "Trường Sơn"),
        ("TH", "Thái Sơn"),
        ("TH", "Bát Trang"),
        ("THCS", "An Lão"),
        ("THCS", "Quang Trung"),
        ("THCS", "Tân Viên"),
        ("THCS", "Mỹ Đức"),
        ("TH&THCS", "An Thắng"),
        ("MN", "Chiến Thắng"),
        ("TH", "An Tiến"),
        ("THCS", "Thái Sơn"),
    ],
}
PREFIX = {
    "MN": ("Trường Mầm non", ["preschool"]),
    "TH": ("Trường Tiểu học", ["primary"]),
    "THCS": ("Trường THCS", ["lower_secondary"]),
    "TH&THCS": ("Trường TH&THCS", ["primary", "lower_secondary"]),
}
# username, full name, role, unit code
DEMO_ACCOUNTS = [
    ("demo.quantri", "Trần Quốc Bảo", Role.SYSTEM_ADMIN, "BGD"),
    ("demo.lanhdao.bo", "Lê Minh Tâm", Role.VIEWER, "BGD"),
    ("demo.so", "Nguyễn Thị Thu Hà", Role.DEPARTMENT_ADMIN, "SGD31"),
    ("demo.lanhdao.so", "Phạm Văn Hùng", Role.VIEWER, "SGD31"),
    ("demo.canbo", "Vũ Thị Hồng", Role.AUTHORITY_OFFICER, "31X001"),
    ("demo.doan", "Đỗ Văn Nam", Role.EVALUATION_MEMBER, "31X001"),
    ("demo.hieutruong", "Hoàng Thị Mai", Role.INSTITUTION_HEAD, "31X001TH01"),
    ("demo.giaovien", "Nguyễn Văn An", Role.INSTITUTION_STAFF, "31X001TH01"),
]


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu để dùng thử (chỉ trong chế độ DEBUG): đơn vị, trường và tài khoản mẫu."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="cho phép chạy khi DEBUG tắt")

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Dữ liệu mẫu chỉ dành cho môi trường thử (DEBUG=true); dùng --force nếu chắc chắn."
            )
        with transaction.atomic():
            created_units = self._units()
            accounts = self._accounts()
            campaign_line = self._campaign()
            campaign_line += "\n" + self._assessments()
        self.stdout.write(f"Đơn vị mẫu: {created_units} đơn vị mới (tổng {Unit.objects.count()}).")
        self.stdout.write(campaign_line)
        self.stdout.write(f"Tài khoản mẫu (mật khẩu: {settings.DEMO_PASSWORD}):")
        for username, full_name, role, unit_name in accounts:
            self.stdout.write(f"  {username:<18} {Role(role).label} — {unit_name} ({full_name})")

    def _units(self) -> int:
        created = 0

        def ensure(code, name, kind, parent=None, levels=()):
            nonlocal created
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                unit = create_unit(
                    code=code,
                    name=name,
                    kind=kind,
                    parent=parent,
                    education_levels=list(levels),
                    ownership=Ownership.PUBLIC if kind == K.INSTITUTION else "",
                )
                created += 1
            return unit

        ministry = ensure(*MINISTRY, K.MINISTRY)
        department = ensure(*DEPARTMENT, K.DEPARTMENT, ministry)
        for code, name, levels in DEPARTMENT_SCHOOLS:
            ensure(code, name, K.INSTITUTION, department, levels)
        for (code, name), schools in COMMUNES.items():
            commune = ensure(code, name, K.COMMUNE, department)
            counters: dict[str, int] = {}
            for kind, school_name in schools:
                counters[kind] = counters.get(kind, 0) + 1
                prefix, levels = PREFIX[kind]
                school_code = f"{code}{kind.replace('&', '')}{counters[kind]:02d}"
                ensure(school_code, f"{prefix} {school_name}", K.INSTITUTION, commune, levels)
        return created

    def _campaign(self) -> str:
        """This school year's campaign of the demo department, opened for its communes too."""
        year = current_school_year(timezone.localdate())
        department = Unit.objects.get(code=DEPARTMENT[0])
        if Campaign.objects.filter(authority=department, school_year=year).exists():
            return f"Đợt đánh giá mẫu năm học {year}: đã có."
        version = (
            FrameworkVersion.objects.usable().filter(code="4725").order_by("-decision_date").first()
        )
        if version is None:
            return "Chưa mở đợt đánh giá mẫu: chưa nạp bộ chỉ số 4725 (load_framework --bundled)."
        levels = ("primary", "lower_secondary", "upper_secondary", "continuing_education")
        opened = open_campaign(
            authority=department,
            school_year=year,
            versions=dict.fromkeys(levels, version),
            deadlines=default_deadlines(year),
            cascade=True,
        )
        return f"Đợt đánh giá mẫu năm học {year}: Sở và {len(opened.children)} đơn vị cấp xã."

    def _assessments(self) -> str:
        """Last year's campaign with Lê Lợi's approved self-assessment (so this year's form
        offers it as a start), and this year's filled-in assessments of six schools of phường
        Lê Chân in every state of the institution's part (for the authority's queue)."""
        this_year = current_school_year(timezone.localdate())
        first = int(this_year[:4])
        last_year = f"{first - 1}-{first}"
        commune = Unit.objects.get(code="31X001")
        version = (
            FrameworkVersion.objects.usable().filter(code="4725").order_by("-decision_date").first()
        )
        current = Campaign.objects.filter(authority=commune, school_year=this_year).first()
        if version is None or current is None:
            return "Chưa tạo bản tự đánh giá mẫu."
        if Campaign.objects.filter(authority=commune, school_year=last_year).exists():
            return "Bản tự đánh giá mẫu: đã có."
        previous = open_campaign(
            authority=commune,
            school_year=last_year,
            versions={"primary": version, "lower_secondary": version},
            deadlines=default_deadlines(last_year),
        ).campaign
        school = Unit.objects.get(code="31X001TH01")
        old = start_assessment(previous.participations.get(institution=school))
        fill(old, by=None, seed=1, school_code=school.code, year=first - 1)
        advance(old, head=None, to="approved")
        plan = [
            ("31X001TH02", "submitted"),
            ("31X001TH03", "submitted"),
            ("31X001THCS01", "submitted"),
            ("31X001THCS02", "approved"),
            ("31X001TH04", "draft"),
            ("31X001THCS03", "draft"),
        ]
        for seed, (code, state) in enumerate(plan, start=2):
            participation = current.participations.get(institution__code=code)
            assessment = start_assessment(participation)
            fill(assessment, by=None, seed=seed, school_code=code, year=first)
            if state != "draft":
                advance(assessment, head=None, to=state)
        return (
            f"Bản tự đánh giá mẫu: năm học {last_year} của {school.name}; "
            f"năm học {this_year}: {len(plan)} trường của {commune.name}."
        )

    def _accounts(self) -> list[tuple]:
        User = get_user_model()
        password = settings.DEMO_PASSWORD
        out = []
        for username, full_name, role, unit_code in DEMO_ACCOUNTS:
            unit = Unit.objects.get(code=unit_code)
            last, first = split_full_name(full_name)
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@demo.edudx.vn",
                    "is_staff": role == Role.SYSTEM_ADMIN,
                    "is_superuser": role == Role.SYSTEM_ADMIN,
                },
            )
            if created:
                user.set_password(password)
                user.save()
            RoleAssignment.objects.get_or_create(user=user, unit=unit, role=role)
            out.append((username, full_name, role, unit.name))
        return out
