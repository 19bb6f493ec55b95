"""The toolbox's part in people's privacy rights (see leeratelier.core.privacy): the experiences
with methods a person left. Exported as written; on deletion they stay as by "a former member"
(the author becomes empty with the user row) unless the person asks to remove what they wrote,
in which case they are deleted: an experience is a single public post, with no thread to keep
readable."""

from django.utils.translation import gettext_lazy

from leeratelier.core.privacy import register_eraser, register_exporter

from .models import MethodExperience


@register_exporter("method_experiences", label=gettext_lazy("Your experiences with methods"))
def export_experiences(user):
    experiences = MethodExperience.objects.filter(author=user).order_by("created_at")
    return [
        {
            "method_key": experience.method_key,
            "atelier_key": experience.atelier_key,
            "created_at": experience.created_at,
            "text": experience.text,
        }
        for experience in experiences
    ], []


@register_eraser
def erase_experiences(user, keep_contributions):
    if not keep_contributions:
        MethodExperience.objects.filter(author=user).delete()
