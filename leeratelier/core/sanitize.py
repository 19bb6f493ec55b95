"""The one sanitiser: everything members write goes through `render_markdown` and nowhere else.

Members write Markdown. It is rendered to HTML by markdown-it-py (CommonMark, with bare URLs linked
by linkify-it-py) and the result is cleaned by nh3, the Python binding of the Rust sanitiser
ammonia, against a short allowlist. Keeping both libraries behind this one function means either can
be replaced without touching a single caller, and the stored HTML can be re-rendered whenever
`SANITIZER_VERSION` changes: callers store the source, the HTML and the version side by side, and
`manage.py rerender_posts` re-renders every registered model's rows whose version is not the current
one (`leeratelier.core.rendering`).

Why these two libraries: bleach, the sanitiser this module used first, ended with 6.4.0 (June 2026:
no future releases, security fixes included); nh3 is maintained and an order of magnitude faster.
Python-Markdown took seconds on unbalanced brackets (8,000 `[` took 7.3 s here, and a list nested
1,000 deep crashed it with a RecursionError); markdown-it-py parses in linear time (bench/render_time.py
measures the worst case per field).

Decisions, each made so the output stays small, readable and boring:

- Headings: `#` becomes h3 and `##` (and deeper) becomes h4. The page owns h1 and h2; a member's
  heading is a section inside the post, so it is shifted down rather than flattened to a paragraph,
  which keeps the document outline meaningful for screen readers.
- Raw HTML in the source is parsed, not shown: tags outside the allowlist are stripped and their text
  kept (`<b>hi</b>` reads "hi"), because escaping them would print markup noise into a post. Elements
  whose content is not prose (script, style, iframe, svg, form controls, ...) are dropped together
  with their content, so `<script>alert(1)</script>` leaves nothing rather than "alert(1)". Comments
  are removed.
- Images are not allowed (member images are attachments that pass the upload validator); a Markdown
  image `![alt](url)` renders as its alt text.
- Links keep `href` only, with the http, https or mailto scheme or a relative URL; anything else
  (javascript:, data:, vbscript:, entity-encoded variants) loses the link and keeps its text. Every
  link, including bare URLs that are linkified (before cleaning, in the Markdown step), gets
  `rel="nofollow noopener"`. Bare email addresses are not linked (they rarely belong in a post).
- Single newlines become `<br>`: members write in a text box and expect their line breaks to stay.
- Blocks nest at most `MAX_NESTING` deep (quotes in lists in quotes ...); deeper markup shows as text.

- Control characters and Unicode noncharacters are removed from the source and line endings
  unified, and the HTML is cleaned until a further clean changes nothing: the stored HTML is then
  exactly what re-cleaning it gives, so re-rendering only changes rows when the settings changed.

The security boundary is nh3's allowlist plus this module's own check of every link target
(`_href_allowed`, applied to Markdown links and, through nh3's attribute filter, to raw HTML links).
The Markdown tweaks only make the output tidier; nh3 still checks every tag after them, so a
mistake there cannot let markup through.
"""

import hashlib
import html
import json
import re
import threading
from importlib.metadata import version as _package_version
from typing import NamedTuple

import nh3
from markdown_it import MarkdownIt, rules_inline
from markdown_it.token import Token

ALLOWED_TAGS = frozenset({"p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4", "a"})
ALLOWED_ATTRIBUTES = {"a": ["href"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"

# Elements whose content is code, styling, an embedded document or a form control: dropped whole.
DROPPED_WITH_CONTENT = frozenset(
    {
        "script", "style", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
        "svg", "math", "noscript", "noembed", "noframes", "title", "textarea", "select", "xmp",
    }
)  # fmt: skip

# Markdown heading level -> tag in the output; levels below the last entry use the last one.
HEADING_TAGS = {"h1": "h3", "h2": "h4", "h3": "h4", "h4": "h4", "h5": "h4", "h6": "h4"}
MARKDOWN_OPTIONS = {"preset": "commonmark", "html": True, "linkify": True, "breaks": True, "fuzzy_email": False}
# Nesting (markdown-it's maxNesting, blocks and inline alike): deep enough for any real post. Each
# level multiplies the work on an unbalanced `[` run, so it is what keeps rendering inside 100 ms.
MAX_NESTING = 10

# Bump when this module's own behaviour changes in a way the settings above do not capture.
_RENDERER_REVISION = 2


def _compute_version(**config):
    """A short fingerprint of everything that shapes the output, so stale HTML can be found."""
    payload = json.dumps(
        {key: sorted(value) if isinstance(value, (set, frozenset)) else value for key, value in config.items()},
        sort_keys=True,
        default=sorted,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


SANITIZER_VERSION = _compute_version(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    rel=LINK_REL,
    dropped=DROPPED_WITH_CONTENT,
    headings=HEADING_TAGS,
    markdown_options=MARKDOWN_OPTIONS,
    nesting=MAX_NESTING,
    revision=_RENDERER_REVISION,
    nh3=_package_version("nh3"),
    markdown_it=_package_version("markdown-it-py"),
    linkify_it=_package_version("linkify-it-py"),
)


class RenderedText(NamedTuple):
    """What a caller stores next to the source: the sanitised HTML and the version that made it."""

    html: str
    version: str


def render(source: str) -> RenderedText:
    """Render and return the HTML together with `SANITIZER_VERSION`, ready to be stored."""
    return RenderedText(render_markdown(source), SANITIZER_VERSION)


def render_markdown(source: str) -> str:
    """Turn a member's Markdown into HTML that is safe to output unescaped.

    This is the only function callers use to turn member text into HTML; the result holds nothing
    outside the allowlist above whatever the source contains.
    """
    if not source:
        return ""
    return _clean(_local_markdown().render(_normalise(source))).strip()


# Control characters (other than tab and newline) and Unicode noncharacters: invisible in a post,
# and the HTML parser replaces them differently depending on where they stand, which would make
# cleaning the output a second time change it.
_UNWANTED_CHARACTERS = dict.fromkeys(
    [
        *range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0), *range(0xFDD0, 0xFDF0),
        *(plane + low for plane in range(0, 0x110000, 0x10000) for low in (0xFFFE, 0xFFFF)),
    ]
)  # fmt: skip


def _normalise(source):
    """Unify line endings and drop characters that have no place in written text."""
    return source.replace("\r\n", "\n").replace("\r", "\n").translate(_UNWANTED_CHARACTERS)


# --- links ------------------------------------------------------------------------------------

_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def _href_allowed(href):
    """Decide on a link target the way a browser would read it, and more strictly where in doubt.

    nh3 checks schemes too (with a real URL parser); this check runs before it, on Markdown links,
    and inside it, on raw HTML links, so neither library's URL reading alone decides. Entities are
    decoded, whitespace, control and non-ASCII characters removed (browsers drop tabs and newlines
    inside a URL), then the scheme must be one of ALLOWED_PROTOCOLS, or there is none and no colon
    before the path, query or fragment starts. Targets holding markup characters are refused too.
    """
    decoded = html.unescape(href)
    if re.search(r'[<>"`]', decoded):
        return False  # never part of a real URL (they would be percent-encoded)
    compact = re.sub(r"[`\x00-\x20\x7f-\xa0\s]+|[^\x00-\x7f]+", "", decoded).lower()
    match = _SCHEME.match(compact)
    if match:
        return match.group(1) in ALLOWED_PROTOCOLS
    return ":" not in re.split(r"[/?#]", compact, maxsplit=1)[0]


# --- Markdown ---------------------------------------------------------------------------------


def _plain_text(tokens):
    """The readable text of inline tokens (an image's alt text), as markdown-it's own renderer
    builds the alt attribute."""
    parts = []
    for token in tokens or ():
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif token.type == "image":
            parts.append(_plain_text(token.children))
    return "".join(parts)


def _tidy_inline(children):
    """Images become their alt text; links whose target is not allowed become their text."""
    tidied, unwrapped = [], []
    for token in children:
        if token.type == "image":
            tidied.append(Token("text", "", 0, content=_plain_text(token.children)))
            continue
        if token.type == "link_open":
            unwrapped.append(not _href_allowed(token.attrGet("href") or ""))
            if unwrapped[-1]:
                continue
        elif token.type == "link_close" and unwrapped:
            if unwrapped.pop():
                continue
        tidied.append(token)
    return tidied


def _leeratelier_rule(state):
    """A core rule after linkify: shift headings below the page's own h1 and h2, and tidy inline
    content (images and unsafe links, including linkified bare URLs of other schemes)."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = HEADING_TAGS.get(token.tag, token.tag)
        elif token.type == "inline" and token.children:
            token.children = _tidy_inline(token.children)


def _new_markdown():
    options = dict(MARKDOWN_OPTIONS)
    preset = options.pop("preset")
    fuzzy_email = options.pop("fuzzy_email")
    md = MarkdownIt(preset, {**options, "xhtmlOut": False, "maxNesting": MAX_NESTING}).enable("linkify")
    md.linkify.set({"fuzzy_email": fuzzy_email})
    # Every target becomes a link token, so _tidy_inline can turn an unsafe one into its text
    # (markdown-it's own check would leave the whole `[text](javascript:...)` source visible).
    md.validateLink = lambda url: True
    md.core.ruler.push("leeratelier", _leeratelier_rule)
    md.inline.ruler.at("link", _needs_closing_bracket(rules_inline.link))
    md.inline.ruler.at("image", _needs_closing_bracket(rules_inline.image))
    return md


def _needs_closing_bracket(rule):
    """A link or image needs a `]` further on: without one, fail at once (a C-speed search) instead
    of walking the rest of the text for every `[` of a long unbalanced run."""

    def guarded(state, silent):
        if state.src.find("]", state.pos) < 0:
            return False
        return rule(state, silent)

    return guarded


_local = threading.local()


def _local_markdown():
    # linkify-it keeps match state on its instance; one parser per thread.
    if not hasattr(_local, "markdown"):
        _local.markdown = _new_markdown()
    return _local.markdown


# --- nh3 --------------------------------------------------------------------------------------


def _attribute_filter(tag, attribute, value):
    if tag == "a" and attribute == "href" and not _href_allowed(value):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    # "*": ammonia allows lang and title on every tag unless the generic list is given, empty here.
    attributes={"*": set(), **{tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}},
    attribute_filter=_attribute_filter,
    url_schemes=set(ALLOWED_PROTOCOLS),
    link_rel=LINK_REL,
    strip_comments=True,
)

# nh3 serialises every link it keeps as <a href="..." rel="..."> and one whose href it refused as
# <a rel="...">; links cannot nest in parsed HTML, so the first </a> closes it.
_LINK_WITHOUT_HREF = re.compile(rf'<a rel="{LINK_REL}">(.*?)</a>', re.DOTALL)
_EMPTY_PARAGRAPH = re.compile(r"<p></p>")

# Passes after the first one only settle the shape; each pass on its own is already safe.
_MAX_PASSES = 4


def _clean_once(markup):
    cleaned = _CLEANER.clean(markup)
    return _EMPTY_PARAGRAPH.sub("", _LINK_WITHOUT_HREF.sub(r"\1", cleaned))


def _clean(markup):
    """Clean HTML against the allowlist; private so no caller can skip the Markdown step.

    Badly nested input (`<h3><em><h3>`) can give a tree whose serialisation parses into a different
    tree, so a second clean would change the stored HTML. Cleaning until nothing changes makes the
    stored HTML exactly what re-rendering it would give; in practice one extra pass settles it.
    """
    cleaned = _clean_once(markup)
    for _ in range(_MAX_PASSES - 1):
        again = _clean_once(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned
