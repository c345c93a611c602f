{#- The raw input contract (docs/contract.md). Its columns and types are
    declared once, as `columns:` with `data_type` in
    models/staging/raw/_raw__sources.yml; these macros read them from the graph. -#}

{#- The contract's columns of a raw table: a list of {name, data_type}, in
    declared order. Empty while dbt parses (the graph is filled at execution),
    which is fine: parsing renders SQL without running it. -#}
{% macro raw_contract_columns(table_name) -%}
    {%- set columns = [] -%}
    {%- if execute -%}
        {%- set node = graph.sources.get('source.' ~ project_name ~ '.raw.' ~ table_name) -%}
        {%- if node is none -%}
            {{ exceptions.raise_compiler_error("raw table '" ~ table_name ~ "' is not declared in the raw source") }}
        {%- endif -%}
        {%- for column in node.columns.values() -%}
            {%- do columns.append({'name': column.name, 'data_type': column.data_type | lower}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(columns) }}
{%- endmacro %}

{#- The folder of a raw table and the glob of all its Parquet files, at any
    depth (Hive-style `key=value` sub-folders included). -#}
{% macro raw_table_folder(table_name) -%}
    {{ return(var('raw_path') ~ '/' ~ table_name) }}
{%- endmacro %}

{% macro raw_files_glob(table_name) -%}
    {{ return(raw_table_folder(table_name) ~ '/**/*.parquet') }}
{%- endmacro %}

{#- A text value as an SQL string literal (quotes doubled). -#}
{% macro sql_string_literal(text) -%}
    '{{ text | replace("'", "''") }}'
{%- endmacro %}

{#- Fail the build with a message naming the table, the file, the column and the
    type found, when a raw table's folder has no Parquet file or any one file
    lacks a contract column or holds it with an incompatible type. Extra columns
    are fine. Checked file by file, so one file without `email` cannot hide
    behind the other files of its folder. Called at the top of each base model;
    a no-op unless models really run (`dbt compile`, docs and the linter need
    no raw data). -#}
{% macro assert_raw_table_shape(table_name) -%}
    {%- if execute and flags.WHICH in ('run', 'build') -%}
        {{ return(adapter.dispatch('assert_raw_table_shape', 'plg_warehouse')(table_name)) }}
    {%- endif -%}
{%- endmacro %}

{#- Which Parquet column types can feed a contract type. Values are still
    checked row by row in the base models (a text timestamp that does not parse,
    a fractional seat count): this only stops types no value of which could fit. -#}
{% macro raw_type_is_compatible(contract_type, found_type) -%}
    case
        when replace({{ found_type }}, '"', '') = 'NULL' then true
        when {{ contract_type }} = 'varchar'
            then {{ found_type }} in ('VARCHAR', 'UUID')
            or {{ regex_matches(found_type, '^U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?$') }}
        when {{ contract_type }} in ('timestamp', 'date')
            then {{ found_type }} in ('VARCHAR', 'DATE') or {{ found_type }} like 'TIMESTAMP%'
        when {{ contract_type }} = 'integer' or {{ contract_type }} like 'decimal%'
            then {{ found_type }} in ('VARCHAR', 'DOUBLE', 'FLOAT') or {{ found_type }} like 'DECIMAL%'
            or {{ regex_matches(found_type, '^U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?$') }}
        else false
    end
{%- endmacro %}

{% macro duckdb__assert_raw_table_shape(table_name) -%}
    {%- set folder = raw_table_folder(table_name) -%}
    {%- set files_glob = sql_string_literal(raw_files_glob(table_name)) -%}
    {%- set files = run_query("select count(*) from glob(" ~ files_glob ~ ")") -%}
    {%- if files.rows[0][0] == 0 -%}
        {{ exceptions.raise_compiler_error(
            "raw table '" ~ table_name ~ "': no Parquet files in folder '" ~ folder
            ~ "' (set the dbt var raw_path to the folder holding one sub-folder per raw table; docs/contract.md)") }}
    {%- endif -%}
    {%- set contract_rows = [] -%}
    {%- for column in raw_contract_columns(table_name) -%}
        {%- do contract_rows.append("(" ~ sql_string_literal(column.name) ~ ", " ~ sql_string_literal(column.data_type) ~ ")") -%}
    {%- endfor -%}
    {%- set problems_query -%}
        with contract (column_name, contract_type) as (
            values {{ contract_rows | join(', ') }}
        ),
        found as (
            select file_name, lower(name) as column_name, duckdb_type
            from parquet_schema({{ files_glob }})
        ),
        files as (
            select distinct file_name from found
        ),
        checked as (
            select
                files.file_name,
                contract.column_name,
                contract.contract_type,
                found.duckdb_type
            from files
            cross join contract
            left join found
                on files.file_name = found.file_name
                and contract.column_name = found.column_name
        )
        select
            file_name,
            column_name,
            contract_type,
            coalesce(duckdb_type, 'missing') as found_type
        from checked
        where duckdb_type is null
            or not {{ raw_type_is_compatible('contract_type', 'duckdb_type') }}
        order by file_name, column_name
    {%- endset -%}
    {%- set problems = run_query(problems_query).rows -%}
    {%- if problems | length > 0 -%}
        {%- set lines = [] -%}
        {%- for row in problems[:20] -%}
            {%- if row[3] == 'missing' -%}
                {%- do lines.append("  file '" ~ row[0] ~ "': column '" ~ row[1]
                    ~ "' is missing (contract type " ~ row[2] ~ ")") -%}
            {%- else -%}
                {%- do lines.append("  file '" ~ row[0] ~ "': column '" ~ row[1]
                    ~ "' has type " ~ row[3] ~ " (contract type " ~ row[2] ~ ")") -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if problems | length > 20 -%}
            {%- do lines.append("  ... and " ~ (problems | length - 20) ~ " more") -%}
        {%- endif -%}
        {{ exceptions.raise_compiler_error(
            "raw table '" ~ table_name ~ "' does not match the contract (docs/contract.md) in folder '" ~ folder ~ "':\n"
            ~ lines | join("\n")) }}
    {%- endif -%}
{%- endmacro %}

{#- Engines that register the raw tables as relations check the union of the
    files' columns (a per-file check needs the engine's Parquet footer reader). -#}
{% macro default__assert_raw_table_shape(table_name) -%}
    {%- set relation = source('raw', table_name) -%}
    {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {%- set missing = [] -%}
    {%- for column in raw_contract_columns(table_name) -%}
        {%- if column.name not in present -%}{%- do missing.append(column.name) -%}{%- endif -%}
    {%- endfor -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(
            "raw table '" ~ table_name ~ "' is missing required column(s): " ~ missing | join(', ')) }}
    {%- endif -%}
{%- endmacro %}

{#- Primary key expression of each raw table, as staged (docs/contract.md). -#}
{% macro raw_primary_keys() -%}
    {{ return({
        'product_events': ['event_id'],
        'web_pageviews': ['pageview_id'],
        'users': ['user_id'],
        'accounts': ['account_id'],
        'subscription_changes': ['change_id'],
        'marketing_touches': ['touch_id'],
        'community_activity': ['activity_id'],
        'firmographics': ['domain', 'enriched_at'],
        'crm_opportunities': ['opportunity_id'],
    }) }}
{%- endmacro %}

{#- One text value identifying a row by its primary key columns. -#}
{% macro key_expression(keys) -%}
    {%- if keys | length == 1 -%}
        cast({{ keys[0] }} as {{ dbt.type_string() }})
    {%- else -%}
        concat_ws('|', {% for k in keys %}cast({{ k }} as {{ dbt.type_string() }}){{ ", " if not loop.last }}{% endfor %})
    {%- endif -%}
{%- endmacro %}
