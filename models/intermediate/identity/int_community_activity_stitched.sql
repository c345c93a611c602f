{#- One row per staged community activity (as of `as_of_date`) with its user,
    matched by email (contract §3, 10; community rows carry no anonymous_id). -#}

with

activities as (
    select * from {{ ref('stg_raw__community_activity') }}
    where {{ on_or_before_as_of('occurred_at') }}
),

emails as (
    select * from {{ ref('int_emails_matched_to_users') }}
),

final as (
    select
        activities.activity_id,
        emails.user_id,
        activities.platform,
        activities.member_handle,
        activities.email_hash,
        activities.activity_type,
        activities.body,
        activities.occurred_at
    from activities
    left join emails
        on activities.email = emails.email
)

select * from final
