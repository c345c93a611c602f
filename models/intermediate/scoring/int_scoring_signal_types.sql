{#- One row per signal type of the catalog, with whether the learned scoring may
    use it as a feature. Only signals dated by when they became known can be
    replayed on a past date: product, web and community signals are. The external
    ones are not: `recent_funding` is dated by the funding round but known only at
    the enrichment, and both come from the latest enrichment as of as_of_date
    (contract §5), so on a past date they would carry later knowledge. -#}

with

signal_catalog as (
    select * from {{ ref('signal_catalog') }}
),

final as (
    select
        signal_type,
        signal_source,
        intent,
        cast(weight as double) as catalog_weight,
        signal_source != 'external' as is_point_in_time
    from signal_catalog
)

select * from final
