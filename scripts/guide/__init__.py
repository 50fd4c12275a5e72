"""The Digital engagement guide's own tooling: checks, scaffolding and build hooks."""

__version__ = "0.1.0"
