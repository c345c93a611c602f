{#- One row per account per candidate date: whether the account met the PQA
    definition on that date with the data up to it (docs/contract.md). The one
    computation of the PQA definition: `mart_pqa` is its row on as_of_date,
    `first_qualified_at` and `mart_pqa_backtest` read its other dates, so "met the
    definition on a day" is computed one way for all of them.

    Candidate dates: every date from an active (core event) account-day through
    29 days after it, up to as_of_date (an account cannot qualify on any other
    date because criterion 2 needs active users in the last 30 days), and
    as_of_date for every account, active or not, so the mart has a row for each. Windows by
    date, inclusive: last 28 days = D - 27 .. D, last 30 days = D - 29 .. D.
    Events count by when they occurred, however late they were received. ICP
    uses the latest enrichment at or before D of the account's current org_domain
    (on as_of_date also any dated after it, exactly as mart_pqa does).
    Excluded on D: an enterprise plan (billable, MRR > 0) held on D, or no core
    event in the last 30 days. `route` on D uses the employee count of that
    enrichment (the PQA change feed reads it).

    How: no candidate date is joined to the 30 days before it. Every
    window measure is a running sum, per account in date order, of changes: a
    day's API requests count +n on that day and -n 30 days later; a user counts
    +1 on each active day and -1 on the next active day or 30 days later,
    whichever comes first (so a user is counted once); an ISO week counts +1 on
    its first active day and -1 28 days after its last (its days are at most 6
    apart, so the 28-day windows that see the week are one contiguous run).
    Unit tests in _sales__models.yml check the windows' edges. -#}

with

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
),

all_account_days as (
    select * from {{ ref('int_accounts_activity_daily') }}
),

user_days as (
    select * from {{ ref('int_users_activity_daily') }}
    where is_active
),

enrichments as (
    select * from {{ ref('stg_raw__firmographics') }}
    where {{ on_or_before_as_of('enriched_at') }}
),

subscription_states as (
    select * from {{ ref('int_subscription_states_effective') }}
),

day_offsets as (
    select generated_number - 1 as day_offset
    from ({{ dbt.generate_series(30) }}) as offsets
),

-- each active day covers itself and the 29 days after it, up to the next active day
active_day_runs as (
    select
        account_id,
        activity_date,
        lead(activity_date) over (partition by account_id order by activity_date) as next_active_date
    from all_account_days
    where is_active
),

active_candidate_dates as (
    select
        active_day_runs.account_id,
        {{ date_add_days('active_day_runs.activity_date', 'day_offsets.day_offset') }} as qualification_date
    from active_day_runs
    inner join day_offsets
        on
            active_day_runs.next_active_date is null
            or day_offsets.day_offset
            < {{ days_between_dates('active_day_runs.activity_date', 'active_day_runs.next_active_date') }}
    where {{ dbt.dateadd('day', 'day_offsets.day_offset', 'active_day_runs.activity_date') }} <= (select as_of_date from as_of)
),

candidate_dates as (
    select
        account_id,
        qualification_date
    from active_candidate_dates
    union
    select
        accounts.account_id,
        as_of.as_of_date as qualification_date
    from accounts
    cross join as_of
),

-- a user counts from an active day until the next one or for 30 days
user_day_runs as (
    select
        account_id,
        activity_date,
        lead(activity_date) over (partition by account_id, user_id order by activity_date) as next_active_date
    from user_days
),

iso_weeks as (
    select
        account_id,
        min(activity_date) as first_active_date,
        max(activity_date) as last_active_date
    from all_account_days
    where is_active
    group by account_id, {{ dbt.date_trunc('week', 'activity_date') }}
),

window_changes as (
    select
        account_id,
        activity_date as change_date,
        api_requests,
        rate_limit_hits,
        case when is_active then 1 else 0 end as core_days,
        0 as active_users,
        0 as active_iso_weeks
    from all_account_days
    union all
    select
        account_id,
        {{ date_add_days('activity_date', 30) }} as change_date,
        -api_requests as api_requests,
        -rate_limit_hits as rate_limit_hits,
        case when is_active then -1 else 0 end as core_days,
        0 as active_users,
        0 as active_iso_weeks
    from all_account_days
    union all
    select
        account_id,
        activity_date as change_date,
        0 as api_requests,
        0 as rate_limit_hits,
        0 as core_days,
        1 as active_users,
        0 as active_iso_weeks
    from user_day_runs
    union all
    select
        account_id,
        case
            when next_active_date is not null and next_active_date < {{ date_add_days('activity_date', 30) }}
                then next_active_date
            else {{ date_add_days('activity_date', 30) }}
        end as change_date,
        0 as api_requests,
        0 as rate_limit_hits,
        0 as core_days,
        -1 as active_users,
        0 as active_iso_weeks
    from user_day_runs
    union all
    select
        account_id,
        first_active_date as change_date,
        0 as api_requests,
        0 as rate_limit_hits,
        0 as core_days,
        0 as active_users,
        1 as active_iso_weeks
    from iso_weeks
    union all
    select
        account_id,
        {{ date_add_days('last_active_date', 28) }} as change_date,
        0 as api_requests,
        0 as rate_limit_hits,
        0 as core_days,
        0 as active_users,
        -1 as active_iso_weeks
    from iso_weeks
    union all
    -- the candidate dates themselves, so the running sums are read on them
    select
        account_id,
        qualification_date as change_date,
        0 as api_requests,
        0 as rate_limit_hits,
        0 as core_days,
        0 as active_users,
        0 as active_iso_weeks
    from candidate_dates
),

changes_by_date as (
    select
        account_id,
        change_date,
        sum(api_requests) as api_requests,
        sum(rate_limit_hits) as rate_limit_hits,
        sum(core_days) as core_days,
        sum(active_users) as active_users,
        sum(active_iso_weeks) as active_iso_weeks
    from window_changes
    group by account_id, change_date
),

account_windows as (
    select
        account_id,
        change_date as qualification_date,
        sum(api_requests) over running_total as api_requests_30d,
        sum(rate_limit_hits) over running_total as rate_limit_hits_30d,
        sum(core_days) over running_total as core_days_30d,
        sum(active_users) over running_total as active_users_30d,
        sum(active_iso_weeks) over running_total as active_iso_weeks_28d
    from changes_by_date
    window running_total as (
        partition by account_id order by change_date rows between unbounded preceding and current row
    )
),

core_feature_adoption as (
    select
        account_id,
        min(activity_date) as core_feature_adopted_date
    from all_account_days
    where production_deploys > 0 or integrations_connected > 0
    group by account_id
),

-- the enrichment in force on a date: from its enriched date until the next one's.
-- An enrichment dated after as_of_date (other tables can be fresher than the
-- events that set it) counts from as_of_date, so the history's last day sees the
-- same latest enrichment as mart_pqa (int_firmographics_latest).
enrichments_dated as (
    select
        enrichments.*,
        least(cast(enrichments.enriched_at as date), (select as_of_date from as_of)) as valid_from_date
    from enrichments
),

enrichment_validity as (
    select
        domain,
        employee_count,
        industry,
        tech_stack,
        funding_stage,
        country,
        valid_from_date,
        lead(valid_from_date) over (partition by domain order by enriched_at) as valid_to_date
    from enrichments_dated
),

enterprise_days as (
    select distinct
        candidate_dates.account_id,
        candidate_dates.qualification_date
    from candidate_dates
    inner join subscription_states
        on
            candidate_dates.account_id = subscription_states.account_id
            and {{ is_valid_on('subscription_states', 'candidate_dates.qualification_date') }}
    where
        subscription_states.is_billable
        and subscription_states.mrr_usd > 0
        and subscription_states.plan = 'enterprise'
),

evaluated as (
    select
        candidate_dates.account_id,
        candidate_dates.qualification_date,
        candidate_dates.qualification_date = (select as_of_date from as_of) as is_as_of_date,
        accounts.org_domain,
        {{ days_between_dates('accounts.created_date', 'candidate_dates.qualification_date') }} as account_age_days,  -- noqa: LT05
        cast(account_windows.active_iso_weeks_28d as bigint) as active_iso_weeks_28d,
        cast(account_windows.active_users_30d as bigint) as active_users_30d,
        account_windows.api_requests_30d,
        account_windows.rate_limit_hits_30d,
        coalesce(core_feature_adoption.core_feature_adopted_date <= candidate_dates.qualification_date, false)
            as has_core_feature,
        account_windows.core_days_30d > 0 as is_active_30d,
        enterprise_days.account_id is not null as is_enterprise_plan,
        coalesce({{ icp_criteria_met(
            'enrichment_validity.employee_count', 'enrichment_validity.industry',
            'enrichment_validity.tech_stack', 'enrichment_validity.funding_stage',
            'enrichment_validity.country') }}, 0) as icp_criteria_met,
        enrichment_validity.employee_count
    from candidate_dates
    inner join accounts
        on candidate_dates.account_id = accounts.account_id
    inner join account_windows
        on
            candidate_dates.account_id = account_windows.account_id
            and candidate_dates.qualification_date = account_windows.qualification_date
    left join core_feature_adoption
        on candidate_dates.account_id = core_feature_adoption.account_id
    left join enterprise_days
        on
            candidate_dates.account_id = enterprise_days.account_id
            and candidate_dates.qualification_date = enterprise_days.qualification_date
    left join enrichment_validity
        on
            accounts.org_domain = enrichment_validity.domain
            and {{ is_valid_on('enrichment_validity', 'candidate_dates.qualification_date') }}
    where
        candidate_dates.qualification_date >= accounts.created_date
        or candidate_dates.qualification_date = (select as_of_date from as_of)
),

qualified as (
    select
        *,
        {{ pqa_usage_criterion_1('evaluated') }} as is_active_2_weeks,
        {{ pqa_definition_holds('evaluated') }} as is_pqa,
        -- enterprise wins when both hold
        case
            when is_enterprise_plan then 'enterprise_plan'
            when not is_active_30d then 'inactive_30d'
        end as exclusion_reason
    from evaluated
),

final as (
    select
        *,
        {{ pqa_route('qualified.is_pqa', 'qualified.employee_count') }} as route
    from qualified
)

select * from final
