with

qualified_days as (
    select * from {{ ref('int_accounts_qualified_daily') }}
),

account_days as (
    select * from {{ ref('int_accounts_activity_daily') }}
),

signals as (
    select * from {{ ref('fct_account_signals') }}
),

contacts as (
    select * from {{ ref('int_accounts_contacts_ranked') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

-- the PQA definition, usage windows, ICP and exclusions: the history's row on as_of_date
qualified_on_as_of as (
    select *
    from qualified_days
    where is_as_of_date
),

first_qualified as (
    select
        account_id,
        min(qualification_date) as first_qualified_date
    from qualified_days
    where is_pqa
    group by account_id
),

-- the one measure of the mart that the definition does not use
prior_usage as (
    select
        account_days.account_id,
        sum(account_days.api_requests) as api_requests_prior_30d
    from account_days
    cross join as_of
    where
        account_days.activity_date >= {{ dbt.dateadd('day', -59, 'as_of.as_of_date') }}
        and account_days.activity_date < {{ dbt.dateadd('day', -29, 'as_of.as_of_date') }}
    group by account_days.account_id
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

flagged as (
    select
        qualified_on_as_of.account_id,
        qualified_on_as_of.qualification_date as as_of_date,
        qualified_on_as_of.org_domain,
        qualified_on_as_of.account_age_days,
        qualified_on_as_of.active_iso_weeks_28d,
        qualified_on_as_of.active_users_30d,
        qualified_on_as_of.has_core_feature,
        qualified_on_as_of.api_requests_30d,
        coalesce(prior_usage.api_requests_prior_30d, 0) as api_requests_prior_30d,
        qualified_on_as_of.rate_limit_hits_30d,
        qualified_on_as_of.icp_criteria_met,
        qualified_on_as_of.employee_count,
        qualified_on_as_of.route,
        qualified_on_as_of.is_active_2_weeks,
        qualified_on_as_of.is_pqa,
        qualified_on_as_of.exclusion_reason,
        coalesce(signal_scores.signal_score, 0) as signal_score,
        coalesce(signal_scores.viewed_pricing_30d, 0) = 1 as viewed_pricing_30d,
        coalesce(signal_scores.viewed_security_30d, 0) = 1 as viewed_security_30d,
        coalesce(signal_scores.viewed_contact_30d, 0) = 1 as viewed_contact_30d,
        coalesce(signal_scores.viewed_enterprise_features_30d, 0) = 1 as viewed_enterprise_features_30d,
        coalesce(signal_scores.has_several_stakeholders_30d, 0) = 1 as has_several_stakeholders_30d,
        first_qualified.first_qualified_date
    from qualified_on_as_of
    left join prior_usage
        on qualified_on_as_of.account_id = prior_usage.account_id
    left join signal_scores
        on qualified_on_as_of.account_id = signal_scores.account_id
    left join first_qualified
        on qualified_on_as_of.account_id = first_qualified.account_id
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
        flagged.route,
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
                    then ' ('
                        || {{ format_one_decimal('cast(flagged.api_requests_30d as double) / flagged.api_requests_prior_30d') }}
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
