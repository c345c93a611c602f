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
        cast(changed_at as {{ dbt.type_timestamp() }}) as changed_at,
        lower(trim(cast(plan as {{ dbt.type_string() }}))) as plan,
        lower(trim(cast(status as {{ dbt.type_string() }}))) as status,
        cast(seats as integer) as seats,
        cast(mrr_usd as decimal(12, 2)) as mrr_usd,
        {{ raw_file_metadata() }},
        {{ raw_record_json(['change_id', 'subscription_id', 'account_id', 'changed_at', 'plan', 'status', 'seats', 'mrr_usd']) }}
            as raw_record
    from source_rows
),

validated as (
    select
        typed.*,
        case
            when change_id is null then 'null_primary_key'
            when seats < 0 then 'negative_seats'
            when mrr_usd < 0 then 'negative_mrr'
            when status is null or status not in ('active', 'past_due', 'canceled') then 'unknown_status'
            when changed_at is null then 'null_timestamp'
            when subscription_id is null then 'null_subscription_id'
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
        reject_reason,
        raw_record,
        _file_name,
        _file_row_number
    from validated
)

select * from final
