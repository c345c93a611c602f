{#- One row per account in which someone sent an invite: the champion = the
    user with most invite_sent events in the account (ties: earliest signup, then
    smallest user_id); contract §6, 10. Accounts where nobody sent an invite have no
    row (champion null downstream). -#}

with

invites_per_user as (
    select * from {{ ref('int_users_invites_sent') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by account_id
            order by invites_sent desc, created_at asc, user_id asc
        ) as champion_rank
    from invites_per_user
),

final as (
    select
        account_id,
        user_id as champion_user_id,
        invites_sent
    from ranked
    where champion_rank = 1
)

select * from final
