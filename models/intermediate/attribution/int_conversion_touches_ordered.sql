{#- One row per conversion x touchpoint (contract §7, 10): the touchpoints of every
    user of the converting account (closed_won: of every account of the
    organization, freemail users included) with
    `converted_at - attribution_lookback_days <= touched_at < converted_at`,
    numbered 1..n by touched_at, then source (marketing, web session,
    community), then touchpoint_id. A conversion without touchpoints gets one
    synthetic touch (`touch_source = 'none'`, channel `direct`, touched_at =
    converted_at, touchpoint_id null) so that every conversion has a path. -#}

with

conversions as (
    select * from {{ ref('int_conversions_identified') }}
),

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
),

users as (
    select * from {{ ref('int_users_enriched') }}
),

touchpoints as (
    select * from {{ ref('int_touchpoints_classified') }}
),

-- whose touchpoints count: the converting account, or the whole organization
conversion_accounts as (
    select
        conversion_key,
        account_id
    from conversions
    where
        conversion_type = 'first_paid'
        and account_id is not null

    union all

    select
        conversions.conversion_key,
        accounts.account_id
    from conversions
    inner join accounts
        on conversions.org_domain = accounts.org_domain
    where conversions.conversion_type = 'closed_won'
),

conversion_users as (
    select distinct
        conversion_accounts.conversion_key,
        users.user_id
    from conversion_accounts
    inner join users
        on conversion_accounts.account_id = users.account_id
),

touches_in_lookback as (
    select
        conversions.conversion_key,
        touchpoints.touchpoint_id,
        touchpoints.touch_source,
        touchpoints.source_order,
        touchpoints.channel,
        touchpoints.touched_at
    from conversions
    inner join conversion_users
        on conversions.conversion_key = conversion_users.conversion_key
    inner join touchpoints
        on conversion_users.user_id = touchpoints.user_id
    where
        touchpoints.touched_at >= {{ dbt.dateadd('day', -var('attribution_lookback_days'), 'conversions.converted_at') }}
        and touchpoints.touched_at < conversions.converted_at
),

conversions_with_touches as (
    select distinct conversion_key
    from touches_in_lookback
),

-- contract §10: a conversion without touchpoints is credited to `direct`
synthetic_direct_touches as (
    select
        conversions.conversion_key,
        cast(null as {{ dbt.type_string() }}) as touchpoint_id,
        'none' as touch_source,
        0 as source_order,
        'direct' as channel,
        conversions.converted_at as touched_at
    from conversions
    left join conversions_with_touches
        on conversions.conversion_key = conversions_with_touches.conversion_key
    where conversions_with_touches.conversion_key is null
),

all_touches as (
    select * from touches_in_lookback
    -- both select the same columns in the same order
    union all
    select * from synthetic_direct_touches
),

ordered as (
    select
        conversion_key,
        touchpoint_id,
        touch_source,
        channel,
        touched_at,
        row_number() over (
            partition by conversion_key
            order by touched_at, source_order, touchpoint_id
        ) as touch_position,
        count(*) over (partition by conversion_key) as path_length
    from all_touches
),

final as (
    select
        conversions.conversion_key,
        conversions.conversion_id,
        conversions.conversion_type,
        conversions.account_id,
        conversions.org_domain,
        conversions.converted_at,
        conversions.revenue_usd,
        ordered.touch_position,
        ordered.path_length,
        ordered.touchpoint_id,
        ordered.touch_source,
        ordered.channel,
        ordered.touched_at,
        cast(
            {{ fractional_days_between('ordered.touched_at', 'conversions.converted_at') }}
            as double
        ) as days_before_conversion
    from ordered
    inner join conversions
        on ordered.conversion_key = conversions.conversion_key
)

select * from final
