{#- One row per user who sent at least one invite: the user's `invite_sent`
    events (events count for the user they resolve to through identity
    stitching). The champion rule of an account and of an organization (contract §6,
    11) both rank these counts. -#}

with

events as (
    select * from {{ ref('int_product_events_stitched') }}
    where event_name = 'invite_sent'
),

users as (
    select * from {{ ref('int_users_enriched') }}
),

final as (
    select
        users.user_id,
        users.account_id,
        users.created_at,
        users.is_deleted,
        count(*) as invites_sent
    from events
    inner join users
        on events.user_id = users.user_id
    group by users.user_id, users.account_id, users.created_at, users.is_deleted
)

select * from final
