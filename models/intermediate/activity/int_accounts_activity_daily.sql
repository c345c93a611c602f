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

{#- One row per account per day with at least one product event (contract §4, 8).
    Events count for the account of their user, else their own account_id.
    `active_users` = distinct users with a core event that day.
    Incremental: see macro `activity_dates_to_recompute`. -#}

with

events as (
    select * from {{ ref('int_product_events_stitched') }}
    where
        account_id is not null
        and {{ activity_dates_to_recompute('occurred_date') }}
),

final as (
    select
        events.account_id,
        events.occurred_date as activity_date,
        count(distinct case when events.is_core_event then events.user_id end) as active_users,
        {{ daily_activity_measures('events') }}
    from events
    group by events.account_id, events.occurred_date
)

select * from final
