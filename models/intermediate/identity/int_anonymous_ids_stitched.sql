{#- One row per anonymous_id that was ever seen together with a user_id (contract §3, 10):
    it belongs to the user it was first seen with (earliest occurred_at in product
    events or page views; ties: smallest user_id). -#}

with

product_events as (
    select * from {{ ref('stg_raw__product_events') }}
),

pageviews as (
    select * from {{ ref('stg_raw__web_pageviews') }}
),

sightings as (
    select
        anonymous_id,
        user_id,
        occurred_at
    from product_events
    where
        anonymous_id is not null
        and user_id is not null
        and {{ on_or_before_as_of('occurred_at') }}

    union all

    select
        anonymous_id,
        user_id,
        occurred_at
    from pageviews
    where
        anonymous_id is not null
        and user_id is not null
        and {{ on_or_before_as_of('occurred_at') }}
),

ranked as (
    select
        anonymous_id,
        user_id,
        occurred_at,
        row_number() over (partition by anonymous_id order by occurred_at, user_id) as sighting_rank
    from sightings
),

final as (
    select
        anonymous_id,
        user_id,
        occurred_at as first_identified_at
    from ranked
    where sighting_rank = 1
)

select * from final
