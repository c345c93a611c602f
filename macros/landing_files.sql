{#- Incremental loading of a raw table by landing file, shared by the
    materialized base models of product events and page views.

    A landing zone only adds files, so an incremental run parses only files not
    loaded yet, plus any loaded file whose Parquet row count changed (its rows are
    replaced: unique_key = _file_name); rows of files that disappeared are
    dropped by the pre-hook. Every raw row is kept whatever its received_at, so
    reconciliation still sees rows that land behind the staging window. A file
    rewritten in place with the same row count needs `--full-refresh`. -#}

{#- Pre-hook: drop the rows of landing files that no longer exist. -#}
{% macro delete_rows_of_removed_landing_files(table_name) -%}
    {{ return(adapter.dispatch('delete_rows_of_removed_landing_files', 'plg_warehouse')(table_name)) }}
{%- endmacro %}
{% macro duckdb__delete_rows_of_removed_landing_files(table_name) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where _file_name not in (select file from glob({{ sql_string_literal(raw_files_glob(table_name)) }}))
    {%- endif -%}
{%- endmacro %}

{#- Row filter on the source: on an incremental run, only the landing files to
    (re)parse, as a constant list so DuckDB skips the other files without opening
    them; `1 = 1` on a full refresh. -#}
{% macro landing_files_to_load_filter(table_name) -%}
    {{ return(adapter.dispatch('landing_files_to_load_filter', 'plg_warehouse')(table_name)) }}
{%- endmacro %}
{% macro duckdb__landing_files_to_load_filter(table_name) -%}
    {%- if not (execute and is_incremental()) -%}
        {{ return('1 = 1') }}
    {%- endif -%}
    {%- set to_load = run_query(
        "select landed.file_name from parquet_file_metadata(" ~ sql_string_literal(raw_files_glob(table_name)) ~ ") as landed "
        ~ "left join (select _file_name, count(*) as n from " ~ this ~ " group by _file_name) as loaded "
        ~ "on landed.file_name = loaded._file_name "
        ~ "where loaded.n is distinct from landed.num_rows order by 1"
    ).columns[0].values() -%}
    {%- if to_load | length == 0 -%}
        {{ return('1 = 0') }}
    {%- endif -%}
    {%- set quoted = [] -%}
    {%- for f in to_load -%}{%- do quoted.append(sql_string_literal(f)) -%}{%- endfor -%}
    {{ return('filename in (' ~ quoted | join(', ') ~ ')') }}
{%- endmacro %}

{#- What the landing zone holds for a raw table, read from the Parquet footers
    (no data read): one row with `landed_files`, `landed_files_with_rows` and
    `landed_rows`. The body of
    a CTE; reconciliation compares it with what the base model read. -#}
{% macro landed_file_counts(table_name) -%}
    {{ return(adapter.dispatch('landed_file_counts', 'plg_warehouse')(table_name)) }}
{%- endmacro %}
{% macro duckdb__landed_file_counts(table_name) -%}
    select
        count(*) as landed_files,
        coalesce(sum(case when num_rows > 0 then 1 else 0 end), 0) as landed_files_with_rows,
        coalesce(sum(num_rows), 0) as landed_rows
    from parquet_file_metadata({{ sql_string_literal(raw_files_glob(table_name)) }})
{%- endmacro %}

{#- Spark: the incremental models are rebuilt on every run (see
    `incremental_materialization`), so there is never a row to drop nor a file
    to skip; the landing zone's counts come from the file listing and the data
    (macros/cross_db/raw_sources.sql registers both). -#}
{% macro spark__delete_rows_of_removed_landing_files(table_name) -%}
{%- endmacro %}

{% macro spark__landing_files_to_load_filter(table_name) -%}
    {{ return('1 = 1') }}
{%- endmacro %}

{% macro spark__landed_file_counts(table_name) -%}
    {%- set source_relation = source('raw', table_name) -%}
    select
        count(*) as landed_files,
        coalesce(sum(case when file_rows.num_rows > 0 then 1 else 0 end), 0) as landed_files_with_rows,
        coalesce(sum(file_rows.num_rows), 0) as landed_rows
    from {{ source_relation.schema }}.{{ source_relation.identifier }}__landed as landed
    left join (
        select filename, count(*) as num_rows
        from {{ source_relation }}
        group by filename
    ) as file_rows
        on landed.path = file_rows.filename
{%- endmacro %}

{#- The materialization of the incremental models: `incremental` where the
    engine offers delete+insert (DuckDB); a rebuild on every run on Spark,
    whose Parquet tables have no delete+insert or merge without Delta/Iceberg
    jars (a rebuild is what a full refresh computes, so the meaning is the
    same; docs/spark.md). -#}
{% macro incremental_materialization() -%}
    {{ return(adapter.dispatch('incremental_materialization', 'plg_warehouse')()) }}
{%- endmacro %}
{% macro default__incremental_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}
{% macro spark__incremental_materialization() -%}
    {{ return('table') }}
{%- endmacro %}
