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


class LoginDelay(models.Model):
    """Failed log-ins of one account, however it was typed and from any address (rule 6). A row,
    not process memory or a local cache: every application server must see the same count."""

    key = models.CharField(max_length=254, unique=True)  # backends.lockout_username
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()
    wait_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("log-in delay")
        verbose_name_plural = _("log-in delays")

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"


class PasswordResetRequest(models.Model):
    """One accepted password-reset request, counted per e-mail and per client address over the
    last hour (rule 6); rows older than that are deleted as new ones come."""

    email = models.CharField(max_length=254, db_index=True)  # lower-cased as typed
    address = models.CharField(max_length=45, db_index=True)
    requested_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.email} ({self.address}) {self.requested_at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A key an integrator's software sends as `Authorization: Bearer <key>`. It acts as the
    person who issued it, narrowed to one unit's subtree and, when read-only, to reading. Only a
    SHA-256 digest is kept (the key is shown once); the request counter of the current minute is
    on the row, so every application server counts the same requests."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    read_only = models.BooleanField(_("read only"), default=True)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    window_start = models.DateTimeField(null=True, blank=True)
    window_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
