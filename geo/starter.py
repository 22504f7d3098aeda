"""The files of a new map: what `geo init` writes in an empty folder.

A data file with its settings and one real example site (to replace), a `.gitignore`
for what geo and spreadsheet programs leave behind, and a short README that says how the
map is made, so that the folder explains itself to whoever opens it next.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geo.contract import dumps, feature_name, new_feature
from geo.core.errors import Problem

__all__ = ["GITIGNORE", "leftover_example", "starter_files"]

GITIGNORE = """\
# geo writes files atomically through temporary files next to them
.*.tmp
.geo-export.*
# spreadsheet programs' lock files
~$*
.~lock.*#
# Python and the system
__pycache__/
.DS_Store
"""

_TITLES = {"fr": "Carte des investissements annoncés", "en": "Announced investments"}
_EXAMPLE = {
    "fr": dict(name="Data center géant de Mistral AI", investor="Mistral AI", investor_country="FR",
               place="Essonne", amount="plusieurs milliards d'euros", date="2025-02-09",
               status="annoncé",
               notes="Exemple tiré des annonces du Sommet de l'IA (février 2025) : remplacez-le par "
                     "vos sites, ou supprimez-le."),
    "en": dict(name="Mistral AI's giant data center", investor="Mistral AI", investor_country="FR",
               place="Essonne", amount="several billion euros", date="2025-02-09",
               status="announced",
               notes="An example from the AI Action Summit announcements (February 2025): replace "
                     "it with your own sites, or delete it."),
}
_README = {
    "fr": """\
# {title}

Carte faite avec [geo](https://pypi.org/project/geo/) : les sites sont dans
`data/sites.geojson`, la carte dans `output/map.html`.

```sh
geo add --name "Usine de batteries" --place "Dunkerque" --amount "1,5 Md€" \\
        --investor "ACME" --source-url https://example.org/article
geo import annonces.xlsx          # ou un CSV : colonnes nom, lieu, montant, source…
geo build                         # géocode, complète data/sites.geojson, écrit la carte
geo export --to csv               # les sites enrichis pour un tableur, QGIS, un notebook
```

Un site dont le lieu ou le montant ne se lit pas n'empêche pas la carte : elle est
écrite comme brouillon, avec ce site dans le panneau « À vérifier » (code de sortie 1).
Versionnez `data/sites.geojson` et `output/map.html` : `geo build` dit ce qui a changé
depuis le dernier commit.
""",
    "en": """\
# {title}

A map made with [geo](https://pypi.org/project/geo/): the sites are in
`data/sites.geojson`, the map in `output/map.html`.

```sh
geo add --name "Battery plant" --place "Dunkerque" --amount "€1.5bn" \\
        --investor "ACME" --source-url https://example.org/article
geo import announcements.xlsx     # or a CSV: columns name, place, amount, source…
geo build                         # geocodes, completes data/sites.geojson, writes the map
geo export --to csv               # the enriched sites for a spreadsheet, QGIS, a notebook
```

A site whose place or amount cannot be read does not stop the map: it is written as a
draft, with that site in the "To check" panel (exit code 1). Commit `data/sites.geojson`
and `output/map.html`: `geo build` says what changed since the last commit.
""",
}


def starter_files(folder: Path, title: str | None = None, lang: str = "fr") -> list[tuple[Path, bytes]]:
    """(path, bytes) of each file `geo init` writes in `folder`.

    >>> [str(p) for p, _ in starter_files(Path("carte"))]
    ['carte/data/sites.geojson', 'carte/.gitignore', 'carte/README.md']
    """
    title = title or _TITLES[lang]
    example = new_feature(**_EXAMPLE[lang])
    data = {"type": "FeatureCollection",
            "settings": {"title": title, "lang": lang},
            "features": [example]}
    return [(folder / "data" / "sites.geojson", dumps(data)),
            (folder / ".gitignore", GITIGNORE.encode("utf-8")),
            (folder / "README.md", _README[lang].format(title=title).encode("utf-8"))]


def leftover_example(file: str, features: list[Any]) -> list[Problem]:
    """A warning when `geo init`'s example site is still there beside sites of the user's own.

    The example is a real announcement, so nothing on the map would tell a reader it is not
    part of the story: once other sites are in, it is almost always forgotten, not meant.
    It is never removed by geo (nothing is lost); the warning says how to remove it.

    >>> example = new_feature(**_EXAMPLE["en"])
    >>> leftover_example("data/sites.geojson", [example])  # alone: the map is just started
    []
    >>> other = new_feature(name="Usine", place="Dunkerque", amount="1 Md€")
    >>> print(leftover_example("data/sites.geojson", [example, other])[0].field)
    notes
    """
    if len(features) < 2:
        return []
    notes = {example["notes"] for example in _EXAMPLE.values()}
    out = []
    for index, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(props, dict) and props.get("notes") in notes:
            out.append(Problem(file, "this is the example site `geo init` wrote, still beside your "
                               "own sites: it is drawn on the map like them",
                               index=index, name=feature_name(feature), field="notes",
                               severity="warning",
                               hint="delete this feature from the data file (or change its notes "
                               "if you keep it on purpose)"))
    return out
