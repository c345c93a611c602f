{{ assert_raw_table_shape('firmographics') }}

with

source_rows as (
    select * from {{ source('raw', 'firmographics') }}
),

typed as (
    select
        nullif(lower(trim(cast(domain as {{ dbt.type_string() }}))), '') as domain,
        cast(company_name as {{ dbt.type_string() }}) as company_name,
        cast(employee_count as integer) as employee_count_raw,
        nullif(lower(trim(cast(industry as {{ dbt.type_string() }}))), '') as industry,
        nullif(upper(trim(cast(country as {{ dbt.type_string() }}))), '') as country,
        nullif(lower(trim(cast(funding_stage as {{ dbt.type_string() }}))), '') as funding_stage,
        cast(last_funding_at as date) as last_funding_at,
        nullif(lower(trim(cast(tech_stack as {{ dbt.type_string() }}))), '') as tech_stack,
        cast(open_engineering_roles as integer) as open_engineering_roles,
        cast(enriched_at as {{ dbt.type_timestamp() }}) as enriched_at,
        {{ raw_file_metadata() }},
        {{ raw_record_json(['domain', 'company_name', 'employee_count', 'industry', 'country', 'funding_stage', 'last_funding_at', 'tech_stack', 'open_engineering_roles', 'enriched_at']) }}
            as raw_record
    from source_rows
),

validated as (
    select
        typed.*,
        case
            when domain is null or enriched_at is null then 'null_primary_key'
        end as reject_reason
    from typed
),

final as (
    select
        domain,
        company_name,
        -- a negative head count is impossible: kept as unknown, flagged, never dropped
        case when employee_count_raw >= 0 then employee_count_raw end as employee_count,
        coalesce(employee_count_raw < 0, false) as is_employee_count_invalid,
        industry,
        country,
        funding_stage,
        last_funding_at,
        tech_stack,
        open_engineering_roles,
        enriched_at,
        reject_reason,
        raw_record,
        _file_name,
        _file_row_number
    from validated
)

select * from final
