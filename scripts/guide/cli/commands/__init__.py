"""Subcommands of `guide`: each module has register(subparsers)."""
