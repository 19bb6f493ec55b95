"""`{% b1_check page as b1 %}`: the B1 check of a page for the editor's checks panel."""

from django import template

from leeratelier.core.b1_admin import is_dutch, page_readability
from leeratelier.core.readability import B1_ADVICE, LONG_SENTENCE_WORDS, LONG_WORD_SYLLABLES, TARGET_SCORE

register = template.Library()


@register.simple_tag
def b1_check(page):
    if page is None:
        return None
    dutch = is_dutch(page)
    return {
        "dutch": dutch,
        "result": page_readability(page) if dutch else None,
        "advice": B1_ADVICE,
        "target": TARGET_SCORE,
        "long_sentence_words": LONG_SENTENCE_WORDS,
        "long_word_syllables": LONG_WORD_SYLLABLES,
    }
