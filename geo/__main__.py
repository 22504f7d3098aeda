"""`python -m geo` is the same as the `geo` command."""

from geo.cli import run

if __name__ == "__main__":  # pragma: no cover
    run()
