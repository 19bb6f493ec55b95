"""Method experiences can be reported like posts (leeratelier.cases.moderation). They stand on
public method pages, outside any atelier, so the site editors decide (their queue)."""

from django.utils.translation import gettext_lazy as _


def _path(experience):
    from .models import MethodPage

    method = MethodPage.objects.live().filter(translation_key=experience.method_key).order_by("pk").first()
    return (method.localized.url if method else "/") + f"#experience-{experience.pk}"


def register():
    from leeratelier.cases.moderation import register_reportable

    from .models import MethodExperience

    register_reportable(
        "experience",
        MethodExperience,
        _("an experience with a method"),
        atelier_key_of=lambda experience: None,
        author_of=lambda experience: experience.author,
        can_report=lambda user, experience: bool(user and user.is_authenticated),
        path_of=_path,
    )


register()  # imported when the app is ready (its manifest's registers)
