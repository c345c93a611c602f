{#- Render a list var as a SQL tuple of lower-cased string literals: ('a', 'b'). -#}
{% macro sql_string_list(values, lower=true) -%}
    ({%- for v in values -%}
        '{{ (v | string | lower) if lower else (v | string) }}'{{ ", " if not loop.last }}
    {%- endfor -%})
{%- endmacro %}

{#- `alias.column` for each of `columns`, one per line (a select list). -#}
{% macro qualified_columns(alias, columns, indent=8) -%}
    {%- set qualified = [] -%}
    {%- for column in columns -%}{%- do qualified.append(alias ~ '.' ~ column) -%}{%- endfor -%}
    {{ qualified | join(',\n' ~ ' ' * indent) }}
{%- endmacro %}

{#- A one-column relation of `values` (sorted, duplicates dropped), one row each:
    the body of a CTE. -#}
{% macro values_as_rows(values, column) -%}
    {%- for value in values | unique | sort %}
        select {{ value }} as {{ column }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
