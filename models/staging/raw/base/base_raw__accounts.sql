{{ assert_raw_table_shape('accounts') }}

with

source_rows as (
    select * from {{ source('raw', 'accounts') }}
),

typed as (
    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        {{ mask_emails('cast(account_name as ' ~ dbt.type_string() ~ ')') }} as account_name,
        {{ raw_timestamp_utc('created_at') }} as created_at,
        cast(created_by_user_id as {{ dbt.type_string() }}) as created_by_user_id,
        created_at as raw_created_at,
        {{ raw_file_metadata() }},
        {{ raw_record_json('accounts') }} as raw_record
    from source_rows
),

validated as (
    select
        typed.*,
        case
            when account_id is null then 'null_primary_key'
            when {{ raw_value_is_invalid('raw_created_at', 'created_at') }} then 'invalid_timestamp'
            when created_at is null then 'null_timestamp'
            when {{ is_beyond_future_limit('created_at') }} then 'future_timestamp'
        end as reject_reason
    from typed
),

final as (
    select
        account_id,
        account_name,
        created_at,
        created_by_user_id,
        {{ quarantine_columns() }}
    from validated
)

select * from final
