with

weeks as (
    select * from {{ ref('int_backtest_weeks') }}
),

population as (
    select * from {{ ref('int_accounts_backtest_population') }}
    where is_backtest_week
),

weekly as (
    select
        week_start,
        count(*) as population_accounts,
        sum(case when is_flagged then 1 else 0 end) as flagged_accounts,
        sum(case when is_flagged and has_converted then 1 else 0 end) as flagged_converted_60d,
        sum(case when not is_flagged then 1 else 0 end) as unflagged_accounts,
        sum(case when not is_flagged and has_converted then 1 else 0 end) as unflagged_converted_60d
    from population
    group by week_start
),

all_weeks as (
    select
        weeks.week_start,
        coalesce(weekly.population_accounts, 0) as population_accounts,
        coalesce(weekly.flagged_accounts, 0) as flagged_accounts,
        coalesce(weekly.flagged_converted_60d, 0) as flagged_converted_60d,
        coalesce(weekly.unflagged_accounts, 0) as unflagged_accounts,
        coalesce(weekly.unflagged_converted_60d, 0) as unflagged_converted_60d
    from weeks
    left join weekly
        on weeks.week_start = weekly.week_start
),

final as (
    select
        week_start,
        cast(population_accounts as bigint) as population_accounts,
        cast(flagged_accounts as bigint) as flagged_accounts,
        cast(flagged_converted_60d as bigint) as flagged_converted_60d,
        cast(unflagged_accounts as bigint) as unflagged_accounts,
        cast(unflagged_converted_60d as bigint) as unflagged_converted_60d,
        cast(flagged_converted_60d + unflagged_converted_60d as bigint) as converted_60d,
        case
            when flagged_accounts > 0 then cast(flagged_converted_60d as double) / flagged_accounts
        end as precision,
        case
            when flagged_converted_60d + unflagged_converted_60d > 0
                then cast(flagged_converted_60d as double) / (flagged_converted_60d + unflagged_converted_60d)
        end as recall,
        case
            when flagged_accounts > 0 and flagged_converted_60d + unflagged_converted_60d > 0
                then (cast(flagged_converted_60d as double) / flagged_accounts)
                    / (cast(flagged_converted_60d + unflagged_converted_60d as double) / population_accounts)
        end as lift
    from all_weeks
)

select * from final
