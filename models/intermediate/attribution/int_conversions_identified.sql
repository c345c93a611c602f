{#- One row per conversion (contract §7, 10): an account's first paid subscription
    change (`first_paid`, revenue = mrr_usd * 12) or a `closed_won` opportunity
    (`closed_won`, revenue = amount_usd, 0 when null). A closed_won needs a
    `closed_at` (and, with a hand-set as_of_date, created and closed on or before
    it: one closed later is still open); its account is the organization's
    earliest-created account (ties: smallest account_id), null when no account
    has that org_domain. `conversion_key` = type:id, because a change_id and an
    opportunity_id may collide. -#}

with

first_paid as (
    select * from {{ ref('int_accounts_first_paid') }}
),

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
),

opportunities as (
    select * from {{ ref('stg_raw__crm_opportunities') }}
    where
        {{ on_or_before_as_of('created_at') }}
        and {{ on_or_before_as_of('closed_at') }}
),

first_paid_conversions as (
    select
        'first_paid' as conversion_type,
        first_paid.first_paid_change_id as conversion_id,
        first_paid.account_id,
        accounts.org_domain,
        first_paid.first_paid_at as converted_at,
        cast(first_paid.first_paid_mrr_usd * 12 as decimal(18, 2)) as revenue_usd
    from first_paid
    inner join accounts
        on first_paid.account_id = accounts.account_id
),

closed_won_opportunities as (
    select
        opportunity_id,
        org_domain,
        closed_at,
        amount_usd
    from opportunities
    where
        stage = 'closed_won'
        and closed_at is not null
),

organization_accounts as (
    select
        account_id,
        org_domain,
        row_number() over (
            partition by org_domain
            order by created_at, account_id
        ) as account_rank
    from accounts
    where org_domain is not null
),

closed_won_conversions as (
    select
        'closed_won' as conversion_type,
        closed_won_opportunities.opportunity_id as conversion_id,
        organization_accounts.account_id,
        closed_won_opportunities.org_domain,
        closed_won_opportunities.closed_at as converted_at,
        cast(coalesce(closed_won_opportunities.amount_usd, 0) as decimal(18, 2)) as revenue_usd
    from closed_won_opportunities
    left join organization_accounts
        on
            closed_won_opportunities.org_domain = organization_accounts.org_domain
            and organization_accounts.account_rank = 1
),

conversions as (
    select * from first_paid_conversions
    -- both select the same columns in the same order
    union all
    select * from closed_won_conversions
),

final as (
    select
        conversion_type || ':' || conversion_id as conversion_key,
        conversion_id,
        conversion_type,
        account_id,
        org_domain,
        converted_at,
        revenue_usd
    from conversions
)

select * from final
