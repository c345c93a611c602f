{#- One row per staged marketing touch (as of `as_of_date`) with its user
    (contract §3, 10): through its anonymous_id, else its email; the anonymous_id wins
    when both point to users. Channel lower-cased and trimmed (null -> 'unknown'). -#}

with

touches as (
    select * from {{ ref('stg_raw__marketing_touches') }}
    where {{ on_or_before_as_of('occurred_at') }}
),

anonymous_ids as (
    select * from {{ ref('int_anonymous_ids_stitched') }}
),

emails as (
    select * from {{ ref('int_emails_matched_to_users') }}
),

final as (
    select
        touches.touch_id,
        coalesce(anonymous_ids.user_id, emails.user_id) as user_id,
        touches.anonymous_id,
        touches.email_hash,
        touches.occurred_at,
        coalesce(touches.channel, 'unknown') as channel,
        touches.campaign
    from touches
    left join anonymous_ids
        on touches.anonymous_id = anonymous_ids.anonymous_id
    left join emails
        on touches.email = emails.email
)

select * from final
