{#- Render a list var as a SQL tuple of lower-cased string literals: ('a', 'b'). -#}
{% macro sql_string_list(values, lower=true) -%}
    ({%- for v in values -%}
        '{{ (v | string | lower) if lower else (v | string) }}'{{ ", " if not loop.last }}
    {%- endfor -%})
{%- endmacro %}
