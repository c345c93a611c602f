"""Small constructors for GX 1.x expectations, so each suite reads as a list of rules.

Every helper returns one `gx.expectations.*` object; `why` (optional) is kept in
the expectation's `meta` and printed in the checkpoint summary next to a failure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import great_expectations as gx

E = gx.expectations
Expectation = gx.expectations.Expectation

# Float tolerance for sums that must equal an integer (credits, shares).
EPSILON = 1e-6


def _meta(why: str | None) -> dict[str, Any]:
    return {"why": why} if why else {}


def columns_present(columns: Sequence[str]) -> Expectation:
    """The contract section 9 required columns exist (others may be added)."""
    return E.ExpectTableColumnsToMatchSet(
        column_set=list(columns),
        exact_match=False,
        meta=_meta("contract §9 required columns"),
    )


def not_null(column: str, why: str | None = None) -> Expectation:
    return E.ExpectColumnValuesToNotBeNull(column=column, meta=_meta(why))


def unique(column: str) -> Expectation:
    return E.ExpectColumnValuesToBeUnique(column=column)


def primary_key(column: str) -> list[Expectation]:
    """Unique and never null."""
    return [not_null(column), unique(column)]


def unique_together(columns: Sequence[str]) -> Expectation:
    return E.ExpectCompoundColumnsToBeUnique(column_list=list(columns), meta=_meta("grain"))


def in_set(column: str, values: Sequence[Any], why: str | None = None) -> Expectation:
    """Values (nulls ignored) are in `values`."""
    return E.ExpectColumnValuesToBeInSet(column=column, value_set=list(values), meta=_meta(why))


def boolean(column: str, nullable: bool = True) -> list[Expectation]:
    rules: list[Expectation] = [in_set(column, [True, False])]
    return rules if nullable else [not_null(column), *rules]


def between(column: str, low: float | None = None, high: float | None = None, why: str | None = None) -> Expectation:
    """Values (nulls ignored) within [low, high]; a None bound is open."""
    return E.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high, meta=_meta(why))


def non_negative(column: str, why: str | None = None) -> Expectation:
    return between(column, 0, None, why)


def fraction(column: str, why: str | None = None) -> Expectation:
    """A rate or share in [0, 1] (contract §9)."""
    return between(column, 0, 1, why or "contract §9: rates and shares are fractions in [0, 1]")


def zero(column: str, why: str) -> Expectation:
    """A computed count of violations is 0 (one-row check frames)."""
    return between(column, 0, 0, why)


def at_least(column: str, low: float, why: str) -> Expectation:
    """A computed figure is >= low (one-row check frames)."""
    return between(column, low, None, why)


def close_to(column: str, target: float, why: str, tolerance: float = EPSILON) -> Expectation:
    """Each value within `tolerance` of `target` (sums of credits, say)."""
    return between(column, target - tolerance, target + tolerance, why)


def equal(column_a: str, column_b: str, why: str) -> Expectation:
    """Two computed columns are equal on every row (e.g. mart rows vs upstream rows)."""
    return E.ExpectColumnPairValuesToBeEqual(column_A=column_a, column_B=column_b, meta=_meta(why))


def not_before(later: str, earlier: str, why: str) -> Expectation:
    """`later` >= `earlier` on every row where both are known."""
    return E.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=later,
        column_B=earlier,
        or_equal=True,
        ignore_row_if="either_value_is_missing",
        meta=_meta(why),
    )


def matches(column: str, regex: str, why: str | None = None) -> Expectation:
    return E.ExpectColumnValuesToMatchRegex(column=column, regex=regex, meta=_meta(why))


def never_matches(column: str, regex: str, why: str | None = None) -> Expectation:
    return E.ExpectColumnValuesToNotMatchRegex(column=column, regex=regex, meta=_meta(why))


def some_known(column: str, why: str) -> Expectation:
    """Not every value is null (a broken join nulls a whole column)."""
    return E.ExpectColumnProportionOfNonNullValuesToBeBetween(
        column=column,
        min_value=EPSILON,
        max_value=1,
        meta=_meta(why),
    )


def max_at_least(column: str, low: float, why: str) -> Expectation:
    """The column's maximum is >= low (not everything zero)."""
    return E.ExpectColumnMaxToBeBetween(column=column, min_value=low, meta=_meta(why))


def distinct_values(column: str, values: Sequence[Any], why: str) -> Expectation:
    """The set of distinct values is exactly `values`."""
    return E.ExpectColumnDistinctValuesToEqualSet(column=column, value_set=list(values), meta=_meta(why))


def single_value(column: str, why: str) -> Expectation:
    return E.ExpectColumnUniqueValueCountToBeBetween(column=column, min_value=1, max_value=1, meta=_meta(why))


def row_count_between(low: int, high: int | None = None, why: str | None = None) -> Expectation:
    return E.ExpectTableRowCountToBeBetween(min_value=low, max_value=high, meta=_meta(why))


def json_text(column: str) -> Expectation:
    return E.ExpectColumnValuesToBeJsonParseable(column=column)
