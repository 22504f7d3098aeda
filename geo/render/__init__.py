"""Rendering: enriched sites → one static, deterministic, embeddable HTML page."""
