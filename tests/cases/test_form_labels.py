"""The case and reflection forms label their text fields in the reader's language: the labels
made from the models' field names stay lazy (they were fixed in Dutch when the module was
imported, and an English page asked for a "Reflectie")."""

import pytest
from django.utils import translation

from leeratelier.cases.forms import CaseForm, LessonForm, ReflectionForm


@pytest.mark.parametrize(("language", "reflection"), [("en", "Reflection"), ("nl", "Reflectie")])
def test_the_text_fields_are_labelled_in_the_readers_language(language, reflection):
    with translation.override(language):
        assert str(ReflectionForm()["body"].label) == reflection


def test_every_text_field_made_from_a_model_field_follows_the_language():
    fields = [(ReflectionForm, "body"), (LessonForm, "lesson_learned"), (CaseForm, "situation"), (CaseForm, "question")]
    for form, name in fields:
        labels = {}
        for language in ("en", "nl"):
            with translation.override(language):
                labels[language] = str(form.base_fields[name].label)
        assert labels["en"] != labels["nl"], (form.__name__, name, labels)
