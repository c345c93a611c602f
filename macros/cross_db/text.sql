{#- Regex and hashing, dispatched so another engine needs one implementation each. -#}

{% macro regex_matches(text_col, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'plg_warehouse')(text_col, pattern)) }}
{%- endmacro %}
{% macro duckdb__regex_matches(text_col, pattern) -%}
    regexp_matches({{ text_col }}, '{{ pattern }}')
{%- endmacro %}
{% macro spark__regex_matches(text_col, pattern) -%}
    {#- Spark string literals read backslash escapes: double them for the regex -#}
    ({{ text_col }} rlike '{{ pattern | replace('\\', '\\\\') }}')
{%- endmacro %}

{#- First capture group of `pattern` in `text_col`, '' when no match. -#}
{% macro regex_extract(text_col, pattern, group=1) -%}
    {{ return(adapter.dispatch('regex_extract', 'plg_warehouse')(text_col, pattern, group)) }}
{%- endmacro %}
{% macro duckdb__regex_extract(text_col, pattern, group=1) -%}
    regexp_extract({{ text_col }}, '{{ pattern }}', {{ group }})
{%- endmacro %}
{% macro spark__regex_extract(text_col, pattern, group=1) -%}
    regexp_extract({{ text_col }}, '{{ pattern | replace('\\', '\\\\') }}', {{ group }})
{%- endmacro %}

{% macro regex_replace(text_col, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace', 'plg_warehouse')(text_col, pattern, replacement)) }}
{%- endmacro %}
{% macro duckdb__regex_replace(text_col, pattern, replacement) -%}
    regexp_replace({{ text_col }}, '{{ pattern }}', '{{ replacement }}')
{%- endmacro %}
{% macro spark__regex_replace(text_col, pattern, replacement) -%}
    regexp_replace({{ text_col }}, '{{ pattern | replace('\\', '\\\\') }}', '{{ spark_regex_replacement(replacement) }}')
{%- endmacro %}

{#- A replacement in the callers' (RE2) form for Java's regexp_replace: a
    literal `$` escaped, group references `\\1` written `$1`, then backslashes
    doubled for the Spark string literal. -#}
{% macro spark_regex_replacement(replacement) -%}
    {%- set ns = namespace(java=replacement | replace('$', '\\$')) -%}
    {%- for group in range(10) -%}
        {%- set ns.java = ns.java | replace('\\' ~ group, '$' ~ group) -%}
    {%- endfor -%}
    {{ ns.java | replace('\\', '\\\\') }}
{%- endmacro %}

{#- Lower-case hex SHA-256 of a text value (null stays null). -#}
{% macro sha256_hex(text_col) -%}
    {{ return(adapter.dispatch('sha256_hex', 'plg_warehouse')(text_col)) }}
{%- endmacro %}
{% macro duckdb__sha256_hex(text_col) -%}
    sha256({{ text_col }})
{%- endmacro %}
{% macro spark__sha256_hex(text_col) -%}
    sha2({{ text_col }}, 256)
{%- endmacro %}

{#- A stable surrogate key from several columns (md5 of their text joined by '|'). -#}
{% macro surrogate_key(columns) -%}
    md5(concat_ws('|',
        {%- for c in columns %}
        coalesce(cast({{ c }} as {{ dbt.type_string() }}), '~null~'){{ "," if not loop.last }}
        {%- endfor %}))
{%- endmacro %}

{#- Integer with thousands separators: 12400 -> '12,400'. -#}
{% macro format_thousands(int_col) -%}
    {{ return(adapter.dispatch('format_thousands', 'plg_warehouse')(int_col)) }}
{%- endmacro %}
{% macro duckdb__format_thousands(int_col) -%}
    format('{:,}', cast({{ int_col }} as bigint))
{%- endmacro %}
{% macro spark__format_thousands(int_col) -%}
    format_number(cast({{ int_col }} as bigint), 0)
{%- endmacro %}

{#- Number with one decimal: 3.06 -> '3.1'. -#}
{% macro format_one_decimal(num_col) -%}
    {{ return(adapter.dispatch('format_one_decimal', 'plg_warehouse')(num_col)) }}
{%- endmacro %}
{% macro duckdb__format_one_decimal(num_col) -%}
    format('{:.1f}', cast({{ num_col }} as double))
{%- endmacro %}
{% macro spark__format_one_decimal(num_col) -%}
    {#- format_number rounds the exact binary value half-even like DuckDB's
        format (Java's %.1f rounds 0.25 up); its thousands separators go -#}
    replace(format_number(cast({{ num_col }} as double), 1), ',', '')
{%- endmacro %}

{#- Aggregate strings in order: string_agg(x order by ...). -#}
{% macro ordered_string_agg(value_col, delimiter, order_by) -%}
    {{ return(adapter.dispatch('ordered_string_agg', 'plg_warehouse')(value_col, delimiter, order_by)) }}
{%- endmacro %}
{% macro duckdb__ordered_string_agg(value_col, delimiter, order_by) -%}
    string_agg({{ value_col }}, '{{ delimiter }}' order by {{ order_by }})
{%- endmacro %}
{% macro spark__ordered_string_agg(value_col, delimiter, order_by) -%}
    array_join({{ spark_sorted_values(value_col, order_by) }}, '{{ delimiter }}')
{%- endmacro %}

{#- Spark has no ordered aggregate: collect (sort key, value) pairs, sort the
    array (by the key, then the value), keep the values. `order_by` is one
    expression or several separated by commas, ascending. Null values are
    dropped like DuckDB's string_agg / array_agg of the non-null values do. -#}
{% macro spark_sorted_values(value_col, order_by) -%}
    {%- set keys = order_by.split(',') -%}
    transform(
        array_sort(collect_list(named_struct(
            {%- for k in keys %}'k{{ loop.index }}', {{ k | trim }}, {% endfor -%}
            'v', {{ value_col }}))),
        pair -> pair.v
    )
{%- endmacro %}

{#- Continuous median (quantile_cont 0.5: 37 and 38 give 37.5). -#}
{% macro median_cont(col) -%}
    {{ return(adapter.dispatch('median_cont', 'plg_warehouse')(col)) }}
{%- endmacro %}
{% macro duckdb__median_cont(col) -%}
    quantile_cont({{ col }}, 0.5)
{%- endmacro %}
{% macro spark__median_cont(col) -%}
    percentile({{ col }}, 0.5)
{%- endmacro %}

{#- True when an array/list column contains a value. -#}
{% macro array_contains(array_col, value) -%}
    {{ return(adapter.dispatch('array_contains', 'plg_warehouse')(array_col, value)) }}
{%- endmacro %}
{% macro duckdb__array_contains(array_col, value) -%}
    list_contains({{ array_col }}, {{ value }})
{%- endmacro %}
{% macro spark__array_contains(array_col, value) -%}
    array_contains({{ array_col }}, {{ value }})
{%- endmacro %}

{#- Aggregate a column into an array/list (order by `order_by`). -#}
{% macro array_agg_ordered(value_col, order_by) -%}
    {{ return(adapter.dispatch('array_agg_ordered', 'plg_warehouse')(value_col, order_by)) }}
{%- endmacro %}
{% macro duckdb__array_agg_ordered(value_col, order_by) -%}
    array_agg({{ value_col }} order by {{ order_by }})
{%- endmacro %}
{% macro spark__array_agg_ordered(value_col, order_by) -%}
    {{ spark_sorted_values(value_col, order_by) }}
{%- endmacro %}

{#- Every match of `pattern` in `text_col` replaced (DuckDB replaces only the
    first match without the 'g' option; Spark replaces all). -#}
{% macro regex_replace_all(text_col, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace_all', 'plg_warehouse')(text_col, pattern, replacement)) }}
{%- endmacro %}
{% macro duckdb__regex_replace_all(text_col, pattern, replacement) -%}
    regexp_replace({{ text_col }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}
{% macro spark__regex_replace_all(text_col, pattern, replacement) -%}
    regexp_replace({{ text_col }}, '{{ pattern | replace('\\', '\\\\') }}', '{{ spark_regex_replacement(replacement) }}')
{%- endmacro %}

{#- US dollars with thousands separators, cents only when not whole:
    19200 -> '$19,200', 9999.99 -> '$9,999.99'. -#}
{% macro format_usd(num_col) -%}
    {{ return(adapter.dispatch('format_usd', 'plg_warehouse')(num_col)) }}
{%- endmacro %}
{% macro duckdb__format_usd(num_col) -%}
    '$' || regexp_replace(format('{:,.2f}', cast({{ num_col }} as double)), '[.]00$', '')
{%- endmacro %}
{% macro spark__format_usd(num_col) -%}
    '$' || regexp_replace(format_number(cast({{ num_col }} as double), 2), '[.]00$', '')
{%- endmacro %}

{#- `text_col` without leading and trailing white space: blanks, tabs, line
    breaks, vertical tabs and form feeds (SQL's trim strips blanks only). -#}
{% macro trim_whitespace(text_col) -%}
    {{ return(adapter.dispatch('trim_whitespace', 'plg_warehouse')(text_col)) }}
{%- endmacro %}
{% macro duckdb__trim_whitespace(text_col) -%}
    trim({{ text_col }}, ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13))
{%- endmacro %}
{% macro spark__trim_whitespace(text_col) -%}
    btrim({{ text_col }}, concat(' ', chr(9), chr(10), chr(11), chr(12), chr(13)))
{%- endmacro %}
