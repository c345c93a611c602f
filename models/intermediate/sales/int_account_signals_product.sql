{#- Product signals, one row per occurrence (contract §5 catalog):
    - usage_spike: account-day whose API requests are >= var `usage_spike_min_requests`
      (500) and >= var `usage_spike_multiplier` (3) x the account's daily average over
      the 7 days before (their sum / 7; days without events count as 0); at midnight.
    - team_expansion: each invite_accepted event, at its time.
    - enterprise_feature_viewed: account-day-feature with a feature_viewed of sso,
      audit_logs, saml or rbac; at the first such view that day.
    - rate_limit_hit: account-day with a rate_limit_hit; at the first hit that day. -#}

with

events as (
    select * from {{ ref('int_product_events_stitched') }}
    where account_id is not null
),

account_days as (
    select * from {{ ref('int_accounts_activity_daily') }}
),

prior_week_requests as (
    select
        account_days.account_id,
        account_days.activity_date,
        account_days.api_requests,
        coalesce(sum(prior_days.api_requests), 0) as prior_7d_api_requests
    from account_days
    left join account_days as prior_days
        on
            account_days.account_id = prior_days.account_id
            and prior_days.activity_date >= {{ dbt.dateadd('day', -7, 'account_days.activity_date') }}
            and account_days.activity_date > prior_days.activity_date
    where account_days.api_requests >= {{ var('usage_spike_min_requests') }}
    group by account_days.account_id, account_days.activity_date, account_days.api_requests
),

usage_spikes as (
    select
        account_id,
        'usage_spike' as signal_type,
        cast(activity_date as {{ dbt.type_timestamp() }}) as signal_at,
        cast(null as {{ dbt.type_string() }}) as user_id,
        cast(activity_date as {{ dbt.type_string() }}) as signal_key,
        {{ format_thousands('api_requests') }} || ' API requests vs '
        || {{ format_one_decimal('prior_7d_api_requests / 7.0') }} || '/day in the prior 7 days' as signal_detail
    from prior_week_requests
    where api_requests >= {{ var('usage_spike_multiplier') }} * (prior_7d_api_requests / 7.0)
),

team_expansions as (
    select
        account_id,
        'team_expansion' as signal_type,
        occurred_at as signal_at,
        user_id,
        event_id as signal_key,
        'invite accepted' as signal_detail
    from events
    where event_name = 'invite_accepted'
),

enterprise_feature_views as (
    select
        account_id,
        'enterprise_feature_viewed' as signal_type,
        min(occurred_at) as signal_at,
        cast(null as {{ dbt.type_string() }}) as user_id,
        cast(occurred_date as {{ dbt.type_string() }}) || '|' || feature_name as signal_key,
        feature_name || ' settings viewed' as signal_detail
    from events
    where
        event_name = 'feature_viewed'
        and feature_name in ('sso', 'audit_logs', 'saml', 'rbac')
    group by account_id, occurred_date, feature_name
),

rate_limit_hits as (
    select
        account_id,
        'rate_limit_hit' as signal_type,
        min(occurred_at) as signal_at,
        cast(null as {{ dbt.type_string() }}) as user_id,
        cast(occurred_date as {{ dbt.type_string() }}) as signal_key,
        cast(count(*) as {{ dbt.type_string() }}) || ' rate-limit hit(s)' as signal_detail
    from events
    where event_name = 'rate_limit_hit'
    group by account_id, occurred_date
),

final as (
    select * from usage_spikes
    union all
    select * from team_expansions
    union all
    select * from enterprise_feature_views
    union all
    select * from rate_limit_hits
)

select * from final
