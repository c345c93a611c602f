{#- Numeric checks, dispatched so another engine needs one implementation each. -#}

{#- True for a number that is neither NaN nor infinite (null stays null). -#}
{% macro is_finite_number(number_col) -%}
    {{ return(adapter.dispatch('is_finite_number', 'plg_warehouse')(number_col)) }}
{%- endmacro %}
{% macro duckdb__is_finite_number(number_col) -%}
    isfinite({{ number_col }})
{%- endmacro %}
{% macro spark__is_finite_number(number_col) -%}
    (not isnan({{ number_col }}) and abs({{ number_col }}) != double('infinity'))
{%- endmacro %}
