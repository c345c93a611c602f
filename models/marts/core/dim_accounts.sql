{#- One row per staged account with its organization, firmographics, current
    subscription position and champion (contract §0, 6, 9, 10). See doc block
    `dim_accounts`. -#}

with

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
),

current_positions as (
    select * from {{ ref('int_accounts_subscription_current') }}
),

champions as (
    select * from {{ ref('int_accounts_champions') }}
),

first_paid as (
    select * from {{ ref('int_accounts_first_paid') }}
),

firmographics as (
    select * from {{ ref('int_firmographics_latest') }}
),

final as (
    select
        accounts.account_id,
        accounts.account_name,
        accounts.org_domain,
        accounts.created_at,
        cast(accounts.created_date as date) as created_date,
        accounts.created_by_user_id,
        cast(accounts.users_total as bigint) as users_total,
        current_positions.current_plan,
        cast(current_positions.current_mrr_usd as decimal(18, 2)) as current_mrr_usd,
        cast(current_positions.current_seats as bigint) as current_seats,
        current_positions.is_paying,
        champions.champion_user_id,
        first_paid.first_paid_at,
        first_paid.paid_team_at,
        firmographics.company_name,
        cast(firmographics.employee_count as integer) as employee_count,
        firmographics.industry,
        firmographics.country,
        firmographics.funding_stage,
        firmographics.enriched_at as firmographics_enriched_at
    from accounts
    left join current_positions
        on accounts.account_id = current_positions.account_id
    left join champions
        on accounts.account_id = champions.account_id
    left join first_paid
        on accounts.account_id = first_paid.account_id
    left join firmographics
        on accounts.org_domain = firmographics.domain
)

select * from final
