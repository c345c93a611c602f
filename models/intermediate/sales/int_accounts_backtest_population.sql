{#- The population an account-level judgement is tested on (contract §5, 10), one row
    per account per evaluation date:
    - each backtest week's Sunday (`int_backtest_weeks`): accounts created by that
      Sunday and not yet paying then (no first paid change on or before it);
      `is_flagged` = met the PQA definition on the Sunday with the data up to that
      day; `has_converted` = first paid change in Sunday + 1 .. Sunday + var
      `backtest_conversion_days`;
    - as_of_date: the accounts not yet paying on it, to be scored today;
      `has_converted` is null (the window has not passed).
    `mart_pqa_backtest` aggregates the week rows; the learned scoring trains and
    scores on the same rows, so population and label are defined once. -#}

with

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
),

first_paid as (
    select * from {{ ref('int_accounts_first_paid') }}
),

qualified_days as (
    select * from {{ ref('int_accounts_qualified_daily') }}
),

weeks as (
    select * from {{ ref('int_backtest_weeks') }}
),

evaluation_dates as (
    select
        week_start,
        week_end as evaluation_date,
        true as is_backtest_week
    from weeks
    union all
    select
        cast(null as date) as week_start,
        as_of.as_of_date as evaluation_date,
        false as is_backtest_week
    from as_of
),

final as (
    select
        evaluation_dates.evaluation_date,
        evaluation_dates.week_start,
        evaluation_dates.is_backtest_week,
        accounts.account_id,
        coalesce(qualified_days.is_pqa, false) as is_flagged,
        case
            when not evaluation_dates.is_backtest_week then null
            when
                first_paid.first_paid_date
                <= {{ dbt.dateadd('day', var('backtest_conversion_days'), 'evaluation_dates.evaluation_date') }}
                then true
            else false
        end as has_converted
    from evaluation_dates
    inner join accounts
        on evaluation_dates.evaluation_date >= accounts.created_date
    left join first_paid
        on accounts.account_id = first_paid.account_id
    left join qualified_days
        on
            accounts.account_id = qualified_days.account_id
            and evaluation_dates.evaluation_date = qualified_days.qualification_date
    where first_paid.first_paid_date is null or first_paid.first_paid_date > evaluation_dates.evaluation_date
)

select * from final
