{#- Elapsed time, not boundary counts: `dbt.datediff` counts minute/day boundaries
    crossed, which over-counts (contract §10). -#}

{#- Whole minutes elapsed from `start_ts` to `end_ts`: floor(seconds / 60). -#}
{% macro whole_minutes_between(start_ts, end_ts) -%}
    cast(floor({{ epoch_seconds_between(start_ts, end_ts) }} / 60) as integer)
{%- endmacro %}

{#- Fractional days elapsed (seconds / 86400), as DOUBLE. -#}
{% macro fractional_days_between(start_ts, end_ts) -%}
    ({{ epoch_seconds_between(start_ts, end_ts) }} / cast(86400 as double))
{%- endmacro %}

{#- Calendar days between two dates (end - start), an integer. -#}
{% macro days_between_dates(start_date, end_date) -%}
    {{ dbt.datediff(start_date, end_date, 'day') }}
{%- endmacro %}

{% macro epoch_seconds_between(start_ts, end_ts) -%}
    {{ return(adapter.dispatch('epoch_seconds_between', 'plg_warehouse')(start_ts, end_ts)) }}
{%- endmacro %}

{% macro default__epoch_seconds_between(start_ts, end_ts) -%}
    ({{ dbt.datediff(start_ts, end_ts, 'second') }})
{%- endmacro %}

{% macro duckdb__epoch_seconds_between(start_ts, end_ts) -%}
    (epoch(cast({{ end_ts }} as timestamp)) - epoch(cast({{ start_ts }} as timestamp)))
{%- endmacro %}

{% macro spark__epoch_seconds_between(start_ts, end_ts) -%}
    (unix_timestamp({{ end_ts }}) - unix_timestamp({{ start_ts }}))
{%- endmacro %}

{#- A date plus n days, as a DATE (dbt.dateadd returns a timestamp on some engines). -#}
{% macro date_add_days(date_expr, days) -%}
    cast({{ dbt.dateadd('day', days, date_expr) }} as date)
{%- endmacro %}
