{{ assert_raw_table_shape('community_activity') }}

with

source_rows as (
    select * from {{ source('raw', 'community_activity') }}
),

typed as (
    select
        cast(activity_id as {{ dbt.type_string() }}) as activity_id,
        {{ raw_code('platform') }} as platform,
        cast(member_handle as {{ dbt.type_string() }}) as member_handle,
        {{ normalize_email('cast(email as ' ~ dbt.type_string() ~ ')') }} as email,
        {{ raw_code('activity_type') }} as activity_type,
        cast(body as {{ dbt.type_string() }}) as body,
        {{ raw_timestamp_utc('occurred_at') }} as occurred_at,
        occurred_at as raw_occurred_at,
        {{ raw_file_metadata() }},
        {{ raw_record_json('community_activity') }} as raw_record
    from source_rows
),

validated as (
    select
        typed.*,
        case
            when activity_id is null then 'null_primary_key'
            when email is not null and not {{ is_well_formed_email('email') }} then 'malformed_email'
            when {{ raw_value_is_invalid('raw_occurred_at', 'occurred_at') }} then 'invalid_timestamp'
            when occurred_at is null then 'null_timestamp'
            when platform is null or platform not in {{ sql_string_list(var('community_platforms')) }}
                then 'unknown_platform'
            when activity_type is null or activity_type not in {{ sql_string_list(var('community_activity_types')) }}
                then 'unknown_activity_type'
            when {{ is_beyond_future_limit('occurred_at') }} then 'future_timestamp'
        end as reject_reason
    from typed
),

final as (
    select
        activity_id,
        platform,
        member_handle,
        email,
        {{ email_domain('email') }} as email_domain,
        {{ sha256_hex('email') }} as email_hash,
        activity_type,
        body,
        occurred_at,
        {{ quarantine_columns() }}
    from validated
)

select * from final
