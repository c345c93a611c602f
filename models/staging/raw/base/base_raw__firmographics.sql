{{ assert_raw_table_shape('firmographics') }}

with

source_rows as (
    select * from {{ source('raw', 'firmographics') }}
),

typed as (
    select
        {{ raw_code('domain') }} as domain,
        {{ mask_emails('cast(company_name as ' ~ dbt.type_string() ~ ')') }} as company_name,
        cast({{ raw_whole_number('employee_count') }} as integer) as employee_count_raw,
        {{ raw_code('industry') }} as industry,
        nullif(upper({{ trim_whitespace('cast(country as ' ~ dbt.type_string() ~ ')') }}), '') as country,
        {{ raw_code('funding_stage') }} as funding_stage,
        cast({{ raw_timestamp_utc('last_funding_at') }} as date) as last_funding_at,
        {{ raw_code('tech_stack') }} as tech_stack,
        cast({{ raw_whole_number('open_engineering_roles') }} as integer) as open_engineering_roles,
        {{ raw_timestamp_utc('enriched_at') }} as enriched_at,
        employee_count as raw_employee_count,
        last_funding_at as raw_last_funding_at,
        open_engineering_roles as raw_open_engineering_roles,
        enriched_at as raw_enriched_at,
        {{ raw_file_metadata() }},
        {{ raw_record_json('firmographics') }} as raw_record
    from source_rows
),

validated as (
    select
        typed.*,
        case
            when domain is null or raw_enriched_at is null then 'null_primary_key'
            when {{ raw_value_is_invalid('raw_enriched_at', 'enriched_at') }}
                or {{ raw_value_is_invalid('raw_last_funding_at', 'last_funding_at') }} then 'invalid_timestamp'
            when {{ raw_value_is_invalid('raw_employee_count', 'employee_count_raw') }} then 'invalid_employee_count'
            when {{ raw_value_is_invalid('raw_open_engineering_roles', 'open_engineering_roles') }}
                then 'invalid_open_engineering_roles'
            when {{ is_beyond_future_limit('enriched_at') }}
                or {{ is_beyond_future_limit('cast(last_funding_at as ' ~ dbt.type_timestamp() ~ ')') }}
                then 'future_timestamp'
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
        {{ quarantine_columns() }}
    from validated
)

select * from final
