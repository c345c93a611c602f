{#- One row per cohort month (month of account creation) x months since creation,
    from the cohort month through the month of as_of_date (contract §6, 9, 10, 11). See doc
    block `mart_expansion_cohorts`. -#}

with

-- cohort rows start at the cohort month: months a subscription predates its
-- account's creation are left out
account_months as (
    select * from {{ ref('int_accounts_mrr_monthly') }}
    where months_since_creation >= 0
),

active_days as (
    select * from {{ ref('int_accounts_activity_daily') }}
    where is_active
),

movements as (
    select * from {{ ref('fct_mrr_movements') }}
),

-- the cohort's first month with month-end MRR > 0, and the accounts paying then:
-- the base whose MRR net revenue retention follows (contract §11)
cohort_first_paying_months as (
    select
        cohort_month,
        min(month_start) as first_paying_month
    from account_months
    where mrr_usd > 0
    group by cohort_month
),

base_accounts as (
    select account_months.account_id
    from account_months
    inner join cohort_first_paying_months
        on
            account_months.cohort_month = cohort_first_paying_months.cohort_month
            and account_months.month_start = cohort_first_paying_months.first_paying_month
    where account_months.mrr_usd > 0
),

active_months as (
    select distinct
        account_id,
        cast({{ dbt.date_trunc('month', 'activity_date') }} as date) as month_start
    from active_days
),

account_month_facts as (
    select
        account_months.account_id,
        account_months.cohort_month,
        account_months.month_start,
        account_months.months_since_creation,
        account_months.is_month_complete,
        account_months.mrr_usd,
        account_months.seats,
        account_months.is_paying,
        active_months.account_id is not null as is_active,
        base_accounts.account_id is not null as is_base_account,
        coalesce(movements.movement_type, 'none') as movement_type,
        coalesce(movements.movement_usd, 0) as movement_usd
    from account_months
    left join base_accounts
        on account_months.account_id = base_accounts.account_id
    left join active_months
        on
            account_months.account_id = active_months.account_id
            and account_months.month_start = active_months.month_start
    left join movements
        on
            account_months.account_id = movements.account_id
            and account_months.month_start = movements.month_start
),

cohort_months as (
    select
        cohort_month,
        months_since_creation,
        month_start,
        min(case when is_month_complete then 1 else 0 end) = 1 as is_month_complete,
        count(*) as cohort_accounts,
        sum(case when is_active then 1 else 0 end) as active_accounts,
        sum(case when is_paying then 1 else 0 end) as paying_accounts,
        sum(seats) as seats,
        sum(mrr_usd) as mrr_usd,
        sum(case when is_base_account then mrr_usd else 0 end) as base_accounts_mrr_usd,
        sum(case when movement_type = 'new' then movement_usd else 0 end) as new_mrr_usd,
        sum(case when movement_type = 'expansion' then movement_usd else 0 end) as expansion_mrr_usd,
        sum(case when movement_type = 'contraction' then movement_usd else 0 end) as contraction_mrr_usd,
        sum(case when movement_type = 'churn' then movement_usd else 0 end) as churned_mrr_usd,
        sum(case when movement_type = 'reactivation' then movement_usd else 0 end) as reactivation_mrr_usd,
        sum(case when movement_type in ('new', 'expansion', 'reactivation') then movement_usd else 0 end)
            as gross_added_mrr_usd
    from account_month_facts
    group by cohort_month, months_since_creation, month_start
),

baseline_mrr as (
    select
        cohort_first_paying_months.cohort_month,
        cohort_first_paying_months.first_paying_month,
        cohort_months.mrr_usd as baseline_mrr_usd
    from cohort_first_paying_months
    inner join cohort_months
        on
            cohort_first_paying_months.cohort_month = cohort_months.cohort_month
            and cohort_first_paying_months.first_paying_month = cohort_months.month_start
),

final as (
    select
        cast(cohort_months.cohort_month as date) as cohort_month,
        cast(cohort_months.months_since_creation as integer) as months_since_creation,
        cast(cohort_months.month_start as date) as month_start,
        cohort_months.is_month_complete,
        cast(cohort_months.cohort_accounts as bigint) as cohort_accounts,
        cast(cohort_months.active_accounts as bigint) as active_accounts,
        cast(cohort_months.paying_accounts as bigint) as paying_accounts,
        cast(cohort_months.seats as bigint) as seats,
        cast(cohort_months.mrr_usd as decimal(18, 2)) as mrr_usd,
        cast(baseline_mrr.baseline_mrr_usd as decimal(18, 2)) as baseline_mrr_usd,
        cast(
            case when cohort_months.month_start >= baseline_mrr.first_paying_month then cohort_months.base_accounts_mrr_usd end
            as decimal(18, 2)
        ) as base_accounts_mrr_usd,
        case
            when cohort_months.month_start >= baseline_mrr.first_paying_month
                then cast(cohort_months.base_accounts_mrr_usd as double) / cast(baseline_mrr.baseline_mrr_usd as double)
        end as net_revenue_retention,
        case
            when cohort_months.month_start >= baseline_mrr.first_paying_month
                then cast(cohort_months.mrr_usd as double) / cast(baseline_mrr.baseline_mrr_usd as double)
        end as mrr_vs_first_paying_month,
        case
            when cohort_months.gross_added_mrr_usd > 0
                then cast(cohort_months.expansion_mrr_usd as double) / cast(cohort_months.gross_added_mrr_usd as double)
        end as expansion_mrr_share,
        cast(cohort_months.new_mrr_usd as decimal(18, 2)) as new_mrr_usd,
        cast(cohort_months.expansion_mrr_usd as decimal(18, 2)) as expansion_mrr_usd,
        cast(cohort_months.contraction_mrr_usd as decimal(18, 2)) as contraction_mrr_usd,
        cast(cohort_months.churned_mrr_usd as decimal(18, 2)) as churned_mrr_usd,
        cast(cohort_months.reactivation_mrr_usd as decimal(18, 2)) as reactivation_mrr_usd,
        cast(
            cohort_months.new_mrr_usd
            + cohort_months.expansion_mrr_usd
            + cohort_months.contraction_mrr_usd
            + cohort_months.churned_mrr_usd
            + cohort_months.reactivation_mrr_usd
            as decimal(18, 2)
        ) as net_new_mrr_usd
    from cohort_months
    left join baseline_mrr
        on cohort_months.cohort_month = baseline_mrr.cohort_month
)

select * from final
