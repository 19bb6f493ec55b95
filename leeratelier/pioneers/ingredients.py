"""Working ingredients (werkzame bestanddelen) as normalised tags, the start of action point 3's
synthesis: the same ingredient written two ways by two pioneers must count once."""

import re

from django.utils.text import slugify

MAX_INGREDIENTS = 12
MAX_INGREDIENT_LENGTH = 60


def normalise(name):
    """Lower case, single spaces, no bullets or trailing punctuation: "  - Gelijkwaardigheid."
    becomes "gelijkwaardigheid"."""
    name = re.sub(r"[\x00-\x1f\x7f]", " ", name or "")
    name = re.sub(r"^[\s\-–—*•·\d.)]+", "", name)
    name = " ".join(name.split()).strip(" .,;:!?").lower()
    return name[:MAX_INGREDIENT_LENGTH].strip()


def parse(text):
    """Ingredients from a text box: one per line (commas and semicolons also separate them);
    normalised, without duplicates, in the order given."""
    seen, result = set(), []
    for part in re.split(r"[\n;,]", text or ""):
        name = normalise(part)
        key = slugify(name)
        if name and key and key not in seen:
            seen.add(key)
            result.append(name)
    return result
