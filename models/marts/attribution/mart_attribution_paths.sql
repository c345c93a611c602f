{#- One row per conversion with its ordered channel path (contract §7, 9, 10). -#}

with

conversions as (
    select * from {{ ref('int_conversions_identified') }}
),

touches as (
    select * from {{ ref('int_conversion_touches_ordered') }}
),

touches_with_previous as (
    select
        conversion_key,
        touch_position,
        touch_source,
        channel,
        touched_at,
        lag(channel) over (partition by conversion_key order by touch_position) as previous_channel
    from touches
),

paths as (
    select
        conversion_key,
        {{ ordered_string_agg('channel', ' > ', 'touch_position') }} as channel_path,
        count(*) as touch_count,
        min(touched_at) as first_touched_at
    from touches_with_previous
    group by conversion_key
),

-- a channel repeated by consecutive touches appears once
collapsed_paths as (
    select
        conversion_key,
        {{ ordered_string_agg('channel', ' > ', 'touch_position') }} as channel_path_collapsed
    from touches_with_previous
    where
        previous_channel is null
        or channel != previous_channel
    group by conversion_key
),

final as (
    select
        conversions.conversion_key,
        conversions.conversion_id,
        conversions.conversion_type,
        conversions.account_id,
        conversions.org_domain,
        conversions.converted_at,
        conversions.revenue_usd,
        paths.channel_path,
        collapsed_paths.channel_path_collapsed,
        paths.touch_count,
        paths.first_touched_at,
        {{ days_between_dates('cast(paths.first_touched_at as date)', 'cast(conversions.converted_at as date)') }}
            as days_first_touch_to_conversion
    from conversions
    inner join paths
        on conversions.conversion_key = paths.conversion_key
    inner join collapsed_paths
        on conversions.conversion_key = collapsed_paths.conversion_key
)

select * from final
