"""An admin panel on the practice's edit page: warns the editor when a practice with the same
name and municipality already exists (a pioneer may register twice, or two people one practice)."""

from wagtail.admin.panels import Panel


class DuplicatePracticeWarningPanel(Panel):
    @property
    def clean_name(self):
        return "duplicate_warning"

    class BoundPanel(Panel.BoundPanel):
        template_name = "pioneers/admin/duplicate_warning.html"

        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None and self.duplicates

        @property
        def duplicates(self):
            if not hasattr(self, "_duplicates"):
                self._duplicates = list(self.instance.duplicates()) if self.instance is not None else []
            return self._duplicates

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["duplicates"] = self.duplicates
            return context


class SubmitterPanel(Panel):
    """Who sent the practice in and when they consented, read from PracticeSubmission (never
    copied onto the page, so it never lands in a revision)."""

    @property
    def clean_name(self):
        return "submitter"

    class BoundPanel(Panel.BoundPanel):
        template_name = "pioneers/admin/submitter.html"

        @property
        def submission(self):
            if not hasattr(self, "_submission"):
                from .models import PracticeSubmission

                self._submission = (
                    PracticeSubmission.objects.filter(page_id=self.instance.pk).first()
                    if self.instance is not None and self.instance.pk
                    else None
                )
            return self._submission

        def is_shown(self):
            return self.submission is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["submission"] = self.submission
            return context
