"""The command line: one module a command, joined on one typer app."""

import gc

# The cycle collector's thresholds for a run of sofin, set before typer and the commands load: their modules'
# objects live as long as the process, and at the default thresholds the collector walks them some thirty times
# while they load; a national table is then millions of tuples and lists that never form cycles, which it would
# keep walking. It still runs, rarely. Any process that imports sofin.cli (a test run's) collects so too.
gc.set_threshold(100_000, 50, 100)

from sofin.cli import allocate, check, diff, explain, payments, plan, report, schema, show  # noqa: E402, F401  (importing registers the commands)
from sofin.cli.app import app, main  # noqa: E402

__all__ = ["app", "main"]
