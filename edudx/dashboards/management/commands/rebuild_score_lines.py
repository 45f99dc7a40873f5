"""Rewrite the dashboards' summary rows from the assessments (after an upgrade that adds them,
or to check they are in step)."""

from django.core.management.base import BaseCommand

from edudx.dashboards.lines import rebuild


class Command(BaseCommand):
    help = "Rewrite the dashboards' summary rows and their per-authority roll-up."

    def handle(self, *args, **options):
        n = rebuild()
        self.stdout.write(f"{n} dòng tổng hợp đã được ghi lại.")
