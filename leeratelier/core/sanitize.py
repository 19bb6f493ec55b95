"""The one sanitiser: everything members write goes through `render_markdown` and nowhere else.

Members write Markdown. It is rendered to HTML by the `markdown` package and the result is cleaned
by bleach against a short allowlist. Keeping both libraries behind this one function means bleach
(in maintenance mode) can be replaced without touching a single caller, and the stored HTML can be
re-rendered whenever `SANITIZER_VERSION` changes: callers store the source, the HTML and the version
side by side, and a management command re-renders rows whose version is not the current one.

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
  (javascript:, data:, vbscript:, entity-encoded variants) loses its href, and a link without an href
  becomes plain text. Every link, including bare URLs that are linkified, gets
  `rel="nofollow noopener"`.
- Single newlines become `<br>` (nl2br): members write in a text box and expect their line breaks
  to stay; fenced code blocks and sane lists match what people know from chat and forum tools.

- Control characters and Unicode noncharacters are removed from the source and line endings
  unified, and the HTML is cleaned until a further clean changes nothing: the stored HTML is then
  exactly what re-cleaning it gives, so re-rendering only changes rows when the settings changed.

The security boundary is bleach's allowlist plus this module's own check of every link target
(`_href_allowed`, which closes a gap in bleach's protocol check). The Markdown tweaks and the
dropping of non-prose content only make the output tidier; bleach still checks every tag after them,
so a mistake there cannot let markup through.
"""

import hashlib
import html
import json
import re
import threading
from functools import partial
from typing import NamedTuple

import bleach
import markdown
from bleach import html5lib_shim
from bleach.linkifier import LinkifyFilter
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = frozenset(
    {"p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4", "a"}
)
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
MARKDOWN_EXTENSIONS = ("fenced_code", "nl2br", "sane_lists")

# Bump when this module's own behaviour changes in a way the settings above do not capture.
_RENDERER_REVISION = 1


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
    extensions=list(MARKDOWN_EXTENSIONS),
    revision=_RENDERER_REVISION,
    bleach=bleach.__version__,
    markdown=markdown.__version__,
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
    converter = _local_converter()
    converter.reset()
    return _clean(converter.convert(_normalise(source))).strip()


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


# --- Markdown ---------------------------------------------------------------------------------


class _HeadingLevels(Treeprocessor):
    """Shift member headings below the page's own h1 and h2."""

    def run(self, root):
        for element in root.iter():
            if element.tag in HEADING_TAGS:
                element.tag = HEADING_TAGS[element.tag]


class _ImagesAsAltText(Treeprocessor):
    """Replace Markdown images by their alt text, so the words stay and no external image loads."""

    def run(self, root):
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag != "img":
                    continue
                text = (child.get("alt") or "") + (child.tail or "")
                index = list(parent).index(child)
                if index == 0:
                    parent.text = (parent.text or "") + text
                else:
                    previous = parent[index - 1]
                    previous.tail = (previous.tail or "") + text
                parent.remove(child)


class _LeeratelierExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (the name Markdown calls)
        # After the inline patterns (priority 20) have created the headings' and images' content.
        md.treeprocessors.register(_HeadingLevels(md), "leeratelier_headings", 15)
        md.treeprocessors.register(_ImagesAsAltText(md), "leeratelier_images", 14)


# --- bleach -----------------------------------------------------------------------------------


class _DropNonProse(html5lib_shim.Filter):
    """Leave out elements in DROPPED_WITH_CONTENT and everything inside them.

    It walks a parsed tree, so start and end tags are always balanced, also for unclosed input.
    """

    def __iter__(self):
        depth = 0
        for token in self.source:
            if token["type"] in ("StartTag", "EndTag", "EmptyTag") and token["name"].lower() in DROPPED_WITH_CONTENT:
                if token["type"] == "StartTag":
                    depth += 1
                elif token["type"] == "EndTag":
                    depth = max(0, depth - 1)
                continue
            if depth == 0:
                yield token


_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def _href_allowed(href):
    """Decide on a link target the way a browser would read it, and more strictly where in doubt.

    bleach checks protocols too, but its vendored URL parser reads `javascript:0` (a scheme followed
    by digits only) as a host and port and lets it through, also entity-encoded as `javascript&#58;0`.
    So every link is checked here again: entities decoded, whitespace, control and non-ASCII
    characters removed (browsers drop tabs and newlines inside a URL), then the scheme must be one
    of ALLOWED_PROTOCOLS, or there is none and no colon before the path, query or fragment starts.
    Targets holding markup characters are refused as well.
    """
    decoded = html.unescape(href)
    if re.search(r'[<>"`]', decoded):
        # Never part of a real URL (they would be percent-encoded), and bleach re-escapes the
        # ampersands of such a value on every clean, so the stored HTML would never settle.
        return False
    compact = re.sub(r"[`\x00-\x20\x7f-\xa0\s]+|[^\x00-\x7f]+", "", decoded).lower()
    match = _SCHEME.match(compact)
    if match:
        return match.group(1) in ALLOWED_PROTOCOLS
    return ":" not in re.split(r"[/?#]", compact, maxsplit=1)[0]


def _link_attributes(attrs, new=False):
    """Give every link the fixed rel; turn links without an acceptable href into plain text."""
    href = attrs.get((None, "href"))
    if not href or not _href_allowed(href):
        return None
    return {(None, "href"): href, (None, "rel"): LINK_REL, "_text": attrs.get("_text", "")}


class _UnwrapUnsafeLinks(html5lib_shim.Filter):
    """Turn links without an acceptable href (see `_href_allowed`) into their content, and join text.

    Done before the linkifier rather than in its callback, because the linkifier does not look inside
    a link it then removes: a bare URL in there would only be linked on a second pass, and the stored
    HTML must already be what re-cleaning it would give.
    """

    def __iter__(self):
        unwrapped = []
        text = []
        for token in self.source:
            if token["type"] == "StartTag" and token["name"] == "a":
                href = (token.get("data") or {}).get((None, "href"))
                unwrapped.append(not href or not _href_allowed(href))
                if unwrapped[-1]:
                    continue
            elif token["type"] == "EndTag" and token["name"] == "a" and unwrapped:
                if unwrapped.pop():
                    continue
            if token["type"] in ("Characters", "SpaceCharacters"):
                # The linkifier looks at one text token at a time; text that the removed tags had
                # split must be one run now, as it will be when the output is parsed again.
                text.append(token["data"])
                continue
            if text:
                yield {"type": "Characters", "data": "".join(text)}
                text = []
            yield token
        if text:
            yield {"type": "Characters", "data": "".join(text)}


class _DropEmptyParagraphs(html5lib_shim.Filter):
    """Leave out `<p></p>` that remains when a paragraph held only a stripped image or tag."""

    def __iter__(self):
        pending = None
        for token in self.source:
            if token["type"] == "Characters" and not token["data"]:
                continue  # left behind by stripped tags and unlinked links; it would hide an empty <p>
            if pending is not None:
                pending, previous = None, pending
                if token["type"] == "EndTag" and token["name"] == "p":
                    continue
                yield previous
            if token["type"] == "StartTag" and token["name"] == "p" and not token.get("data"):
                pending = token
                continue
            yield token
        if pending is not None:
            yield pending


def _new_cleaner():
    cleaner = bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[
            # Bare URLs of any scheme bleach knows are matched, so `ftp://host` is not half-linked;
            # _link_attributes then keeps only the allowed schemes.
            _UnwrapUnsafeLinks,
            partial(LinkifyFilter, callbacks=[_link_attributes], skip_tags={"pre", "code"}),
            _DropEmptyParagraphs,
        ],
    )
    # The parser must build the non-prose elements into the tree (bleach's tokenizer would otherwise
    # flatten them to their text before any filter sees them) so _DropNonProse can drop them whole.
    # The sanitiser filter still checks every tag that remains against ALLOWED_TAGS.
    cleaner.parser.tags = ALLOWED_TAGS | DROPPED_WITH_CONTENT
    walker = cleaner.walker
    cleaner.walker = lambda tree: _DropNonProse(walker(tree))
    return cleaner


_local = threading.local()


def _local_converter():
    # Neither markdown.Markdown nor bleach.Cleaner is thread-safe; one of each per thread.
    if not hasattr(_local, "converter"):
        _local.converter = markdown.Markdown(
            extensions=[*MARKDOWN_EXTENSIONS, _LeeratelierExtension()], output_format="html"
        )
    return _local.converter


# Passes after the first one only settle the shape; each pass on its own is already safe.
_MAX_PASSES = 4


def _clean(markup):
    """Clean HTML against the allowlist; private so no caller can skip the Markdown step.

    Badly nested input (`<h3><em><h3>`) can give a tree whose serialisation parses into a different
    tree, so a second clean would change the stored HTML. Cleaning until nothing changes makes the
    stored HTML exactly what re-rendering it would give; in practice one extra pass settles it.
    """
    if not hasattr(_local, "cleaner"):
        _local.cleaner = _new_cleaner()
    cleaned = _local.cleaner.clean(markup)
    for _ in range(_MAX_PASSES - 1):
        again = _local.cleaner.clean(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned
