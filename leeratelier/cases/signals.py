"""What moves the case library's generations on (cases.library, core.generations): every case,
reflection (a row counts them) and pseudonym saved or deleted moves its atelier's on; a person
renamed or deleted moves the names' on (a row shows its author's name, or "a former member").
And what moves a case page's own generation on (cases.kept): its attachments, meeting
discussions, similar cases opened from it and the themes, methods and practices it names (these
also move the search's on: the similar-cases panels of other cases count them).
Signals rather than calls in the services, because these change outside them too: in the
moderation, an account's deletion (pseudonyms go, cases keep no author) and the Django admin."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from leeratelier.core import generations
from search.cache import GENERATION as SEARCH_GENERATION

from . import kept
from .library import NAMES_GENERATION, library_generation
from .models import Attachment, Case, MeetingDiscussion, Pseudonym, Reflection, SimilarCaseOpened

# A person's fields a library row shows (leeratelier_tags.person_name).
NAME_FIELDS = {"first_name", "last_name", "username"}


@receiver(post_save, sender=Case, dispatch_uid="cases-library-case-saved")
@receiver(post_delete, sender=Case, dispatch_uid="cases-library-case-deleted")
@receiver(post_save, sender=Pseudonym, dispatch_uid="cases-library-pseudonym-saved")
@receiver(post_delete, sender=Pseudonym, dispatch_uid="cases-library-pseudonym-deleted")
def atelier_changed(sender, instance, **kwargs):
    generations.bump(library_generation(instance.atelier_key))


@receiver(post_save, sender=Reflection, dispatch_uid="cases-library-reflection-saved")
@receiver(post_delete, sender=Reflection, dispatch_uid="cases-library-reflection-deleted")
def reflection_changed(sender, instance, **kwargs):
    if Reflection.case.is_cached(instance):
        atelier_key = instance.case.atelier_key
    else:
        # One small query; none when the case itself is being deleted (its own signal moves it on).
        atelier_key = Case.objects.filter(pk=instance.case_id).values_list("atelier_key", flat=True).first()
    if atelier_key is not None:
        generations.bump(library_generation(atelier_key))


@receiver(post_save, sender=get_user_model(), dispatch_uid="cases-library-person-saved")
def person_saved(sender, instance, created, update_fields=None, **kwargs):
    """Signing in saves ``last_login`` only: that changes no name."""
    if not created and (update_fields is None or NAME_FIELDS & set(update_fields)):
        generations.bump(NAMES_GENERATION)


@receiver(post_delete, sender=get_user_model(), dispatch_uid="cases-library-person-deleted")
def person_deleted(sender, instance, **kwargs):
    generations.bump(NAMES_GENERATION)


@receiver(post_save, sender=Attachment, dispatch_uid="cases-page-attachment-saved")
@receiver(post_delete, sender=Attachment, dispatch_uid="cases-page-attachment-deleted")
@receiver(post_save, sender=MeetingDiscussion, dispatch_uid="cases-page-discussion-saved")
@receiver(post_delete, sender=MeetingDiscussion, dispatch_uid="cases-page-discussion-deleted")
def case_part_changed(sender, instance, **kwargs):
    generations.bump(kept.generation(instance.case_id))


@receiver(post_save, sender=SimilarCaseOpened, dispatch_uid="cases-page-opened-saved")
@receiver(post_delete, sender=SimilarCaseOpened, dispatch_uid="cases-page-opened-deleted")
def similar_case_opened(sender, instance, **kwargs):
    generations.bump(kept.generation(instance.from_case_id))


def case_links_changed(sender, instance, action, pk_set=None, **kwargs):
    """A case's themes, methods or practices were set (``instance`` a case), or cases were added
    to or removed from a theme, method or practice (``pk_set`` the cases; a clear from that side
    names none, and moves only the search's on)."""
    if not action.startswith("post_"):
        return
    cases = [instance.pk] if isinstance(instance, Case) else list(pk_set or ())
    generations.bump(SEARCH_GENERATION, *(kept.generation(pk) for pk in cases))


for field in ("themes", "methods", "practices"):
    m2m_changed.connect(
        case_links_changed, sender=getattr(Case, field).through, dispatch_uid=f"cases-page-{field}-changed"
    )
