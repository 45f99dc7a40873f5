"""Walk the audit chain and say where it first breaks. Run it on a schedule; with --head it also
prints the newest hash, to be published (the yearly report, an e-mail to the ministry) so that
even a rewrite of the whole chain by someone with database access becomes visible."""

from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from edudx.core.audit import find_break
from edudx.core.models import AuditChainHead, AuditRecord

CHUNK = 2000
FIELDS = ("id", "at", "actor_id", "action", "object_type", "object_id", "object_repr")
FIELDS += ("before", "after", "note", "prev_hash", "hash")


def chain_rows(chunk: int) -> Iterator[dict]:
    """Every record, oldest first, read a chunk at a time by id (constant memory, no server-side
    cursor). Writers take ids under the chain lock, so id order is chain order."""
    last_id = 0
    while rows := list(
        AuditRecord.objects.filter(id__gt=last_id).order_by("id").values(*FIELDS)[:chunk]
    ):
        yield from rows
        last_id = rows[-1]["id"]


def _when(row) -> str:
    return f"{timezone.localtime(row['at']):%d/%m/%Y %H:%M:%S}"


class Command(BaseCommand):
    help = (
        "Kiểm tra chuỗi nhật ký thay đổi: mỗi bản ghi phải khớp mã băm của chính nó và nối vào "
        "bản ghi liền trước. Báo bản ghi đầu tiên bị sửa, bị xóa hoặc bị chèn (mã thoát 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--head",
            action="store_true",
            help="sau khi kiểm tra, in mã băm mới nhất để công bố (báo cáo năm, thư gửi Bộ)",
        )

    def handle(self, *args, head=False, **options):
        stored = AuditChainHead.objects.filter(pk=1).values_list("hash", flat=True).first()
        broken, count, last = find_break(chain_rows(CHUNK), stored)
        if broken:
            row = broken.record
            raise CommandError(
                f"Chuỗi nhật ký bị đứt tại bản ghi #{row['id']} ({_when(row)}, {row['action']}) "
                f"sau {count} bản ghi nguyên vẹn. {broken.reason}"
                if row
                else broken.reason
            )
        self.stdout.write(f"Chuỗi nhật ký toàn vẹn: {count} bản ghi.")
        if head:
            if last:
                self.stdout.write(
                    f"Mã băm mới nhất: {last['hash']} (bản ghi #{last['id']}, {_when(last)})."
                )
            else:
                self.stdout.write("Chưa có bản ghi nào: chưa có mã băm để công bố.")
