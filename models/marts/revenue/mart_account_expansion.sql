{#- One row per staged account: how individual use grew into a paying team
    (contract §6, 9, 10). See doc block `mart_account_expansion`. -#}

with

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
),

first_paid as (
    select * from {{ ref('int_accounts_first_paid') }}
),

champions as (
    select * from {{ ref('int_accounts_champions') }}
),

current_positions as (
    select * from {{ ref('int_accounts_subscription_current') }}
),

champion_days as (
    select * from {{ ref('int_users_activity_daily') }}
    where is_active
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

-- champion retained: a core event in as_of - 29 .. as_of (var champion_retained_days)
retained_champions as (
    select distinct champions.account_id
    from champions
    inner join champion_days
        on champions.champion_user_id = champion_days.user_id
    cross join as_of
    where
        champion_days.activity_date
        >= {{ dbt.dateadd('day', -(var('champion_retained_days') - 1), 'as_of.as_of_date') }}
        and champion_days.activity_date <= as_of.as_of_date
),

joined as (
    select
        accounts.account_id,
        accounts.created_at,
        accounts.created_date,
        accounts.users_total,
        accounts.team_formed_at,
        first_paid.first_paid_at,
        first_paid.first_paid_plan,
        first_paid.first_paid_mrr_usd,
        first_paid.paid_team_at,
        champions.champion_user_id,
        champions.invites_sent as champion_invites_sent,
        retained_champions.account_id is not null as has_retained_champion,
        current_positions.current_plan,
        current_positions.current_seats,
        current_positions.current_mrr_usd,
        current_positions.as_of_date,
        {{ days_between_dates('accounts.created_date', 'current_positions.as_of_date') }} as account_age_days  -- noqa: LT05
    from accounts
    left join first_paid
        on accounts.account_id = first_paid.account_id
    left join champions
        on accounts.account_id = champions.account_id
    left join retained_champions
        on accounts.account_id = retained_champions.account_id
    left join current_positions
        on accounts.account_id = current_positions.account_id
),

final as (
    select
        account_id,
        created_at,
        team_formed_at,
        first_paid_at,
        paid_team_at,
        cast(
            {{ days_between_dates('created_date', 'cast(paid_team_at as date)') }} as integer  -- noqa: LT05
        ) as time_to_team_days,
        case
            when
                paid_team_at is not null
                and paid_team_at <= {{ dbt.dateadd('day', var('i2t_window_days'), 'created_at') }}
                then true
            when paid_team_at is null and account_age_days < {{ var('i2t_window_days') }} then null
            else false
        end as is_i2t_60d,
        champion_user_id,
        cast(champion_invites_sent as bigint) as champion_invites_sent,
        case when champion_user_id is not null then has_retained_champion end as is_champion_retained,
        cast(current_seats as bigint) as current_seats,
        cast(current_mrr_usd as decimal(18, 2)) as current_mrr_usd,
        current_plan,
        cast(users_total as bigint) as users_total,
        team_formed_at is not null as is_team_formed,
        cast(
            {{ days_between_dates('created_date', 'cast(team_formed_at as date)') }} as integer  -- noqa: LT05
        ) as time_to_team_formed_days,
        first_paid_plan,
        cast(first_paid_mrr_usd as decimal(18, 2)) as first_paid_mrr_usd,
        cast(account_age_days as integer) as account_age_days,
        cast(as_of_date as date) as as_of_date
    from joined
)

select * from final
