{#- PQA threshold sensitivity (contract §5): how many accounts would qualify today if
    the three tunable bars were set elsewhere. Recomputed from mart_pqa's own
    columns, so the other criteria (two active ISO weeks and age, core feature,
    exclusions) stay exactly as the mart evaluated them; only the minimum active
    users (30d), API requests (30d) and ICP criteria met move.

    One row per combination of the three thresholds (a grid around the current
    vars, which is always included). `is_current_definition` marks the row that
    should equal today's count of mart_pqa.is_pqa; `sales_routed_accounts`
    applies the sales-assist employee bar to the would-be PQAs.
    Tune the grid with --vars, e.g. {sensitivity_api_calls: [500, 1000, 2000]}. -#}

{%- set active_user_grid = var('sensitivity_active_users', [1, 2, 3, 4, 5]) -%}
{%- set api_call_grid = var('sensitivity_api_calls', [250, 500, 1000, 2500, 5000, 10000]) -%}
{%- set icp_grid = var('sensitivity_icp_criteria', [1, 2, 3, 4, 5]) -%}

{%- set current_users = var('pqa_min_active_users') -%}
{%- set current_calls = var('pqa_min_api_calls_30d') -%}
{%- set current_icp = var('pqa_min_icp_criteria') -%}

with

pqa as (
    select * from {{ ref('mart_pqa') }}
),

-- the criteria the sensitivity does not move, as the mart evaluated them
eligible as (
    select
        account_id,
        active_users_30d,
        api_requests_30d,
        icp_criteria_met,
        employee_count,
        is_pqa
    from pqa
    where
        is_active_2_weeks
        and has_core_feature
        and not is_excluded
),

active_user_thresholds as (
    {{ values_as_rows(active_user_grid + [current_users], 'min_active_users') }}
),

api_call_thresholds as (
    {{ values_as_rows(api_call_grid + [current_calls], 'min_api_requests_30d') }}
),

icp_thresholds as (
    {{ values_as_rows(icp_grid + [current_icp], 'min_icp_criteria') }}
),

grid as (
    select
        active_user_thresholds.min_active_users,
        api_call_thresholds.min_api_requests_30d,
        icp_thresholds.min_icp_criteria
    from active_user_thresholds
    cross join api_call_thresholds
    cross join icp_thresholds
),

qualifying as (
    select
        grid.min_active_users,
        grid.min_api_requests_30d,
        grid.min_icp_criteria,
        count(eligible.account_id) as qualifying_accounts,
        sum(case
            when eligible.employee_count >= {{ var('sales_assist_min_employees') }} then 1 else 0
        end) as sales_routed_accounts,
        sum(case when eligible.is_pqa then 1 else 0 end) as also_pqa_today
    from grid
    left join eligible
        on
            grid.min_active_users <= eligible.active_users_30d
            and grid.min_api_requests_30d <= eligible.api_requests_30d
            and grid.min_icp_criteria <= eligible.icp_criteria_met
    group by
        grid.min_active_users,
        grid.min_api_requests_30d,
        grid.min_icp_criteria
),

current_count as (
    select count(*) as current_pqa_accounts
    from pqa
    where is_pqa
),

final as (
    select
        qualifying.min_active_users,
        qualifying.min_api_requests_30d,
        qualifying.min_icp_criteria,
        qualifying.qualifying_accounts,
        coalesce(qualifying.sales_routed_accounts, 0) as sales_routed_accounts,
        qualifying.qualifying_accounts - current_count.current_pqa_accounts as change_vs_current,
        qualifying.qualifying_accounts - coalesce(qualifying.also_pqa_today, 0) as newly_qualifying_accounts,
        (
            qualifying.min_active_users = {{ current_users }}
            and qualifying.min_api_requests_30d = {{ current_calls }}
            and qualifying.min_icp_criteria = {{ current_icp }}
        ) as is_current_definition
    from qualifying
    cross join current_count
)

select * from final
order by
    min_active_users,
    min_api_requests_30d,
    min_icp_criteria
