{{ assert_raw_table_shape('marketing_touches') }}

with

source_rows as (
    select * from {{ source('raw', 'marketing_touches') }}
),

typed as (
    select
        cast(touch_id as {{ dbt.type_string() }}) as touch_id,
        cast(anonymous_id as {{ dbt.type_string() }}) as anonymous_id,
        {{ normalize_email('cast(email as ' ~ dbt.type_string() ~ ')') }} as email,
        {{ raw_timestamp_utc('occurred_at') }} as occurred_at,
        {{ raw_code('channel') }} as channel,
        nullif({{ trim_whitespace('cast(campaign as ' ~ dbt.type_string() ~ ')') }}, '') as campaign,
        occurred_at as raw_occurred_at,
        {{ raw_file_metadata() }},
        {{ raw_record_json('marketing_touches') }} as raw_record
    from source_rows
),

validated as (
    select
        typed.*,
        case
            when touch_id is null then 'null_primary_key'
            when email is not null and not {{ is_well_formed_email('email') }} then 'malformed_email'
            when {{ raw_value_is_invalid('raw_occurred_at', 'occurred_at') }} then 'invalid_timestamp'
            when occurred_at is null then 'null_timestamp'
            when {{ is_beyond_future_limit('occurred_at') }} then 'future_timestamp'
        end as reject_reason
    from typed
),

final as (
    select
        touch_id,
        anonymous_id,
        email,
        {{ email_domain('email') }} as email_domain,
        {{ sha256_hex('email') }} as email_hash,
        occurred_at,
        channel,
        campaign,
        {{ quarantine_columns() }}
    from validated
)

select * from final
