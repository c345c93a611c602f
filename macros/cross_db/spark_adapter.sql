{#- Spark overrides of dbt-spark's own macros (the root project's macros win
    over the adapter's in dbt's dispatch). -#}

{#- Contract data types are declared once in the model ymls in the names both
    engines read, except `varchar`, which Spark 4 accepts only with a length:
    casts to it are casts to Spark's `string`. -#}
{% macro spark__cast(field, type) -%}
    {%- set spark_type = 'string' if type | trim | lower == 'varchar' else type -%}
    cast({{ field }} as {{ spark_type }})
{%- endmacro %}

{#- Seeds: dbt-spark's session cursor inlines each value between quotes
    without escaping, so a seed text holding an apostrophe broke the insert;
    the values are written as escaped Spark literals here instead. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for col_name in agate_table.column_names -%}
                    {%- set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) -%}
                    {%- set value = row[loop.index0] -%}
                    cast({{ spark_literal(value) }} as {{ type }}){{ ", " if not loop.last }}
                {%- endfor -%}){{ "," if not loop.last }}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}

{#- A Python value as a Spark SQL literal (text escaped with backslashes). -#}
{% macro spark_literal(value) -%}
    {%- if value is none -%}
        null
    {%- elif value is number and value is not string -%}
        {{ value }}
    {%- else -%}
        '{{ value | string | replace('\\', '\\\\') | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}

{#- Enforced contracts. DuckDB creates a contracted table from the declared
    column types and inserts the model's rows into it, so a narrower integer
    (Spark's `row_number()` and `datediff` give `int` where DuckDB gives
    `bigint`) lands in the declared type. Spark checks the types strictly and
    creates the table from the query: here an integer narrower than the
    declared one is accepted, and the table is written with the declared
    types. Every other mismatch still fails the build. -#}
{% macro spark__get_assert_columns_equivalent(sql) -%}
    {%- set user_defined_columns = model['columns'] -%}
    {%- if not user_defined_columns -%}
        {{ exceptions.raise_contract_error([], []) }}
    {%- endif -%}
    {%- set sql_columns = format_columns(get_column_schema_from_query(sql, config.get('sql_header', none))) -%}
    {%- set yaml_columns = format_columns(get_column_schema_from_query(get_empty_schema_sql(user_defined_columns))) -%}
    {%- if sql_columns | length != yaml_columns | length -%}
        {%- do exceptions.raise_contract_error(yaml_columns, sql_columns) -%}
    {%- endif -%}
    {%- set widening = {'tinyint': ['smallint', 'int', 'bigint'], 'smallint': ['int', 'bigint'], 'int': ['bigint']} -%}
    {%- for sql_col in sql_columns -%}
        {%- set yaml_col = yaml_columns | selectattr('name', 'equalto', sql_col['name']) | list -%}
        {%- if not yaml_col -%}
            {%- do exceptions.raise_contract_error(yaml_columns, sql_columns) -%}
        {%- endif -%}
        {%- set sql_type = sql_col['data_type'] | lower -%}
        {%- set yaml_type = yaml_col[0]['data_type'] | lower -%}
        {%- if sql_col['formatted'] != yaml_col[0]['formatted'] and yaml_type not in widening.get(sql_type, []) -%}
            {%- do exceptions.raise_contract_error(yaml_columns, sql_columns) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}

{% macro spark__get_select_subquery(sql) -%}
    select
    {%- for column in model['columns'].values() %}
        {{ cast(column['name'], column['data_type']) }} as {{ column['name'] }}{{ "," if not loop.last }}
    {%- endfor %}
    from (
        {{ sql }}
    ) as model_subq
{%- endmacro %}
