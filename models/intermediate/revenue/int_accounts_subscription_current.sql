{#- One row per staged account: its subscription position on as_of_date (contract §6, 9, 10).

    The position is the one int_accounts_mrr_monthly measures for the month of
    as_of_date, whose `mrr_date` is as_of_date: one rule for a position on a date.
    `current_seats` = seats of active / past_due subscriptions holding on
    as_of_date (0 when none; $0 trials included). `current_plan` looks at those of
    them with mrr_usd > 0: `enterprise` if one is enterprise, else `team` if any
    (a paid state on a plan outside the contract's two counts as team), else
    `free` (a $0 trial is free). Subscriptions of unknown accounts do not join. -#}

with

account_months as (
    select * from {{ ref('int_accounts_mrr_monthly') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

final as (
    select
        account_months.account_id,
        as_of.as_of_date,
        account_months.plan as current_plan,
        account_months.mrr_usd as current_mrr_usd,
        account_months.seats as current_seats,
        account_months.billable_subscriptions as current_billable_subscriptions,
        account_months.is_paying
    from account_months
    inner join as_of
        on account_months.mrr_date = as_of.as_of_date
)

select * from final
