{#- One row per staged account: its subscription position on as_of_date (contract §6, 9, 10).

    `current_seats` = seats of active / past_due subscriptions holding on
    as_of_date (0 when none; $0 trials included). `current_plan` looks at those of
    them with mrr_usd > 0: `enterprise` if one is enterprise, else `team` if any
    (a paid state on a plan outside the contract's two counts as team), else
    `free` (a $0 trial is free). Subscriptions of unknown accounts do not join. -#}

with

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
),

billable_states as (
    select * from {{ ref('int_subscription_states_effective') }}
    where is_billable
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

states_on_as_of as (
    select
        billable_states.account_id,
        billable_states.subscription_id,
        billable_states.plan,
        billable_states.seats,
        billable_states.mrr_usd
    from billable_states
    cross join as_of
    where
        billable_states.valid_from_date <= as_of.as_of_date
        and (billable_states.valid_to_date is null or billable_states.valid_to_date > as_of.as_of_date)
),

positions as (
    select
        account_id,
        sum(mrr_usd) as mrr_usd,
        sum(seats) as seats,
        count(*) as billable_subscriptions,
        sum(case when mrr_usd > 0 then 1 else 0 end) as paid_subscriptions,
        max(case when mrr_usd > 0 and plan = 'enterprise' then 1 else 0 end) as has_paid_enterprise
    from states_on_as_of
    group by account_id
),

final as (
    select
        accounts.account_id,
        as_of.as_of_date,
        case
            when positions.has_paid_enterprise = 1 then 'enterprise'
            when positions.paid_subscriptions > 0 then 'team'
            else 'free'
        end as current_plan,
        cast(coalesce(positions.mrr_usd, 0) as decimal(18, 2)) as current_mrr_usd,
        cast(coalesce(positions.seats, 0) as bigint) as current_seats,
        cast(coalesce(positions.billable_subscriptions, 0) as bigint) as current_billable_subscriptions,
        coalesce(positions.mrr_usd, 0) > 0 as is_paying
    from accounts
    cross join as_of
    left join positions
        on accounts.account_id = positions.account_id
)

select * from final
