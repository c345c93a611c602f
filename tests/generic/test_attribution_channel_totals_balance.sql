{#- The channel mart balances against the conversions (contract §7, 10): for every
    attribution model, credited conversions over all channels equal the number
    of conversions in `paths_model` (within `conversion_tolerance`) and credited
    revenue equals their total revenue within `revenue_tolerance_per_row` (a
    cent) per channel row, since each row is rounded to cents. Returns each
    model that does not balance. -#}
{% test attribution_channel_totals_balance(
    model,
    paths_model,
    conversion_tolerance=0.000001,
    revenue_tolerance_per_row=0.01
) %}
    with

    channel_totals as (
        select
            attribution_model,
            sum(credited_conversions) as credited_conversions,
            sum(credited_revenue_usd) as credited_revenue_usd,
            count(*) as channel_rows
        from {{ model }}
        group by attribution_model
    ),

    conversion_totals as (
        select
            count(*) as conversions,
            coalesce(sum(revenue_usd), 0) as revenue_usd
        from {{ paths_model }}
    )

    select
        channel_totals.attribution_model,
        channel_totals.credited_conversions,
        conversion_totals.conversions,
        channel_totals.credited_revenue_usd,
        conversion_totals.revenue_usd
    from channel_totals
    cross join conversion_totals
    where
        abs(channel_totals.credited_conversions - conversion_totals.conversions) > {{ conversion_tolerance }}
        or abs(channel_totals.credited_revenue_usd - conversion_totals.revenue_usd)
        > {{ revenue_tolerance_per_row }} * channel_totals.channel_rows
{% endtest %}
