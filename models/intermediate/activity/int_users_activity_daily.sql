-- depends_on: {{ ref('int_web_pageviews_stitched') }}
-- depends_on: {{ ref('int_anonymous_ids_stitched') }}

{{
    config(
        materialized=incremental_materialization(),
        unique_key='activity_date',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}

{#- One row per user per day with at least one product event (contract §4, 8).
    A user is active on a day with at least one core event (var `core_events`).
    Incremental: see macro `activity_dates_to_recompute`. -#}

with

events as (
    select * from {{ ref('int_product_events_stitched') }}
    where
        user_id is not null
        and {{ activity_dates_to_recompute('occurred_date') }}
),

final as (
    select
        events.user_id,
        events.occurred_date as activity_date,
        min(events.account_id) as account_id,
        {{ daily_activity_measures('events') }}
    from events
    group by events.user_id, events.occurred_date
)

select * from final
