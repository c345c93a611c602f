{{ assert_raw_table_shape('community_activity') }}

with

source_rows as (
    select * from {{ source('raw', 'community_activity') }}
),

typed as (
    select
        cast(activity_id as {{ dbt.type_string() }}) as activity_id,
        lower(trim(cast(platform as {{ dbt.type_string() }}))) as platform,
        cast(member_handle as {{ dbt.type_string() }}) as member_handle,
        {{ normalize_email('cast(email as ' ~ dbt.type_string() ~ ')') }} as email,
        lower(trim(cast(activity_type as {{ dbt.type_string() }}))) as activity_type,
        cast(body as {{ dbt.type_string() }}) as body,
        cast(occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
        {{ raw_file_metadata() }},
        {{ raw_record_json(['activity_id', 'platform', 'member_handle', 'email', 'activity_type', 'body', 'occurred_at']) }}
            as raw_record
    from source_rows
),

validated as (
    select
        typed.*,
        case
            when activity_id is null then 'null_primary_key'
            when email is not null and not {{ is_well_formed_email('email') }} then 'malformed_email'
            when occurred_at is null then 'null_timestamp'
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
        reject_reason,
        raw_record,
        _file_name,
        _file_row_number
    from validated
)

select * from final
