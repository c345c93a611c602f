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
        {%- set problems = [] -%}
        {%- for result in (results if phase == 'end' else []) -%}
            {%- if result.status | string | lower in ['error', 'fail', 'runtime error'] -%}
                {%- do problems.append(result) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set now = modules.datetime.datetime.now(modules.pytz.utc).strftime('%Y-%m-%d %H:%M:%S.%f') -%}
        create table if not exists {{ build_runs_relation() }} (
            invocation_id {{ dbt.type_string() }},
            command {{ dbt.type_string() }},
            phase {{ dbt.type_string() }},
            recorded_at {{ dbt.type_timestamp() }},
            problems {{ dbt.type_int() }}
        );
        insert into {{ build_runs_relation() }}
        values (
            '{{ invocation_id }}', '{{ flags.WHICH }}', '{{ phase }}',
            cast('{{ now }}' as {{ dbt.type_timestamp() }}),
            {{ problems | length if phase == 'end' else 'null' }}
        );
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
