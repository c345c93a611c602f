with

valid_rows as (
    select * from {{ ref('base_raw__crm_opportunities') }}
    where reject_reason is null
),

-- contract §2, 10: duplicates of a key collapse to the earliest row, then file order
ranked as (
    select
        *,
        row_number() over (
            partition by opportunity_id
            order by created_at, _file_name, _file_row_number
        ) as arrival_rank
    from valid_rows
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
        _file_name,
        _file_row_number
    from ranked
    where arrival_rank = 1
)

select * from final
