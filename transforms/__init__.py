"""Pure, typed functions that decide every derived value: dates, text, extraction, deduplication.

Nothing in this package does I/O or reads the clock; every function is unit-tested with tables of cases.
"""
