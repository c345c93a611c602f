{#- One row per calendar month from the 13th month after the first month with
    any month-end MRR through the month of as_of_date: trailing-12-month net and
    gross revenue retention and logo retention (contract §6, 9, 11). See doc block
    `mart_revenue_retention`. -#}

with

account_months as (
    select * from {{ ref('int_accounts_mrr_monthly') }}
),

first_revenue_month as (
    select min(month_start) as first_month
    from account_months
    where mrr_usd > 0
),

months as (
    select distinct
        account_months.month_start,
        account_months.is_month_complete,
        cast({{ dbt.dateadd('month', -12, 'account_months.month_start') }} as date) as base_month_start
    from account_months
    cross join first_revenue_month
    where account_months.month_start >= {{ dbt.dateadd('month', 12, 'first_revenue_month.first_month') }}
),

-- the base of a month: accounts paying at the end of the same month a year earlier
base_accounts as (
    select
        months.month_start,
        months.is_month_complete,
        months.base_month_start,
        base_positions.account_id,
        base_positions.mrr_usd as starting_mrr_usd
    from months
    inner join account_months as base_positions
        on months.base_month_start = base_positions.month_start
    where base_positions.mrr_usd > 0
),

base_outcomes as (
    select
        base_accounts.month_start,
        base_accounts.is_month_complete,
        base_accounts.base_month_start,
        base_accounts.account_id,
        base_accounts.starting_mrr_usd,
        current_positions.mrr_usd as ending_mrr_usd,
        case
            when current_positions.mrr_usd < base_accounts.starting_mrr_usd then current_positions.mrr_usd
            else base_accounts.starting_mrr_usd
        end as retained_mrr_usd
    from base_accounts
    inner join account_months as current_positions
        on
            base_accounts.account_id = current_positions.account_id
            and base_accounts.month_start = current_positions.month_start
),

month_totals as (
    select
        month_start,
        count(*) as base_accounts,
        sum(case when ending_mrr_usd > 0 then 1 else 0 end) as retained_accounts,
        sum(starting_mrr_usd) as starting_mrr_usd,
        sum(ending_mrr_usd) as ending_mrr_usd,
        sum(retained_mrr_usd) as retained_mrr_usd,
        sum(case when ending_mrr_usd > starting_mrr_usd then ending_mrr_usd - starting_mrr_usd else 0 end)
            as expansion_mrr_usd,
        sum(case when ending_mrr_usd > 0 and ending_mrr_usd < starting_mrr_usd then ending_mrr_usd - starting_mrr_usd else 0 end)
            as contraction_mrr_usd,
        sum(case when ending_mrr_usd = 0 then -starting_mrr_usd else 0 end) as churned_mrr_usd
    from base_outcomes
    group by month_start
),

final as (
    select
        cast(months.month_start as date) as month_start,
        cast(months.base_month_start as date) as base_month_start,
        months.is_month_complete,
        cast(coalesce(month_totals.base_accounts, 0) as bigint) as base_accounts,
        cast(coalesce(month_totals.retained_accounts, 0) as bigint) as retained_accounts,
        cast(coalesce(month_totals.starting_mrr_usd, 0) as decimal(18, 2)) as starting_mrr_usd,
        cast(coalesce(month_totals.ending_mrr_usd, 0) as decimal(18, 2)) as ending_mrr_usd,
        cast(coalesce(month_totals.retained_mrr_usd, 0) as decimal(18, 2)) as retained_mrr_usd,
        cast(coalesce(month_totals.expansion_mrr_usd, 0) as decimal(18, 2)) as expansion_mrr_usd,
        cast(coalesce(month_totals.contraction_mrr_usd, 0) as decimal(18, 2)) as contraction_mrr_usd,
        cast(coalesce(month_totals.churned_mrr_usd, 0) as decimal(18, 2)) as churned_mrr_usd,
        case
            when month_totals.starting_mrr_usd > 0
                then cast(month_totals.ending_mrr_usd as double) / cast(month_totals.starting_mrr_usd as double)
        end as net_revenue_retention,
        case
            when month_totals.starting_mrr_usd > 0
                then cast(month_totals.retained_mrr_usd as double) / cast(month_totals.starting_mrr_usd as double)
        end as gross_revenue_retention,
        case
            when month_totals.base_accounts > 0
                then cast(month_totals.retained_accounts as double) / cast(month_totals.base_accounts as double)
        end as logo_retention
    from months
    left join month_totals
        on months.month_start = month_totals.month_start
)

select * from final
