from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from leeratelier.core.names import NameField
from leeratelier.core.uploads import ValidatedImageField

from .models import Profile, page_language, profile_of
from .signals import delete_file_on_commit

NAME_MAX_LENGTH = 150  # Django's user.first_name / last_name


def first_name_field():
    return NameField(
        label=_("First name"),
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )


def last_name_field():
    return NameField(
        label=_("Last name"),
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )


class SignupForm(forms.Form):
    """The fields allauth's sign-up form adds to email and password (ACCOUNT_SIGNUP_FORM_CLASS).
    allauth's adapter copies first and last name onto the user; ``signup`` is allauth's hook
    for the rest."""

    first_name = first_name_field()
    last_name = last_name_field()

    def signup(self, request, user):
        """Write to people in the language they signed up in, until they choose otherwise."""
        profile = profile_of(user)
        profile.language = page_language()
        profile.save(update_fields=["language"])


class ProfileForm(forms.ModelForm):
    """The person's name (kept on the user) and their profile, saved together."""

    first_name = first_name_field()
    last_name = last_name_field()
    organisation = NameField(
        label=_("Organisation"),
        max_length=Profile._meta.get_field("organisation").max_length,
        required=False,
    )
    avatar = ValidatedImageField(
        label=_("Photo"),
        required=False,
        help_text=_("A JPEG, PNG or WebP image of at most 8 MB. We remove location and camera data."),
    )

    class Meta:
        model = Profile
        fields = ["role", "organisation", "municipality", "bio", "avatar", "language", "listed_in_directory"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "listed_in_directory": _(
                "Members of your ateliers find you in the atelier's member list. Without it, they "
                "still see your profile when you write or are mentioned."
            ),
        }

    field_order = [
        "first_name",
        "last_name",
        "role",
        "organisation",
        "municipality",
        "bio",
        "avatar",
        "language",
        "listed_in_directory",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance.user
        self.initial.setdefault("first_name", user.first_name)
        self.initial.setdefault("last_name", user.last_name)
        self.fields["role"].choices = [("", _("Not given")), *self.fields["role"].choices[1:]]
        from leeratelier.core.models import Municipality

        self.fields["municipality"].queryset = Municipality.objects.current()
        self.fields["municipality"].empty_label = _("Not given")
        # Validation puts a new upload on the instance, so remember the stored photo now: the
        # page shows it, and saving a new one deletes it.
        self.stored_avatar = self.instance.avatar

    @transaction.atomic
    def save(self):
        user = self.instance.user
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        profile = super().save()
        if self.stored_avatar and self.stored_avatar.name != profile.avatar.name:
            delete_file_on_commit(self.stored_avatar.storage, self.stored_avatar.name)
        return profile


class DeleteAccountForm(forms.Form):
    """Deleting an account: the person chooses what happens to what they wrote and confirms
    with their password (someone at an unlocked computer cannot do it for them)."""

    KEEP, REMOVE = "keep", "remove"

    contributions = forms.ChoiceField(
        label=_("What you wrote in ateliers"),
        choices=[
            (KEEP, _("Keep it, shown as written by “a former member”")),
            (REMOVE, _("Remove it; the conversations stay readable with “removed” in its place")),
        ],
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data are deleted for good."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."), code="password_incorrect")
        return password

    @property
    def keep_contributions(self):
        return self.cleaned_data["contributions"] == self.KEEP
