{#- One row per account per candidate date: whether the account met the PQA
    definition on that date with the data up to it (SPEC 5, 10). Feeds
    `mart_pqa.first_qualified_at` and `mart_pqa_backtest`, so "met the definition
    on a day" is computed one way for both.

    Candidate dates: every date from an active (core event) account-day through
    29 days after it, up to as_of_date; an account cannot qualify on any other
    date because criterion 2 needs active users in the last 30 days. Windows by
    date, inclusive: last 28 days = D - 27 .. D, last 30 days = D - 29 .. D.
    Events count by when they occurred, however late they were received. ICP
    uses the latest enrichment at or before D of the account's current org_domain.
    Excluded on D: an enterprise plan (billable, MRR > 0) held on D, or no core
    event in the last 30 days. -#}

with

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
),

account_days as (
    select * from {{ ref('int_accounts_activity_daily') }}
    where is_active
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

candidate_dates as (
    select distinct
        account_days.account_id,
        {{ date_add_days('account_days.activity_date', 'day_offsets.day_offset') }} as qualification_date
    from account_days
    cross join day_offsets
    where {{ dbt.dateadd('day', 'day_offsets.day_offset', 'account_days.activity_date') }} <= {{ as_of_date() }}
),

account_windows as (
    select
        candidate_dates.account_id,
        candidate_dates.qualification_date,
        {{ pqa_usage_window_measures('all_account_days', 'candidate_dates.qualification_date') }}
    from candidate_dates
    inner join all_account_days
        on
            candidate_dates.account_id = all_account_days.account_id
            and all_account_days.activity_date >= {{ dbt.dateadd('day', -29, 'candidate_dates.qualification_date') }}
            and candidate_dates.qualification_date >= all_account_days.activity_date
    group by candidate_dates.account_id, candidate_dates.qualification_date
),

user_windows as (
    select
        candidate_dates.account_id,
        candidate_dates.qualification_date,
        count(distinct user_days.user_id) as active_users_30d
    from candidate_dates
    inner join user_days
        on
            candidate_dates.account_id = user_days.account_id
            and user_days.activity_date >= {{ dbt.dateadd('day', -29, 'candidate_dates.qualification_date') }}
            and candidate_dates.qualification_date >= user_days.activity_date
    group by candidate_dates.account_id, candidate_dates.qualification_date
),

core_feature_adoption as (
    select
        account_id,
        min(activity_date) as core_feature_adopted_date
    from all_account_days
    where production_deploys > 0 or integrations_connected > 0
    group by account_id
),

enrichment_as_of_date as (
    select
        candidate_dates.account_id,
        candidate_dates.qualification_date,
        enrichments.employee_count,
        enrichments.industry,
        enrichments.tech_stack,
        enrichments.funding_stage,
        enrichments.country,
        row_number() over (
            partition by candidate_dates.account_id, candidate_dates.qualification_date
            order by enrichments.enriched_at desc
        ) as recency_rank
    from candidate_dates
    inner join accounts
        on candidate_dates.account_id = accounts.account_id
    inner join enrichments
        on
            accounts.org_domain = enrichments.domain
            and cast(enrichments.enriched_at as date) <= candidate_dates.qualification_date
),

enterprise_days as (
    select distinct
        candidate_dates.account_id,
        candidate_dates.qualification_date
    from candidate_dates
    inner join subscription_states
        on
            candidate_dates.account_id = subscription_states.account_id
            and candidate_dates.qualification_date >= subscription_states.valid_from_date
            and (
                subscription_states.valid_to_date is null
                or candidate_dates.qualification_date < subscription_states.valid_to_date
            )
    where
        subscription_states.is_billable
        and subscription_states.mrr_usd > 0
        and subscription_states.plan = 'enterprise'
),

evaluated as (
    select
        candidate_dates.account_id,
        candidate_dates.qualification_date,
        {{ days_between_dates('accounts.created_date', 'candidate_dates.qualification_date') }} as account_age_days,
        coalesce(account_windows.active_iso_weeks_28d, 0) as active_iso_weeks_28d,
        coalesce(user_windows.active_users_30d, 0) as active_users_30d,
        coalesce(account_windows.api_requests_30d, 0) as api_requests_30d,
        coalesce(account_windows.rate_limit_hits_30d, 0) as rate_limit_hits_30d,
        coalesce(core_feature_adoption.core_feature_adopted_date <= candidate_dates.qualification_date, false)
            as has_core_feature,
        coalesce(account_windows.has_core_event_30d, 0) = 1 as is_active_30d,
        enterprise_days.account_id is not null as is_enterprise_plan,
        coalesce({{ icp_criteria_met(
            'enrichment_as_of_date.employee_count', 'enrichment_as_of_date.industry',
            'enrichment_as_of_date.tech_stack', 'enrichment_as_of_date.funding_stage',
            'enrichment_as_of_date.country') }}, 0) as icp_criteria_met
    from candidate_dates
    inner join accounts
        on candidate_dates.account_id = accounts.account_id
    left join account_windows
        on
            candidate_dates.account_id = account_windows.account_id
            and candidate_dates.qualification_date = account_windows.qualification_date
    left join user_windows
        on
            candidate_dates.account_id = user_windows.account_id
            and candidate_dates.qualification_date = user_windows.qualification_date
    left join core_feature_adoption
        on candidate_dates.account_id = core_feature_adoption.account_id
    left join enterprise_days
        on
            candidate_dates.account_id = enterprise_days.account_id
            and candidate_dates.qualification_date = enterprise_days.qualification_date
    left join enrichment_as_of_date
        on
            candidate_dates.account_id = enrichment_as_of_date.account_id
            and candidate_dates.qualification_date = enrichment_as_of_date.qualification_date
            and enrichment_as_of_date.recency_rank = 1
    where candidate_dates.qualification_date >= accounts.created_date
),

final as (
    select
        *,
        {{ pqa_definition_holds('evaluated') }} as is_pqa
    from evaluated
)

select * from final
