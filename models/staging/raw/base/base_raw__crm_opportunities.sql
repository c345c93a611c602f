{{ assert_raw_table_shape('crm_opportunities') }}

with

source_rows as (
    select * from {{ source('raw', 'crm_opportunities') }}
),

typed as (
    select
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        nullif(lower(trim(cast(org_domain as {{ dbt.type_string() }}))), '') as org_domain,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(closed_at as {{ dbt.type_timestamp() }}) as closed_at,
        lower(trim(cast(stage as {{ dbt.type_string() }}))) as stage,
        cast(amount_usd as decimal(12, 2)) as amount_usd,
        lower(trim(cast(source as {{ dbt.type_string() }}))) as opportunity_source,
        {{ raw_file_metadata() }},
        {{ raw_record_json(['opportunity_id', 'org_domain', 'created_at', 'closed_at', 'stage', 'amount_usd', 'source']) }}
            as raw_record
    from source_rows
),

validated as (
    select
        typed.*,
        case
            when opportunity_id is null then 'null_primary_key'
            when created_at is null then 'null_timestamp'
        end as reject_reason
    from typed
),

final as (
    select
        opportunity_id,
        org_domain,
        created_at,
        closed_at,
        stage,
        amount_usd,
        opportunity_source,
        reject_reason,
        raw_record,
        _file_name,
        _file_row_number
    from validated
)

select * from final
