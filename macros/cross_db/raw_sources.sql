{#- The raw sources as relations of the engine. DuckDB reads them in place
    through the source's `external_location` (models/staging/raw/_raw__sources.yml)
    and needs nothing here. Spark has no such reader, so an `on-run-start` hook
    registers, per raw table of the source, at every invocation (the folders
    may have gained files since the last one):

    - `raw.<table>__files`: an external Parquet table over the table's folder,
      every file at any depth (`recursiveFileLookup`: Hive-style sub-folders
      are not columns), columns merged by name across files; no copy of the data;
    - `raw.<table>`: a view adding `filename` (the file's path) and
      `file_row_number` (0-based row within the file), the two columns
      DuckDB's reader adds, so dedupe tie-breaks and quarantine keys match;
    - `raw.<table>__landed`: the landing zone's file listing (`binaryFile`,
      empty files included) for the reconciliation (`landed_file_counts`). -#}

{% macro register_raw_sources() -%}
    {{ return(adapter.dispatch('register_raw_sources', 'plg_warehouse')()) }}
{%- endmacro %}

{% macro default__register_raw_sources() -%}
    {{ return('') }}
{%- endmacro %}

{% macro spark__register_raw_sources() -%}
    {%- if execute -%}
        {%- set schema = 'raw' -%}
        {%- do run_query('create database if not exists ' ~ schema) -%}
        {%- for node in graph.sources.values() if node.source_name == 'raw' and node.package_name == project_name -%}
            {%- set table = node.name -%}
            {%- set folder = sql_string_literal(spark_absolute_path(raw_table_folder(table))) -%}
            {%- do run_query('drop view if exists ' ~ schema ~ '.' ~ table) -%}
            {%- do run_query('drop table if exists ' ~ schema ~ '.' ~ table ~ '__files') -%}
            {%- do run_query('drop table if exists ' ~ schema ~ '.' ~ table ~ '__landed') -%}
            {%- set landed -%}
                create table {{ schema }}.{{ table }}__landed
                using binaryFile
                options (path {{ folder }}, recursiveFileLookup 'true', pathGlobFilter '*.parquet')
            {%- endset -%}
            {%- do run_query(landed) -%}
            {%- set landed_files = run_query('select count(*) from ' ~ schema ~ '.' ~ table ~ '__landed').rows[0][0] -%}
            {%- if landed_files == 0 -%}
                {{ exceptions.raise_compiler_error(
                    "raw table '" ~ table ~ "': no Parquet files in folder '" ~ raw_table_folder(table)
                    ~ "' (set the dbt var raw_path to the folder holding one sub-folder per raw table; docs/contract.md)") }}
            {%- endif -%}
            {%- set files -%}
                create table {{ schema }}.{{ table }}__files
                using parquet
                options (path {{ folder }}, recursiveFileLookup 'true', pathGlobFilter '*.parquet', mergeSchema 'true')
            {%- endset -%}
            {%- do run_query(files) -%}
            {%- set view -%}
                create or replace view {{ schema }}.{{ table }} as
                select
                    *,
                    _metadata.file_path as filename,
                    _metadata.row_index as file_row_number
                from {{ schema }}.{{ table }}__files
            {%- endset -%}
            {%- do run_query(view) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}

{#- A relative path made absolute against the folder the entry point ran in
    (scripts/spark_build.py sets PLG_SPARK_WORKDIR): Spark would resolve it
    against the catalog's location, not the working directory. Absolute paths
    and URIs (s3://, dbfs:/, file:/) are kept. -#}
{% macro spark_absolute_path(path) -%}
    {%- set base = env_var('PLG_SPARK_WORKDIR', '') -%}
    {%- if base and not path.startswith('/') and ':' not in path -%}
        {{ return(base ~ '/' ~ path) }}
    {%- endif -%}
    {{ return(path) }}
{%- endmacro %}
