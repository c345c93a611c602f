{#- One row per staged page view (as of `as_of_date`) with the user it belongs to
    (contract §3, 10): the user of its anonymous_id when known, else its own user_id. -#}

with

pageviews as (
    select * from {{ ref('stg_raw__web_pageviews') }}
    where {{ on_or_before_as_of('occurred_at') }}
),

anonymous_ids as (
    select * from {{ ref('int_anonymous_ids_stitched') }}
),

final as (
    select
        pageviews.pageview_id,
        pageviews.anonymous_id,
        coalesce(anonymous_ids.user_id, pageviews.user_id) as user_id,
        pageviews.user_id as tracked_user_id,
        pageviews.occurred_at,
        cast(pageviews.occurred_at as date) as occurred_date,
        pageviews.received_at,
        pageviews.page_path,
        pageviews.utm_source,
        pageviews.utm_medium,
        pageviews.utm_campaign,
        pageviews.referrer_host
    from pageviews
    left join anonymous_ids
        on pageviews.anonymous_id = anonymous_ids.anonymous_id
)

select * from final
