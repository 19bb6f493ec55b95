"""Programmatic translations through wagtail-localize (used by the demo and tests).

``translate(instance, language, strings)`` creates or updates the wagtail-localize Translation of a
page or snippet, fills every source segment from ``strings`` (a dict of Dutch source text to
translated text) and saves the target. Editors then see a normal, synced wagtail-localize
translation in the admin. A segment without an entry in ``strings`` is an error, so demo content
never ships half-translated pages by accident.
"""

from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource


class MissingStrings(LookupError):
    pass


def translate(instance, language, strings, publish=True):
    if transaction.get_connection().in_atomic_block:
        # wagtail-localize publishes the translated page in an on_commit hook from a revision
        # that holds the tree state of that moment; inside a longer transaction pages translated
        # later (its children) are then lost from the parent's child count. Own transaction only.
        raise RuntimeError("translate() must run outside a transaction")
    with transaction.atomic():
        return _translate(instance, language, strings, publish)


def _translate(instance, language, strings, publish):
    locale = Locale.objects.get(language_code=language)
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    source.update_from_db()
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    strings = dict(strings)
    title = getattr(instance, "title", None)
    if title in strings and getattr(instance, "slug", None) not in strings:
        # The slug follows the translated title unless the caller names one.
        strings[instance.slug] = slugify(strings[title]) if instance.depth > 2 else instance.slug
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
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale, defaults={"enabled": True})
    translation.save_target(publish=publish)
    return instance.get_translation(locale)
