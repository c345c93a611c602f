{#- Raw timestamps to UTC, dispatched so another engine needs one implementation. -#}

{#- A raw timestamp as a UTC TIMESTAMP without zone: a zone-aware Parquet
    timestamp is converted to UTC; text with an offset (`04:49:07-05:00`)
    honours it; text without one is read as UTC; text that is no timestamp
    gives null (the base models reject it as `invalid_timestamp`). Both
    implementations need the session time zone to be UTC (profiles.yml sets
    it), so the result does not depend on the machine's `TZ`. -#}
{% macro raw_timestamp_utc(column) -%}
    {{ return(adapter.dispatch('raw_timestamp_utc', 'plg_warehouse')(column)) }}
{%- endmacro %}
{% macro duckdb__raw_timestamp_utc(column) -%}
    try_cast(try_cast({{ column }} as timestamptz) as timestamp)
{%- endmacro %}
{% macro spark__raw_timestamp_utc(column) -%}
    try_cast({{ column }} as timestamp)
{%- endmacro %}
