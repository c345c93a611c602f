{#- Shared building blocks of the staging layer (SPEC 2). -#}

{#- The raw row as JSON text, for the quarantine (`audit_rejected_rows.raw_record`). -#}
{% macro raw_record_json(columns) -%}
    {{ return(adapter.dispatch('raw_record_json', 'plg_warehouse')(columns)) }}
{%- endmacro %}
{% macro duckdb__raw_record_json(columns) -%}
    cast(to_json(struct_pack({%- for c in columns %}{{ c }} := {{ c }}{{ ", " if not loop.last }}{% endfor -%})) as varchar)
{%- endmacro %}
{% macro spark__raw_record_json(columns) -%}
    to_json(named_struct({%- for c in columns %}'{{ c }}', {{ c }}{{ ", " if not loop.last }}{% endfor -%}))
{%- endmacro %}

{#- Where a raw row came from: file name and 0-based row number in that file. -#}
{% macro raw_file_metadata() -%}
    filename as _file_name,
    file_row_number as _file_row_number
{%- endmacro %}

{#- Lower-cased, trimmed email (SPEC 2). -#}
{% macro normalize_email(column) -%}
    lower(trim({{ column }}))
{%- endmacro %}

{#- A normalized email is well-formed when it has exactly one '@', a non-empty
    local part and a dotted domain, and no white space (SPEC 2: "no single `@`
    with a dotted domain" is malformed). -#}
{% macro is_well_formed_email(normalized_column) -%}
    coalesce({{ regex_matches(normalized_column, '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$') }}, false)
{%- endmacro %}

{#- Domain part of a normalized email. -#}
{% macro email_domain(normalized_column) -%}
    {{ dbt.split_part(normalized_column, "'@'", 2) }}
{%- endmacro %}


{#- The raw row packed as a struct (cheap), serialized to JSON text only where
    needed (`raw_struct_to_json`): used by the materialized base models. -#}
{% macro raw_record_struct(columns) -%}
    {{ return(adapter.dispatch('raw_record_struct', 'plg_warehouse')(columns)) }}
{%- endmacro %}
{% macro duckdb__raw_record_struct(columns) -%}
    struct_pack({%- for c in columns %}{{ c }} := {{ c }}{{ ", " if not loop.last }}{% endfor -%})
{%- endmacro %}
{% macro spark__raw_record_struct(columns) -%}
    named_struct({%- for c in columns %}'{{ c }}', {{ c }}{{ ", " if not loop.last }}{% endfor -%})
{%- endmacro %}

{% macro raw_struct_to_json(struct_col) -%}
    {{ return(adapter.dispatch('raw_struct_to_json', 'plg_warehouse')(struct_col)) }}
{%- endmacro %}
{% macro duckdb__raw_struct_to_json(struct_col) -%}
    cast(to_json({{ struct_col }}) as varchar)
{%- endmacro %}
{% macro spark__raw_struct_to_json(struct_col) -%}
    to_json({{ struct_col }})
{%- endmacro %}
