{{ assert_raw_table_shape('web_pageviews') }}

{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='_file_name',
        on_schema_change='fail',
        pre_hook="{% if is_incremental() %}delete from {{ this }} where _file_name not in (select file from glob('{{ var('raw_path') }}/web_pageviews/*.parquet')){% endif %}"
    )
}}

{#- Materialized once per run instead of a view re-read (and its JSON re-parsed)
    by stg, audit_rejected_rows and audit_source_reconciliation (issue 9).
    Incremental by landing file: a landing zone only adds files, so an
    incremental run parses only files not loaded yet, plus any loaded file whose
    Parquet row count changed (its rows are replaced: unique_key = _file_name);
    rows of files that disappeared are dropped by the pre-hook. Every raw row is
    kept whatever its received_at, so reconciliation still sees rows that land
    behind the staging window. A file rewritten in place with the same row count
    needs `--full-refresh`. -#}

{#- `filename in (...)`: the landing files to (re)parse on an incremental run.
    A constant list, so DuckDB skips the other files without opening them. -#}
{%- set file_filter = '1 = 1' -%}
{%- if execute and is_incremental() -%}
    {%- set to_load = run_query(
        "select landed.file_name from parquet_file_metadata('" ~ var('raw_path') ~ "/web_pageviews/*.parquet') as landed "
        ~ "left join (select _file_name, count(*) as n from " ~ this ~ " group by _file_name) as loaded "
        ~ "on landed.file_name = loaded._file_name "
        ~ "where loaded.n is distinct from landed.num_rows order by 1"
    ).columns[0].values() -%}
    {%- if to_load | length == 0 -%}
        {%- set file_filter = '1 = 0' -%}
    {%- else -%}
        {%- set quoted = [] -%}
        {%- for f in to_load -%}{%- do quoted.append("'" ~ f | replace("'", "''") ~ "'") -%}{%- endfor -%}
        {%- set file_filter = 'filename in (' ~ quoted | join(', ') ~ ')' -%}
    {%- endif -%}
{%- endif %}

with

source_rows as (
    select * from {{ source('raw', 'web_pageviews') }}
    where {{ file_filter }}
),

typed as (
    select
        cast(pageview_id as {{ dbt.type_string() }}) as pageview_id,
        cast(anonymous_id as {{ dbt.type_string() }}) as anonymous_id,
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        cast(occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
        cast(received_at as {{ dbt.type_timestamp() }}) as received_at,
        cast(url as {{ dbt.type_string() }}) as url,
        nullif(trim(cast(referrer as {{ dbt.type_string() }})), '') as referrer,
        {{ raw_file_metadata() }},
        -- issue 9: the raw row is serialized to JSON only for rejected rows (see final);
        -- packing it is cheap, to_json on every row was the costliest step of this model
        {{ raw_record_struct(['pageview_id', 'anonymous_id', 'user_id', 'occurred_at', 'received_at', 'url', 'referrer']) }} as raw_struct
    from source_rows
),

validated as (
    select
        typed.*,
        case
            when pageview_id is null then 'null_primary_key'
            when occurred_at is null or received_at is null then 'null_timestamp'
            when anonymous_id is null and user_id is null then 'null_visitor'
        end as reject_reason
    from typed
),

final as (
    select
        pageview_id,
        anonymous_id,
        user_id,
        occurred_at,
        received_at,
        url,
        {{ url_path('url') }} as page_path,
        {{ url_query_param('url', 'utm_source') }} as utm_source,
        {{ url_query_param('url', 'utm_medium') }} as utm_medium,
        {{ url_query_param('url', 'utm_campaign') }} as utm_campaign,
        referrer,
        {{ url_host('referrer') }} as referrer_host,
        reject_reason,
        -- null for valid rows: only audit_rejected_rows reads it
        case when reject_reason is not null then {{ raw_struct_to_json('raw_struct') }} end as raw_record,
        _file_name,
        _file_row_number
    from validated
)

select * from final
