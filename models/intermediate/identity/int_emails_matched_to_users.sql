{#- One row per normalized email of a staged user: the user a touch or community
    activity with that email belongs to (contract §3, 10): the earliest signup among
    users sharing the email (ties: smallest user_id); deleted users included. -#}

with

users as (
    select * from {{ ref('int_users_enriched') }}
    where email is not null
),

ranked as (
    select
        email,
        user_id,
        row_number() over (partition by email order by created_at, user_id) as signup_rank
    from users
),

final as (
    select
        email,
        user_id
    from ranked
    where signup_rank = 1
)

select * from final
