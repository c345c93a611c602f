{#- The date every "last N days" is measured from (SPEC 4, 10).

    Default: the latest (clock-corrected) `occurred_at` date of staged product
    events. Set `--vars '{as_of_date: 2026-03-31}'` to rebuild history: then rows
    dated after it are ignored (see `on_or_before_as_of`). -#}
{% macro as_of_date() -%}
    {%- if var('as_of_date', none) -%}
        cast('{{ var("as_of_date") }}' as date)
    {%- else -%}
        (select cast(max(occurred_at) as date) from {{ ref('stg_raw__product_events') }})
    {%- endif -%}
{%- endmacro %}

{#- Row filter applied where intermediate models first read a staged table:
    true unless `as_of_date` was set by hand, then keeps rows dated on or before it. -#}
{% macro on_or_before_as_of(column) -%}
    {%- if var('as_of_date', none) -%}
        cast({{ column }} as date) <= cast('{{ var("as_of_date") }}' as date)
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}
