"""`geo extract` speed: a 1,000-word article read in under 2 s once the model is loaded.

    python bench/bench_extract.py            # best of 5 runs
    python bench/bench_extract.py --runs 9

The article is the test articles of tests/fixtures/articles, text only, joined until it
holds at least 1,000 words (French and English paragraphs, as a press review would mix
them; read as French). The model load is timed apart (it happens once per process). The
baseline, run in the same process on the same text, is spaCy's own pipeline alone
(`nlp.pipe` over the paragraphs): the ratio says what geo's reading adds to it.
Needs the [extract] extra. Not a test: run by hand.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.extract import extract  # noqa: E402
from geo.extract.markup import read_article  # noqa: E402
from geo.extract.nlp import pipeline  # noqa: E402

ARTICLES = ROOT / "tests" / "fixtures" / "articles"


def article(min_words: int = 1000) -> str:
    paragraphs: list[str] = []
    sources = sorted(p for p in ARTICLES.iterdir() if p.suffix in (".txt", ".md", ".html"))
    pool = []
    for path in sources:
        a = read_article(path.read_text("utf-8"), name=path.name)
        pool.extend(a.text[s:e] for s, e in a.blocks)
    i = 0
    while sum(len(p.split()) for p in paragraphs) < min_words:
        paragraphs.append(pool[i % len(pool)])
        i += 1
    return "\n\n".join(paragraphs)


def best(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    text = article()
    words = len(re.findall(r"\w+", text))
    t = time.perf_counter()
    nlp = pipeline("fr")
    load = time.perf_counter() - t
    t = time.perf_counter()
    extract(text, lang="fr", fmt="text")  # the first one also builds the geocoder's indexes
    first = time.perf_counter() - t
    a = read_article(text, "text")
    spacy_only = best(lambda: list(nlp.pipe(a.text[s:e] for s, e in a.blocks)), args.runs)
    geo_extract = best(lambda: extract(text, lang="fr", fmt="text"), args.runs)
    x = extract(text, lang="fr", fmt="text")
    print(f"article: {words} words, {len(a.blocks)} paragraphs; {len(x.sites)} drafts, "
          f"{len(x.not_sites)} not_sites")
    print(f"model load (once per process): {load:.2f} s; first extraction (geocoder indexes built "
          f"too): {first:.2f} s")
    print(f"spaCy pipeline alone (baseline): {spacy_only:.3f} s (best of {args.runs})")
    print(f"geo extract: {geo_extract:.3f} s (best of {args.runs}) = {geo_extract / spacy_only:.2f}x "
          f"the spaCy baseline; goal < 2 s: {'met' if geo_extract < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
