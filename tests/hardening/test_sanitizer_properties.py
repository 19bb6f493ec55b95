"""The sanitiser's promise, stated as properties and tried on generated input.

tests/core/test_sanitize.py checks the output against the allowlist. These tests state the
promise the way an attacker would test it, independent of what the allowlist happens to hold today:
whatever a member writes (HTML, Markdown, both mixed, nested, unclosed, obfuscated), the output
parsed by a real HTML parser holds

- no script element (and no other element that runs or embeds code),
- no event-handler attribute (on...) and no style attribute, on any element,
- no URL in any attribute with a scheme other than http, https or mailto,

and cleaning the output once more changes nothing. The generators build input from dangerous
fragments: code-bearing tags, on* and style attributes, javascript:/data:/vbscript: URLs hidden
behind entities (decimal, hex, named, with and without the semicolon), whitespace, control
characters and mixed case, in every place Markdown takes a URL (inline, reference, autolink).
"""

import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leeratelier.core import sanitize
from leeratelier.core.sanitize import render_markdown

# Elements that run code, load a document or style the page: never in the output, whatever the
# allowlist holds.
FORBIDDEN_ELEMENTS = {
    "script", "style", "iframe", "frame", "object", "embed", "applet", "svg", "math", "base", "meta",
    "link", "form", "img", "video", "audio", "source", "template", "noscript", "input", "button",
}  # fmt: skip
# Attributes a browser reads as a URL.
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite",
    "srcset", "longdesc", "codebase", "dynsrc", "lowsrc", "ping", "manifest", "icon",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}


class _Elements(HTMLParser):
    """Every start tag with its attributes, values entity-decoded as a browser decodes them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))

    handle_startendtag = handle_starttag


def parsed(output):
    parser = _Elements()
    parser.feed(output)
    parser.close()
    return parser.found


def browser_scheme(url):
    """The scheme a browser would act on: it strips leading/trailing C0 controls and spaces and
    removes tabs and newlines anywhere before parsing; we remove every control, space and
    non-ASCII character, which is stricter."""
    compact = re.sub(r"[\x00-\x20\x7f-\xa0\u00ad\u200b-\u200f\u2028\u2029\ufeff`]+", "", url)
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", compact)
    return match.group(1).lower() if match else None


def assert_keeps_its_promise(output):
    for tag, attrs in parsed(output):
        assert tag not in FORBIDDEN_ELEMENTS, f"<{tag}> in {output!r}"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name} in {output!r}"
            assert name != "style", f"style attribute in {output!r}"
            if name in URL_ATTRIBUTES or (value and ":" in value and name not in {"rel", "title"}):
                scheme = browser_scheme(value or "")
                assert scheme in SAFE_SCHEMES | {None}, f"{name}={value!r} in {output!r}"
    # And in the raw text: a script tag cannot hide from the parser in a form it misreads.
    assert not re.search(r"<\s*/?\s*script", output, re.IGNORECASE), output


def assert_stable(output):
    assert sanitize._clean(output) == output, output


# --- the generators -------------------------------------------------------------------------------

DANGEROUS_SCHEMES = ["javascript", "vbscript", "data", "livescript", "jar", "file", "blob", "filesystem"]
PAYLOADS = ["alert(1)", "alert(document.cookie)", "text/html,<script>alert(1)</script>",
            "text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "msgbox(1)", "0", "//%0aalert(1)"]  # fmt: skip


@st.composite
def obfuscated_char(draw, char):
    """One character of a scheme as a browser would still read it."""
    form = draw(st.sampled_from(["plain", "upper", "decimal", "hex", "padded", "nosemi", "named"]))
    code = ord(char)
    if form == "upper":
        return char.upper()
    if form == "decimal":
        return f"&#{code};"
    if form == "hex":
        return f"&#x{code:x};" if draw(st.booleans()) else f"&#X{code:X};"
    if form == "padded":
        return f"&#{'0' * draw(st.integers(1, 6))}{code};"
    if form == "nosemi":
        return f"&#{code}"  # the HTML parser reads a numeric reference without its semicolon too
    if form == "named" and char == ":":
        return "&colon;"
    return char


NOISE = st.sampled_from(["", "", "", "\t", "\n", "&#9;", "&#10;", "&Tab;", "&NewLine;", "\x00", "\x01", " ", "&#x0d;"])


@st.composite
def hostile_url(draw):
    scheme = draw(st.sampled_from(DANGEROUS_SCHEMES))
    parts = [draw(NOISE) if draw(st.booleans()) else " " * draw(st.integers(0, 2))]
    for char in scheme + ":":
        parts.append(draw(obfuscated_char(char)))
        parts.append(draw(NOISE))
    return "".join(parts) + draw(st.sampled_from(PAYLOADS))


safe_url = st.sampled_from(
    ["https://example.org/a?b=1&c=2", "http://www.movisie.nl", "mailto:atelier@example.org", "/casus/12/", "#kop", "x"]
)
any_url = hostile_url() | safe_url

CODE_TAGS = ["script", "style", "iframe", "svg", "math", "object", "embed", "img", "template", "noscript",
             "base", "meta", "link", "form", "button", "input", "video", "audio", "source", "frame", "frameset"]  # fmt: skip
PROSE_TAGS = ["p", "a", "em", "strong", "b", "i", "div", "span", "h1", "h3", "code", "pre", "ul", "ol", "li",
              "blockquote", "table", "td", "title", "textarea", "select", "option", "xmp", "plaintext"]  # fmt: skip
EVENT_HANDLERS = ["onerror", "onload", "onclick", "onmouseover", "onfocus", "onbegin", "ONERROR", "OnLoad",
                  "onanimationstart", "onpointerenter"]  # fmt: skip
tag_name = st.sampled_from(CODE_TAGS + PROSE_TAGS).flatmap(
    lambda name: st.sampled_from([name, name.upper(), name.capitalize()])
)


def quote(value):
    return st.sampled_from(['"{}"', "'{}'", "{}", "`{}`"]).map(lambda form: form.format(value))


attribute = st.one_of(
    st.tuples(st.sampled_from(EVENT_HANDLERS), st.sampled_from(["alert(1)", "javascript:alert(1)"])),
    st.tuples(
        st.just("style"),
        st.sampled_from(
            ["color:red", "background:url(javascript:alert(1))", "x:expression(alert(1))", "behavior:url(x.htc)"]
        ),
    ),
    st.tuples(
        st.sampled_from(
            ["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "background", "poster", "HREF"]
        ),
        any_url,
    ),
    st.tuples(st.sampled_from(["title", "class", "rel", "target", "id"]), st.text(max_size=8)),
).flatmap(lambda pair: quote(pair[1]).map(lambda value: f" {pair[0]}={value}"))

separator = st.sampled_from([" ", "/", "\t", "\n", "//"])
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=10)


@st.composite
def start_tag(draw):
    name = draw(tag_name)
    attrs = "".join(
        draw(separator if draw(st.booleans()) else st.just("")) + a for a in draw(st.lists(attribute, max_size=3))
    )
    return f"<{name}{attrs}{draw(st.sampled_from(['>', ' >', '/>', '', ' ']))}"


def element(children):
    """An element around its children, closed, closed wrongly or left open."""

    @st.composite
    def build(draw):
        opening = draw(start_tag())
        name = re.match(r"<([A-Za-z]+)", opening).group(1)
        closing = draw(st.sampled_from([f"</{name}>", f"</{name.lower()}>", "", f"</{name} x>", "</>"]))
        return opening + "".join(draw(st.lists(children, max_size=3))) + closing

    return build()


markdown_piece = st.one_of(
    st.builds("[{}]({})".format, text, any_url),
    st.builds('[{}]({} "{}")'.format, text, any_url, text),
    st.builds("![{}]({})".format, text, any_url),
    st.builds("[{0}][r]\n\n[r]: {1}\n".format, text, any_url),
    any_url.map("<{}>".format),
    st.sampled_from(["# ", "## ", "> ", "- ", "1. ", "```\n", "`", "*", "**", "\n\n", "    ", "<!--", "-->"]),
)
leaf = text | markdown_piece | hostile_url()
html_tree = st.recursive(
    leaf, lambda children: element(children) | st.lists(children, max_size=4).map("".join), max_leaves=12
)
document = st.lists(html_tree | markdown_piece, min_size=1, max_size=8).map("".join)


@st.composite
def mutated(draw):
    """A generated document with a slice cut, a piece doubled or its case flipped: what a fuzzer
    does to find the input the generator did not think of."""
    source = draw(document)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(source)))
        operation = draw(st.sampled_from(["cut", "double", "swapcase", "insert"]))
        if operation == "cut":
            source = source[:at] + source[at + draw(st.integers(1, 8)) :]
        elif operation == "double":
            source = source[:at] + source[at:] + source[at:]
        elif operation == "swapcase":
            source = source[:at] + source[at:].swapcase()
        else:
            source = source[:at] + draw(leaf | start_tag()) + source[at:]
    return source


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- the properties -----------------------------------------------------------------------------


@SETTINGS
@given(source=document)
def test_generated_markdown_and_html_keep_the_promise(source):
    output = render_markdown(source)
    assert_keeps_its_promise(output)
    assert_stable(output)


@SETTINGS
@given(source=mutated())
def test_mutated_input_keeps_the_promise(source):
    output = render_markdown(source)
    assert_keeps_its_promise(output)
    assert_stable(output)


@SETTINGS
@given(
    url=hostile_url(),
    label=st.sampled_from(["klik", "x", ""]),
    form=st.sampled_from(
        [
            '<a href="{url}">{label}</a>',
            "<a href='{url}'>{label}</a>",
            "<a href={url}>{label}</a>",
            "[{label}]({url})",
            "[{label}][r]\n\n[r]: {url}",
            "<{url}>",
            "{url}",
            "- [{label}]({url})",
            '> <a href="{url}">{label}</a>',
            '<p><a title="x" href="{url}">{label}</a></p>',
        ]
    ),
)
def test_an_obfuscated_dangerous_url_never_becomes_a_link(url, label, form):
    """Whatever way the scheme is hidden, no link to it comes out.

    An href that comes out as `javascript&amp;#58...` is fine: the browser decodes it once to the
    text `javascript&#58...`, which has no colon and so is a relative URL, not a scheme."""
    output = render_markdown(form.format(url=url, label=label))
    assert_keeps_its_promise(output)  # hrefs are read entity-decoded once, as the browser reads them
    assert_stable(output)


@SETTINGS
@given(source=document)
def test_output_fed_back_in_is_still_safe(source):
    """Stored HTML that is edited and saved again goes through the sanitiser a second time."""
    once = render_markdown(source)
    twice = render_markdown(once)
    assert_keeps_its_promise(twice)
    assert sanitize._clean(once) == once


def test_the_checker_itself_catches_what_it_must():
    """The properties above are only as good as this checker: it must see every kind of hole."""
    import pytest

    for bad in [
        "<script>alert(1)</script>",
        "<p onclick=alert(1)>x</p>",
        '<p style="color:red">x</p>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href=" JAVASCRIPT:0">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<a href="vbscript&colon;x">x</a>',
        "<svg><a xlink:href=javascript:alert(1)>x</a></svg>",
        "< script>",
    ]:
        with pytest.raises(AssertionError):
            assert_keeps_its_promise(bad)
    assert_keeps_its_promise('<p><a href="https://example.org" rel="nofollow noopener">x</a> <a href="/a:b">y</a></p>')
