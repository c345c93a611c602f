{#- One row per conversion x touchpoint with the credit of every attribution
    model (contract §7, 9, 10). Each `<model>_credit` column sums to 1 per
    conversion; `mart_channel_attribution` lists the models it aggregates, so a
    new model is a new credit column here plus one entry there. -#}

{%- set half_life_days = var('attribution_half_life_days') -%}
{%- set first_weight = var('position_based_first_weight') -%}
{%- set last_weight = var('position_based_last_weight') -%}

with

touches as (
    select * from {{ ref('int_conversion_touches_ordered') }}
),

decay_weighted as (
    select
        *,
        power(0.5, days_before_conversion / {{ half_life_days }}) as time_decay_weight
    from touches
),

credited as (
    select
        *,
        case when touch_position = 1 then 1 else 0 end as first_touch_credit,
        case when touch_position = path_length then 1 else 0 end as last_touch_credit,
        cast(1 as double) / path_length as linear_credit,
        time_decay_weight
        / sum(time_decay_weight) over (partition by conversion_key) as time_decay_credit,
        case
            when path_length = 1 then 1
            when path_length = 2 then 0.5
            when touch_position = 1 then {{ first_weight }}
            when touch_position = path_length then {{ last_weight }}
            else cast(1 - {{ first_weight }} - {{ last_weight }} as double) / (path_length - 2)
        end as position_based_credit
    from decay_weighted
),

final as (
    select
        {{ surrogate_key(['conversion_type', 'conversion_id', 'touch_source', 'touchpoint_id']) }}
            as attribution_touch_id,
        conversion_key,
        conversion_id,
        conversion_type,
        account_id,
        converted_at,
        revenue_usd,
        touch_position,
        path_length,
        touchpoint_id,
        touch_source,
        channel,
        touched_at,
        days_before_conversion,
        cast(first_touch_credit as double) as first_touch_credit,
        cast(last_touch_credit as double) as last_touch_credit,
        cast(linear_credit as double) as linear_credit,
        cast(time_decay_credit as double) as time_decay_credit,
        cast(position_based_credit as double) as position_based_credit
    from credited
)

select * from final
