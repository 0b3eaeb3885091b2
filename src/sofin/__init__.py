"""sofin: municipal co-financing split by a population key, with exact controlled rounding.

The pipeline, one module a stage:
    load (source.py, model.py, load.py) -> years.py -> allocate.py (rounding.py) -> render/ -> cli.py
"""

# The one place the version is written; pyproject.toml reads it from here. (Asking
# importlib.metadata instead costs a noticeable part of the command's start-up.)
__version__ = "0.1.0"
