with

valid_rows as (
    select * from {{ ref('base_raw__firmographics') }}
    where reject_reason is null
),

-- contract §2, 10: duplicates of a key collapse to the earliest row, then file order
ranked as (
    select
        *,
        row_number() over (
            partition by domain, enriched_at
            order by enriched_at, _file_name, _file_row_number
        ) as arrival_rank
    from valid_rows
),

final as (
    select
        domain,
        company_name,
        employee_count,
        is_employee_count_invalid,
        industry,
        country,
        funding_stage,
        last_funding_at,
        tech_stack,
        open_engineering_roles,
        enriched_at,
        _file_name,
        _file_row_number
    from ranked
    where arrival_rank = 1
)

select * from final
