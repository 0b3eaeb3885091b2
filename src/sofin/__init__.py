"""sofin: municipal co-financing split by a population key, with exact controlled rounding.

The pipeline, one module a stage:
    load (source.py, model.py, load.py) -> years.py -> allocate.py (rounding.py, flow.py) -> render/ -> cli/
pipeline.py joins the stages as each command runs them; the commands' own stages (period, payments,
diff, explain, tables + audit for check) hang off allocate. README.md ("Layout") says what each holds.
"""

# The one place the version is written; pyproject.toml reads it from here. (Asking
# importlib.metadata instead costs a noticeable part of the command's start-up.)
__version__ = "0.1.0"
