"""Store again the points and flags every list sorts on (after an upgrade that changed a rule, or
a change outside the services, e.g. last year's recognition reopened)."""

from django.core.management.base import BaseCommand

from edudx.assessments.models import SelfAssessment
from edudx.assessments.standing import refresh


class Command(BaseCommand):
    help = "Store the self-assessed points and review flags of every self-assessment again."

    def handle(self, *args, **options):
        n = refresh(SelfAssessment.objects.values_list("pk", flat=True))
        self.stdout.write(f"{n} self-assessments refreshed")
