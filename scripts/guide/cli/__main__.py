"""`python -m guide.cli`: the `guide` command, as the release tools run it."""

from guide.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
