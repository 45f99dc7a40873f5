"""Walk every stream of the audit chain and say where each first breaks. Run it on a schedule;
with --head it also prints one digest over the newest hash of every stream, to be published (the
yearly report, an e-mail to the ministry) so that even a rewrite of a whole stream by someone with
database access becomes visible."""

from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from edudx.core.audit import GENESIS, STREAMS, Break, find_break, heads_digest
from edudx.core.models import AuditChainHead, AuditRecord

CHUNK = 2000
FIELDS = ("id", "at", "actor_id", "action", "object_type", "object_id", "object_repr")
FIELDS += ("before", "after", "note", "prev_hash", "hash")


def stream_rows(stream: int, chunk: int) -> Iterator[dict]:
    """The records of one stream, oldest first, read a chunk at a time by id through the
    (stream, id) index (constant memory, no server-side cursor). Writers take ids under their
    stream's lock, so within a stream id order is chain order."""
    last_id = 0
    records = AuditRecord.objects.filter(stream=stream).order_by("id").values(*FIELDS)
    while rows := list(records.filter(id__gt=last_id)[:chunk]):
        yield from rows
        last_id = rows[-1]["id"]


def _when(row) -> str:
    return f"{timezone.localtime(row['at']):%d/%m/%Y %H:%M:%S}"


def _describe(stream: int, broken: Break, count: int) -> str:
    row = broken.record
    if not row:
        return f"Luồng {stream}: {broken.reason}"
    return (
        f"Luồng {stream}: chuỗi bị đứt tại bản ghi #{row['id']} ({_when(row)}, {row['action']}) "
        f"sau {count} bản ghi nguyên vẹn. {broken.reason}"
    )


class Command(BaseCommand):
    help = (
        "Kiểm tra chuỗi nhật ký thay đổi, từng luồng một: mỗi bản ghi phải khớp mã băm của chính "
        "nó và nối vào bản ghi liền trước của luồng. Báo bản ghi đầu tiên bị sửa, bị xóa hoặc bị "
        "chèn của mỗi luồng (mã thoát 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--head",
            action="store_true",
            help="sau khi kiểm tra, in mã băm đầu chuỗi để công bố (báo cáo năm, thư gửi Bộ)",
        )

    def handle(self, *args, head=False, **options):
        # Read before the walk: a head written meanwhile would point past the records walked.
        stored = dict(AuditChainHead.objects.values_list("stream", "hash"))
        problems, total, newest = [], 0, []
        for stream in range(STREAMS):
            broken, count, last = find_break(stream_rows(stream, CHUNK), stored.get(stream))
            total += count
            newest.append(last)
            if broken:
                problems.append(_describe(stream, broken, count))
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(f"Chuỗi nhật ký toàn vẹn: {total} bản ghi ({STREAMS} luồng).")
        if not head:
            return
        if not total:
            self.stdout.write("Chưa có bản ghi nào: chưa có mã băm để công bố.")
            return
        digest = heads_digest([last.get("hash", GENESIS) for last in newest])
        self.stdout.write(
            f"Mã băm đầu chuỗi để công bố: {digest} ({total} bản ghi, "
            f"{timezone.localtime():%d/%m/%Y %H:%M:%S})."
        )
        # Without these the digest could not be recomputed later, once the streams have grown.
        ids = " ".join(str(last.get("id", 0)) for last in newest)
        self.stdout.write(f"Bản ghi đầu của luồng 0 đến {STREAMS - 1} (0: luồng trống): {ids}")
