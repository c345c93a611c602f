{{ assert_raw_table_shape('users') }}

with

source_rows as (
    select * from {{ source('raw', 'users') }}
),

typed as (
    select
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        {{ normalize_email('cast(email as ' ~ dbt.type_string() ~ ')') }} as email,
        {{ mask_emails('nullif(' ~ trim_whitespace('cast(job_title as ' ~ dbt.type_string() ~ ')') ~ ', \'\')') }} as job_title,
        {{ raw_timestamp_utc('created_at') }} as created_at,
        {{ raw_timestamp_utc('deleted_at') }} as deleted_at,
        created_at as raw_created_at,
        deleted_at as raw_deleted_at,
        {{ raw_file_metadata() }},
        {{ raw_record_json('users') }} as raw_record
    from source_rows
),

validated as (
    select
        typed.*,
        case
            when user_id is null then 'null_primary_key'
            when email is not null and not {{ is_well_formed_email('email') }} then 'malformed_email'
            when {{ raw_value_is_invalid('raw_created_at', 'created_at') }}
                or {{ raw_value_is_invalid('raw_deleted_at', 'deleted_at') }} then 'invalid_timestamp'
            when created_at is null then 'null_timestamp'
            when {{ is_beyond_future_limit('created_at') }} or {{ is_beyond_future_limit('deleted_at') }}
                then 'future_timestamp'
        end as reject_reason
    from typed
),

final as (
    select
        user_id,
        account_id,
        email,
        {{ email_domain('email') }} as email_domain,
        {{ sha256_hex('email') }} as email_hash,
        job_title,
        created_at,
        deleted_at,
        deleted_at is not null as is_deleted,
        {{ quarantine_columns() }}
    from validated
)

select * from final
