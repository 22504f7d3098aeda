"""An article as it comes (plain text, Markdown, HTML) → its text, in paragraphs.

Why real parsers: a press kit's HTML has scripts, menus, entities (``&nbsp;``, ``&#8217;``)
and tags in the middle of a sentence; a regex that strips ``<…>`` keeps the script and
splits "Mistral<b> AI</b>". HTML goes through the standard library's tokenizer
(`html.parser`, the one Python ships and maintains: no dependency for what it does well);
Markdown through markdown-it-py (CommonMark, the parser Jupyter and rich use) and then the
same HTML path. Paragraphs and headings stay apart, so a headline with no full stop is not
glued to the next sentence.

Evidence offsets count characters of `Article.text`: for plain text that is the file
itself, so `text[start:end]` in any editor shows the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["FORMATS", "Article", "guess_format", "read_article"]

FORMATS = ("text", "markdown", "html")

#: Header lines a plain-text or Markdown article may start with ("date: 2025-02").
_HEADER = re.compile(r"(?P<key>date|title|titre|url|source|lang)\s*:\s*(?P<value>\S.*)$", re.I)
_BLOCK_TAGS = frozenset("p div h1 h2 h3 h4 h5 h6 li ul ol br tr td th table section article header "
                        "blockquote figcaption dd dt hr pre main body".split())
_SKIP_TAGS = frozenset("script style noscript template svg iframe nav footer form button select "
                       "head".split())


@dataclass(frozen=True)
class Article:
    """The text of an article, its paragraphs (as offsets in `text`) and what it says of itself."""

    text: str
    #: (start, end) of each paragraph or heading, in order.
    blocks: tuple[tuple[int, int], ...]
    format: str = "text"
    meta: dict[str, str] = field(default_factory=dict)


def guess_format(raw: str, name: str | None = None) -> str:
    """"html", "markdown" or "text", from the file name if it says, else from the content.

    >>> guess_format("<p>Hello</p>"), guess_format("# Title\\n\\nText"), guess_format("Plain.")
    ('html', 'markdown', 'text')
    """
    suffix = (name or "").lower().rsplit(".", 1)[-1] if name and "." in name else ""
    if suffix in ("html", "htm", "xhtml"):
        return "html"
    if suffix in ("md", "markdown"):
        return "markdown"
    if suffix == "txt":
        return "text"
    head = raw.lstrip()[:2000].lower()
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(p|div|h[1-6]|article|body)[\s>]",
                                                                  head):
        return "html"
    if re.search(r"(?m)^(#{1,6}\s|[*-]\s|>\s)|\*\*[^*]+\*\*|\]\(https?://", raw[:5000]):
        return "markdown"
    return "text"


def read_article(raw: str, fmt: str | None = None, name: str | None = None) -> Article:
    """The article's text and paragraphs, whatever its format (see the module docstring).

    >>> a = read_article("<html><script>x=1</script><h1>Titre</h1><p>Mistral<b> AI</b>&nbsp;investit.</p>")
    >>> a.text, [a.text[s:e] for s, e in a.blocks]
    ('Titre\\n\\nMistral AI investit.', ['Titre', 'Mistral AI investit.'])
    """
    fmt = fmt or guess_format(raw, name)
    if fmt not in FORMATS:
        raise ValueError(f"unknown article format {fmt!r}: use one of {', '.join(FORMATS)}")
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if fmt == "text":
        return _plain(raw)
    meta: dict[str, str] = {}
    if fmt == "markdown":
        raw, meta = _front_matter(raw)
        from markdown_it import MarkdownIt

        raw = MarkdownIt("commonmark").render(raw)
    parser = _TextParser()
    parser.feed(raw)
    parser.close()
    text, blocks = _join(parser.blocks)
    if parser.title and "title" not in meta:
        meta["title"] = parser.title
    return Article(text, blocks, fmt, meta)


def _plain(raw: str) -> Article:
    """Plain text as it is (offsets are the file's), header lines set apart from the blocks."""
    meta: dict[str, str] = {}
    blocks = []
    in_header = True
    for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", raw):
        para = m.group(0)
        lines = para.split("\n")
        if in_header and all(_HEADER.match(line.strip()) for line in lines):
            for line in lines:
                h = _HEADER.match(line.strip())
                meta.setdefault(h.group("key").lower().replace("titre", "title"), h.group("value").strip())
            continue
        in_header = False
        start, end = m.start(), m.end()
        while start < end and raw[start].isspace():
            start += 1
        while end > start and raw[end - 1].isspace():
            end -= 1
        if start < end:
            blocks.append((start, end))
    return Article(raw, tuple(blocks), "text", meta)


def _front_matter(raw: str) -> tuple[str, dict[str, str]]:
    """YAML-like front matter ("---" … "---") or leading "key: value" lines, read as plain pairs."""
    meta: dict[str, str] = {}
    m = re.match(r"---\n(.*?)\n---\n", raw, re.S)
    body = raw[m.end():] if m else raw
    lines = (m.group(1) if m else raw).split("\n")
    taken = 0
    for line in lines:
        h = _HEADER.match(line.strip())
        if not h:
            break
        key = h.group("key").lower().replace("titre", "title")
        meta.setdefault(key, h.group("value").strip().strip("\"'"))
        taken += 1
    if not m and taken:
        body = "\n".join(lines[taken:])
    return body, meta


def _join(blocks: list[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    parts, spans, pos = [], [], 0
    for block in blocks:
        block = re.sub(r"\s+", " ", block).strip()
        if not block:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        spans.append((pos, pos + len(block)))
        parts.append(block)
        pos += len(block)
    return "".join(parts), tuple(spans)


class _TextParser(HTMLParser):
    """Collects the visible text of a page, one string per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._skip = 0
        self._in_title = False
        self.title = ""

    def _flush(self) -> None:
        if self._current:
            self.blocks.append("".join(self._current))
            self._current = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data.strip()
        if not self._skip:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()
