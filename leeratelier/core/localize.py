"""Programmatic translations through wagtail-localize (used by the demo and tests).

``translate(instance, language, strings)`` creates or updates the wagtail-localize Translation of a
page or snippet, fills every source segment from ``strings`` (a dict of Dutch source text to
translated text) and saves the target. Editors then see a normal, synced wagtail-localize
translation in the admin. A segment without an entry in ``strings`` is an error, so demo content
never ships half-translated pages by accident.
"""

from django.db import transaction
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource


class MissingStrings(LookupError):
    pass


@transaction.atomic
def translate(instance, language, strings, publish=True):
    locale = Locale.objects.get(language_code=language)
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    source.update_from_db()
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    missing = [segment.string.data for segment in segments if segment.string.data not in strings]
    if missing:
        raise MissingStrings(f"No {language} text for: {missing!r}")
    for segment in segments:
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": strings[segment.string.data]},
        )
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    translation.save_target(publish=publish)
    return instance.get_translation(locale)
