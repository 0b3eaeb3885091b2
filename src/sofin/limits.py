"""Every bound sofin sets on what it reads, in one place (README: "Limits").

Each is far beyond any real strategy or table (the national benchmark of 212 municipalities x
1,000 societies x 10 lines is a file of about 1 MB, 50,000 values and 11,000 rows), and each
stops a file before a library's own limit or a slow corner is met: Python refuses to convert
integers of over 4,300 digits, the csv module fields over 131,072 characters, and exact
arithmetic grows with the digits it carries. A file over a bound gets a located message, exit 2.
"""

from __future__ import annotations

from decimal import Decimal

MAX_FILE_BYTES = 16 * 2**20  # a strategy or a table read back
MAX_VALUES = 200_000  # values in a YAML or JSON document, aliases expanded ("billion laughs")
MAX_DEPTH = 50  # nesting: a strategy nests five deep; far from Python's recursion limit
MAX_DIGITS = 40  # digits of a number as written
MAX_CSV_FIELD = 10_000  # characters in a field of a CSV table
MAX_AMOUNT = Decimal(10) ** 12  # an amount of a strategy: declared, adopted, or after indexation
MAX_TABLE_AMOUNT = Decimal(10) ** 15  # a total or figure of a table read back (sums of many amounts)
MAX_SHARE_DECIMALS = 10  # decimals of a key share in percent
MAX_RATE_DECIMALS = 10  # decimals of an indexation rate in percent
MAX_PERIOD_YEARS = 50  # years in a strategy's period
# Rows of a table read back. A CSV line is a row of a few bytes; a strategy's lines and a JSON table's
# rows are bounded by MAX_VALUES already (a line is five values at least).
MAX_ROWS = 100_000
