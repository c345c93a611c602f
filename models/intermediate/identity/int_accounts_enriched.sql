{#- One row per staged account (as of `as_of_date`) with its organization (contract §0):
    `org_domain` is the most frequent corporate email domain among the account's
    users, deleted users included (ties: alphabetically first); null when the
    account has only freemail (or no) users. `team_formed_at` is the created_at
    of the account's second user by created_at (ties: user_id), deleted users
    included: the team formed when they joined. -#}

with

accounts as (
    select * from {{ ref('stg_raw__accounts') }}
    where {{ on_or_before_as_of('created_at') }}
),

users as (
    select * from {{ ref('int_users_enriched') }}
),

domain_votes as (
    select
        account_id,
        email_domain,
        count(*) as users_with_domain
    from users
    where is_corporate_email
    group by account_id, email_domain
),

ranked_domains as (
    select
        account_id,
        email_domain,
        row_number() over (
            partition by account_id
            order by users_with_domain desc, email_domain asc
        ) as domain_rank
    from domain_votes
),

user_counts as (
    select
        account_id,
        count(*) as users_total
    from users
    group by account_id
),

ranked_joins as (
    select
        account_id,
        created_at,
        row_number() over (partition by account_id order by created_at, user_id) as join_rank
    from users
),

team_formation as (
    select
        account_id,
        created_at as team_formed_at
    from ranked_joins
    where join_rank = 2
),

final as (
    select
        accounts.account_id,
        accounts.account_name,
        accounts.created_at,
        cast(accounts.created_at as date) as created_date,
        accounts.created_by_user_id,
        ranked_domains.email_domain as org_domain,
        coalesce(user_counts.users_total, 0) as users_total,
        team_formation.team_formed_at
    from accounts
    left join ranked_domains
        on
            accounts.account_id = ranked_domains.account_id
            and ranked_domains.domain_rank = 1
    left join user_counts
        on accounts.account_id = user_counts.account_id
    left join team_formation
        on accounts.account_id = team_formation.account_id
)

select * from final
