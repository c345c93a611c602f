{#- One row per account that ever paid (contract §6, 7, 10).

    First paid change: the account's first subscription change (by changed_at,
    then change_id) with status `active` or `past_due` and `mrr_usd > 0`; a $0
    trial is not paid. Paid team: the first such change on plan `team` or
    `enterprise` (we also require a billable status, so a canceled row can never
    be the moment a team started paying). -#}

with

changes as (
    select * from {{ ref('stg_raw__subscription_changes') }}
    where {{ on_or_before_as_of('changed_at') }}
),

paid_changes as (
    select
        *,
        row_number() over (partition by account_id order by changed_at, change_id) as paid_rank,
        case when plan in ('team', 'enterprise') then 1 else 0 end as is_team_plan
    from changes
    where
        status in ('active', 'past_due')
        and mrr_usd > 0
        and account_id is not null
),

first_paid as (
    select *
    from paid_changes
    where paid_rank = 1
),

paid_team as (
    select
        account_id,
        min(changed_at) as paid_team_at
    from paid_changes
    where is_team_plan = 1
    group by account_id
),

final as (
    select
        first_paid.account_id,
        first_paid.change_id as first_paid_change_id,
        first_paid.subscription_id as first_paid_subscription_id,
        first_paid.changed_at as first_paid_at,
        cast(first_paid.changed_at as date) as first_paid_date,
        first_paid.plan as first_paid_plan,
        first_paid.mrr_usd as first_paid_mrr_usd,
        paid_team.paid_team_at
    from first_paid
    left join paid_team
        on first_paid.account_id = paid_team.account_id
)

select * from final
