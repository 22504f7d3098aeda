"""Spreadsheets in: a newsroom's table of announcements read as GeoJSON features.

`read` opens CSV (any delimiter, UTF-8 / Windows-1252 / UTF-16, with or without a BOM),
XLSX and ODS; `columns` matches the header to the data contract's fields in French and
English and turns each row into a feature as a person would have typed it. Merging the
features into a data file is `geo.merge`'s job, and `geo import` puts the two together.
"""

from geo.sheets.columns import COMPUTED, FIELDS, IGNORE, Columns, header_key, match_columns, row_features
from geo.sheets.read import SheetError, Table, read_table

__all__ = ["COMPUTED", "FIELDS", "IGNORE", "Columns", "SheetError", "Table", "header_key",
           "match_columns", "read_table", "row_features"]
