"""Hand-built history for the learned scoring (mart_signal_weights_learned & co).

48 accounts, one user each, all created on Monday 2024-01-01, as of Sunday
2024-06-30, with a 14-day conversion window (var `backtest_conversion_days`) and 4
validation weeks (var `scoring_validation_weeks`), so the backtest Sundays are
2024-01-07 .. 2024-06-16 (24 weeks): validation 2024-05-26 .. 06-16, purged
2024-05-19 (its window ends after 05-26), training 2024-01-07 .. 05-12 (19 weeks).

- Converters `conv00` .. `conv23`: account i pays (team, $100) on Wednesday
  2024-01-17 + 7 i days and its user views /contact exactly 14 days before: the
  `contact_page_viewed` signal precedes every conversion and is visible on every
  Sunday whose 14-day window holds the payment (and on no other row).
- Non-converters `none00` .. `none23` never pay.
- Noise: the even-numbered accounts of both groups view the SSO settings
  (`enterprise_feature_viewed`) every Wednesday from 2024-01-03 on, converting or
  not, so that signal says nothing about conversion.
No account has any other activity, so every usage feature is 0 on every row.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from fixtures_pqa import pageview
from plg_test_harness import account_row, empty_rows, event, subscription_change, user_row

AS_OF = "2024-06-30"
VARS = {"as_of_date": AS_OF, "backtest_conversion_days": 14, "scoring_validation_weeks": 4}
CREATED = "2024-01-01 08:00"
N_PER_GROUP = 24
FIRST_PAYMENT = date(2024, 1, 17)
NOISE_FIRST = date(2024, 1, 3)

Rows = dict[str, list[dict[str, Any]]]


def payment_date(i: int) -> date:
    """The day converter i pays."""
    return FIRST_PAYMENT + timedelta(days=7 * i)


def _at(day: date, hour: int) -> str:
    return f"{day.isoformat()} {hour:02d}:00"


def _account(rows: Rows, name: str) -> None:
    rows["accounts"].append(account_row(f"acc_{name}", name, CREATED, f"{name}_u1"))
    rows["users"].append(user_row(f"{name}_u1", f"acc_{name}", f"{name}@{name}.io", CREATED))


def scoring_rows(with_conversions: bool = True) -> Rows:
    """The dataset above; without conversions, nobody pays (the contact views stay)."""
    rows = empty_rows()
    as_of = date.fromisoformat(AS_OF)
    for group in ("conv", "none"):
        for i in range(N_PER_GROUP):
            name = f"{group}{i:02d}"
            _account(rows, name)
            if i % 2 == 0:
                day = NOISE_FIRST
                while day <= as_of:
                    rows["product_events"].append(
                        event(
                            f"{name}_sso_{day.isoformat()}",
                            "feature_viewed",
                            _at(day, 9),
                            user_id=f"{name}_u1",
                            account_id=f"acc_{name}",
                            properties={"feature": "sso"},
                        )
                    )
                    day += timedelta(days=7)
            if group == "conv":
                paid = payment_date(i)
                rows["web_pageviews"].append(
                    pageview(f"{name}_contact", f"{name}_u1", _at(paid - timedelta(days=14), 10), "/contact")
                )
                if with_conversions:
                    rows["subscription_changes"].append(
                        subscription_change(
                            f"{name}_paid", f"sub_{name}", f"acc_{name}", _at(paid, 12), "team", "active", 1, 100.0
                        )
                    )
    return rows


TIMESTAMP_COLUMNS = {
    "product_events": ("occurred_at", "received_at"),
    "web_pageviews": ("occurred_at", "received_at"),
    "subscription_changes": ("changed_at",),
}


def shifted_after(rows: Rows, cut: datetime, days: int) -> Rows:
    """A copy of `rows` where every event, page view and subscription change after `cut`
    happens `days` later (the past up to `cut` is untouched)."""
    out = {table: [dict(r) for r in table_rows] for table, table_rows in rows.items()}
    for table, columns in TIMESTAMP_COLUMNS.items():
        for row in out[table]:
            if row[columns[0]] > cut:
                for column in columns:
                    row[column] = row[column] + timedelta(days=days)
    return out
