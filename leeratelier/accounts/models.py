"""A person's profile: what others see next to their name, and the language we write to them in.

Kept beside Django's user model (one-to-one) rather than in a custom user model: the Wagtail
admin, allauth and the ateliers all work with the stock user, and the profile only adds display
fields. Every user has exactly one profile, made when the user is made (``signals.py``);
``profile_of`` also makes it for users that predate the profile or were loaded in bulk.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from leeratelier.core.models import Role

BIO_MAX_LENGTH = 600


def avatar_upload_to(profile, filename):
    """A random file name: the avatar's URL must not reveal whose photo it is or guessably
    lead to other people's photos. The extension comes from the re-encoded image."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"avatars/{secrets.token_hex(16)}.{extension}"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    bio = models.TextField(
        _("about me"),
        max_length=BIO_MAX_LENGTH,
        blank=True,
        help_text=_("A few sentences about your work, at most 600 characters."),
    )
    avatar = models.ImageField(_("photo"), upload_to=avatar_upload_to, blank=True)
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The municipality you work in (or for)."),
    )
    # Fellow members of a shared atelier can always open the profile (from a mention, say);
    # this only keeps it out of the ateliers' member directories.
    listed_in_directory = models.BooleanField(
        _("show me in the member directory of my ateliers"),
        default=True,
    )
    language = models.CharField(
        _("language for emails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()


def profile_of(user):
    """The user's profile, made on first use when it does not exist yet."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        profile, _created = Profile.objects.get_or_create(user=user)
        user.profile = profile
        return profile


def page_language():
    """The site language of the current request (for people we know no preference of yet)."""
    language = translation.get_language()
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class DataExportQuerySet(models.QuerySet):
    def expired(self, now):
        return self.filter(expires_at__lt=now)

    def recent(self, user, now, minutes=10):
        """Asked in the last few minutes: a second click (or a double submit) queues nothing new."""
        from datetime import timedelta

        return self.filter(user=user, requested_at__gte=now - timedelta(minutes=minutes)).exclude(
            status=DataExport.Status.FAILED
        )


class DataExport(models.Model):
    """A ZIP of everything the platform holds about a person (the right of access), built by a
    django-q2 job (``tasks.build_data_export``) and stored privately (``core.privacy.private_root``,
    outside MEDIA_ROOT). The download link is emailed and works, for the person only, until
    ``expires_at``; the retention job deletes the file and the row after that."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("link expires at"), null=True, blank=True)
    file_name = models.CharField(
        _("file"), max_length=200, blank=True, help_text=_("Relative to the private files directory.")
    )

    objects = DataExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Data export {self.pk}"

    @property
    def path(self):
        from leeratelier.core.privacy import private_root

        return private_root() / self.file_name if self.file_name else None

    def is_downloadable(self, now=None):
        now = now or timezone.now()
        return (
            self.status == self.Status.READY
            and self.expires_at is not None
            and now < self.expires_at
            and self.path is not None
            and self.path.is_file()
        )

    def delete_file(self):
        if self.path is not None and self.path.is_file():
            self.path.unlink()
