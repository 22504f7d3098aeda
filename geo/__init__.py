"""geo: announced investments → versioned GeoJSON → honest proportional-symbol map."""

__version__ = "0.1.0"
