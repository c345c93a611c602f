{#- JSON helpers. `properties` is JSON object text (SPEC 1). -#}

{#- True when `text_col` parses as JSON and is an object; never errors on malformed text. -#}
{% macro json_is_object(text_col) -%}
    {{ return(adapter.dispatch('json_is_object', 'plg_warehouse')(text_col)) }}
{%- endmacro %}

{% macro duckdb__json_is_object(text_col) -%}
    coalesce(case when json_valid({{ text_col }}) then json_type(cast({{ text_col }} as json)) = 'OBJECT' end, false)
{%- endmacro %}

{% macro spark__json_is_object(text_col) -%}
    coalesce(substr(ltrim({{ text_col }}), 1, 1) = '{' and from_json({{ text_col }}, 'map<string,string>') is not null, false)
{%- endmacro %}

{#- Value at top-level `key` as text (null when absent or JSON null). Call only on valid JSON objects. -#}
{% macro json_text(text_col, key) -%}
    {{ return(adapter.dispatch('json_text', 'plg_warehouse')(text_col, key)) }}
{%- endmacro %}

{% macro duckdb__json_text(text_col, key) -%}
    json_extract_string({{ text_col }}, '$.{{ key }}')
{%- endmacro %}

{% macro spark__json_text(text_col, key) -%}
    get_json_object({{ text_col }}, '$.{{ key }}')
{%- endmacro %}

{#- JSON type name of the value at `key`: one of 'integer', 'number', 'string',
    'boolean', 'null', 'object', 'array', or null when the key is absent. -#}
{% macro json_value_kind(text_col, key) -%}
    {{ return(adapter.dispatch('json_value_kind', 'plg_warehouse')(text_col, key)) }}
{%- endmacro %}

{% macro duckdb__json_value_kind(text_col, key) -%}
    case json_type({{ text_col }}, '$.{{ key }}')
        when 'UBIGINT' then 'integer'
        when 'BIGINT' then 'integer'
        when 'HUGEINT' then 'integer'
        when 'DOUBLE' then 'number'
        when 'VARCHAR' then 'string'
        when 'BOOLEAN' then 'boolean'
        when 'NULL' then 'null'
        when 'OBJECT' then 'object'
        when 'ARRAY' then 'array'
    end
{%- endmacro %}
