{#- One row per account per month from the account's first month with month-end
    MRR > 0 through the month of as_of_date (contract §6, 9, 10). See doc block
    `fct_mrr_movements`. -#}

with

account_months as (
    select * from {{ ref('int_accounts_mrr_monthly') }}
),

with_history as (
    select
        account_id,
        month_start,
        mrr_date,
        is_month_complete,
        mrr_usd,
        seats,
        coalesce(
            lag(mrr_usd) over (partition by account_id order by month_start),
            0
        ) as previous_mrr_usd,
        coalesce(
            sum(case when mrr_usd > 0 then 1 else 0 end) over (
                partition by account_id
                order by month_start
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) as earlier_paying_months,
        min(case when mrr_usd > 0 then month_start end) over (partition by account_id) as first_paying_month
    from account_months
),

classified as (
    select
        account_id,
        month_start,
        mrr_date,
        is_month_complete,
        mrr_usd,
        previous_mrr_usd,
        seats,
        case
            when previous_mrr_usd = 0 and mrr_usd > 0 and earlier_paying_months = 0 then 'new'
            when previous_mrr_usd = 0 and mrr_usd > 0 then 'reactivation'
            when previous_mrr_usd > 0 and mrr_usd = 0 then 'churn'
            when mrr_usd > previous_mrr_usd then 'expansion'
            when mrr_usd < previous_mrr_usd then 'contraction'
            else 'flat'
        end as movement_type,
        mrr_usd - previous_mrr_usd as movement_usd
    from with_history
    where month_start >= first_paying_month
),

final as (
    select
        account_id,
        cast(month_start as date) as month_start,
        cast(mrr_date as date) as mrr_date,
        is_month_complete,
        cast(mrr_usd as decimal(18, 2)) as mrr_usd,
        cast(previous_mrr_usd as decimal(18, 2)) as previous_mrr_usd,
        movement_type,
        cast(movement_usd as decimal(18, 2)) as movement_usd,
        cast(seats as bigint) as seats
    from classified
)

select * from final
