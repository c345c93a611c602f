{#- The PQA history (int_accounts_qualified_daily: running sums of window
    changes, issue 9) and mart_pqa (direct sums over the days before
    as_of_date) compute the same usage, ICP and PQA inputs two ways. On as_of_date they
    must agree for every account; an account with active weeks or active users
    (so a core event in the last 30 days) must have a history row on that date.
    A PQA today without a history row would have no first_qualified_at. Returns the accounts that disagree. -#}

{#- Dagster shows the result as a check of mart_pqa (dagster-dbt reads meta.dagster.ref). -#}
{{ config(meta={'dagster': {'ref': {'name': 'mart_pqa'}}}) }}

with

mart as (
    select * from {{ ref('mart_pqa') }}
),

history as (
    select * from {{ ref('int_accounts_qualified_daily') }}
),

compared as (
    select
        mart.account_id,
        mart.as_of_date,
        history.account_id is not null as has_history_row,
        mart.active_iso_weeks_28d,
        history.active_iso_weeks_28d as history_active_iso_weeks_28d,
        mart.active_users_30d,
        history.active_users_30d as history_active_users_30d,
        mart.api_requests_30d,
        history.api_requests_30d as history_api_requests_30d,
        mart.rate_limit_hits_30d,
        history.rate_limit_hits_30d as history_rate_limit_hits_30d,
        mart.has_core_feature,
        history.has_core_feature as history_has_core_feature,
        mart.icp_criteria_met,
        history.icp_criteria_met as history_icp_criteria_met,
        mart.is_pqa,
        history.is_pqa as history_is_pqa
    from mart
    left join history
        on
            mart.account_id = history.account_id
            and mart.as_of_date = history.qualification_date
)

select *
from compared
where
    ((active_iso_weeks_28d > 0 or active_users_30d > 0) and not has_history_row)
    or (
        has_history_row
        and (
            active_iso_weeks_28d != history_active_iso_weeks_28d
            or active_users_30d != history_active_users_30d
            or api_requests_30d != history_api_requests_30d
            or rate_limit_hits_30d != history_rate_limit_hits_30d
            or has_core_feature != history_has_core_feature
            or icp_criteria_met != history_icp_criteria_met
            or is_pqa != history_is_pqa
        )
    )
