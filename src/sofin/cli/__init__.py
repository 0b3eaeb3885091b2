"""The command line: one module a command, joined on one typer app."""

from sofin.cli import allocate, check, diff, explain, payments, plan, report, schema, show  # noqa: F401  (importing registers the commands)
from sofin.cli.app import app, main

__all__ = ["app", "main"]
