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
        cast(occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
        nullif(lower(trim(cast(channel as {{ dbt.type_string() }}))), '') as channel,
        nullif(trim(cast(campaign as {{ dbt.type_string() }})), '') as campaign,
        {{ raw_file_metadata() }},
        {{ raw_record_json(['touch_id', 'anonymous_id', 'email', 'occurred_at', 'channel', 'campaign']) }} as raw_record
    from source_rows
),

validated as (
    select
        typed.*,
        case
            when touch_id is null then 'null_primary_key'
            when email is not null and not {{ is_well_formed_email('email') }} then 'malformed_email'
            when occurred_at is null then 'null_timestamp'
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
        reject_reason,
        raw_record,
        _file_name,
        _file_row_number
    from validated
)

select * from final
