with

valid_rows as (
    select * from {{ ref('base_raw__marketing_touches') }}
    where reject_reason is null
),

-- contract §2, 10: duplicates of a key collapse to the earliest row, then file order
ranked as (
    select
        *,
        row_number() over (
            partition by touch_id
            order by occurred_at, _file_name, _file_row_number
        ) as arrival_rank
    from valid_rows
),

final as (
    select
        touch_id,
        anonymous_id,
        email,
        email_domain,
        email_hash,
        occurred_at,
        channel,
        campaign,
        _file_name,
        _file_row_number
    from ranked
    where arrival_rank = 1
)

select * from final
