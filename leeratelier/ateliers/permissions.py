"""Wagtail admin access for coordinators.

Memberships decide who coordinates an atelier (``leeratelier.core.access``); the Wagtail admin
decides with groups and page permissions. This module keeps one Wagtail group per atelier in step
with the atelier's active coordinators (``signals.py`` calls ``sync_coordinator_group`` whenever a
membership or a language version of the atelier page changes), so the admin grants what the access
function grants: adding, editing and publishing pages inside the atelier, in every language tree
(the Dutch page and its translations), and uploading and choosing images and documents (speaker
photos, slides) in the atelier's own collection. Coordinators never get ``is_staff``: Wagtail only
needs ``wagtailadmin.access_admin``.

The group and the collection are found by the atelier's short key in their names: titles change,
and neither model has room for a reference to the atelier.
"""

import uuid

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.text import Truncator
from wagtail import hooks
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from leeratelier.core import access

from .models import AtelierPage, Membership

GROUP_PREFIX = "Coordinators: "
ADMIN_PERMISSION = ("wagtailadmin", "access_admin")
PAGE_PERMISSIONS = [("wagtailcore", "add_page"), ("wagtailcore", "change_page"), ("wagtailcore", "publish_page")]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]


def short_key(translation_key):
    """Twelve hex digits of the atelier's translation key: unique enough, short enough to read."""
    return uuid.UUID(str(translation_key)).hex[:12]


def _name(prefix, title, translation_key, max_length):
    suffix = f" ({short_key(translation_key)})"
    return prefix + Truncator(title).chars(max_length - len(prefix) - len(suffix)) + suffix


def coordinator_group(translation_key):
    """The Wagtail group of an atelier's coordinators, or None before it is made."""
    return Group.objects.filter(name__startswith=GROUP_PREFIX, name__endswith=f"({short_key(translation_key)})").first()


def atelier_collection(translation_key, title):
    """The atelier's own collection for images and documents, made (or renamed) on demand."""
    root = Collection.get_first_root_node()
    name = _name("", title, translation_key, Collection._meta.get_field("name").max_length)
    collection = root.get_children().filter(name__endswith=f"({short_key(translation_key)})").first()
    if collection is None:
        return root.add_child(name=name)
    if collection.name != name:
        collection.name = name
        collection.save(update_fields=["name"])
    return collection


def _permissions(wanted):
    query = Q()
    for app_label, codename in wanted:
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = Permission.objects.filter(query).select_related("content_type")
    return {(permission.content_type.app_label, permission.codename): permission for permission in found}


@transaction.atomic
def sync_coordinator_group(translation_key):
    """Bring the group of one atelier in line with the database: its name, its permissions on
    every language version of the atelier page and on the atelier's collection, and its users
    (the atelier's active coordinators). Idempotent; deletes the group once the atelier's pages
    are all gone (the collection stays: its files may still be linked elsewhere)."""
    versions = list(AtelierPage.objects.filter(translation_key=translation_key).order_by("pk"))
    group = coordinator_group(translation_key)
    if not versions:
        if group is not None:
            group.delete()
        return None
    original = versions[0]
    name = _name(GROUP_PREFIX, original.title, translation_key, Group._meta.get_field("name").max_length)
    if group is None:
        group = Group.objects.create(name=name)
    elif group.name != name:
        group.name = name
        group.save(update_fields=["name"])

    permissions = _permissions([ADMIN_PERMISSION, *PAGE_PERMISSIONS, *COLLECTION_PERMISSIONS])
    group.permissions.add(permissions[ADMIN_PERMISSION])
    for page in versions:
        for wanted in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permissions[wanted])
    collection = atelier_collection(translation_key, original.title)
    for wanted in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permissions[wanted]
        )

    coordinators = Membership.objects.coordinators().filter(atelier_key=translation_key, user__is_active=True)
    group.user_set.set(coordinators.values_list("user_id", flat=True))
    return group


@hooks.register("construct_page_chooser_queryset")
def show_only_visible_pages_in_chooser(pages, request):
    """Wagtail's page chooser lists the whole tree to anyone in the admin. Coordinators are in the
    admin now, so the chooser shows them what the site would: no hidden ateliers of others."""
    return access.visible_pages(request.user, pages)


@hooks.register("before_delete_page")
def keep_atelier_pages_for_editors(request, page):
    """Edit permission on an atelier page would let its coordinators delete it (while it has no
    meetings); creating and removing ateliers is the site editors' work."""
    if isinstance(page, AtelierPage) and not access.is_editor(request.user):
        raise PermissionDenied


@hooks.register("before_bulk_action")
def keep_atelier_pages_for_editors_in_bulk(request, action_type, objects, action_class_instance):
    """The same rule for the page listing's bulk delete."""
    if action_type != "delete" or access.is_editor(request.user):
        return
    page_ids = [obj.pk for obj in objects if isinstance(obj, Page)]
    if AtelierPage.objects.filter(pk__in=page_ids).exists():
        raise PermissionDenied
