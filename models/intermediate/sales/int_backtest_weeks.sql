{#- One row per backtest week (contract §5, 10): ISO weeks (Monday start) from the week
    of the first account creation through the last one whose Sunday + var
    `backtest_conversion_days` is on or before as_of_date, so every week's
    conversion window has fully passed. -#}

with

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
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

final as (
    select
        {{ date_add_days('history_bounds.first_week_start', '7 * week_offsets.week_offset') }} as week_start,
        {{ date_add_days('history_bounds.first_week_start', '7 * week_offsets.week_offset + 6') }} as week_end
    from history_bounds
    cross join week_offsets
    where
        {{ dbt.dateadd(
            'day',
            '7 * week_offsets.week_offset + 6 + ' ~ var('backtest_conversion_days'),
            'history_bounds.first_week_start') }}
        <= history_bounds.as_of_date
)

select * from final
