{#- One row per population account, evaluation date (int_accounts_backtest_population)
    and signal type with at least one signal in the lookback window of that date
    (evaluation_date - var `signal_lookback_days` + 1 .. evaluation_date):
    `decayed_score` is the type's share of the catalog signal score on that date
    (weight x 0.5 ^ (age_days / var `signal_half_life_days`), the decayed_signal_score
    UDF, as mart_pqa scores as_of_date) and `signal_count` the signals counted. Only
    signals dated on or before the evaluation date are read. -#}

with

population as (
    select * from {{ ref('int_accounts_backtest_population') }}
),

signals as (
    select * from {{ ref('fct_account_signals') }}
),

signal_types as (
    select * from {{ ref('int_scoring_signal_types') }}
),

scored_signals as (
    select
        population.account_id,
        population.evaluation_date,
        signals.signal_type,
        {{ decayed_signal_score(
            'signals.weight',
            days_between_dates('signals.signal_date', 'population.evaluation_date'),
            var('signal_half_life_days')) }} as decayed_score
    from population
    inner join signals
        on
            population.account_id = signals.account_id
            and population.evaluation_date >= signals.signal_date
            and {{ dbt.dateadd('day', -(var('signal_lookback_days') - 1), 'population.evaluation_date') }}
            <= signals.signal_date
),

final as (
    select
        scored_signals.account_id,
        scored_signals.evaluation_date,
        scored_signals.signal_type,
        signal_types.is_point_in_time,
        sum(scored_signals.decayed_score) as decayed_score,
        count(*) as signal_count
    from scored_signals
    inner join signal_types
        on scored_signals.signal_type = signal_types.signal_type
    group by
        scored_signals.account_id,
        scored_signals.evaluation_date,
        scored_signals.signal_type,
        signal_types.is_point_in_time
)

select * from final
