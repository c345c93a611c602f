{{ assert_raw_table_shape('subscription_changes') }}

with

source_rows as (
    select * from {{ source('raw', 'subscription_changes') }}
),

typed as (
    select
        cast(change_id as {{ dbt.type_string() }}) as change_id,
        cast(subscription_id as {{ dbt.type_string() }}) as subscription_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        {{ raw_timestamp_utc('changed_at') }} as changed_at,
        {{ raw_code('plan') }} as plan,
        {{ raw_code('status') }} as status,
        cast({{ raw_whole_number('seats') }} as integer) as seats,
        {{ raw_money('mrr_usd') }} as mrr_usd,
        changed_at as raw_changed_at,
        seats as raw_seats,
        mrr_usd as raw_mrr_usd,
        {{ raw_file_metadata() }},
        {{ raw_record_json('subscription_changes') }} as raw_record
    from source_rows
),

validated as (
    select
        typed.*,
        case
            when change_id is null then 'null_primary_key'
            -- the sign is read before the value is checked for fractions or range
            when {{ dbt.safe_cast('raw_seats', 'double') }} < 0 then 'negative_seats'
            when {{ dbt.safe_cast('raw_mrr_usd', 'double') }} < 0 then 'negative_mrr'
            when status is null or status not in {{ sql_string_list(var('subscription_statuses')) }} then 'unknown_status'
            when {{ raw_value_is_invalid('raw_changed_at', 'changed_at') }} then 'invalid_timestamp'
            when changed_at is null then 'null_timestamp'
            when subscription_id is null then 'null_subscription_id'
            when {{ raw_value_is_invalid('raw_seats', 'seats') }} then 'invalid_seats'
            when {{ raw_value_is_invalid('raw_mrr_usd', 'mrr_usd') }} then 'invalid_mrr'
            when plan is null or plan not in {{ sql_string_list(var('subscription_plans')) }} then 'unknown_plan'
            when {{ is_beyond_future_limit('changed_at') }} then 'future_timestamp'
        end as reject_reason
    from typed
),

final as (
    select
        change_id,
        subscription_id,
        account_id,
        changed_at,
        plan,
        status,
        seats,
        mrr_usd,
        {{ quarantine_columns() }}
    from validated
)

select * from final
