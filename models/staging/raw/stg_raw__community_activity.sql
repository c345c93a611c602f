with

valid_rows as (
    select * from {{ ref('base_raw__community_activity') }}
    where reject_reason is null
),

-- contract §2, 10: duplicates of a key collapse to the earliest row, then file order
ranked as (
    select
        *,
        row_number() over (
            partition by activity_id
            order by occurred_at, _file_name, _file_row_number
        ) as arrival_rank
    from valid_rows
),

final as (
    select
        activity_id,
        platform,
        member_handle,
        email,
        email_domain,
        email_hash,
        activity_type,
        body,
        occurred_at,
        _file_name,
        _file_row_number
    from ranked
    where arrival_rank = 1
)

select * from final
