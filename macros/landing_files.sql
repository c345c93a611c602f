{#- Incremental loading of a raw table by landing file (issue 9), shared by the
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
        where _file_name not in (select file from glob('{{ var("raw_path") }}/{{ table_name }}/*.parquet'))
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
        "select landed.file_name from parquet_file_metadata('" ~ var('raw_path') ~ "/" ~ table_name ~ "/*.parquet') as landed "
        ~ "left join (select _file_name, count(*) as n from " ~ this ~ " group by _file_name) as loaded "
        ~ "on landed.file_name = loaded._file_name "
        ~ "where loaded.n is distinct from landed.num_rows order by 1"
    ).columns[0].values() -%}
    {%- if to_load | length == 0 -%}
        {{ return('1 = 0') }}
    {%- endif -%}
    {%- set quoted = [] -%}
    {%- for f in to_load -%}{%- do quoted.append("'" ~ f | replace("'", "''") ~ "'") -%}{%- endfor -%}
    {{ return('filename in (' ~ quoted | join(', ') ~ ')') }}
{%- endmacro %}
