with

valid_rows as (
    select * from {{ ref('base_raw__subscription_changes') }}
    where reject_reason is null
),

-- contract §2, 10: duplicates of a key collapse to the earliest row, then file order
ranked as (
    select
        *,
        row_number() over (
            partition by change_id
            order by changed_at, _file_name, _file_row_number
        ) as arrival_rank
    from valid_rows
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
        _file_name,
        _file_row_number
    from ranked
    where arrival_rank = 1
)

select * from final
