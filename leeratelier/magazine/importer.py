"""Parse the plain-text export of the magazine "Impact in het sociaal domein".

The text file is what a PDF reader exported from the designed magazine, and it shows:

* chapter headings wrapped over two or three lines ("2 ANDERS KIJKEN" / "NAAR IMPACT"), next to
  numbered lines that are not chapters ("3 ONLINE SESSIES", "10 JAAR EFFECTENCALCULATOR");
* section headings and quotes set in capitals;
* hard line breaks inside every paragraph, and a single leading space on the first line of
  each text frame, which is where the export jumps between columns and pages;
* the link targets of a page dumped as bare URL or ``mailto:`` lines at its end;
* letter-spaced text ("T h i s  t o o l") from a figure.

This module is pure on purpose: text in, plain data out (``ParsedMagazine``). It can be tested
without a database, and ``importing.py`` turns its result into pages. The chapter titles are
known in advance because the export mangles them too much to read them reliably.
"""

import html
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote

MAGAZINE_TITLE = "Impact in het sociaal domein"
MAGAZINE_SUBTITLE = "Anders kijken naar impact: samen werken aan doelmatigheid, betekenisgeving en vakmanschap"
MAGAZINE_INTRO = (
    "Gemeenten, maatschappelijke organisaties en sociale ondernemers bundelen hun krachten met "
    "onderzoekers van de HU, HAN en Zuyd vanuit de Werkplaatsen Sociaal Domein. Dit magazine is "
    "de neerslag van drie online sessies over impact en co-creatie: hoe maken we impact in het "
    "sociaal domein samen inzichtelijk, op het strategische, professionele en morele spoor?"
)
CHAPTER_TITLES = {
    1: "Inleiding",
    2: "Anders kijken naar impact",
    3: "Een tweegesprek over co-creatie van beleid",
    4: "Drie sporen van impact",
    5: "Co-creatie als theorie",
    6: "Co-creatie in de praktijk",
    7: "De taal van impact",
    8: "De wil en de weg: pleidooi en actieplan",
    9: "Werkplaats Sociaal Domein / Leerateliers",
}

# Abbreviations that keep their own spelling when a capitalised heading or quote is put in
# sentence case. Everything else takes the spelling the word has in the running text.
KNOWN_ACRONYMS = {word.upper(): word for word in ("AI", "CoSIE", "EU", "HAN", "HU", "KUS", "VNG", "WSDAN")}

# A chapter may open with a short paragraph; that paragraph becomes the chapter's lead
# ("intro") instead of being repeated in the body. Longer openings stay in the body and the
# intro gets their first sentences, for the table of contents.
INTRO_MAX_PARAGRAPH = 700
INTRO_MAX_TEASER = 250
# Lines of a paragraph that are all this short, directly followed by as many URL lines, are
# the labels of those links (the export moved the link targets to the end of the page).
LINK_LABEL_MAX = 50

WORD = re.compile(r"[^\W\d_]+")
LETTER_SPACED_MIN_TOKENS = 4
PAGE_FURNITURE = re.compile(r"PAGE \d+", re.IGNORECASE)
CHAPTER_HEADING = re.compile(r"(\d{1,2})\s+(\S.*)")
LINK_LINE = re.compile(
    r"(?:https?://|mailto:|www\.)\S+|[\w-]+(?:\.[\w-]+)*\.(?:nl|com|org|net|eu|be|fi)(?:/\S*)?",
    re.IGNORECASE,
)
INLINE_LINK = re.compile(
    r"(?P<url>https?://[^\s<>\"“”‘’]*[^\s<>\"“”‘’.,;:!?)])"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,})",
    re.IGNORECASE,
)
# "Sandra Geelhoed: ..." -- two to four name words, Dutch name particles allowed in between.
INTERVIEW_TURN = re.compile(
    r"(?P<speaker>[A-Z][a-zà-ÿ]+(?:\s+(?:van|de|der|den|ter|[A-Z][a-zà-ÿ]+)){1,3}):\s+(?P<text>\S.*)"
)
BULLET_ITEM = re.compile(r"•\s*(?P<text>\S.*)")
NUMBERED_ITEM = re.compile(r"\d{1,2}\.\s+(?P<text>\S.*)")
DEFINITION_ITEM = re.compile(r"[A-Z][\w-]*:\s")
EMAIL_START = re.compile(r"[\w.+-]+@[\w-]+\.")
EMAIL_LOCAL_PART_END = re.compile(r"(?:^|\s)[\w.+-]+\.$")
SENTENCE_END = re.compile(r"[.?!]")
SENTENCE_BOUNDARY = re.compile(r"(?<=[.?!])\s+(?=[A-Z“‘(])")
TERMINAL_PUNCTUATION = (".", "!", "?", ":", ";", "…", "”", "’", '"', ")")
# Words after which a capitalised heading cannot end, so the next line continues it.
HEADING_JOINING_WORDS = set("AAN ALS BIJ DAT DE DIE EEN EN HET IN MET NAAR OF OP OVER TE TOT VAN VOOR".split())
# A capitalised line that starts with an article is a heading of its own (a subtitle).
ARTICLES = {"DE", "HET", "EEN"}


class MagazineImportError(Exception):
    """The input cannot be imported; the message tells the editor why."""


@dataclass(frozen=True)
class ParsedChapter:
    number: int
    title: str
    intro: str
    # (block_type, value) pairs in the raw form a ChapterStreamBlock accepts.
    blocks: tuple


@dataclass(frozen=True)
class ParsedMagazine:
    title: str
    subtitle: str
    intro: str
    chapters: tuple


def read_magazine_text(path):
    """Read the export, refusing files that cannot be a text export before anything is parsed."""
    path = Path(path)
    if not path.exists():
        raise MagazineImportError(f"File not found: {path}")
    if not path.is_file():
        raise MagazineImportError(f"Not a file: {path}")
    data = path.read_bytes()
    if not data.strip():
        raise MagazineImportError(f"The file is empty: {path}")
    if b"\x00" in data:
        raise MagazineImportError(f"The file is binary, not a text export: {path}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MagazineImportError(f"The file is not UTF-8 text (byte {error.start} cannot be read): {path}") from error


def parse_magazine(text):
    """Split the export into the nine known chapters and turn each into StreamField blocks."""
    lines = _normalise_lines(text)
    starts = _find_chapter_starts(lines)
    missing = sorted(set(CHAPTER_TITLES) - set(starts))
    if missing:
        raise MagazineImportError(
            f"This does not look like the magazine export: found {len(starts)} of the "
            f"{len(CHAPTER_TITLES)} chapter headings (missing: {', '.join(map(str, missing))})."
        )
    lexicon = _build_case_lexicon(lines)
    ordered = sorted(starts.items(), key=lambda item: item[1][0])
    chapters = []
    for position, (number, (_, body_start)) in enumerate(ordered):
        body_end = ordered[position + 1][1][0] if position + 1 < len(ordered) else len(lines)
        chapters.append(_parse_chapter(number, lines[body_start:body_end], lexicon))
    chapters.sort(key=lambda chapter: chapter.number)
    return ParsedMagazine(MAGAZINE_TITLE, MAGAZINE_SUBTITLE, MAGAZINE_INTRO, tuple(chapters))


def sentence_case(text, lexicon=None):
    """Rewrite capitalised text as a sentence: capital at each sentence start, known acronyms
    kept, and other words spelled as the running text spells them (``lexicon``), so that names
    such as Lingewaard or Zuyd keep their capital."""
    lexicon = lexicon or {}
    pieces = []
    position = 0
    # "10 JAAR EFFECTENCALCULATOR": a leading number already opened the sentence.
    starts_sentence = not re.match(r"\W*\d", text)
    for match in WORD.finditer(text):
        gap = text[position : match.start()]
        if position and SENTENCE_END.search(gap.replace("...", "").replace("…", "")):
            starts_sentence = True
        key = match[0].upper()
        if key in KNOWN_ACRONYMS:
            word = KNOWN_ACRONYMS[key]
        else:
            word = lexicon.get(key, match[0].lower())
            if starts_sentence:
                word = word[0].upper() + word[1:]
        pieces += [gap, word]
        position = match.end()
        starts_sentence = False
    pieces.append(text[position:])
    return "".join(pieces)


# --- Lines -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    text: str  # stripped, runs of spaces collapsed, letter-spacing removed
    starts_frame: bool = False  # the export indents the first line of a new text frame
    wraps: bool = False  # trailing space: the line breaks inside a sentence or heading

    @property
    def blank(self):
        return not self.text


def _normalise_lines(text):
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").split("\n"):
        if _is_letter_spaced(raw):
            raw = " ".join(chunk.replace(" ", "") for chunk in re.split(r"\s{2,}", raw.strip()))
        stripped = " ".join(raw.split())
        if PAGE_FURNITURE.fullmatch(stripped):
            continue
        lines.append(_Line(stripped, starts_frame=raw[:1].isspace(), wraps=raw[-1:].isspace()))
    return lines


def _is_letter_spaced(raw):
    """Letter-spaced lines ("T h i s  t o o l") consist mostly of one-character tokens; the
    words are separated by two spaces or more."""
    tokens = raw.split()
    single = sum(len(token) == 1 for token in tokens)
    return len(tokens) >= LETTER_SPACED_MIN_TOKENS and single >= 0.7 * len(tokens)


def _is_shouting(text):
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 4 and all(char.isupper() for char in letters)


def _squash(text):
    """Compare headings regardless of case, spacing and punctuation."""
    return "".join(char for char in text.upper() if char.isalnum())


def _find_chapter_starts(lines):
    """Map chapter number to (index of its heading line, index of its first body line).

    A chapter heading is a number followed by that chapter's known title, possibly wrapped over
    up to three lines; "3 ONLINE SESSIES" starts with a number but is not chapter 3."""
    starts = {}
    for index, line in enumerate(lines):
        match = CHAPTER_HEADING.fullmatch(line.text)
        if not match or int(match[1]) not in CHAPTER_TITLES or int(match[1]) in starts:
            continue
        number = int(match[1])
        wanted = _squash(CHAPTER_TITLES[number])
        heading = match[2]
        for end in range(index, min(index + 3, len(lines))):
            if end > index:
                if lines[end].blank:
                    break
                heading += " " + lines[end].text
            if _squash(heading) == wanted:
                starts[number] = (index, end + 1)
                break
            if not wanted.startswith(_squash(heading)):
                break
    return starts


def _build_case_lexicon(lines):
    """Learn how the running text spells each word in the middle of a sentence.

    Words that the text mostly capitalises there are names (Lingewaard, Zuyd, Hilversum) and
    keep their capital when a heading in capitals is put in sentence case. Where a sentence may
    start, a capital says nothing, unless another capitalised word follows ("Bert Blase").
    Titles between quotation marks ("De Burger is niet Gek") have their own capitals and
    are skipped."""
    forms = defaultdict(Counter)
    for paragraph in _prose_paragraphs(lines):
        words = list(WORD.finditer(paragraph))
        for position, match in enumerate(words):
            before = paragraph[: match.start()]
            if before.count("“") > before.count("”"):
                continue
            if not before.rstrip() or before.rstrip()[-1] in '.?!:;“‘"(•':
                following = words[position + 1] if position + 1 < len(words) else None
                starts_name = (
                    following is not None
                    and following[0][0].isupper()
                    and paragraph[match.end() : following.start()] == " "
                )
                if not starts_name:
                    continue
            forms[match[0].upper()][match[0]] += 1
    lexicon = {}
    for key, counts in forms.items():
        capitalised = Counter({form: n for form, n in counts.items() if form != key.lower()})
        if sum(capitalised.values()) > counts[key.lower()]:
            lexicon[key] = capitalised.most_common(1)[0][0]
    return lexicon


def _prose_paragraphs(lines):
    paragraph = []
    for line in [*lines, _Line("")]:
        if line.blank or _is_shouting(line.text):
            if paragraph:
                yield " ".join(paragraph)
            paragraph = []
        else:
            paragraph.append(line.text)


def _join_lines(lines):
    """Re-flow hard-broken lines into one line of text.

    A line ending in a hyphen directly after a letter continues the word on the next line. The
    hyphen stays in short prefixes and mixed-case names ("co-creatie", "CAIMeR-model") and goes
    elsewhere ("PROFESSIONALISERINGS-" / "THEMA"). "context- en" keeps its space: there the
    export kept the trailing space. An e-mail address broken after a dot is rejoined."""
    text = ""
    previous = None
    for line in lines:
        piece = line.text
        hyphenated = re.search(r"([^\W\d_]+)-$", text)
        if not text:
            text = piece
        elif hyphenated and not previous.wraps:
            fragment = hyphenated[1]
            mixed_case = not fragment.isupper() and any(char.isupper() for char in fragment[1:])
            text = (text if len(fragment) <= 3 or mixed_case else text[:-1]) + piece
        elif text.endswith("/") or (EMAIL_LOCAL_PART_END.search(text) and EMAIL_START.match(piece)):
            text += piece
        else:
            text += " " + piece
        previous = line
    return text


# --- Blocks ----------------------------------------------------------------------------------


@dataclass
class _Paragraph:
    lines: list
    list_kind: str = ""  # "ul" or "ol" when the paragraph carries a list
    items: list = field(default_factory=list)  # one list of _Line per list item

    @property
    def text(self):
        return _join_lines(self.lines)


@dataclass
class _Heading:
    text: str


@dataclass
class _Quote:
    text: str


@dataclass
class _Interview:
    turns: list  # [speaker, [_Line, ...]]


@dataclass
class _Links:
    targets: list  # raw URL or mailto lines
    labels: list = field(default_factory=list)


class _ChapterParser:
    """Turn the lines of one chapter into blocks, one line at a time.

    Blank lines end paragraphs and interview turns, but not lists: the export puts blank lines
    inside list items ("• ... afwegingen en" / "" / "methodieken")."""

    def __init__(self, lines, lexicon):
        self.lines = lines
        self.lexicon = lexicon
        self.blocks = []
        self.paragraph = []
        self.list = None
        self.list_interrupted = False
        self.interview = None
        self.turn_open = False
        self.link_run_open = False

    def parse(self):
        index = 0
        while index < len(self.lines):
            line = self.lines[index]
            if not LINK_LINE.fullmatch(line.text):
                self.link_run_open = False  # only directly consecutive URL lines form one list
            if line.blank:
                self._blank()
            elif LINK_LINE.fullmatch(line.text):
                self._link(line)
            elif _is_shouting(line.text) and line.text.startswith("“"):
                index = self._quote(index)
                continue
            elif _is_shouting(line.text) and line.text.endswith("!"):
                self._flush()
                self.blocks.append(_Quote(sentence_case(line.text, self.lexicon)))
            elif _is_shouting(line.text):
                index = self._heading(index)
                continue
            elif match := INTERVIEW_TURN.fullmatch(line.text):
                self._turn(match["speaker"], replace(line, text=match["text"]))
            elif match := BULLET_ITEM.fullmatch(line.text):
                self._list_item("ul", replace(line, text=match["text"]))
            elif match := NUMBERED_ITEM.fullmatch(line.text):
                self._list_item("ol", replace(line, text=match["text"]))
            else:
                self._prose(line)
            index += 1
        self._flush()
        return self.blocks

    def _blank(self):
        self._flush_paragraph()
        self.list_interrupted = self.list is not None
        self.turn_open = False

    def _link(self, line):
        self._flush()
        if self.link_run_open:
            self.blocks[-1].targets.append(line.text)
        else:
            self.blocks.append(_Links([line.text]))
        self.link_run_open = True

    def _quote(self, index):
        """A quote in capitals runs until the line with the closing quotation mark."""
        self._flush()
        quote_lines = []
        while index < len(self.lines) and not self.lines[index].blank:
            quote_lines.append(self.lines[index])
            index += 1
            if "”" in quote_lines[-1].text:
                break
        text = _join_lines(quote_lines).replace("“", "").replace("”", "").strip()
        self.blocks.append(_Quote(sentence_case(text, self.lexicon)))
        return index

    def _heading(self, index):
        self._flush()
        heading_lines = [self.lines[index]]
        index += 1
        while index < len(self.lines) and self._continues_heading(heading_lines[-1], self.lines[index]):
            heading_lines.append(self.lines[index])
            index += 1
        self.blocks.append(_Heading(sentence_case(_join_lines(heading_lines), self.lexicon)))
        return index

    @staticmethod
    def _continues_heading(current, following):
        """Consecutive capitalised lines are one wrapped heading when the first cannot end there,
        or when the export marked a wrap (trailing space) and the next does not open with an
        article: "SPOOR 1: DOELMATIGHEID" / "PUBLIEKE VERANTWOORDING" are heading and subtitle."""
        if following.blank or not _is_shouting(following.text) or following.text.startswith("“"):
            return False
        if current.text.endswith((":", "-", "/")) or current.text.split()[-1] in HEADING_JOINING_WORDS:
            return True
        return current.wraps and following.text.split()[0] not in ARTICLES

    def _turn(self, speaker, line):
        self._flush_paragraph()
        self._flush_list()
        if self.interview is None:
            self.interview = _Interview([])
        self.interview.turns.append([speaker, [line]])
        self.turn_open = True

    def _list_item(self, kind, line):
        self._flush_interview()
        if self.list is not None and self.list.list_kind != kind:
            self._flush_list()
        if self.list is None:
            # A lead-in line directly above the list ("... drie online sessies over impact:")
            # stays in the same block as the list.
            self.list = _Paragraph(self.paragraph, list_kind=kind)
            self.paragraph = []
        self.list.items.append([line])
        self.list_interrupted = False

    def _prose(self, line):
        if self.list is not None:
            if self._starts_unnumbered_item(line):
                self.list.items.append([line])
                return
            if self._continues_list_item(line):
                self.list.items[-1].append(line)
                self.list_interrupted = False
                return
        self._flush_list()
        if self.turn_open and not line.starts_frame:
            self.interview.turns[-1][1].append(line)
            return
        self._flush_interview()
        if line.starts_frame:
            self._flush_paragraph()  # a jump to another column or page: do not glue the text on
        self.paragraph.append(line)

    def _starts_unnumbered_item(self, line):
        """A "Werkplaats: ..." line after a finished item of a numbered list is the next item; the
        export dropped its number."""
        return (
            self.list.list_kind == "ol"
            and not self.list_interrupted
            and DEFINITION_ITEM.match(line.text) is not None
            and self.list.items[-1][-1].text.endswith(".")
        )

    def _continues_list_item(self, line):
        """Without a blank line in between, a line continues the item. After a blank line only
        a lower-case line continues an item that stopped mid-sentence."""
        if not self.list_interrupted:
            return True
        return line.text[:1].islower() and not self.list.items[-1][-1].text.endswith(TERMINAL_PUNCTUATION)

    def _flush(self):
        self._flush_paragraph()
        self._flush_list()
        self._flush_interview()

    def _flush_paragraph(self):
        if self.paragraph:
            self.blocks.append(_Paragraph(self.paragraph))
            self.paragraph = []

    def _flush_list(self):
        if self.list is not None:
            self.blocks.append(self.list)
            self.list = None
            self.list_interrupted = False

    def _flush_interview(self):
        if self.interview is not None:
            self.blocks.append(self.interview)
            self.interview = None
            self.turn_open = False


def _parse_chapter(number, lines, lexicon):
    blocks = _ChapterParser(lines, lexicon).parse()
    blocks = _pair_link_labels(blocks)
    blocks = _repair_running_headers(blocks)
    intro, blocks = _extract_intro(blocks)
    return ParsedChapter(number, CHAPTER_TITLES[number], intro, tuple(_render(blocks)))


def _is_plain(block):
    return isinstance(block, _Paragraph) and not block.list_kind


def _pair_link_labels(blocks):
    """Short lines directly followed by as many URL lines are those links' labels:
    "Projectwebsite VNG" / "Projectwebsite Movisie" ... then the two addresses."""
    result = []
    for block in blocks:
        previous = result[-1] if result else None
        if (
            isinstance(block, _Links)
            and _is_plain(previous)
            and len(previous.lines) == len(block.targets) > 1
            and all(len(line.text) <= LINK_LABEL_MAX for line in previous.lines)
        ):
            block.labels = [line.text for line in previous.lines]
            result[-1] = block
        else:
            result.append(block)
    return result


def _repair_running_headers(blocks):
    """A heading between a paragraph that stops mid-sentence and one that continues it in lower
    case is a running header of a reproduced page (the CoSIE toolkit in chapter 5). Put the
    headings first and the sentence back together."""
    result = list(blocks)
    index = 0
    while index < len(result):
        end = index + 1
        while end < len(result) and isinstance(result[end], _Heading):
            end += 1
        if (
            _is_plain(result[index])
            and end > index + 1
            and end < len(result)
            and _is_plain(result[end])
            and not result[index].text.endswith(TERMINAL_PUNCTUATION)
            and result[end].text[:1].islower()
        ):
            merged = _Paragraph(result[index].lines + result[end].lines)
            result[index : end + 1] = [*result[index + 1 : end], merged]
        index += 1
    return result


def _extract_intro(blocks):
    """The chapter's lead: an opening paragraph short enough to be one is moved out of the
    body; otherwise the first sentences of the first paragraph are repeated as a teaser."""
    first = next((block for block in blocks if _is_plain(block)), None)
    if first is None:
        return "", blocks
    text = first.text
    if blocks[0] is first and len(text) <= INTRO_MAX_PARAGRAPH:
        return text, blocks[1:]
    sentences = SENTENCE_BOUNDARY.split(text)
    teaser = sentences[0]
    for sentence in sentences[1:]:
        if len(teaser) + 1 + len(sentence) > INTRO_MAX_TEASER:
            break
        teaser += " " + sentence
    return teaser, blocks


def _render(blocks):
    """Produce (block_type, value) pairs in the raw form of ChapterStreamBlock. A heading that
    follows another heading is its subtitle, one level down."""
    rendered = []
    for block in blocks:
        if isinstance(block, _Heading):
            follows_heading = bool(rendered) and rendered[-1][0] == "heading"
            rendered.append(("heading", {"text": block.text, "level": "h3" if follows_heading else "h2"}))
        elif isinstance(block, _Paragraph):
            rendered.append(("paragraph", _paragraph_html(block)))
        elif isinstance(block, _Quote):
            rendered.append(("pull_quote", {"quote": block.text, "speaker": "", "speaker_role": ""}))
        elif isinstance(block, _Interview):
            turns = [{"speaker": speaker, "text": _join_lines(lines)} for speaker, lines in block.turns]
            rendered.append(("interview", {"turns": turns}))
        elif isinstance(block, _Links):
            rendered.append(("paragraph", _links_html(block)))
    return rendered


def _paragraph_html(paragraph):
    parts = [f"<p>{_linkify(paragraph.text)}</p>"] if paragraph.lines else []
    if paragraph.list_kind:
        items = "".join(f"<li>{_linkify(_join_lines(item))}</li>" for item in paragraph.items)
        parts.append(f"<{paragraph.list_kind}>{items}</{paragraph.list_kind}>")
    return "".join(parts)


def _links_html(links):
    anchors = []
    for position, target in enumerate(links.targets):
        href, label = _link_target(target)
        if links.labels:
            label = links.labels[position]
        anchors.append(f'<a href="{html.escape(href)}">{html.escape(label)}</a>')
    if len(anchors) == 1:
        return f"<p>{anchors[0]}</p>"
    return "<ul>" + "".join(f"<li>{anchor}</li>" for anchor in anchors) + "</ul>"


def _link_target(raw):
    """(href, visible text) for a URL line: mailto lines lose their encoding and empty subject,
    addresses without a scheme get https."""
    if raw.lower().startswith("mailto:"):
        address = unquote(raw[len("mailto:") :]).split("?")[0].strip()
        return f"mailto:{address}", address
    if re.match(r"https?://", raw, re.IGNORECASE):
        return raw, raw
    return f"https://{raw}", raw


def _linkify(text):
    """Escape running text and turn web and e-mail addresses in it into links."""
    pieces = []
    position = 0
    for match in INLINE_LINK.finditer(text):
        pieces.append(html.escape(text[position : match.start()], quote=False))
        href = match["url"] or f"mailto:{match['email']}"
        pieces.append(f'<a href="{html.escape(href)}">{html.escape(match[0], quote=False)}</a>')
        position = match.end()
    pieces.append(html.escape(text[position:], quote=False))
    return "".join(pieces)
