"""Set-up steps of the core: the languages, the shared vocabulary of the domain (the three
werkplaatsen with their universities, the themes) and the groups. The home page, the about page
and the accessibility statement are the home app's (``home/setup.py``). See ``sitesetup`` for the
rules every step follows (make what is missing, never overwrite an editor's work)."""

from django.conf import settings
from wagtail.models import Locale, Page

from .models import Municipality, Theme, Werkplaats
from .sitesetup import (
    register_step,
)

WERKPLAATSEN = [
    ("Werkplaats Sociaal Domein Utrecht", "HU", "Hogeschool Utrecht", "Utrecht"),
    ("Werkplaats Sociaal Domein Arnhem Nijmegen (WSDAN)", "HAN", "Hogeschool van Arnhem en Nijmegen", "Gelderland"),
    ("Werkplaats Sociaal Domein Limburg", "Zuyd", "Zuyd Hogeschool", "Limburg"),
]

THEMES = [
    ("armoede", "Armoede", "Poverty"),
    ("betekenisvol-contact-in-de-wijk", "Betekenisvol contact in de wijk", "Meaningful contact in the neighbourhood"),
    ("jongeren", "Jongeren", "Young people"),
    ("inclusie-en-participatie", "Inclusie en participatie", "Inclusion and participation"),
    ("sociale-duurzame-praktijken", "Sociale duurzame praktijken", "Socially sustainable practices"),
    ("waardig-werken-en-meedoen", "Waardig werken en meedoen", "Dignified work and taking part"),
    ("impact-en-verantwoording", "Impact en verantwoording", "Impact and accountability"),
]


@register_step(0)
def languages(context):
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


@register_step(1)
def vocabulary(context):
    """The werkplaatsen and themes named in the domain, each made once: an editor may rename or
    extend them in the admin (Woordenlijsten), and a later run adds only what is missing."""
    made = 0
    for name, university, university_name, region in WERKPLAATSEN:
        _werkplaats, created = Werkplaats.objects.get_or_create(
            name=name,
            defaults={"university": university, "university_name": university_name, "region": region},
        )
        made += created
    nl, en = Locale.objects.get(language_code="nl"), Locale.objects.get(language_code="en")
    for slug, name_nl, name_en in THEMES:
        theme, created = Theme.objects.get_or_create(locale=nl, slug=slug, defaults={"name": name_nl})
        made += created
        if theme.get_translation_or_none(en) is None:
            english = theme.copy_for_translation(en)
            english.name, english.slug = name_en, slug
            english.save()
            made += 1
    if made:
        context.created.append(f"vocabulary ({made} entries)")
    context.say(f"Vocabulary: {len(WERKPLAATSEN)} werkplaatsen, {len(THEMES)} themes in nl and en.")


# --- groups -----------------------------------------------------------------------------------

EDITORS = "Editors"
MODERATORS = "Moderators"
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"]
MEDIA_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "delete_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "delete_document", "choose_document"],
}
VOCABULARY_MODELS = [Theme, Werkplaats, Municipality]


def grant_model_permissions(group, models, actions=("add", "change", "delete", "view")):
    """Django's model permissions on ``models`` for ``group`` (the snippet views check these)."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    for model in models:
        content_type = ContentType.objects.get_for_model(model)
        codenames = [f"{action}_{model._meta.model_name}" for action in actions]
        group.permissions.add(*Permission.objects.filter(content_type=content_type, codename__in=codenames))


@register_step(60)
def groups(context):
    """Editors keep the pages (both language trees), images and documents, and the vocabulary;
    moderators only review practices (the pioneers' step gives them the workflow task). Both may
    use the Wagtail admin. Only what is missing is added: permissions an administrator took away
    in the admin on purpose come back on the next run, so remove a group member instead."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    # Made by wagtailadmin's first migration (so a flushed database lacks it): made again here.
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    editors, made_editors = Group.objects.get_or_create(name=EDITORS)
    moderators, made_moderators = Group.objects.get_or_create(name=MODERATORS)
    for group in (editors, moderators):
        group.permissions.add(access_admin)
    root_page = Page.get_first_root_node()
    for permission in Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS):
        GroupPagePermission.objects.get_or_create(group=editors, page=root_page, permission=permission)
    root_collection = Collection.get_first_root_node()
    for app_label, codenames in MEDIA_PERMISSIONS.items():
        for permission in Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames):
            GroupCollectionPermission.objects.get_or_create(
                group=editors, collection=root_collection, permission=permission
            )
    grant_model_permissions(editors, VOCABULARY_MODELS)
    # The organisation's details (Settings > Site settings): a generic setting is edited with
    # "change"; there is one row, nobody adds or deletes it.
    from .models import SiteSettings

    grant_model_permissions(editors, [SiteSettings], actions=("change",))
    # Translating pages and the vocabulary into English (wagtail-localize's "Translate" button)
    # needs "submit translation"; its migration hangs it on a made-up content type and gives it to
    # Moderators too, who review practices only. Made again here, like access_admin.
    translation_type, _ = ContentType.objects.get_or_create(app_label="wagtail_localize", model="translation")
    submit_translation, _ = Permission.objects.get_or_create(
        content_type=translation_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    editors.permissions.add(submit_translation)
    # Wagtail's first migration gives Moderators page and media permissions and makes them the
    # reviewers of every page ("Moderators approval" on the root). Here moderators review
    # practices only, so the site's pages are the editors' alone.
    from wagtail.models import GroupApprovalTask

    removed, _ = GroupPagePermission.objects.filter(group=moderators, page=root_page).delete()
    removed += GroupCollectionPermission.objects.filter(group=moderators, collection=root_collection).delete()[0]
    if moderators.permissions.filter(pk=submit_translation.pk).exists():
        moderators.permissions.remove(submit_translation)
        removed += 1
    for task in GroupApprovalTask.objects.filter(groups=moderators).exclude(name__icontains="practice"):
        if list(task.groups.all()) == [moderators]:
            task.groups.set([editors])
            removed += 1
    if removed:
        context.updated.append(f"{MODERATORS} (practices only)")
    context.created += [name for name, made in ((EDITORS, made_editors), (MODERATORS, made_moderators)) if made]
