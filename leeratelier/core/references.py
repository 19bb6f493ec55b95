"""Every reference to a row of the shared vocabulary, found from the model relations themselves.

Editors keep themes, werkplaatsen, municipalities and working ingredients in the admin. Two
things need to know what points at an entry: the inspect view ("used by 3 practices") with the
refusal to delete an entry in use, and merging (two municipalities become one on 1 January, one
working ingredient was written two ways). Both ask Django's model meta for the relations that
point at the model, so a component that adds a foreign key to a theme is covered without being
named here (the core names no app).

``repoint(old, new)`` moves every reference in one transaction: foreign keys, many-to-many rows
(without duplicates when a page already had both), the child rows of a cluster (a practice's
ingredient tags), the page revisions (a draft saved before the merge would otherwise bring the
old entry back when it is published) and the search index of what moved.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from modelcluster.fields import ParentalKey
from wagtail.models import Page, Revision, RevisionMixin
from wagtail.search import index

from . import pagecache

MAX_EXAMPLES = 10


@dataclass
class Reference:
    """One kind of thing that can point at an entry of ``target``."""

    target: type
    owner: type  # the model whose rows point (a page type, Case, a tag's through model ...)
    field: models.Field  # the FK or M2M field on ``owner`` (or on ``through``)
    through: type | None = None  # for many-to-many: the row model holding the pairs
    parent_key: models.Field | None = None  # for cluster children: the ParentalKey to the parent
    # A tag's through row is only a pair: after a merge, a second pair for the same page goes.
    pairs_only: bool = False

    @property
    def shown_model(self):
        """What an editor counts: the parent of a cluster child (a practice, not its tag row)."""
        return self.parent_key.related_model if self.parent_key else self.owner

    def _through_fields(self):
        target_fk = next(f for f in self.through._meta.fields if f.is_relation and f.related_model is self.target)
        owner_fk = next(
            f
            for f in self.through._meta.fields
            if f.is_relation and f.related_model is self.owner and f is not target_fk
        )
        return target_fk, owner_fk

    def owner_ids(self, obj):
        """Primary keys of the rows of ``shown_model`` that point at ``obj``."""
        if self.through:
            target_fk, owner_fk = self._through_fields()
            rows = self.through._default_manager.filter(**{target_fk.name: obj})
            return rows.values_list(owner_fk.attname, flat=True).distinct()
        rows = self.owner._default_manager.filter(**{self.field.name: obj})
        if self.parent_key:
            return rows.values_list(self.parent_key.attname, flat=True).distinct()
        return rows.values_list("pk", flat=True)

    def repoint(self, old, new):
        """Move this kind of reference from ``old`` to ``new``; returns the moved owners' ids."""
        moved = list(self.owner_ids(old))
        if self.through:
            target_fk, owner_fk = self._through_fields()
            rows = self.through._default_manager
            has_new = rows.filter(**{target_fk.name: new}).values_list(owner_fk.attname, flat=True)
            rows.filter(**{target_fk.name: old, f"{owner_fk.attname}__in": has_new}).delete()
            rows.filter(**{target_fk.name: old}).update(**{target_fk.name: new})
        elif self.pairs_only:
            rows = self.owner._default_manager
            has_new = rows.filter(**{self.field.name: new}).values_list(self.parent_key.attname, flat=True)
            rows.filter(**{self.field.name: old, f"{self.parent_key.attname}__in": has_new}).delete()
            rows.filter(**{self.field.name: old}).update(**{self.field.name: new})
        else:
            self.owner._default_manager.filter(**{self.field.name: old}).exclude(pk=new.pk).update(
                **{self.field.name: new}
            )
        self._repoint_revisions(old.pk, new.pk)
        return moved

    def _repoint_revisions(self, old_pk, new_pk):
        revisable = self.shown_model
        if not issubclass(revisable, RevisionMixin):
            return
        content_type = ContentType.objects.get_for_model(revisable)
        for revision in Revision.objects.filter(content_type=content_type).iterator():
            if self._rewrite(revision.content, old_pk, new_pk):
                Revision.objects.filter(pk=revision.pk).update(content=revision.content)

    def _rewrite(self, content, old_pk, new_pk):
        """Replace ``old_pk`` by ``new_pk`` in one revision's serialised content; True if changed."""
        if self.parent_key:
            children = content.get(self.parent_key.remote_field.related_name)
            if not isinstance(children, list):
                return False
            name = self.field.name
            if not any(child.get(name) == old_pk for child in children):
                return False
            has_new = self.pairs_only and any(child.get(name) == new_pk for child in children)
            content[self.parent_key.remote_field.related_name] = [
                {**child, name: new_pk} for child in children if child.get(name) != old_pk or not has_new
            ]
            return True
        value = content.get(self.field.name)
        if self.through:
            if not isinstance(value, list) or old_pk not in value:
                return False
            content[self.field.name] = list(dict.fromkeys(new_pk if pk == old_pk else pk for pk in value))
            return True
        if value == old_pk:
            content[self.field.name] = new_pk
            return True
        return False


@dataclass
class Usage:
    label: str
    count: int
    examples: list = field(default_factory=list)  # (title, admin url) of pages; nothing private


def references_to(model):
    """Every kind of reference to ``model``, hidden relations (``related_name="+"``) included."""
    found = []
    explicit_throughs = set()
    relations = [
        rel
        for rel in model._meta.get_fields(include_hidden=True)
        if rel.is_relation and rel.auto_created and not rel.concrete
    ]
    for rel in relations:
        if isinstance(rel, models.ManyToManyRel):
            through = rel.through
            if through._meta.auto_created:
                found.append(Reference(model, rel.related_model, rel.field, through=through))
            else:  # e.g. a taggit manager: its through model's own foreign key is the reference
                explicit_throughs.add(through)
    for rel in relations:
        if isinstance(rel, models.ManyToOneRel) and not isinstance(rel, models.ManyToManyRel):
            owner = rel.related_model
            if owner._meta.auto_created:
                continue  # the row model of a many-to-many found above
            if isinstance(rel.field, ParentalKey):
                continue  # a child of the entry itself, not a reference to it
            parent_key = next((f for f in owner._meta.fields if isinstance(f, ParentalKey)), None)
            found.append(
                Reference(model, owner, rel.field, parent_key=parent_key, pairs_only=owner in explicit_throughs)
            )
    return found


def usage(obj):
    """What uses ``obj``, per kind: counts, and up to ten page titles with their edit link.
    Other rows (cases, say) are only counted: the admin shows no private titles."""
    from django.urls import reverse

    result = []
    for ref in references_to(type(obj)):
        ids = list(ref.owner_ids(obj))
        if not ids:
            continue
        shown = ref.shown_model
        examples = []
        if issubclass(shown, Page):
            for page in shown._default_manager.filter(pk__in=ids[:MAX_EXAMPLES]).select_related("locale"):
                title = f"{page.title} ({page.locale.language_code})"
                examples.append((title, reverse("wagtailadmin_pages:edit", args=[page.pk])))
        elif shown is type(obj):
            examples = [(str(row), None) for row in shown._default_manager.filter(pk__in=ids[:MAX_EXAMPLES])]
        label = f"{shown._meta.verbose_name_plural} ({ref.field.verbose_name})"
        result.append(Usage(str(label), len(set(ids)), examples))
    return result


def is_used(obj):
    return any(ref.owner_ids(obj).exists() for ref in references_to(type(obj)))


def repoint(old, new):
    """Move every reference from ``old`` to ``new`` in one transaction (see the module notes).
    Returns the number of rows (pages, cases ...) that now point at ``new``."""
    if old.pk == new.pk or type(old) is not type(new):
        raise ValueError("repoint needs two different entries of one model")
    moved_total = 0
    with transaction.atomic():
        for ref in references_to(type(old)):
            moved = ref.repoint(old, new)
            moved_total += len(set(moved))
            shown = ref.shown_model
            if moved and issubclass(shown, index.Indexed) and shown is not type(old):
                ids = list(moved)
                transaction.on_commit(lambda shown=shown, ids=ids: _reindex(shown, ids))
        pagecache.invalidate()
    return moved_total


def _reindex(model, ids):
    for obj in model._default_manager.filter(pk__in=ids):
        index.insert_or_update_object(obj)
