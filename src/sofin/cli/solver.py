"""The solver a command rounds its tables with: SOFIN_SOLVER, read here (the core reads no environment), else
sofin's choice by a table's size (flow.chosen_solver), whose hint this writes on stderr.

Passed down the pipeline to every rounding (flow.Solver), and consulted only when a table is rounded: a
command that rounds none (or a table beyond OR-Tools's costs, which the pure-Python solver takes whatever is
asked for) neither refuses a wrong SOFIN_SOLVER nor loads the solver.
"""

import os
from collections.abc import Callable

from sofin.cli import streams
from sofin.problems import ENVIRONMENT, InputError, Message, Problem
from sofin.words import Language


def solver_asked(lang: Language) -> Callable[[int], str]:
    """What chooses the solver of each table of the run, by its arcs: the one SOFIN_SOLVER names (benchmarks and
    tests compare the two by it), else sofin's, with its hint (OR-Tools would pay off but is not installed) once a
    run, one line on stderr in `lang`: a plan rounds a table a year, each with its own hint, and one is enough."""
    asked = os.environ.get("SOFIN_SOLVER", "")
    hinted: list[Message] = []

    def hint(message: Message) -> None:
        if not hinted:
            from sofin.render.problems import phrase

            streams.say(f"sofin: {phrase(message, lang)}")
            hinted.append(message)

    def choose(arc_count: int) -> str:
        if asked:
            return _named(asked)
        from sofin.flow import chosen_solver

        return chosen_solver(arc_count, hint)

    return choose


def _named(name: str) -> str:
    """The solver SOFIN_SOLVER names, when it is one sofin has and can run."""
    from sofin.flow import SOLVERS, large_extra_installed

    if name not in SOLVERS:
        message = Message("unknown_solver", solvers=SOLVERS, name=name)
        raise InputError([Problem(ENVIRONMENT, None, None, "SOFIN_SOLVER", message)])
    if name == "ortools" and not large_extra_installed():
        raise InputError([Problem(ENVIRONMENT, None, None, "SOFIN_SOLVER", Message("ortools_missing"))])
    return name
