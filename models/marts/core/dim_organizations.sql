{#- One row per organization (org_domain) with at least one staged account: its
    firmographics, accounts, users, activity, spend and PQA rollup on as_of_date
    (contract §0, 9, 11). Every account measure is read from the account marts, never
    recomputed. See the model description in _core__models.yml. -#}

with

accounts as (
    select * from {{ ref('dim_accounts') }}
    where org_domain is not null
),

pqa as (
    select * from {{ ref('mart_pqa') }}
),

users as (
    select * from {{ ref('int_users_enriched') }}
),

firmographics as (
    select * from {{ ref('int_firmographics_latest') }}
),

live_users as (
    select
        account_id,
        count(*) as users
    from users
    where not is_deleted
    group by account_id
),

account_facts as (
    select
        accounts.org_domain,
        accounts.account_id,
        accounts.account_name,
        accounts.created_at,
        accounts.current_plan,
        accounts.current_mrr_usd,
        coalesce(live_users.users, 0) as users,
        pqa.active_users_30d,
        pqa.is_pqa,
        pqa.signal_score,
        pqa.as_of_date,
        row_number() over (
            partition by accounts.org_domain
            order by accounts.created_at, accounts.account_id
        ) as creation_rank
    from accounts
    inner join pqa
        on accounts.account_id = pqa.account_id
    left join live_users
        on accounts.account_id = live_users.account_id
),

organization_rollup as (
    select
        org_domain,
        max(as_of_date) as as_of_date,
        count(*) as accounts,
        min(created_at) as first_account_created_at,
        max(case when creation_rank = 1 then account_name end) as first_account_name,
        sum(users) as users,
        sum(active_users_30d) as active_users_30d,
        sum(case when current_mrr_usd > 0 then 1 else 0 end) as paying_accounts,
        sum(case when current_mrr_usd > 0 and current_plan = 'team' then 1 else 0 end) as paid_team_accounts,
        max(case when current_plan = 'enterprise' then 1 else 0 end) = 1 as has_enterprise_plan,
        sum(current_mrr_usd) as current_mrr_usd,
        sum(case when is_pqa then 1 else 0 end) as pqa_accounts,
        sum(signal_score) as signal_score
    from account_facts
    group by org_domain
),

final as (
    select
        organization_rollup.org_domain,
        coalesce(firmographics.company_name, organization_rollup.first_account_name) as company_name,
        cast(firmographics.employee_count as integer) as employee_count,
        firmographics.industry,
        firmographics.country,
        firmographics.funding_stage,
        cast(organization_rollup.accounts as bigint) as accounts,
        organization_rollup.first_account_created_at,
        cast(organization_rollup.users as bigint) as users,
        cast(organization_rollup.active_users_30d as bigint) as active_users_30d,
        cast(organization_rollup.paying_accounts as bigint) as paying_accounts,
        cast(organization_rollup.paid_team_accounts as bigint) as paid_team_accounts,
        organization_rollup.has_enterprise_plan,
        cast(organization_rollup.current_mrr_usd as decimal(18, 2)) as current_mrr_usd,
        cast(12 * organization_rollup.current_mrr_usd as decimal(18, 2)) as annual_spend_usd,
        cast(organization_rollup.pqa_accounts as bigint) as pqa_accounts,
        cast(organization_rollup.signal_score as double) as signal_score,
        cast(organization_rollup.as_of_date as date) as as_of_date
    from organization_rollup
    left join firmographics
        on organization_rollup.org_domain = firmographics.domain
)

select * from final
