{#- Time to team (contract §6): distribution of mart_account_expansion.time_to_team_days,
    whole days from account creation to the first paid team / enterprise
    subscription, over accounts that reached a paid team. One row per bucket
    with the count, share and cumulative share, and the same quartiles and
    90th percentile (continuous) repeated on every row for the chart title.
    Buckets are closed ranges of days ending at 7, 14, 30, `i2t_window_days`
    (60), 90, 180 and 365, then one open bucket; the bucket ending at the I2T
    window is flagged so the I2T rate reads off its cumulative share. -#}

{%- set upper_bounds = [7, 14, 30, var('i2t_window_days'), 90, 180, 365] | unique | sort -%}

with

expansion as (
    select * from {{ ref('mart_account_expansion') }}
),

teams as (
    select
        account_id,
        time_to_team_days
    from expansion
    where time_to_team_days is not null
),

-- closed buckets [previous bound + 1, bound], then an open-ended last one
buckets as (
    {%- for bound in upper_bounds %}
        select
            {{ loop.index }} as bucket_order,
            {{ 0 if loop.first else upper_bounds[loop.index0 - 1] + 1 }} as days_from,
            {{ bound }} as days_to,
            '{{ 0 if loop.first else upper_bounds[loop.index0 - 1] + 1 }}-{{ bound }} days' as bucket_label
        union all
    {%- endfor %}
    select
        {{ upper_bounds | length + 1 }} as bucket_order,
        {{ upper_bounds[-1] + 1 }} as days_from,
        cast(null as integer) as days_to,
        'over {{ upper_bounds[-1] }} days' as bucket_label
),

bucketed as (
    select
        buckets.bucket_order,
        buckets.bucket_label,
        buckets.days_from,
        buckets.days_to,
        count(teams.account_id) as team_accounts_in_bucket
    from buckets
    left join teams
        on
            buckets.days_from <= teams.time_to_team_days
            and (buckets.days_to is null or buckets.days_to >= teams.time_to_team_days)
    group by
        buckets.bucket_order,
        buckets.bucket_label,
        buckets.days_from,
        buckets.days_to
),

summary as (
    select
        count(*) as team_accounts,
        percentile_cont(0.25) within group (order by time_to_team_days) as p25_days,
        percentile_cont(0.5) within group (order by time_to_team_days) as median_days,
        percentile_cont(0.75) within group (order by time_to_team_days) as p75_days,
        percentile_cont(0.9) within group (order by time_to_team_days) as p90_days
    from teams
),

final as (
    select
        bucketed.bucket_order,
        bucketed.bucket_label,
        bucketed.days_from,
        bucketed.days_to,
        bucketed.team_accounts_in_bucket as bucket_accounts,
        bucketed.team_accounts_in_bucket * 1.0 / nullif(summary.team_accounts, 0) as share_of_team_accounts,
        sum(bucketed.team_accounts_in_bucket) over (
            order by bucketed.bucket_order rows between unbounded preceding and current row
        ) * 1.0 / nullif(summary.team_accounts, 0) as cumulative_share,
        coalesce(bucketed.days_to = {{ var('i2t_window_days') }}, false) as ends_at_i2t_window,
        summary.team_accounts,
        summary.p25_days,
        summary.median_days,
        summary.p75_days,
        summary.p90_days
    from bucketed
    cross join summary
)

select * from final
order by bucket_order
