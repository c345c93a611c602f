{#- Exact integer arithmetic, dispatched: engines spell integer division differently. -#}

{#- ceil(numerator / denominator) for integers, numerator >= 0 and denominator > 0,
    without a floating-point quotient (an exact 5 never becomes 6). -#}
{% macro ceil_divide_integers(numerator, denominator) -%}
    {{ return(adapter.dispatch('ceil_divide_integers', 'plg_warehouse')(numerator, denominator)) }}
{%- endmacro %}
{% macro duckdb__ceil_divide_integers(numerator, denominator) -%}
    ((({{ numerator }}) + ({{ denominator }}) - 1) // ({{ denominator }}))
{%- endmacro %}
{% macro spark__ceil_divide_integers(numerator, denominator) -%}
    ((({{ numerator }}) + ({{ denominator }}) - 1) div ({{ denominator }}))
{%- endmacro %}
