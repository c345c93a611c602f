{#- Which signals most often precede a conversion (contract §5, 6): for each signal
    type, how many accounts that started paying had it in the
    `signal_lookback_days` (90) before their first paid change
    (mart_account_expansion.first_paid_at), against how often accounts that
    never paid had it in any window of the same length (their last 90 days up
    to as_of_date). A signal that is common before conversions and rare
    otherwise is worth its weight in the signal catalog; `lift` > 1 says so.

    One row per signal type. Shares are fractions in [0, 1]; lift is a ratio,
    null when no non-converting account had the signal. -#}

{%- set lookback_days = var('signal_lookback_days') -%}

with

signals as (
    select * from {{ ref('fct_account_signals') }}
),

expansion as (
    select * from {{ ref('mart_account_expansion') }}
),

-- each account's window ends at its first paid change, else the day after as_of
account_window_ends as (
    select
        account_id,
        first_paid_at is not null as converted,
        first_paid_at,
        coalesce(first_paid_at, {{ dbt.dateadd('day', 1, 'cast(as_of_date as timestamp)') }}) as window_end_at
    from expansion
),

account_windows as (
    select
        account_id,
        converted,
        first_paid_at,
        window_end_at,
        {{ dbt.dateadd('day', -1 * lookback_days, 'window_end_at') }} as window_start_at
    from account_window_ends
),

signals_in_window as (
    select
        signals.signal_type,
        signals.intent,
        signals.account_id,
        account_windows.converted,
        signals.signal_at,
        account_windows.first_paid_at
    from signals
    inner join account_windows
        on signals.account_id = account_windows.account_id
    where
        signals.signal_at >= account_windows.window_start_at
        and signals.signal_at < account_windows.window_end_at
),

population as (
    select
        sum(case when converted then 1 else 0 end) as converted_accounts,
        sum(case when converted then 0 else 1 end) as unconverted_accounts
    from account_windows
),

per_signal as (
    select
        signal_type,
        max(intent) as intent,
        count(distinct case when converted then account_id end) as converted_accounts_with_signal,
        count(distinct case when not converted then account_id end) as unconverted_accounts_with_signal,
        sum(case when converted then 1 else 0 end) as signals_before_conversion,
        percentile_cont(0.5) within group (
            order by case when converted then {{ dbt.datediff('signal_at', 'first_paid_at', 'day') }} end  -- noqa: LT05
        ) as median_days_before_conversion
    from signals_in_window
    group by signal_type
),

final as (
    select
        per_signal.signal_type,
        per_signal.intent,
        per_signal.converted_accounts_with_signal,
        population.converted_accounts,
        per_signal.converted_accounts_with_signal * 1.0
        / nullif(population.converted_accounts, 0) as share_of_conversions_preceded,
        per_signal.unconverted_accounts_with_signal,
        population.unconverted_accounts,
        per_signal.unconverted_accounts_with_signal * 1.0
        / nullif(population.unconverted_accounts, 0) as share_of_unconverted_with_signal,
        (per_signal.converted_accounts_with_signal * 1.0 / nullif(population.converted_accounts, 0))
        / nullif(
            per_signal.unconverted_accounts_with_signal * 1.0 / nullif(population.unconverted_accounts, 0), 0
        ) as lift,
        per_signal.signals_before_conversion,
        per_signal.median_days_before_conversion
    from per_signal
    cross join population
)

select * from final
order by
    converted_accounts_with_signal desc,
    lift desc nulls last,
    signal_type asc
