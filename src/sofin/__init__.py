"""sofin: municipal co-financing split by a population key, with exact controlled rounding.

The pipeline, one module a stage:
    load (source.py, model.py, load.py) -> years.py -> allocate.py (rounding.py, flow.py, units.py)
    -> the command's own stage: plan.py, payments.py, diff.py, explain.py, check.py (+ published.py)
    -> its result (results/<command>.py) -> render/ (words/ for the labels) -> cli/<command>.py
pipeline.py joins the stages as each command runs them; output.py writes files. ARCHITECTURE.md
says what each room holds and may import, and where a new format, command or language goes.
"""

# The one place the version is written; pyproject.toml reads it from here. (Asking
# importlib.metadata instead costs a noticeable part of the command's start-up.)
__version__ = "0.1.0"
