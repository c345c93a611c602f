with

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
),

account_days as (
    select * from {{ ref('int_accounts_activity_daily') }}
),

user_days as (
    select * from {{ ref('int_users_activity_daily') }}
    where is_active
),

firmographics as (
    select * from {{ ref('int_firmographics_latest') }}
),

current_subscriptions as (
    select * from {{ ref('int_accounts_subscription_current') }}
),

signals as (
    select * from {{ ref('fct_account_signals') }}
),

qualified_days as (
    select * from {{ ref('int_accounts_qualified_daily') }}
),

contacts as (
    select * from {{ ref('int_accounts_contacts_ranked') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

usage_windows as (
    select
        account_days.account_id,
        sum(case
            when account_days.activity_date < {{ dbt.dateadd('day', -29, 'as_of.as_of_date') }}
                then account_days.api_requests
            else 0
        end) as api_requests_prior_30d,
        {{ pqa_usage_window_measures('account_days', 'as_of.as_of_date') }}
    from account_days
    cross join as_of
    where
        account_days.activity_date >= {{ dbt.dateadd('day', -59, 'as_of.as_of_date') }}
        and account_days.activity_date <= as_of.as_of_date
    group by account_days.account_id
),

active_users as (
    select
        user_days.account_id,
        count(distinct user_days.user_id) as active_users_30d
    from user_days
    cross join as_of
    where
        user_days.activity_date >= {{ dbt.dateadd('day', -29, 'as_of.as_of_date') }}
        and user_days.activity_date <= as_of.as_of_date
    group by user_days.account_id
),

core_feature as (
    select distinct account_days.account_id
    from account_days
    cross join as_of
    where
        (account_days.production_deploys > 0 or account_days.integrations_connected > 0)
        and account_days.activity_date <= as_of.as_of_date
),

-- SPEC 10: "enterprise plan" means current_plan is enterprise on as_of_date
enterprise_accounts as (
    select account_id
    from current_subscriptions
    where current_plan = 'enterprise'
),

scored_signals as (
    select
        signals.account_id,
        signals.signal_type,
        signals.intent,
        {{ decayed_signal_score(
            'signals.weight',
            days_between_dates('signals.signal_date', 'as_of.as_of_date'),
            var('signal_half_life_days')) }} as decayed_score,
        signals.signal_date >= {{ dbt.dateadd('day', -29, 'as_of.as_of_date') }} as is_last_30d
    from signals
    cross join as_of
    where
        signals.signal_date >= {{ dbt.dateadd('day', -(var('signal_lookback_days') - 1), 'as_of.as_of_date') }}
        and signals.signal_date <= as_of.as_of_date
),

signal_scores as (
    select
        account_id,
        sum(decayed_score) as signal_score,
        max(case when signal_type = 'pricing_page_viewed' and is_last_30d then 1 else 0 end) as viewed_pricing_30d,
        max(case when signal_type = 'security_page_viewed' and is_last_30d then 1 else 0 end) as viewed_security_30d,
        max(case when signal_type = 'contact_page_viewed' and is_last_30d then 1 else 0 end) as viewed_contact_30d,
        max(case when signal_type = 'enterprise_feature_viewed' and is_last_30d then 1 else 0 end)
            as viewed_enterprise_features_30d,
        max(case when signal_type = 'several_stakeholders' and is_last_30d then 1 else 0 end)
            as has_several_stakeholders_30d
    from scored_signals
    group by account_id
),

first_qualified as (
    select
        account_id,
        min(qualification_date) as first_qualified_date
    from qualified_days
    where is_pqa
    group by account_id
),

evaluated as (
    select
        accounts.account_id,
        as_of.as_of_date,
        accounts.org_domain,
        accounts.created_at,
        {{ days_between_dates('accounts.created_date', 'as_of.as_of_date') }} as account_age_days,
        coalesce(usage_windows.active_iso_weeks_28d, 0) as active_iso_weeks_28d,
        coalesce(active_users.active_users_30d, 0) as active_users_30d,
        core_feature.account_id is not null as has_core_feature,
        coalesce(usage_windows.api_requests_30d, 0) as api_requests_30d,
        coalesce(usage_windows.api_requests_prior_30d, 0) as api_requests_prior_30d,
        coalesce(usage_windows.rate_limit_hits_30d, 0) as rate_limit_hits_30d,
        coalesce(usage_windows.has_core_event_30d, 0) = 1 as is_active_30d,
        enterprise_accounts.account_id is not null as is_enterprise_plan,
        coalesce({{ icp_criteria_met(
            'firmographics.employee_count', 'firmographics.industry', 'firmographics.tech_stack',
            'firmographics.funding_stage', 'firmographics.country') }}, 0) as icp_criteria_met,
        firmographics.employee_count,
        coalesce(signal_scores.signal_score, 0) as signal_score,
        coalesce(signal_scores.viewed_pricing_30d, 0) = 1 as viewed_pricing_30d,
        coalesce(signal_scores.viewed_security_30d, 0) = 1 as viewed_security_30d,
        coalesce(signal_scores.viewed_contact_30d, 0) = 1 as viewed_contact_30d,
        coalesce(signal_scores.viewed_enterprise_features_30d, 0) = 1 as viewed_enterprise_features_30d,
        coalesce(signal_scores.has_several_stakeholders_30d, 0) = 1 as has_several_stakeholders_30d,
        first_qualified.first_qualified_date
    from accounts
    cross join as_of
    left join usage_windows
        on accounts.account_id = usage_windows.account_id
    left join active_users
        on accounts.account_id = active_users.account_id
    left join core_feature
        on accounts.account_id = core_feature.account_id
    left join enterprise_accounts
        on accounts.account_id = enterprise_accounts.account_id
    left join firmographics
        on accounts.org_domain = firmographics.domain
    left join signal_scores
        on accounts.account_id = signal_scores.account_id
    left join first_qualified
        on accounts.account_id = first_qualified.account_id
),

flagged as (
    select
        evaluated.*,
        {{ pqa_usage_criterion_1('evaluated') }} as is_active_2_weeks,
        {{ pqa_definition_holds('evaluated') }} as is_pqa,
        case
            when evaluated.is_enterprise_plan then 'enterprise_plan'
            when not evaluated.is_active_30d then 'inactive_30d'
        end as exclusion_reason
    from evaluated
),

final as (
    select
        flagged.account_id,
        flagged.as_of_date,
        flagged.org_domain,
        flagged.is_active_2_weeks,
        cast(flagged.active_iso_weeks_28d as integer) as active_iso_weeks_28d,
        cast(flagged.account_age_days as integer) as account_age_days,
        cast(flagged.active_users_30d as integer) as active_users_30d,
        flagged.has_core_feature,
        cast(flagged.api_requests_30d as bigint) as api_requests_30d,
        cast(flagged.api_requests_prior_30d as bigint) as api_requests_prior_30d,
        cast(flagged.rate_limit_hits_30d as integer) as rate_limit_hits_30d,
        cast(flagged.icp_criteria_met as integer) as icp_criteria_met,
        cast(flagged.signal_score as double) as signal_score,
        case
            when flagged.signal_score >= {{ var('high_intent_score') }} then 'high'
            when flagged.signal_score >= {{ var('medium_intent_score') }} then 'medium'
            else 'low'
        end as intent_tier,
        flagged.exclusion_reason is not null as is_excluded,
        flagged.exclusion_reason,
        flagged.is_pqa,
        cast(flagged.first_qualified_date as {{ dbt.type_timestamp() }}) as first_qualified_at,
        {{ pqa_route('flagged.is_pqa', 'flagged.employee_count') }} as route,
        cast(flagged.employee_count as integer) as employee_count,
        contacts.contact_user_id,
        contacts.contact_email,
        contacts.contact_persona,
        contacts.contact_rule,
        concat_ws(
            '; ',
            cast(flagged.active_users_30d as {{ dbt.type_string() }}) || ' active developer'
            || case when flagged.active_users_30d = 1 then '' else 's' end,
            {{ format_thousands('flagged.api_requests_30d') }} || ' API requests in 30d'
            || case
                when flagged.api_requests_prior_30d > 0
                    then ' (' || {{ format_one_decimal('cast(flagged.api_requests_30d as double) / flagged.api_requests_prior_30d') }}
                        || 'x prior 30d)'
                else ''
            end,
            case
                when flagged.rate_limit_hits_30d > 0
                    then cast(flagged.rate_limit_hits_30d as {{ dbt.type_string() }}) || ' rate-limit hit'
                        || case when flagged.rate_limit_hits_30d = 1 then '' else 's' end
            end,
            case when flagged.viewed_enterprise_features_30d then 'enterprise features viewed' end,
            case when flagged.viewed_security_30d then 'security page viewed' end,
            case when flagged.viewed_pricing_30d then 'pricing page viewed' end,
            case when flagged.viewed_contact_30d then 'contact page viewed' end,
            case when flagged.has_several_stakeholders_30d then 'several stakeholders researching' end
        ) as reason
    from flagged
    left join contacts
        on flagged.account_id = contacts.account_id
)

select * from final
