{{ assert_raw_table_shape('accounts') }}

with

source_rows as (
    select * from {{ source('raw', 'accounts') }}
),

typed as (
    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(account_name as {{ dbt.type_string() }}) as account_name,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(created_by_user_id as {{ dbt.type_string() }}) as created_by_user_id,
        {{ raw_file_metadata() }},
        {{ raw_record_json(['account_id', 'account_name', 'created_at', 'created_by_user_id']) }} as raw_record
    from source_rows
),

validated as (
    select
        typed.*,
        case
            when account_id is null then 'null_primary_key'
            when created_at is null then 'null_timestamp'
        end as reject_reason
    from typed
),

final as (
    select
        account_id,
        account_name,
        created_at,
        created_by_user_id,
        reject_reason,
        raw_record,
        _file_name,
        _file_row_number
    from validated
)

select * from final
