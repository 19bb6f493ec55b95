"""The secret address of a person's own calendar feed.

Calendar apps fetch a subscribed feed without cookies, so the feed URL itself must prove who
is asking: it carries a long random token, one per person. Renewing replaces the token, so an
address that leaked stops working at once."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_BYTES = 32  # 43 URL-safe characters: not guessable


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


class CalendarFeedToken(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="calendar_feed_token"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")

    def __str__(self):
        return str(self.user)

    @classmethod
    def for_user(cls, user):
        return cls.objects.get_or_create(user=user)[0]

    @classmethod
    def renew(cls, user):
        """Give the person a new token; the old address answers 404 from now on."""
        feed_token, created = cls.objects.get_or_create(user=user)
        if not created:
            feed_token.token = new_token()
            feed_token.created_at = timezone.now()
            feed_token.save(update_fields=["token", "created_at"])
        return feed_token
