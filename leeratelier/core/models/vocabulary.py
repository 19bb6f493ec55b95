"""The shared vocabulary of the social domain.

Tracks and roles are fixed by the domain (the magazine's three tracks of impact and the people
at the table), so they are choices in code with translated labels. Themes, werkplaatsen and
municipalities change over time, so editors keep them in the admin.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Track(models.TextChoices):
    """The three tracks of impact ("drie sporen") every case, method, meeting and practice can serve."""

    EFFICIENCY = "efficiency", _("Efficiency")
    MEANING = "meaning", _("Meaning-making")
    CRAFT = "craft", _("Craftsmanship")

    @property
    def description(self):
        return TRACK_DESCRIPTIONS[self]


TRACK_DESCRIPTIONS = {
    Track.EFFICIENCY: _(
        "Were the policy goals met and is public money well spent? Numbers, costs and results "
        "for public accountability."
    ),
    Track.MEANING: _(
        "Whose goals count and who has a voice in what impact is? Stories, narratives and the "
        "perspectives of everyone involved."
    ),
    Track.CRAFT: _("Learning and the professional's craft: doing the right thing, and doing it well."),
}


class Role(models.TextChoices):
    """The roles of the people who work on impact in the social domain."""

    CITIZEN = "citizen", _("Citizen or resident")
    EXPERIENCE_EXPERT = "experience_expert", _("Experience expert")
    SOCIAL_WORKER = "social_worker", _("Social worker or professional")
    SOCIAL_ENTREPRENEUR = "social_entrepreneur", _("Social entrepreneur")
    VOLUNTEER = "volunteer", _("Volunteer")
    POLICY_MAKER = "policy_maker", _("Policy maker or civil servant")
    EXECUTIVE = "executive", _("Executive or alderman")
    RESEARCHER = "researcher", _("Researcher or lecturer")
    STUDENT = "student", _("Student")


class Theme(TranslatableMixin, index.Indexed, models.Model):
    """A social theme (poverty, youth, inclusion ...) that ateliers, meetings and practices carry.
    Translatable, so the English site shows English theme names."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_theme_slug_per_locale"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """Two themes with one name or slug in one language confuse every filter. The admin form
        leaves ``locale`` out, so Django cannot check the constraint itself: checked here, with a
        message instead of a database error."""
        super().clean()
        locale_id = self.locale_id or self.get_default_locale().pk
        others = Theme.objects.filter(locale_id=locale_id).exclude(pk=self.pk)
        errors = {}
        if self.name and others.filter(name__iexact=self.name.strip()).exists():
            errors["name"] = _("A theme with this name already exists in this language.")
        if self.slug and others.filter(slug=self.slug).exists():
            errors["slug"] = _("A theme with this slug already exists in this language.")
        if errors:
            raise ValidationError(errors)


class Werkplaats(models.Model):
    """A regional Werkplaats Sociaal Domein and the university of applied sciences that runs it."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    university = models.CharField(_("university"), max_length=20, help_text=_("Short name, e.g. HU, HAN or Zuyd."))
    university_name = models.CharField(_("university, full name"), max_length=200)
    region = models.CharField(_("region"), max_length=150, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    class Meta:
        verbose_name = _("werkplaats")
        verbose_name_plural = _("werkplaatsen")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.university})"


class MunicipalityQuerySet(models.QuerySet):
    def current(self):
        """Municipalities that exist today (merged ones are kept for old records)."""
        return self.filter(is_active=True)

    def resolve(self, pk):
        """The municipality with ``pk`` as it is today (a merged one gives its successor), or
        None: for ids stored before a merge, e.g. in a submission not yet verified."""
        found = self.filter(pk=pk).select_related("merged_into").first() if pk else None
        return found.successor if found else None


class Municipality(models.Model):
    """A Dutch municipality (gemeente). Loaded from the CBS list; municipalities merge on
    1 January, so editors retire a name (and say what it merged into) instead of deleting it."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_active = models.BooleanField(_("exists today"), default=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def successor(self):
        """The municipality this one lives on in today: itself, or the end of its merges."""
        current, seen = self, set()
        while current.merged_into_id and current.pk not in seen:
            seen.add(current.pk)
            current = current.merged_into
        return current

    def merge_problem(self, target):
        """Why this municipality cannot be merged into ``target`` (a message), or None."""
        if target is None:
            return _("Choose the municipality it merged into.")
        if target.pk == self.pk:
            return _("A municipality cannot be merged into itself.")
        if self.merged_into_id:
            return _("%(name)s has already been merged into %(target)s.") % {
                "name": self.name,
                "target": self.merged_into.name,
            }
        if target.merged_into_id:
            return _("%(name)s has itself been merged into %(target)s: choose %(target)s instead.") % {
                "name": target.name,
                "target": target.successor.name,
            }
        if not target.is_active:
            return _("%(name)s no longer exists: choose a municipality that exists today.") % {"name": target.name}
        return None

    def merge_into(self, target):
        """The municipality merged into ``target`` (a municipal reorganisation): everything that
        pointed at it now points at ``target``, in one transaction; this row stays, retired,
        with ``merged_into`` set, so old links and imports still resolve. Raises ValueError with
        the editor's message when the merge is not possible (see merge_problem)."""
        from django.db import transaction

        from leeratelier.core import references

        problem = self.merge_problem(target)
        if problem:
            raise ValueError(problem)
        with transaction.atomic():
            moved = references.repoint(self, target)
            self.merged_into, self.is_active = target, False
            self.save(update_fields=["merged_into", "is_active"])
        return moved

    def clean(self):
        super().clean()
        if self.merged_into_id:
            problem = Municipality(pk=self.pk, name=self.name).merge_problem(self.merged_into)
            if problem:
                raise ValidationError({"merged_into": problem})
