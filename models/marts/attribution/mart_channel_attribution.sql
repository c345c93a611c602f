{#- One row per channel x attribution model (contract §7, 9, 10): credited
    conversions (sum of credits) and credited revenue (sum of credit x revenue,
    rounded to cents per row). The list below is the one place that names the
    models: a new model is a `<model>_credit` column in fct_attribution_touches
    plus one entry here. -#}

{%- set attribution_models = [
    'first_touch',
    'last_touch',
    'linear',
    'time_decay',
    'position_based',
] -%}

with

touches as (
    select * from {{ ref('fct_attribution_touches') }}
),

-- one row per touch and model: unpivot the credit columns
credits as (
    {%- for attribution_model in attribution_models %}
        select
            channel,
            '{{ attribution_model }}' as attribution_model,
            {{ attribution_model }}_credit as credit,
            revenue_usd
        from touches
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

final as (
    select
        channel,
        attribution_model,
        cast(sum(credit) as double) as credited_conversions,
        cast(round(sum(credit * cast(revenue_usd as double)), 2) as decimal(18, 2)) as credited_revenue_usd
    from credits
    group by channel, attribution_model
)

select * from final
