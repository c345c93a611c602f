{#- The warehouse's own record of the dbt invocations that changed it, one row
    when an invocation starts and one when it ends (insert only, so it works on
    any adapter). scripts/publish_marts.py publishes only when the
    run_results.json it is given belongs to the latest invocation recorded here
    and that invocation ended: a build killed half-way left a `start` row and no
    `end` row. Commands that change no model (test, source freshness, compile,
    docs) are not recorded. -#}
{% macro build_runs_relation() -%}
    {{ target.schema }}._plg_build_runs
{%- endmacro %}

{% macro record_build_run(phase) -%}
    {%- if execute and flags.WHICH in ['build', 'run', 'seed', 'snapshot', 'retry', 'clone'] -%}
        {{ return(adapter.dispatch('record_build_run', 'plg_warehouse')(phase)) }}
    {%- else -%}
        {{ return('select 1') }}
    {%- endif -%}
{%- endmacro %}

{#- The number of failed results of the invocation (0 at its start). -#}
{% macro build_run_problems(phase) -%}
    {%- set problems = [] -%}
    {%- for result in (results if phase == 'end' else []) -%}
        {%- if result.status | string | lower in ['error', 'fail', 'runtime error'] -%}
            {%- do problems.append(result) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(problems | length) }}
{%- endmacro %}

{#- The row of the record, as a `values` list. -#}
{% macro build_run_row(phase) -%}
    {%- set now = modules.datetime.datetime.now(modules.pytz.utc).strftime('%Y-%m-%d %H:%M:%S.%f') -%}
    (
        '{{ invocation_id }}', '{{ flags.WHICH }}', '{{ phase }}',
        cast('{{ now }}' as {{ dbt.type_timestamp() }}),
        {{ build_run_problems(phase) if phase == 'end' else 'null' }}
    )
{%- endmacro %}

{#- DuckDB runs the hook's two statements as one script. -#}
{% macro default__record_build_run(phase) -%}
    create table if not exists {{ build_runs_relation() }} (
        invocation_id {{ dbt.type_string() }},
        command {{ dbt.type_string() }},
        phase {{ dbt.type_string() }},
        recorded_at {{ dbt.type_timestamp() }},
        problems {{ dbt.type_int() }}
    );
    insert into {{ build_runs_relation() }}
    values {{ build_run_row(phase) }};
{%- endmacro %}

{#- Spark runs one statement per call: the target schema, the table (Parquet)
    and the row are written here and the hook itself runs nothing. -#}
{% macro spark__record_build_run(phase) -%}
    {%- do run_query('create database if not exists ' ~ target.schema) -%}
    {%- do run_query('create table if not exists ' ~ build_runs_relation() ~ ' (invocation_id string, command string, phase string, recorded_at timestamp, problems int) using parquet') -%}
    {%- do run_query('insert into ' ~ build_runs_relation() ~ ' values ' ~ build_run_row(phase)) -%}
    {{ return('') }}
{%- endmacro %}
