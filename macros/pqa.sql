{#- ICP criteria met (0-5) from firmographic columns (contract §5). Staging already
    trimmed and lower-cased industry, funding stage and tech stack, and upper-cased
    country; var values are compared the same way. -#}
{% macro icp_criteria_met(employee_count, industry, tech_stack, funding_stage, country) -%}
    {%- set employee_range = var('icp_employee_range') -%}
    {%- set stack_items = [] -%}
    {%- for item in var('icp_tech_stack') -%}
        {%- do stack_items.append(item | lower | trim | replace('.', '[.]') | replace('+', '[+]')) -%}
    {%- endfor -%}
    (
        case when {{ employee_count }} between {{ employee_range[0] }} and {{ employee_range[1] }} then 1 else 0 end
        + case when {{ industry }} in {{ sql_string_list(var('icp_industries')) }} then 1 else 0 end
        + case
            when {{ regex_matches(tech_stack, '(^|,)\\s*(' ~ stack_items | join('|') ~ ')\\s*(,|$)') }}
                then 1
            else 0
        end
        + case when {{ funding_stage }} in {{ sql_string_list(var('icp_funding_stages')) }} then 1 else 0 end
        + case when upper({{ country }}) in (
            {%- for c in var('icp_countries') -%}'{{ c | upper | trim }}'{{ ", " if not loop.last }}{%- endfor -%}
        ) then 1 else 0 end
    )
{%- endmacro %}

{#- The PQA definition (contract §5) over a relation with the evaluated columns
    account_age_days, active_iso_weeks_28d, active_users_30d, has_core_feature,
    api_requests_30d, icp_criteria_met, is_enterprise_plan, is_active_30d.
    One expression, used for the daily history and for the as-of mart. -#}
{% macro pqa_usage_criterion_1(alias) -%}
    ({{ alias }}.active_iso_weeks_28d >= {{ var('pqa_min_active_weeks') }}
        and {{ alias }}.account_age_days >= {{ var('pqa_min_account_age_days') }})
{%- endmacro %}

{% macro pqa_definition_holds(alias) -%}
    (
        {{ pqa_usage_criterion_1(alias) }}
        and {{ alias }}.active_users_30d >= {{ var('pqa_min_active_users') }}
        and {{ alias }}.has_core_feature
        and {{ alias }}.api_requests_30d >= {{ var('pqa_min_api_calls_30d') }}
        and {{ alias }}.icp_criteria_met >= {{ var('pqa_min_icp_criteria') }}
        and not {{ alias }}.is_enterprise_plan
        and {{ alias }}.is_active_30d
    )
{%- endmacro %}

{#- The usage measures of PQA criteria 1, 4 and the inactivity exclusion, as
    aggregates over daily account rows `days` evaluated on date `on_date`:
    last 28 days = on_date - 27 .. on_date, last 30 days = on_date - 29 .. on_date
    (the caller keeps rows on or before on_date). Shared by the daily history and
    the as-of mart so both read the windows the same way. -#}
{% macro pqa_usage_window_measures(days, on_date) -%}
    count(distinct case
        when {{ days }}.is_active
            and {{ days }}.activity_date >= {{ dbt.dateadd('day', -27, on_date) }}
            then {{ dbt.date_trunc('week', days ~ '.activity_date') }}
    end) as active_iso_weeks_28d,
    coalesce(sum(case
        when {{ days }}.activity_date >= {{ dbt.dateadd('day', -29, on_date) }}
            then {{ days }}.api_requests else 0
    end), 0) as api_requests_30d,
    coalesce(sum(case
        when {{ days }}.activity_date >= {{ dbt.dateadd('day', -29, on_date) }}
            then {{ days }}.rate_limit_hits else 0
    end), 0) as rate_limit_hits_30d,
    max(case
        when {{ days }}.is_active
            and {{ days }}.activity_date >= {{ dbt.dateadd('day', -29, on_date) }}
            then 1 else 0
    end) as has_core_event_30d
{%- endmacro %}

{#- PQA route (contract §5): `sales` for a PQA whose employee count is at least
    var sales_assist_min_employees, else `self_serve` (also without a known
    count). Used by mart_pqa and by the daily history behind the change feed. -#}
{% macro pqa_route(is_pqa, employee_count) -%}
    case
        when {{ is_pqa }} and {{ employee_count }} >= {{ var('sales_assist_min_employees') }} then 'sales'
        else 'self_serve'
    end
{%- endmacro %}
