{#- An account's current MRR (`column_name` of `model`, one row per account)
    equals its mrr_usd in the last month of the MRR bridge `bridge_model`
    (the month of as_of_date, measured on as_of_date), and is 0 for an account
    without bridge rows (contract §6). Returns each account where they differ. -#}
{% test revenue_current_mrr_matches_bridge(model, column_name, bridge_model, account_column='account_id') %}
    with

    last_bridge_month as (
        select max(month_start) as month_start
        from {{ bridge_model }}
    ),

    bridge_now as (
        select
            bridge.account_id,
            bridge.mrr_usd
        from {{ bridge_model }} as bridge
        inner join last_bridge_month
            on bridge.month_start = last_bridge_month.month_start
    )

    select
        current_rows.{{ account_column }} as account_id,
        current_rows.{{ column_name }} as current_mrr_usd,
        bridge_now.mrr_usd as bridge_mrr_usd
    from {{ model }} as current_rows
    left join bridge_now
        on current_rows.{{ account_column }} = bridge_now.account_id
    where coalesce(current_rows.{{ column_name }}, -1) <> coalesce(bridge_now.mrr_usd, 0)
{% endtest %}
