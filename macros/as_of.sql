{#- Row filter applied where intermediate models first read a staged table:
    true unless the var `as_of_date` was set by hand, then keeps rows dated on or
    before it. The as-of date itself is the one-row model `int_as_of_date`. -#}
{% macro on_or_before_as_of(column) -%}
    {%- if var('as_of_date', none) -%}
        cast({{ column }} as date) <= cast('{{ var("as_of_date") }}' as date)
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}
