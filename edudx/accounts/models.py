from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person. What they may see and do comes only from their role assignments."""

    phone = models.CharField(_("phone"), max_length=40, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set for accounts created with a generated password."),
    )

    def get_full_name(self) -> str:
        """Vietnamese order: family name first (Nguyễn Văn An)."""
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    """Roles are code (what each may do lives in permissions.py); who has them is data."""

    SYSTEM_ADMIN = "system_admin", _("System administrator")
    DEPARTMENT_ADMIN = "department_admin", _("Department administrator")
    AUTHORITY_OFFICER = "authority_officer", _("Authority officer (reviewer)")
    EVALUATION_MEMBER = "evaluation_member", _("Evaluation team member")
    INSTITUTION_HEAD = "institution_head", _("Head of institution")
    INSTITUTION_STAFF = "institution_staff", _("Institution staff / council member")
    VIEWER = "viewer", _("Read-only viewer")


class RoleAssignment(models.Model):
    """A user holds `role` on `unit` and everything under it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="role_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.unit_id}"
