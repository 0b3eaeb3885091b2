"""Every bound sofin sets on what it reads, in one place (README: "Limits").

Each is far beyond any real strategy (the national benchmark of 212 municipalities x 1,000
societies x 10 lines is a strategy of about 1 MB, 50,000 values and 11,000 rows), each admits every
table `sofin allocate` writes from a strategy within them, and each stops a file before a library's
own limit or a slow corner is met: Python refuses to convert integers of over 4,300 digits, the csv
module fields over 131,072 characters, and exact arithmetic grows with the digits it carries. A file
over a bound gets a located message, exit 2.
"""

from __future__ import annotations

from decimal import Decimal

MAX_FILE_BYTES = 16 * 2**20  # a strategy (16 times the national benchmark's)
# A table read back. Tables outgrow their strategies: the benchmark's 1 MB strategy allocates 2.3
# million figures, a JSON table of 120 MB (52 bytes a figure, with its exact share) or a CSV of 10 MB
# (4 bytes a figure in whole euros; up to 10 in cents with decimal commas). No bound on bytes admits
# every table a strategy within MAX_VALUES could give in theory (25,000 payers x 20,000 lines: tens
# of GB), but allocate needs some 500 bytes of memory a figure, so the tables it writes are bounded by
# memory first. Both bounds admit 5 million figures, twice the benchmark's table, and keep what
# reading one takes within about 14 GB when it has a mistake to locate (measured at 120 MB: a valid
# JSON table is read in 1.4 GB, a faulty one located by the YAML composer in 6.2 GB; a CSV keeps
# every cell's place, about 110 bytes of memory a byte).
MAX_TABLE_BYTES = 256 * 2**20  # a JSON table
MAX_CSV_BYTES = 64 * 2**20  # a CSV table
# Values of a YAML strategy, aliases expanded ("billion laughs"). A table read back is JSON, which has
# no aliases: it is bounded by its bytes, and by this only once an alias repeats a list or mapping.
MAX_VALUES = 200_000
MAX_DEPTH = 50  # nesting: a strategy nests five deep; far from Python's recursion limit
MAX_DIGITS = 40  # digits of a number as written
MAX_CSV_FIELD = 10_000  # characters in a field of a CSV table
MAX_AMOUNT = Decimal(10) ** 12  # an amount of a strategy: declared, adopted, or after indexation
MAX_PAY = Decimal(10) ** 9  # a monthly pay of a pay block (before, target) or a tranche's minimum
MAX_TABLE_AMOUNT = Decimal(10) ** 15  # a total or figure of a table read back (sums of many amounts)
MAX_SHARE_DECIMALS = 10  # decimals of a key share in percent
MAX_RATE_DECIMALS = 10  # decimals of an indexation rate in percent
MAX_PERIOD_YEARS = 50  # years in a strategy's period
# Mixes within mixes (issue 24; a mix of keys that are no mixes is 1 deep). A mix's exact percent has up to
# 12 decimals more than its parts' (a weight's 10, and percent of percent), so 10 deep keeps every key's
# percent within 10 + 12 x 10 = 130 decimals, the rounding's common denominator small, and the computing
# of percents far from Python's recursion limit.
MAX_MIX_DEPTH = 10
# Rows of a table read back. allocate writes a row for each line, each society and the grand total; a
# line is five values of its strategy at least (the mapping, id, label, kind, amount) and a society
# with its one line ten, so a strategy within MAX_VALUES has fewer than 40,000 rows to write.
MAX_ROWS = 100_000
# Issue 24: digits of a key's percent in a table of format 2. A mix's percent is computed exactly from its
# parts', shares and weights of at most MAX_SHARE_DECIMALS decimals, a weight a percent: 12 decimals more
# each time a mix is made of a mix. The 10-decimal bound of a share written by people does not hold for it;
# 4,000 digits admit mixes nested 300 deep and stay below Python's 4,300-digit conversion limit. A table's
# exact shares and rounding error (a total times such a percent) take MAX_DIGITS more.
MAX_KEY_DIGITS = 4_000
