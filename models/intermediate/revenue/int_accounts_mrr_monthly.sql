{#- One row per staged account per month, from the account's creation month (or
    its first billable month when a subscription predates the account's creation;
    those months have a negative months_since_creation) through the month of
    as_of_date (contract §6, 10), with the subscription position at the month's end.

    The position is measured on `mrr_date`: the month's last day, or as_of_date
    for the month of as_of_date (that month is not over; with a hand-set as_of the
    two agree because later changes are ignored). A state holds on a date when
    valid_from_date <= date < valid_to_date (null: still holds), so each account's
    month ends are joined to its state intervals: no account x day expansion.
    Only billable states (active / past_due) count; $0 trials add seats, not MRR.
    Subscriptions of unknown accounts (not in int_accounts_enriched) do not join
    (contract §10). The month spine covers at most 1200 months (100 years) from the
    earliest first month. -#}

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

month_offsets as (
    select generated_number - 1 as month_offset
    from ({{ dbt.generate_series(1200) }}) as month_numbers
),

first_billable_months as (
    select
        account_id,
        cast({{ dbt.date_trunc('month', 'min(valid_from_date)') }} as date) as first_billable_month
    from billable_states
    group by account_id
),

account_cohorts as (
    select
        account_id,
        cast({{ dbt.date_trunc('month', 'created_date') }} as date) as cohort_month
    from accounts
),

-- movements run from the first month with MRR > 0 (contract §10), which may come
-- before the creation month when a subscription predates the account
account_first_months as (
    select
        account_cohorts.account_id,
        account_cohorts.cohort_month,
        case
            when first_billable_months.first_billable_month < account_cohorts.cohort_month
                then first_billable_months.first_billable_month
            else account_cohorts.cohort_month
        end as first_month
    from account_cohorts
    left join first_billable_months
        on account_cohorts.account_id = first_billable_months.account_id
),

spine_bounds as (
    select
        min(account_first_months.first_month) as first_month,
        cast({{ dbt.date_trunc('month', 'as_of.as_of_date') }} as date) as last_month,
        as_of.as_of_date
    from account_first_months
    cross join as_of
    group by as_of.as_of_date
),

month_spine as (
    select
        cast({{ dbt.dateadd('month', 'month_offsets.month_offset', 'spine_bounds.first_month') }} as date) as month_start,
        spine_bounds.as_of_date
    from month_offsets
    cross join spine_bounds
    where {{ dbt.dateadd('month', 'month_offsets.month_offset', 'spine_bounds.first_month') }} <= spine_bounds.last_month
),

account_months as (
    select
        account_first_months.account_id,
        account_first_months.cohort_month,
        month_spine.month_start,
        {{ dbt.datediff('account_first_months.cohort_month', 'month_spine.month_start', 'month') }}
            as months_since_creation,
        cast({{ dbt.last_day('month_spine.month_start', 'month') }} as date) as month_end_date,
        month_spine.as_of_date
    from account_first_months
    inner join month_spine
        on account_first_months.first_month <= month_spine.month_start
),

measured_months as (
    select
        account_id,
        cohort_month,
        month_start,
        months_since_creation,
        month_end_date,
        case when month_end_date <= as_of_date then month_end_date else as_of_date end as mrr_date,
        month_end_date <= as_of_date as is_month_complete
    from account_months
),

month_end_positions as (
    select
        measured_months.account_id,
        measured_months.month_start,
        sum(billable_states.mrr_usd) as mrr_usd,
        sum(billable_states.seats) as seats,
        count(*) as billable_subscriptions,
        sum(case when billable_states.mrr_usd > 0 then 1 else 0 end) as paid_subscriptions,
        max(case when billable_states.mrr_usd > 0 and billable_states.plan = 'enterprise' then 1 else 0 end)
            as has_paid_enterprise
    from measured_months
    inner join billable_states
        on
            measured_months.account_id = billable_states.account_id
            and measured_months.mrr_date >= billable_states.valid_from_date
            and (billable_states.valid_to_date is null or measured_months.mrr_date < billable_states.valid_to_date)
    group by measured_months.account_id, measured_months.month_start
),

final as (
    select
        measured_months.account_id,
        measured_months.month_start,
        measured_months.month_end_date,
        measured_months.mrr_date,
        measured_months.is_month_complete,
        measured_months.cohort_month,
        cast(measured_months.months_since_creation as integer) as months_since_creation,
        cast(coalesce(month_end_positions.mrr_usd, 0) as decimal(18, 2)) as mrr_usd,
        cast(coalesce(month_end_positions.seats, 0) as bigint) as seats,
        cast(coalesce(month_end_positions.billable_subscriptions, 0) as bigint) as billable_subscriptions,
        coalesce(month_end_positions.mrr_usd, 0) > 0 as is_paying,
        coalesce(month_end_positions.has_paid_enterprise, 0) = 1 as has_paid_enterprise,
        case
            when month_end_positions.has_paid_enterprise = 1 then 'enterprise'
            when month_end_positions.paid_subscriptions > 0 then 'team'
            else 'free'
        end as plan
    from measured_months
    left join month_end_positions
        on
            measured_months.account_id = month_end_positions.account_id
            and measured_months.month_start = month_end_positions.month_start
)

select * from final
