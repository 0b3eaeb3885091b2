"""The command line: one module a command, joined on one typer app."""

import gc

# main()'s setting of the cycle collector (cli/app.py), made before typer and the commands load: their modules'
# objects live as long as the process, and at the default thresholds the collector walks them some thirty times
# while they load (about 5 ms of every start).
gc.set_threshold(100_000, 50, 100)

from sofin.cli import allocate, check, diff, explain, payments, plan, report, schema, show  # noqa: E402, F401  (importing registers the commands)
from sofin.cli.app import app, main  # noqa: E402

__all__ = ["app", "main"]
