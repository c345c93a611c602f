{#- One row per touchpoint of a known or unknown visitor (contract §7, 10): marketing
    touches keep their channel, web sessions take their first page view's
    channel, community activities are `community`. `source_order` breaks ties at
    the same instant (marketing, then web session, then community, then id). -#}

with

marketing_touches as (
    select * from {{ ref('int_marketing_touches_stitched') }}
),

web_sessions as (
    select * from {{ ref('int_web_sessions_sessionized') }}
),

community_activities as (
    select * from {{ ref('int_community_activity_stitched') }}
),

unioned as (
    select
        touch_id as touchpoint_id,
        'marketing' as touch_source,
        1 as source_order,
        user_id,
        occurred_at as touched_at,
        channel
    from marketing_touches

    union all

    select
        session_id as touchpoint_id,
        'web_session' as touch_source,
        2 as source_order,
        user_id,
        started_at as touched_at,
        channel
    from web_sessions

    union all

    select
        activity_id as touchpoint_id,
        'community' as touch_source,
        3 as source_order,
        user_id,
        occurred_at as touched_at,
        'community' as channel
    from community_activities
),

final as (
    select
        touch_source || ':' || touchpoint_id as touchpoint_key,
        touchpoint_id,
        touch_source,
        source_order,
        user_id,
        touched_at,
        channel
    from unioned
)

select * from final
