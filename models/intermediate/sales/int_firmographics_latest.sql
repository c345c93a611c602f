{#- One row per enriched domain: its latest enrichment (contract §1: latest
    `enriched_at` wins; with a hand-set `as_of_date`, the latest at or before it).
    `tech_stack_items` is the comma-split, trimmed, lower-cased stack. -#}

with

enrichments as (
    select * from {{ ref('stg_raw__firmographics') }}
    where {{ on_or_before_as_of('enriched_at') }}
),

ranked as (
    select
        *,
        row_number() over (partition by domain order by enriched_at desc) as recency_rank
    from enrichments
),

final as (
    select
        domain,
        company_name,
        employee_count,
        industry,
        country,
        funding_stage,
        last_funding_at,
        tech_stack,
        open_engineering_roles,
        enriched_at
    from ranked
    where recency_rank = 1
)

select * from final
