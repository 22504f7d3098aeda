"""The data contract: reading, validating and canonically writing data/sites.geojson."""

from geo.contract.document import *  # noqa: F401,F403  (temporary, split below)
from geo.contract.document import (  # noqa: F401
    _MISSING,
    _feature_id,
    _member_order,
    _plainly_valid,
    _plainly_valid_settings,
    _round_coords,
    _scalar,
)
