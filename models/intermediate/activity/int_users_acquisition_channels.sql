{#- One row per staged user: the channel of the user's first touchpoint at or
    before `signup_at` (no lookback limit; ties at one instant: marketing, web
    session, community, then id), else `direct` (contract §9, 10). -#}

with

users as (
    select * from {{ ref('int_users_enriched') }}
),

touchpoints as (
    select * from {{ ref('int_touchpoints_classified') }}
),

pre_signup_touchpoints as (
    select
        touchpoints.user_id,
        touchpoints.touchpoint_id,
        touchpoints.touch_source,
        touchpoints.touched_at,
        touchpoints.channel,
        row_number() over (
            partition by touchpoints.user_id
            order by touchpoints.touched_at, touchpoints.source_order, touchpoints.touchpoint_id
        ) as touch_rank
    from touchpoints
    inner join users
        on touchpoints.user_id = users.user_id
    where touchpoints.touched_at <= users.created_at
),

final as (
    select
        users.user_id,
        coalesce(pre_signup_touchpoints.channel, 'direct') as acquisition_channel,
        pre_signup_touchpoints.touch_source as acquisition_touch_source,
        pre_signup_touchpoints.touchpoint_id as acquisition_touchpoint_id,
        pre_signup_touchpoints.touched_at as acquisition_touched_at
    from users
    left join pre_signup_touchpoints
        on
            users.user_id = pre_signup_touchpoints.user_id
            and pre_signup_touchpoints.touch_rank = 1
)

select * from final
