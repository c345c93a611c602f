{#- JSON helpers. `properties` is JSON object text (contract §1). -#}

{#- True when `text_col` parses as JSON and is an object; never errors on malformed text. -#}
{% macro json_is_object(text_col) -%}
    {{ return(adapter.dispatch('json_is_object', 'plg_warehouse')(text_col)) }}
{%- endmacro %}

{% macro duckdb__json_is_object(text_col) -%}
    {#- json_type on the text parses it once; a cast to json first would parse it twice -#}
    coalesce(case when json_valid({{ text_col }}) then json_type({{ text_col }}) = 'OBJECT' end, false)
{%- endmacro %}

{% macro spark__json_is_object(text_col) -%}
    coalesce(substr({{ trim_whitespace(text_col) }}, 1, 1) = '{' and from_json({{ text_col }}, 'map<string,string>') is not null, false)
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

{#- Parse a JSON object text once and keep the raw JSON value of each of `keys`
    (one parse per row instead of one per key read). Read the result
    with json_key_text / json_key_kind, passing the same `keys`. Call only on
    valid JSON objects. -#}
{% macro json_parse_keys(text_col, keys) -%}
    {{ return(adapter.dispatch('json_parse_keys', 'plg_warehouse')(text_col, keys)) }}
{%- endmacro %}

{% macro duckdb__json_parse_keys(text_col, keys) -%}
    json_extract({{ text_col }}, [{%- for key in keys %}'$.{{ key }}'{{ ", " if not loop.last }}{% endfor -%}])
{%- endmacro %}

{#- Spark: the text (for json_key_kind) and its top-level values as text. -#}
{% macro spark__json_parse_keys(text_col, keys) -%}
    named_struct('json', {{ text_col }}, 'values', from_json({{ text_col }}, 'map<string,string>'))
{%- endmacro %}

{#- Value of `key` as text from json_parse_keys (same as json_text on the object). -#}
{% macro json_key_text(parsed_col, keys, key) -%}
    {{ return(adapter.dispatch('json_key_text', 'plg_warehouse')(parsed_col, keys, key)) }}
{%- endmacro %}

{% macro duckdb__json_key_text(parsed_col, keys, key) -%}
    json_extract_string({{ parsed_col }}[{{ keys.index(key) + 1 }}], '$')
{%- endmacro %}

{% macro spark__json_key_text(parsed_col, keys, key) -%}
    {{ parsed_col }}.values['{{ key }}']
{%- endmacro %}

{#- JSON type of `key` from json_parse_keys: one of 'integer', 'number', 'string',
    'boolean', 'null', 'object', 'array', or null when the key is absent. -#}
{% macro json_key_kind(parsed_col, keys, key) -%}
    {{ return(adapter.dispatch('json_key_kind', 'plg_warehouse')(parsed_col, keys, key)) }}
{%- endmacro %}

{% macro duckdb__json_key_kind(parsed_col, keys, key) -%}
    {{ duckdb_json_kind('json_type(' ~ parsed_col ~ '[' ~ (keys.index(key) + 1) ~ '])') }}
{%- endmacro %}

{#- Spark's map of values as text loses the JSON type: a quoted value right
    after the key in the text is a string, digits alone an integer, the rest
    follows from the value's text. -#}
{% macro spark__json_key_kind(parsed_col, keys, key) -%}
    {%- set value = parsed_col ~ ".values['" ~ key ~ "']" -%}
    case
        when not map_contains_key({{ parsed_col }}.values, '{{ key }}') then null
        when {{ value }} is null then 'null'
        when {{ regex_matches(parsed_col ~ '.json', '"' ~ key ~ '"\\s*:\\s*"') }} then 'string'
        when {{ regex_matches(value, '^-?[0-9]+$') }} then 'integer'
        when {{ value }} in ('true', 'false') then 'boolean'
        when substr({{ value }}, 1, 1) = '{' then 'object'
        when substr({{ value }}, 1, 1) = '[' then 'array'
        else 'number'
    end
{%- endmacro %}

{#- DuckDB json_type() names mapped to the kinds above. -#}
{% macro duckdb_json_kind(json_type_expr) -%}
    case {{ json_type_expr }}
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
