{{ config(materialized='view') }}

{#- One row per staged product event (as of `as_of_date`) with the user and
    account it belongs to (contract §3, 10): its own user_id, else the user its
    anonymous_id is stitched to; the account of that user when the user is
    known, else the event's own account_id.

    A view: two hash joins against small tables cost less than
    writing every event again, and an incremental run reads only the events
    its consumers filter to instead of rebuilding the whole table. -#}

with

product_events as (
    select * from {{ ref('stg_raw__product_events') }}
    where {{ on_or_before_as_of('occurred_at') }}
),

anonymous_ids as (
    select * from {{ ref('int_anonymous_ids_stitched') }}
),

users as (
    select * from {{ ref('int_users_enriched') }}
),

resolved as (
    select
        product_events.*,
        coalesce(product_events.user_id, anonymous_ids.user_id) as resolved_user_id
    from product_events
    left join anonymous_ids
        on product_events.anonymous_id = anonymous_ids.anonymous_id
),

final as (
    select
        resolved.event_id,
        resolved.event_name,
        resolved.resolved_user_id as user_id,
        coalesce(users.account_id, resolved.account_id) as account_id,
        resolved.user_id as tracked_user_id,
        resolved.anonymous_id,
        resolved.account_id as tracked_account_id,
        resolved.occurred_at,
        cast(resolved.occurred_at as date) as occurred_date,
        resolved.received_at,
        resolved.is_clock_corrected,
        resolved.event_name in {{ sql_string_list(var('core_events')) }} as is_core_event,
        coalesce(resolved.api_request_count, 0) as api_request_count,
        resolved.api_status,
        coalesce(resolved.compute_units, 0) as compute_units,
        resolved.deploy_environment,
        resolved.integration_name,
        resolved.feature_name,
        resolved.rate_limit_name,
        resolved.invitee_email,
        resolved.inviter_user_id
    from resolved
    left join users
        on resolved.resolved_user_id = users.user_id
)

select * from final
