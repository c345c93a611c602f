{#- The MRR bridge balances (contract §6, 9). Returns one row per violation:
    - `row_does_not_add_up`: previous_mrr + movement <> mrr on an account-month;
    - `previous_is_not_prior_month`: previous_mrr differs from the account's mrr
      of the calendar month before (0 on the account's first row), or the month
      before is missing (the account's months must be contiguous);
    - `account_stops_early`: an account's last month is before the model's last
      month (zero months after churn must stay in the bridge);
    - `month_does_not_balance`: per month, the sum of movements differs from total
      mrr of that month minus total mrr of the month before. -#}
{% test revenue_mrr_bridge_balances(
    model,
    account_column='account_id',
    month_column='month_start',
    mrr_column='mrr_usd',
    previous_column='previous_mrr_usd',
    movement_column='movement_usd'
) %}
    with

    bridge as (
        select
            {{ account_column }} as account_id,
            cast({{ month_column }} as date) as month_start,
            {{ mrr_column }} as mrr_usd,
            {{ previous_column }} as previous_mrr_usd,
            {{ movement_column }} as movement_usd
        from {{ model }}
    ),

    with_prior as (
        select
            bridge.*,
            lag(month_start) over (partition by account_id order by month_start) as prior_month_start,
            lag(mrr_usd) over (partition by account_id order by month_start) as prior_mrr_usd
        from bridge
    ),

    row_failures as (
        select
            'row_does_not_add_up' as failure_reason,
            account_id,
            month_start
        from bridge
        where
            previous_mrr_usd is null
            or movement_usd is null
            or mrr_usd is null
            or previous_mrr_usd + movement_usd <> mrr_usd
    ),

    continuity_failures as (
        select
            'previous_is_not_prior_month' as failure_reason,
            account_id,
            month_start
        from with_prior
        where
            (prior_month_start is null and previous_mrr_usd <> 0)
            or (
                prior_month_start is not null
                and (
                    prior_month_start <> cast({{ dbt.dateadd('month', -1, 'month_start') }} as date)
                    or previous_mrr_usd <> prior_mrr_usd
                )
            )
    ),

    account_ends as (
        select
            account_id,
            max(month_start) as last_month_start
        from bridge
        group by account_id
    ),

    early_stops as (
        select
            'account_stops_early' as failure_reason,
            account_ends.account_id,
            account_ends.last_month_start as month_start
        from account_ends
        where account_ends.last_month_start < (select max(bridge.month_start) from bridge)
    ),

    month_totals as (
        select
            month_start,
            sum(mrr_usd) as total_mrr_usd,
            sum(movement_usd) as total_movement_usd
        from bridge
        group by month_start
    ),

    month_failures as (
        select
            'month_does_not_balance' as failure_reason,
            cast(null as {{ dbt.type_string() }}) as account_id,
            month_totals.month_start
        from month_totals
        left join month_totals as prior_totals
            on prior_totals.month_start = cast({{ dbt.dateadd('month', -1, 'month_totals.month_start') }} as date)
        where
            month_totals.total_movement_usd
            <> month_totals.total_mrr_usd - coalesce(prior_totals.total_mrr_usd, 0)
    )

    select * from row_failures
    union all
    select * from continuity_failures
    union all
    select * from early_stops
    union all
    select * from month_failures
{% endtest %}
