{{ assert_raw_table_shape('web_pageviews') }}

{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='delete+insert',
        unique_key='_file_name',
        on_schema_change='fail',
        pre_hook="{{ delete_rows_of_removed_landing_files('web_pageviews') }}"
    )
}}

{#- Materialized once per run instead of a view re-read (and its JSON re-parsed)
    by stg, audit_rejected_rows and audit_source_reconciliation; incremental by
    landing file (see macros/landing_files.sql). -#}

with

source_rows as (
    select * from {{ source('raw', 'web_pageviews') }}
    where {{ landing_files_to_load_filter('web_pageviews') }}
),

typed as (
    select
        cast(pageview_id as {{ dbt.type_string() }}) as pageview_id,
        cast(anonymous_id as {{ dbt.type_string() }}) as anonymous_id,
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        {{ raw_timestamp_utc('occurred_at') }} as occurred_at,
        {{ raw_timestamp_utc('received_at') }} as received_at,
        cast(url as {{ dbt.type_string() }}) as url,
        nullif({{ trim_whitespace('cast(referrer as ' ~ dbt.type_string() ~ ')') }}, '') as referrer,
        {{ raw_file_metadata() }},
        occurred_at as raw_occurred_at,
        received_at as raw_received_at,
        -- the raw row is serialized to JSON only for rejected rows (see final);
        -- packing it is cheap, to_json on every row was the costliest step of this model
        {{ raw_record_struct('web_pageviews') }} as raw_struct
    from source_rows
),

validated as (
    select
        typed.*,
        case
            when pageview_id is null then 'null_primary_key'
            when {{ raw_value_is_invalid('raw_occurred_at', 'occurred_at') }}
                or {{ raw_value_is_invalid('raw_received_at', 'received_at') }} then 'invalid_timestamp'
            when occurred_at is null or received_at is null then 'null_timestamp'
            when anonymous_id is null and user_id is null then 'null_visitor'
            -- the server clock against the build's, the browser clock against the server's
            when {{ is_beyond_future_limit('received_at') }}
                or {{ is_beyond_future_limit('occurred_at', 'received_at') }} then 'future_timestamp'
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
        {{ quarantine_columns(raw_struct_to_json('raw_struct')) }}
    from validated
)

select * from final
