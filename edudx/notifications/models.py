"""In-app notifications (the same message is also e-mailed) and the reminders already sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submission received")
    RETURNED = "returned", _("Submission returned")
    EVALUATION_ASSIGNED = "evaluation_assigned", _("Evaluation assigned")
    RECOGNISED = "recognised", _("Results recognised")
    PUBLISHED = "published", _("Results published")
    REMINDER = "reminder", _("Deadline reminder")


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(
        _("type of notification"), max_length=30, choices=NotificationKind.choices
    )
    title = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)  # a path on this site
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class SentReminder(models.Model):
    """A deadline reminder already sent for one participation: the constraint makes the command
    idempotent — the same reminder (deadline, due date, days before) is never sent twice. Keyed by
    the participation, since an institution that has not started has no assessment row yet."""

    participation = models.ForeignKey(
        "assessments.Participation", on_delete=models.CASCADE, related_name="+"
    )
    deadline = models.CharField(max_length=30)  # "self_assessment_due"
    due_date = models.DateField()
    days = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "deadline", "due_date", "days"],
                name="sent_reminder_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participation_id} {self.deadline} {self.due_date} -{self.days}"
