"""The leaves of geo: text folding, geometry, shared vocabularies, errors and safe file writes.

Nothing here imports any other part of geo (import-linter checks it), so every layer
above can use these without creating a cycle, and `geo geocode` pays only for what it
touches: everything is pure standard library.
"""
