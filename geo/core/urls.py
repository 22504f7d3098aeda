"""Which links may reach a published map: the one rule, shared with the page's script.

`safe_url` here and `safeUrl` in ``geo/assets/geo-map.js`` implement the same rule with
the same two patterns; a test runs both on the same cases (tests/test_safe_url.py), so
they cannot drift apart.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["MAX_URL", "safe_url"]

#: Characters never allowed inside a link: controls, spaces of every kind, and the
#: invisible direction marks that can disguise where a link goes.
_FORBIDDEN = "\\x00-\\x20\\x7f-\\x9f\\u00a0\\u1680\\u2000-\\u200f\\u2028-\\u202f\\u205f\\u3000\\ufeff"
#: What is trimmed from both ends first (ASCII controls and space, as pasted from a sheet).
_TRIM = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
#: http or https, "://", a non-empty authority, then anything but forbidden characters.
#: The JS twin is the same pattern (see geo-map.js). re.ASCII: "httpſ" (long s) is not "https"
#: in JavaScript, so it is not here either.
_SAFE = re.compile("^https?://[^/?#\\\\" + _FORBIDDEN + "]+(?:[/?#][^" + _FORBIDDEN + "]*)?$",
                   re.IGNORECASE | re.ASCII)  # ASCII case only, as JavaScript's /i
MAX_URL = 2000


def safe_url(url: Any) -> str | None:
    """The link, trimmed, if it is a plain http(s) address with a host; else None.

    `javascript:`, `data:`, `vbscript:`, scheme-relative (``//host``) and host-less links
    are refused, and so are links with spaces, controls or direction marks inside, and
    links over 2,000 characters.

    >>> safe_url("  https://example.org/a?b=1 ")
    'https://example.org/a?b=1'
    >>> safe_url("javascript:alert(1)") is None
    True
    >>> safe_url("https:///no-host") is None
    True
    """
    if not isinstance(url, str):
        return None
    url = _TRIM.sub("", url)
    if len(url) > MAX_URL or not _SAFE.match(url):
        return None
    return url
