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
        nullif(trim(cast(job_title as {{ dbt.type_string() }})), '') as job_title,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(deleted_at as {{ dbt.type_timestamp() }}) as deleted_at,
        {{ raw_file_metadata() }},
        {{ raw_record_json(['user_id', 'account_id', 'email', 'job_title', 'created_at', 'deleted_at']) }}
            as raw_record
    from source_rows
),

validated as (
    select
        typed.*,
        case
            when user_id is null then 'null_primary_key'
            when email is not null and not {{ is_well_formed_email('email') }} then 'malformed_email'
            when created_at is null then 'null_timestamp'
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
        reject_reason,
        raw_record,
        _file_name,
        _file_row_number
    from validated
)

select * from final
