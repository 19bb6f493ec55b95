"""The learning cycles' part in a person's data export (see leeratelier.core.privacy): the
cycles they take part in, their contributions (with their images and audio) and their value
scores.

On account deletion the participation and its value scores go with the cascade. "Keep what I
wrote": the contributions stay without a participant (shown as by no one in particular). "Remove
what I wrote": the person's own contributions are deleted with their images and audio, so they
leave the cycle pages and any report the next time it is shown (reports keep ids, not texts; see
reports.py). Contributions a facilitator recorded for an outside participant are that person's,
not the facilitator's, and stay.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy

from leeratelier.core.privacy import register_eraser, register_exporter

from .models import Contribution, Participant, ValueScore


def _file_name(field):
    return field.name.rsplit("/", 1)[-1] if field else None


@register_exporter("cycles", label=gettext_lazy("Learning cycles"))
def export_cycles(user):
    participations = Participant.objects.filter(user=user).select_related("cycle").order_by("joined_at")
    contributions = list(Contribution.objects.filter(participant__user=user).order_by("created_at", "pk"))
    data = {
        "participations": [
            {
                "cycle": participation.cycle_id,
                "atelier_key": participation.cycle.atelier_key,
                "learning_question": participation.cycle.learning_question,
                "joined_at": participation.joined_at,
            }
            for participation in participations
        ],
        "contributions": [
            {
                "id": contribution.pk,
                "cycle": contribution.cycle_id,
                "kind": contribution.kind,
                "track": contribution.track,
                "body": contribution.body,
                "transcript": contribution.transcript,
                "indicator": {
                    "name": contribution.indicator_name,
                    "value": contribution.indicator_value,
                    "unit": contribution.indicator_unit,
                    "date": contribution.indicator_date,
                }
                if contribution.indicator_name
                else None,
                "image": _file_name(contribution.image),
                "audio": _file_name(contribution.audio),
                "shareable": contribution.shareable,
                "created_at": contribution.created_at,
            }
            for contribution in contributions
        ],
        "value_scores": [
            {"loop": score.loop_id, "value": score.value_id, "score": score.score, "comment": score.comment}
            for score in ValueScore.objects.filter(participant__user=user).order_by("pk")
        ],
    }
    files = [
        (f"{contribution.pk}-{_file_name(field)}", field)
        for contribution in contributions
        for field in (contribution.image, contribution.audio)
        if field
    ]
    return data, files


@register_eraser
def erase_cycles_data(user, keep_contributions):
    if keep_contributions:
        return
    own = Contribution.objects.filter(participant__user=user)
    files = [field for contribution in own for field in (contribution.image, contribution.audio) if field]
    own.delete()
    # The files go once the deletion is committed: a rolled-back deletion keeps them.
    storage_names = [(field.storage, field.name) for field in files]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in storage_names])
