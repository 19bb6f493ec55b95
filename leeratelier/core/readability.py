"""How easy a Dutch text is to read: the Flesch-Douma score, long sentences and long words.

B1 is the language level most Dutch adults read without effort: short sentences, everyday words.
The Flesch-Douma formula (Douma 1960, Flesch's reading ease fitted to Dutch) measures two things a
reader notices, sentence length and word length:

    206.835 - 0.93 * (words / sentences) - 77 * (syllables / words)

Higher is easier: 60-70 is "normal", 70-80 "fairly easy"; this platform asks at least 65 (B1) for
its own interface text. The same functions score the interface catalogue (`scripts/b1_check.py`),
every page in the Wagtail editor (`core/b1_admin.py`) and the magazine import report.

Syllables are counted the way a Dutch reader hears them: one per vowel group, where the long
vowels, diphthongs and triphthongs (aa, ee, oo, uu, ie, oe, eu, ei, ij, au, ou, ui, aai, ooi, oei,
eeu, ieu) are one sound each, a diaeresis (ë, ï) starts a new syllable ("be-ëin-di-gen", "ru-ï-ne")
and a vowel pair that is not one sound counts twice ("i-de-aal", "the-a-ter"). That is exact for
native Dutch words and close enough for loanwords; the score is a guide for writers, not a grade.
"""

import html
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

#: The catalogue and page targets (issue 17): an average of at least 65, nothing below 40.
TARGET_SCORE = 65
FLOOR_SCORE = 40
#: A sentence with more words than this is flagged as long.
LONG_SENTENCE_WORDS = 20
#: A word with more syllables than this is flagged as long.
LONG_WORD_SYLLABLES = 4

#: What B1 asks, in one breath, for the editor's panel and the import report.
B1_ADVICE = _(
    "B1 is Dutch that most people read easily. Write short sentences of at most 20 words, "
    "use everyday words and say 'je'. Aim for a score of 65 or more."
)

# Longest first, so "aai" wins over "aa" and "ieu" over "ie".
_VOWEL_GROUPS = sorted("aai ooi oei eeu ieu aa ee oo uu ie oe eu ei ij au ou ui ai".split(), key=len, reverse=True)
_VOWELS = set("aeiouy")
_BREAK = "|"  # marks a diaeresis: the vowel after it starts a new syllable

_ABBREVIATIONS = {
    "bijv",
    "bv",
    "o.a",
    "d.w.z",
    "enz",
    "etc",
    "e.d",
    "m.b.t",
    "i.p.v",
    "t.o.v",
    "ca",
    "nr",
    "dr",
    "mr",
    "ir",
    "drs",
    "prof",
    "mw",
    "dhr",
    "mevr",
    "jl",
    "vs",
    "zgn",
    "incl",
    "excl",
    "evt",
    "resp",
    "e.g",
    "i.e",
    "aug",
    "sept",
    "okt",
    "nov",
    "dec",
    "jan",
    "feb",
    "m.a.w",
    "a.s",
    "z.s.m",
    "n.a.v",
}
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"([.!?…]+)[\"'”’)\]]*\s+")
_BLOCK_TAGS = re.compile(
    r"</?(?:p|div|li|ul|ol|h[1-6]|br|tr|td|th|blockquote|section|article|figcaption|dt|dd)\b[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]+>")
# Django and Python placeholders: %(name)s, %s, %d, {name}, {{ var }}.
_PLACEHOLDER = re.compile(r"%\([^)]*\)[sdfr]|%[sdfr]|\{\{[^}]*\}\}|\{[a-z_][a-z0-9_]*\}", re.IGNORECASE)


def plain_text(markup):
    """Text a reader reads from HTML or an interface string: tags and placeholders removed, every
    block (paragraph, list item, heading) ending on its own line so it counts as a sentence."""
    text = _BLOCK_TAGS.sub("\n\n", markup or "")
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = _PLACEHOLDER.sub(" ", text)
    # Markdown marks that are not words.
    text = re.sub(r"[*_#`>]+", " ", text)
    return text


def count_syllables(word):
    """The number of syllables of one Dutch word (at least 1 for any word with a letter or digit)."""
    marked = []
    for char in word.lower():
        decomposed = unicodedata.normalize("NFD", char)
        if "\u0308" in decomposed:  # ë, ï, ü, ö: a new syllable starts here
            marked.append(_BREAK)
        marked.append(decomposed[0])
    letters = "".join(marked)
    count = 0
    position = 0
    previous_was_vowel = False
    while position < len(letters):
        char = letters[position]
        if char == _BREAK:
            previous_was_vowel = False
            position += 1
            continue
        if char in _VOWELS:
            # "ij" is a vowel; a "y" after a vowel ("ay", "oy") belongs to that vowel in loanwords.
            if char == "y" and previous_was_vowel:
                position += 1
                continue
            group = next((g for g in _VOWEL_GROUPS if letters.startswith(g, position)), char)
            count += 1
            position += len(group)
            previous_was_vowel = True
            continue
        previous_was_vowel = False
        position += 1
    if count == 0 and any(ch.isalnum() for ch in word):
        return 1  # numbers and abbreviations without vowels ("2026", "CBS") are read as one beat
    return count


def split_words(text):
    """The words of a text: runs of letters and digits, with inner hyphens and apostrophes kept
    ("authenticator-app" is one word, as a reader sees it)."""
    return _WORD.findall(text)


def split_sentences(text):
    """The sentences of a text. A line break, a blank line, or a full stop, question or exclamation
    mark followed by a capital or digit ends a sentence; common Dutch abbreviations ("bijv.",
    "o.a.") do not. Empty pieces (no words) are dropped."""
    sentences = []
    for block in re.split(r"\n+", text):
        start = 0
        for match in _SENTENCE_END.finditer(block):
            end = match.end()
            following = block[end : end + 1]
            before = block[start : match.start()]
            last_word = before.rsplit(None, 1)[-1].lower() if before.strip() else ""
            if match.group(1) == "." and last_word.rstrip(".") in _ABBREVIATIONS:
                continue
            if following and not (following.isupper() or following.isdigit() or following in "\"'“‘("):
                continue
            sentences.append(block[start:end].strip())
            start = end
        sentences.append(block[start:].strip())
    return [sentence for sentence in sentences if split_words(sentence)]


def flesch_douma(words, sentences, syllables):
    """The formula itself; None for a text without words."""
    if not words or not sentences:
        return None
    return 206.835 - 0.93 * (words / sentences) - 77 * (syllables / words)


@dataclass(frozen=True)
class Readability:
    """The reading measures of one text."""

    sentences: int
    words: int
    syllables: int
    score: float | None
    long_sentences: list = field(default_factory=list)  # (sentence, word count), over 20 words
    long_words: list = field(default_factory=list)  # (word, syllables), over 4, each once

    @property
    def meets_b1(self):
        return self.score is not None and self.score >= TARGET_SCORE

    @property
    def rounded_score(self):
        return None if self.score is None else round(self.score, 1)

    @property
    def level(self):
        """Douma's bands in plain words."""
        if self.score is None:
            return ""
        for bound, label in _LEVELS:
            if self.score >= bound:
                return label
        return _LEVELS[-1][1]


_LEVELS = [
    (80, _("easy")),
    (65, _("B1: easy enough for most readers")),
    (50, _("fairly difficult")),
    (30, _("difficult")),
    (float("-inf"), _("very difficult")),
]


def analyse(text):
    """Score a plain text (use `plain_text` first for HTML): the Flesch-Douma score, and which
    sentences and words are long."""
    sentences = split_sentences(text)
    total_words = 0
    total_syllables = 0
    long_sentences = []
    long_words = {}
    for sentence in sentences:
        words = split_words(sentence)
        total_words += len(words)
        if len(words) > LONG_SENTENCE_WORDS:
            long_sentences.append((sentence, len(words)))
        for word in words:
            syllables = count_syllables(word)
            total_syllables += syllables
            if syllables > LONG_WORD_SYLLABLES:
                long_words.setdefault(word.lower(), (word, syllables))
    return Readability(
        sentences=len(sentences),
        words=total_words,
        syllables=total_syllables,
        score=flesch_douma(total_words, len(sentences), total_syllables),
        long_sentences=long_sentences,
        long_words=list(long_words.values()),
    )
