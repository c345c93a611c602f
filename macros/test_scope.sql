{#- Data tests on event-grain tables test, on an incremental run, only the rows
    that run can have written; on a full refresh (or a first build) every row.

    A test opts in with `config: {where: "__rows_written_this_run__"}` (the token
    is this macro's one declaration of the rule). On an incremental run the token
    becomes "received within `late_arrival_days` of the table's latest
    received_at, or received_at unknown": the window the incremental staging
    models re-read (macros/deliveries.sql) measured after the run, so it holds
    the new day's rows. `unique` stays sound on that window because the
    incremental event models replace by their key (delete+insert), so a
    duplicate can only be written inside the batch. A run is incremental when it
    is not `--full-refresh` and an earlier invocation already ended on this
    warehouse (macros/build_runs.sql), the same condition under which the
    incremental models appended instead of creating. -#}

{% macro rows_written_this_run_token() -%}
    __rows_written_this_run__
{%- endmacro %}

{% macro tests_only_rows_written_this_run() -%}
    {%- if not execute or flags.FULL_REFRESH -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set runs = adapter.get_relation(database=target.database, schema=target.schema, identifier='_plg_build_runs') -%}
    {%- if runs is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set ended = run_query(
        "select count(*) from " ~ build_runs_relation()
        ~ " where phase = 'end' and invocation_id <> '" ~ invocation_id ~ "'"
    ).columns[0].values()[0] -%}
    {{ return(ended > 0) }}
{%- endmacro %}

{% macro rows_written_this_run_filter(relation) -%}
    {%- if tests_only_rows_written_this_run() -%}
        (
            received_at >= (
                select {{ dbt.dateadd('day', -var('late_arrival_days'), 'max(received_at)') }}
                from {{ relation }}
            )
            or received_at is null
        )
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}

{#- dbt's hook for the `where` config of data tests (same behaviour as dbt's
    own, plus the token above). -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {%- if where -%}
        {%- set where = where | replace(rows_written_this_run_token(), rows_written_this_run_filter(relation)) -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {{ return(filtered) }}
    {%- else -%}
        {{ return(relation) }}
    {%- endif -%}
{%- endmacro %}
