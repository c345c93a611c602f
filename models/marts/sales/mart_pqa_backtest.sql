with

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
),

first_paid as (
    select * from {{ ref('int_accounts_first_paid') }}
),

qualified_days as (
    select * from {{ ref('int_accounts_qualified_daily') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

week_offsets as (
    select generated_number - 1 as week_offset
    from ({{ dbt.generate_series(1000) }}) as offsets
),

history_bounds as (
    select
        cast({{ dbt.date_trunc('week', 'min(created_date)') }} as date) as first_week_start,
        max(as_of.as_of_date) as as_of_date
    from accounts
    cross join as_of
),

weeks as (
    select
        {{ date_add_days('history_bounds.first_week_start', '7 * week_offsets.week_offset') }} as week_start,
        {{ date_add_days('history_bounds.first_week_start', '7 * week_offsets.week_offset + 6') }} as week_end
    from history_bounds
    cross join week_offsets
    where
        {{ dbt.dateadd('day', '7 * week_offsets.week_offset + 6 + ' ~ var('backtest_conversion_days'), 'history_bounds.first_week_start') }}
        <= history_bounds.as_of_date
),

population as (
    select
        weeks.week_start,
        weeks.week_end,
        accounts.account_id,
        coalesce(qualified_days.is_pqa, false) as is_flagged,
        coalesce(
            first_paid.first_paid_date > weeks.week_end
            and first_paid.first_paid_date
            <= {{ dbt.dateadd('day', var('backtest_conversion_days'), 'weeks.week_end') }},
            false
        ) as has_converted
    from weeks
    inner join accounts
        on weeks.week_end >= accounts.created_date
    left join first_paid
        on accounts.account_id = first_paid.account_id
    left join qualified_days
        on
            accounts.account_id = qualified_days.account_id
            and weeks.week_end = qualified_days.qualification_date
    where first_paid.first_paid_date is null or first_paid.first_paid_date > weeks.week_end
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
