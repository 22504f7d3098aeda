"""What the reader will see: the options that change the bytes of the page, merged once.

Command-line flags, API keyword arguments and the data file's `settings` all say things
like "in English" or "offline"; `RenderOptions.resolve` is the one place where they are
combined (an explicit option wins over the file's settings, which win over the defaults).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["DEFAULT_TILES", "RenderOptions"]

DEFAULT_TILES = "OpenStreetMap.Mapnik"


@dataclass(frozen=True)
class RenderOptions:
    """Everything that changes the bytes of the page, besides the data.

    >>> options = RenderOptions.resolve({"lang": "en", "offline": True}, title="AI sites")
    >>> options.lang, options.offline, options.tiles, options.title
    ('en', True, 'OpenStreetMap.Mapnik', 'AI sites')
    >>> RenderOptions.resolve({"lang": "en"}, lang="fr").lang
    'fr'
    """

    lang: str = "fr"
    #: One self-contained file: Leaflet inlined, a vector basemap instead of tiles.
    offline: bool = False
    #: Leaflet inlined even with online tiles (no visitor IP sent to a CDN).
    inline_assets: bool = False
    #: An xyzservices provider name.
    tiles: str = DEFAULT_TILES
    #: The title, when it is not the data file's `settings.title`.
    title: str | None = None

    @classmethod
    def resolve(cls, settings: dict[str, Any] | None = None, *, lang: str | None = None,
                offline: bool | None = None, inline_assets: bool = False, tiles: str | None = None,
                title: str | None = None) -> RenderOptions:
        """The options for a map: explicit ones first, then the file's settings, then defaults."""
        settings = settings or {}
        return cls(
            lang=lang or settings.get("lang") or "fr",
            offline=bool(settings.get("offline")) if offline is None else offline,
            inline_assets=inline_assets,
            tiles=tiles or settings.get("tiles") or DEFAULT_TILES,
            title=title,
        )
