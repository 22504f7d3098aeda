"""The data contract: `data/sites.geojson` read strictly, validated, and written canonically.

This layer knows the file's shape and nothing of places or maps: `document` reads it,
`checks` and `validate` hold it to the contract (the JSON Schema shipped in
``geo/schema/``), `ids` gives new sites a stable id, `lines` finds where a feature starts
so that errors can say so, and `writer` writes it back byte for byte the same way.
"""

from geo.contract.document import (
    MAX_BRACKETS,
    MAX_FEATURES,
    MAX_FILE_BYTES,
    Document,
    load,
    parse_bytes,
    too_big_to_write,
)
from geo.contract.feature import new_feature
from geo.contract.ids import assign_ids
from geo.contract.lines import feature_lines, with_lines
from geo.contract.strict import MAX_DEPTH
from geo.contract.validate import feature_id, feature_name, raise_for, validate
from geo.contract.writer import dump, dumps
from geo.core.errors import DataError, Problem
from geo.core.vocab import schema

__all__ = [
    "MAX_BRACKETS",
    "MAX_DEPTH",
    "MAX_FEATURES",
    "MAX_FILE_BYTES",
    "DataError",
    "Document",
    "Problem",
    "assign_ids",
    "dump",
    "dumps",
    "feature_id",
    "feature_lines",
    "feature_name",
    "load",
    "new_feature",
    "parse_bytes",
    "raise_for",
    "schema",
    "too_big_to_write",
    "validate",
    "with_lines",
]
