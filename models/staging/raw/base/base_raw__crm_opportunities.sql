{{ assert_raw_table_shape('crm_opportunities') }}

with

source_rows as (
    select * from {{ source('raw', 'crm_opportunities') }}
),

typed as (
    select
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        {{ raw_code('org_domain') }} as org_domain,
        {{ raw_timestamp_utc('created_at') }} as created_at,
        {{ raw_timestamp_utc('closed_at') }} as closed_at,
        lower({{ trim_whitespace('cast(stage as ' ~ dbt.type_string() ~ ')') }}) as stage,
        {{ raw_money('amount_usd') }} as amount_usd,
        {{ raw_code('source') }} as opportunity_source,
        created_at as raw_created_at,
        closed_at as raw_closed_at,
        amount_usd as raw_amount_usd,
        {{ raw_file_metadata() }},
        {{ raw_record_json('crm_opportunities') }} as raw_record
    from source_rows
),

validated as (
    select
        typed.*,
        case
            when opportunity_id is null then 'null_primary_key'
            when {{ raw_value_is_invalid('raw_created_at', 'created_at') }}
                or {{ raw_value_is_invalid('raw_closed_at', 'closed_at') }} then 'invalid_timestamp'
            when created_at is null then 'null_timestamp'
            when {{ raw_value_is_invalid('raw_amount_usd', 'amount_usd') }} then 'invalid_amount'
            when opportunity_source is null or opportunity_source not in {{ sql_string_list(var('opportunity_sources')) }}
                then 'unknown_source'
            when {{ is_beyond_future_limit('created_at') }} or {{ is_beyond_future_limit('closed_at') }}
                then 'future_timestamp'
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
        {{ quarantine_columns() }}
    from validated
)

select * from final
