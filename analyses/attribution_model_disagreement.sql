{#- Attribution model disagreement by channel (contract §7): mart_channel_attribution
    pivoted to one row per channel with the credited revenue under each model,
    the spread between the most and least generous model, and which models
    those are. A channel with a large spread is one whose value depends on the
    model chosen (typically an opener like organic search versus a closer like
    sales email); a small spread means the models agree.

    `spread_share_of_mean` = (max - min) / mean over the models, null when the
    channel has no credited revenue. `revenue_share_*` are the channel's
    fractions of all credited revenue under that model. -#}

{%- set attribution_models = ['first_touch', 'last_touch', 'linear', 'time_decay', 'position_based'] -%}

with

channel_attribution as (
    select * from {{ ref('mart_channel_attribution') }}
),

model_totals as (
    select
        attribution_model,
        sum(credited_revenue_usd) as model_revenue_usd
    from channel_attribution
    group by attribution_model
),

credits as (
    select
        channel_attribution.channel,
        channel_attribution.attribution_model,
        channel_attribution.credited_conversions,
        channel_attribution.credited_revenue_usd,
        channel_attribution.credited_revenue_usd / nullif(model_totals.model_revenue_usd, 0) as revenue_share
    from channel_attribution
    inner join model_totals
        on channel_attribution.attribution_model = model_totals.attribution_model
),

ranked as (
    select
        channel,
        attribution_model,
        credited_revenue_usd,
        row_number() over (
            partition by channel order by credited_revenue_usd desc, attribution_model asc
        ) as rank_most,
        row_number() over (
            partition by channel order by credited_revenue_usd asc, attribution_model asc
        ) as rank_least
    from credits
),

pivoted as (
    select
        channel,
        {%- for model in attribution_models %}
            sum(case when attribution_model = '{{ model }}' then credited_revenue_usd else 0 end)
                as {{ model }}_revenue_usd,
            sum(case when attribution_model = '{{ model }}' then revenue_share else 0 end)
                as revenue_share_{{ model }},
        {%- endfor %}
        sum(case when attribution_model = 'linear' then credited_conversions else 0 end)
            as linear_credited_conversions,
        max(credited_revenue_usd) as max_revenue_usd,
        min(credited_revenue_usd) as min_revenue_usd,
        avg(credited_revenue_usd) as mean_revenue_usd
    from credits
    group by channel
),

final as (
    select
        pivoted.channel,
        {%- for model in attribution_models %}
            pivoted.{{ model }}_revenue_usd,
        {%- endfor %}
        pivoted.max_revenue_usd - pivoted.min_revenue_usd as spread_usd,
        (pivoted.max_revenue_usd - pivoted.min_revenue_usd) / nullif(pivoted.mean_revenue_usd, 0)
            as spread_share_of_mean,
        most_generous.attribution_model as most_generous_model,
        least_generous.attribution_model as least_generous_model,
        {%- for model in attribution_models %}
            pivoted.revenue_share_{{ model }},
        {%- endfor %}
        pivoted.linear_credited_conversions
    from pivoted
    inner join ranked as most_generous
        on pivoted.channel = most_generous.channel and most_generous.rank_most = 1
    inner join ranked as least_generous
        on pivoted.channel = least_generous.channel and least_generous.rank_least = 1
)

select * from final
order by
    spread_usd desc,
    channel asc
