"""sofin: municipal co-financing split by a population key, with exact controlled rounding.

The pipeline, one module a stage:
    load (source.py, model.py, load.py) -> years.py -> allocate.py (rounding.py) -> render/ -> cli.py
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sofin")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
