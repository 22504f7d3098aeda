"""Draft sites from a news article or a press kit, each with the sentence that proves it.

A journalist reads an article, finds who invests how much where, and types each site.
`extract` does the reading: the article (plain text, Markdown or HTML) is split into
sentences by spaCy, the organisations, places and amounts of each sentence are found and
checked by geo's own parts (`find_amounts`/`parse_amount`, the geocoder's public facade),
each amount is linked to an investor and places (`link`), and amounts that are not sites
(totals, funds, foundations, shares, spending with no place) are set apart with a reason
(`classify`). The result is draft features, `status: "à vérifier"`, for a person to
review (`geo extract --review`) and append (`--append --only 1,3`).

Stages, one module each: `markup` (text and paragraphs) → `nlp` (spaCy pipelines,
sentences) → `candidates` → `link` → `classify` → `drafts`; `append` adds drafts to a
data file.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from geo.extract.drafts import DRAFT_STATUS, Extraction, review_lines
from geo.extract.nlp import INSTALL, ExtractUnavailable

__all__ = ["DRAFT_STATUS", "INSTALL", "ExtractUnavailable", "Extraction", "extract", "review_lines"]


def extract(raw: str, *, lang: str | None = None, fmt: str | None = None, name: str | None = None,
            geocoder: Any = None, source: dict[str, str] | None = None) -> Extraction:
    """Read an article and return its draft sites and the amounts that are not sites.

    `fmt` is "text", "markdown" or "html" (guessed from `name` or the content when None);
    `lang` is "fr" or "en" (detected when None). `geocoder` is anything with the
    geocoder's `geocode(text)` (default: the offline `Geocoder`). `source` ({"title", "url"})
    goes into each draft's `sources`. Raises `ExtractUnavailable` when the `[extract]`
    extra is missing.
    """
    from geo.extract import candidates, classify, link, markup, nlp

    article = markup.read_article(raw, fmt, name)
    lang = lang or article.meta.get("lang") or nlp.detect_lang(article.text)
    pipeline = nlp.pipeline(lang)
    if geocoder is None:
        geocoder = _offline_geocoder()
    memo: dict[str, Any] = {}

    def geocode(text: str) -> Any:
        if text not in memo:
            memo[text] = geocoder.geocode(text)
        return memo[text]

    sentences = nlp.sentences(pipeline, article.text, article.blocks)
    capitalised = _capitalised_mid_sentence(sentences)
    by_sentence: dict[int, list[candidates.Mention]] = {}
    everything: list[candidates.Mention] = []
    for s in sentences:
        found = candidates.amounts_in(s)
        mentions = found + [m for m in candidates.orgs_and_places(s, article.text, geocode, capitalised)
                            if not any(a.start <= m.start < a.end for a in found)]
        mentions.sort(key=lambda m: m.start)
        by_sentence[s.index] = mentions
        everything.extend(mentions)
    readings = [link.link(m, by_sentence, sentences, None) for m in everything if m.kind == "amount"]
    investors = {_key(r.investor.text) for r in readings if r.investor is not None}
    host = link.host_country(everything, geocode, investors)
    readings = [link.link(r.amount, by_sentence, sentences, host) for r in readings]
    kept, repeated = [], {}
    for r in readings:
        s = sentences[r.amount.sentence]
        earlier = _repeats(r, kept) if classify.is_repeat(r, s.text, s.start) else None
        if earlier is not None:  # "Sur ces 43 millions, 16 millions…": what follows is a share
            repeated[r.amount.sentence] = (earlier, r.amount.end)
            continue
        whole = repeated.get(r.amount.sentence)
        if whole is not None and r.amount.start >= whole[1]:
            r.part_of = whole[0]
        kept.append(r)
    classify.relate(kept, sentences)
    for r in kept:
        s = sentences[r.amount.sentence]
        lo, hi = link.clause(r.amount, by_sentence[s.index], s)
        classify.classify(r, s.text, s.start, article.text[lo:hi])
    sites, not_sites = build_drafts_for(kept, sentences, lang, article.meta, source)
    return Extraction(article.text, lang, article.format, sites, not_sites, dict(article.meta))


@cache
def _offline_geocoder() -> Any:
    """One offline geocoder per process: its indexes take ~0.6 s to build, once."""
    from geo.geocoding import Geocoder

    return Geocoder()


def _key(text: str) -> str:
    from geo.core.text import fold

    return fold(text)


def _repeats(reading: Any, earlier: list[Any]) -> Any:
    """The earlier reading with the same bounds ("sur ces 43 millions" after "43 millions")."""
    a = reading.amount.result.amount
    if a is None:
        return None
    for r in reversed(earlier):
        b = r.amount.result.amount
        if b is not None and (a.min, a.max) == (b.min, b.max):
            r.sentences.append(reading.amount.sentence)
            return r
    return None


def _capitalised_mid_sentence(sentences: list) -> set[str]:
    """Words written with a capital inside a sentence somewhere in the article: names, not
    sentence-initial common words ("Premier", "Objectif")."""
    out: set[str] = set()
    for s in sentences:
        for token in list(s.span)[1:]:
            if token.text[:1].isupper():
                out.add(token.text)
    return out


def build_drafts_for(readings: list, sentences: list, lang: str, meta: dict[str, str],
                     source: dict[str, str] | None) -> tuple[list[dict], list[dict]]:
    from geo.extract.drafts import build_drafts

    return build_drafts(readings, sentences, lang, meta, source)
