"""What each command hands its renderers: complete results, data only (no solver, no I/O).

One module a command, named as the command: the core stage of the same name builds it, the
renderer of the same name reads it. Nothing here imports a computing stage, so a renderer that
imports a result cannot reach the solver; and a command loads the results it uses, not all.
Labels are data from the strategy file; sofin's own words are in sofin.words.
"""
