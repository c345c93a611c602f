{#- One row per account: whom sales should contact (contract §5, 10), never a deleted
    user. In order: the buyer (a user whose persona is a buyer persona, ranked
    CTO, VP, Head, Director, Engineering Manager, then most active days in the
    last 30 days, then earliest signup); else the champion; else the most active
    user of the last 30 days (ties: earliest signup); else the earliest-signed-up
    user. Remaining ties: smallest user_id. -#}

with

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

users as (
    select * from {{ ref('int_users_enriched') }}
    where not is_deleted
),

user_days as (
    select * from {{ ref('int_users_activity_daily') }}
    where
        is_active
        and activity_date >= {{ dbt.dateadd('day', -29, '(select as_of_date from as_of)') }}
        and activity_date <= (select as_of_date from as_of)
),

champions as (
    select * from {{ ref('int_accounts_champions') }}
),

persona_ranks as (
    select * from {{ ref('persona_ranks') }}
),

active_days as (
    select
        user_id,
        count(*) as active_days_30d
    from user_days
    group by user_id
),

candidates as (
    select
        users.account_id,
        users.user_id,
        users.email,
        users.persona,
        users.created_at,
        persona_ranks.buyer_rank,
        coalesce(active_days.active_days_30d, 0) as active_days_30d,
        case
            when persona_ranks.buyer_rank is not null then 1
            when champions.champion_user_id is not null then 2
            when coalesce(active_days.active_days_30d, 0) > 0 then 3
            else 4
        end as contact_tier
    from users
    left join persona_ranks
        on users.persona = persona_ranks.persona
    left join active_days
        on users.user_id = active_days.user_id
    left join champions
        on
            users.account_id = champions.account_id
            and users.user_id = champions.champion_user_id
),

ranked as (
    select
        *,
        row_number() over (
            partition by account_id
            order by
                contact_tier asc,
                coalesce(buyer_rank, 0),
                active_days_30d desc,
                created_at asc,
                user_id asc
        ) as contact_rank
    from candidates
),

final as (
    select
        account_id,
        user_id as contact_user_id,
        email as contact_email,
        persona as contact_persona,
        active_days_30d as contact_active_days_30d,
        case contact_tier
            when 1 then 'buyer_persona'
            when 2 then 'champion'
            when 3 then 'most_active_30d'
            else 'earliest_signup'
        end as contact_rule
    from ranked
    where contact_rank = 1
)

select * from final
