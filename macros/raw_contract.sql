{#- The raw input contract (SPEC 1): required columns per raw table. -#}
{% macro raw_required_columns() -%}
    {{ return({
        'product_events': ['event_id', 'event_name', 'user_id', 'anonymous_id', 'account_id', 'occurred_at', 'received_at', 'properties'],
        'web_pageviews': ['pageview_id', 'anonymous_id', 'user_id', 'occurred_at', 'received_at', 'url', 'referrer'],
        'users': ['user_id', 'account_id', 'email', 'job_title', 'created_at', 'deleted_at'],
        'accounts': ['account_id', 'account_name', 'created_at', 'created_by_user_id'],
        'subscription_changes': ['change_id', 'subscription_id', 'account_id', 'changed_at', 'plan', 'status', 'seats', 'mrr_usd'],
        'marketing_touches': ['touch_id', 'anonymous_id', 'email', 'occurred_at', 'channel', 'campaign'],
        'community_activity': ['activity_id', 'platform', 'member_handle', 'email', 'activity_type', 'body', 'occurred_at'],
        'firmographics': ['domain', 'company_name', 'employee_count', 'industry', 'country', 'funding_stage', 'last_funding_at', 'tech_stack', 'open_engineering_roles', 'enriched_at'],
        'crm_opportunities': ['opportunity_id', 'org_domain', 'created_at', 'closed_at', 'stage', 'amount_usd', 'source'],
    }) }}
{%- endmacro %}

{#- Fail the build with a message naming the table (and column) when a raw table
    folder has no Parquet files or lacks a required column. Extra columns are fine.
    Called at the top of each base model; a no-op unless models run. -#}
{% macro assert_raw_table_shape(table_name) -%}
    {#- only when models really run: `dbt compile`, docs and the linter need no raw data -#}
    {%- if execute and flags.WHICH in ('run', 'build') -%}
        {{ return(adapter.dispatch('assert_raw_table_shape', 'plg_warehouse')(table_name)) }}
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__assert_raw_table_shape(table_name) -%}
    {%- set folder = var('raw_path') ~ '/' ~ table_name -%}
    {%- set files = run_query("select count(*) from glob('" ~ folder ~ "/*.parquet')") -%}
    {%- if files.rows[0][0] == 0 -%}
        {{ exceptions.raise_compiler_error(
            "raw table '" ~ table_name ~ "': no Parquet files in folder '" ~ folder
            ~ "' (set the dbt var raw_path to the folder holding one sub-folder per raw table; SPEC section 1)") }}
    {%- endif -%}
    {%- set described = run_query("describe select * from read_parquet('" ~ folder ~ "/*.parquet', union_by_name = true)") -%}
    {%- set present = described.columns[0].values() | map('lower') | list -%}
    {%- set missing = [] -%}
    {%- for column in raw_required_columns()[table_name] -%}
        {%- if column not in present -%}{%- do missing.append(column) -%}{%- endif -%}
    {%- endfor -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(
            "raw table '" ~ table_name ~ "' is missing required column(s): " ~ missing | join(', ')
            ~ " (folder '" ~ folder ~ "'; SPEC section 1)") }}
    {%- endif -%}
{%- endmacro %}

{% macro default__assert_raw_table_shape(table_name) -%}
    {%- set relation = source('raw', table_name) -%}
    {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {%- set missing = [] -%}
    {%- for column in raw_required_columns()[table_name] -%}
        {%- if column not in present -%}{%- do missing.append(column) -%}{%- endif -%}
    {%- endfor -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error("raw table '" ~ table_name ~ "' is missing required column(s): " ~ missing | join(', ')) }}
    {%- endif -%}
{%- endmacro %}

{#- Primary key expression of each raw table, as staged (SPEC 1, 10). -#}
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
