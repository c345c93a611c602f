{#- The learned scoring's rows: one per population account and evaluation date
    (int_accounts_backtest_population: each backtest week's Sunday, and as_of_date),
    with the label, the time split and the features that do not depend on the
    signal catalog (per-type signal features: int_accounts_scoring_signals).

    Every feature is read as of the evaluation date D, from the data up to D:
    - usage measures of the PQA definition from int_accounts_qualified_daily on D
      (active ISO weeks in 28 days, active users, API requests and rate-limit hits in
      30 days); that model has a row only for dates within 30 days of a core event,
      and on any other date all four are 0;
    - API requests of the prior 30 days (D - 59 .. D - 30) = the 30-day requests of
      the history row on D - 30 (0 without one: no core event, so no api_call, then);
    - has_core_feature and icp_criteria_met from the account's latest history row on
      or before D (adoption is a core event, so it always opens a history row; ICP
      is that of the account's last evaluated day when it is idle on D);
    - account_age_days = D - created date;
    - signal_score: the fixed catalog's score on D (every signal type, as mart_pqa
      scores as_of_date), the baseline the learned model is compared with.

    Time split (`sample`): the last var `scoring_validation_weeks` backtest weeks are
    `validation`; an earlier week is `training` when its label window (Sunday + var
    `backtest_conversion_days`) has closed by the first validation Sunday, else
    `purged` (its label would look into the validation period); as_of_date rows are
    `scoring`. -#}

with

population as (
    select * from {{ ref('int_accounts_backtest_population') }}
),

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
),

qualified_days as (
    select * from {{ ref('int_accounts_qualified_daily') }}
),

signals as (
    select * from {{ ref('int_accounts_scoring_signals') }}
),

weeks as (
    select * from {{ ref('int_backtest_weeks') }}
),

ranked_weeks as (
    select
        week_start,
        week_end,
        row_number() over (order by week_start desc) as weeks_from_last
    from weeks
),

first_validation as (
    select min(week_end) as first_validation_week_end
    from ranked_weeks
    where weeks_from_last <= {{ var('scoring_validation_weeks') }}
),

week_samples as (
    select
        ranked_weeks.week_start,
        case
            when ranked_weeks.weeks_from_last <= {{ var('scoring_validation_weeks') }} then 'validation'
            when {{ dbt.dateadd('day', var('backtest_conversion_days'), 'ranked_weeks.week_end') }}
                <= first_validation.first_validation_week_end then 'training'
            else 'purged'
        end as sample
    from ranked_weeks
    cross join first_validation
),

-- the history row in force on a date: from its date until the account's next one
history_validity as (
    select
        account_id,
        qualification_date as valid_from_date,
        lead(qualification_date) over (partition by account_id order by qualification_date) as valid_to_date,
        has_core_feature,
        icp_criteria_met
    from qualified_days
),

signal_scores as (
    select
        account_id,
        evaluation_date,
        sum(decayed_score) as signal_score
    from signals
    group by account_id, evaluation_date
),

final as (
    select
        population.account_id,
        population.evaluation_date,
        population.week_start,
        coalesce(week_samples.sample, 'scoring') as sample,
        population.has_converted,
        population.is_flagged,
        cast({{ days_between_dates('accounts.created_date', 'population.evaluation_date') }} as integer)  -- noqa: LT05
            as account_age_days,
        cast(coalesce(on_date.active_iso_weeks_28d, 0) as integer) as active_iso_weeks_28d,
        cast(coalesce(on_date.active_users_30d, 0) as integer) as active_users_30d,
        cast(coalesce(on_date.api_requests_30d, 0) as bigint) as api_requests_30d,
        cast(coalesce(prior_window.api_requests_30d, 0) as bigint) as api_requests_prior_30d,
        cast(coalesce(on_date.rate_limit_hits_30d, 0) as integer) as rate_limit_hits_30d,
        coalesce(history_validity.has_core_feature, false) as has_core_feature,
        cast(coalesce(history_validity.icp_criteria_met, 0) as integer) as icp_criteria_met,
        cast(coalesce(signal_scores.signal_score, 0) as double) as signal_score
    from population
    inner join accounts
        on population.account_id = accounts.account_id
    left join week_samples
        on population.week_start = week_samples.week_start
    left join qualified_days as on_date
        on
            population.account_id = on_date.account_id
            and population.evaluation_date = on_date.qualification_date
    left join qualified_days as prior_window
        on
            population.account_id = prior_window.account_id
            and {{ date_add_days('population.evaluation_date', -30) }} = prior_window.qualification_date
    left join history_validity
        on
            population.account_id = history_validity.account_id
            and {{ is_valid_on('history_validity', 'population.evaluation_date') }}
    left join signal_scores
        on
            population.account_id = signal_scores.account_id
            and population.evaluation_date = signal_scores.evaluation_date
)

select * from final
