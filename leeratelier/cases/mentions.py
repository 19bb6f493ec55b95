"""Mentioning fellow members by name in a reflection: ``@Voornaam Achternaam``.

The syntax is the one people already use in email and chat: an at sign and the person's name
as the platform shows it (first and last name, any letter case). A name is matched only against
the active members of the case's atelier, longest name first, so ``@Anna de Vries`` finds Anna
de Vries and not an Anna. Anything else after an ``@`` stays plain text: mentioning someone who
is not a member links nothing, tells nobody and looks exactly like mentioning a name that
exists nowhere (no leak of who is on the platform).

Each person is recorded once per reflection (``Mention``); the component's event
``member_mentioned`` is sent after the commit for each new mention, so an edit that keeps a
mention tells nobody again. The link to the profile is made when the page is shown, for readers
who may see that profile (``people_policy.can_view_profile``): the stored HTML never holds it.
"""

import re

from django.db import transaction
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from leeratelier.accounts import policy as people_policy

from .events import member_mentioned
from .models import Mention, Reflection

MAX_MENTIONS = 20  # per reflection: more is a list of names, not a conversation
NAME_WORDS = 5  # "Anna van der Berg-Jansen" and the like
_WORD = r"[^\W\d_][\w'’\-]*"
_CANDIDATE = re.compile(rf"(?<![\w@])@({_WORD}(?:[ \u00a0]+{_WORD}){{0,{NAME_WORDS - 1}}})")


def _full_name(user):
    return " ".join(f"{user.first_name} {user.last_name}".split())


def members_named(atelier_key, text):
    """The atelier's active members mentioned in ``text``: [user], in order of appearance, each
    once. One query, limited to members whose first name follows an ``@``."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from leeratelier.ateliers.models import Membership

    candidates = [match.group(1) for match in _CANDIDATE.finditer(text or "")]
    if not candidates:
        return []
    first_words = {candidate.split()[0].casefold() for candidate in candidates}
    members = (
        Membership.objects.active()
        .filter(atelier_key=atelier_key)
        .exclude(suspended_at__isnull=False, suspension_blocks_reading=True)
        .values("user_id")
    )
    by_first = Q()
    for word in first_words:
        by_first |= Q(first_name__iexact=word) | Q(first_name__istartswith=word + " ")
    people = list(
        get_user_model().objects.filter(pk__in=members, is_active=True).filter(by_first).exclude(last_name="")
    )
    names = sorted(((_full_name(user).casefold(), user) for user in people), key=lambda pair: -len(pair[0]))
    found, seen = [], set()
    for candidate in candidates:
        spoken = " ".join(candidate.split()).casefold()
        for name, user in names:
            if (spoken == name or spoken.startswith(name + " ")) and user.pk not in seen:
                seen.add(user.pk)
                found.append(user)
                break
    return found[:MAX_MENTIONS]


def record_mentions(reflection, by):
    """Record the members the reflection mentions and, after the commit, send
    ``member_mentioned`` once for each person not mentioned in it before (never for the
    author). Call inside the transaction that saves the reflection."""
    atelier_key = reflection.case.atelier_key
    mentioned = [user for user in members_named(atelier_key, reflection.body) if user.pk != by.pk]
    if not mentioned:
        return []
    known = set(Mention.objects.filter(reflection=reflection).values_list("user_id", flat=True))
    new = [user for user in mentioned if user.pk not in known]
    Mention.objects.bulk_create([Mention(reflection=reflection, user=user) for user in new], ignore_conflicts=True)
    for user in new:
        transaction.on_commit(
            lambda user=user: member_mentioned.send(sender=Reflection, post=reflection, user=user, by=by)
        )
    return new


def profile_url(user):
    return reverse("people:profile", args=[user.pk])


def attach_linked_bodies(reflections, reader):
    """Set ``linked_html`` on reflections that mention someone the reader may see: the body with
    each such ``@Name`` turned into a link to the profile. Two queries for a page of reflections
    (the mentions with their people, and those people's ateliers)."""
    from leeratelier.ateliers.models import Membership

    shown = [r for r in reflections if getattr(r, "show_body", True) and not r.is_removed]
    if not shown or not reader.is_authenticated:
        return reflections
    by_reflection = {}
    for mention in Mention.objects.filter(reflection__in=shown).select_related("user"):
        by_reflection.setdefault(mention.reflection_id, []).append(mention.user)
    if not by_reflection:
        return reflections
    people = {user.pk: user for users in by_reflection.values() for user in users}
    keys = {}
    rows = (
        Membership.objects.active()
        .filter(user_id__in=list(people))
        .values_list("user_id", "atelier_key", "suspended_at", "suspension_blocks_reading")
    )
    for user_id, key, suspended_at, blocks in rows:
        if not (suspended_at and blocks):
            keys.setdefault(user_id, set()).add(key)
    visible = {
        pk
        for pk, user in people.items()
        if user.is_active and (pk == reader.pk or people_policy.shared_atelier_keys(reader, keys.get(pk, ())))
    }
    for reflection in shown:
        users = [user for user in by_reflection.get(reflection.pk, []) if user.pk in visible]
        if users:
            reflection.linked_html = link_mentions(reflection.body_html, users)
    return reflections


_TAG = re.compile(r"(<[^>]+>)")


def link_mentions(html, users):
    """Turn ``@Full Name`` in the text of sanitised HTML into profile links; text inside an
    existing link, and tags and attributes, are left alone. One pattern for all names, longest
    first, so a link is never made inside another."""
    ordered = sorted(users, key=lambda user: -len(_full_name(user)))
    by_name = {" ".join(escape(_full_name(user)).split()).casefold(): user for user in ordered}
    alternatives = "|".join(
        r"[ \u00a0]+".join(re.escape(escape(word)) for word in _full_name(user).split()) for user in ordered
    )
    pattern = re.compile(r"(?<![\w@])@(" + alternatives + r")(?![\w'’\-])", re.IGNORECASE)

    def link(match):
        user = by_name.get(" ".join(match.group(1).replace("\u00a0", " ").split()).casefold())
        if user is None:
            return match.group(0)
        return f'<a class="mention" href="{escape(profile_url(user))}">{match.group(0)}</a>'

    parts = _TAG.split(html)
    inside_link = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            lowered = part.lower()
            if lowered.startswith("<a ") or lowered == "<a>":
                inside_link += 1
            elif lowered.startswith("</a"):
                inside_link = max(inside_link - 1, 0)
            continue
        if not inside_link and "@" in part:
            parts[index] = pattern.sub(link, part)
    return mark_safe("".join(parts))
