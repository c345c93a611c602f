{#- One row per staged user with first value, activation and retention (contract §4, 10).

    First value: the user's first event at or after `signup_at` whose name is in
    var `activation_events`. Activated: first value within
    `activation_window_days` of signup (timestamps, inclusive). Retention windows
    are by date: d30 = an active day in signup_date + 30 .. + 59, known once
    as_of_date >= signup_date + 60 (else null); d60 = + 60 .. + 89, known from + 90. -#}

with

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

users as (
    select * from {{ ref('int_users_enriched') }}
),

events as (
    select * from {{ ref('int_product_events_stitched') }}
),

user_days as (
    select * from {{ ref('int_users_activity_daily') }}
),

value_events as (
    select
        events.user_id,
        events.occurred_at
    from events
    inner join users
        on events.user_id = users.user_id
    where
        events.event_name in {{ sql_string_list(var('activation_events')) }}
        and events.occurred_at >= users.created_at
),

first_value as (
    select
        user_id,
        min(occurred_at) as first_value_at
    from value_events
    group by user_id
),

retention_days as (
    select
        users.user_id,
        max(
            case
                when user_days.activity_date between {{ dbt.dateadd('day', 30, 'users.signup_date') }}
                    and {{ dbt.dateadd('day', 59, 'users.signup_date') }} then 1
                else 0
            end
        ) as has_active_day_d30,
        max(
            case
                when user_days.activity_date between {{ dbt.dateadd('day', 60, 'users.signup_date') }}
                    and {{ dbt.dateadd('day', 89, 'users.signup_date') }} then 1
                else 0
            end
        ) as has_active_day_d60
    from users
    inner join user_days
        on users.user_id = user_days.user_id
    where user_days.is_active
    group by users.user_id
),

final as (
    select
        users.user_id,
        users.created_at as signup_at,
        users.signup_date,
        first_value.first_value_at,
        {{ whole_minutes_between('users.created_at', 'first_value.first_value_at') }}
            as time_to_first_value_minutes,
        coalesce(
            first_value.first_value_at
            <= {{ dbt.dateadd('day', var('activation_window_days'), 'users.created_at') }},
            false
        ) as is_activated,
        case
            when (select as_of_date from as_of) >= {{ dbt.dateadd('day', 60, 'users.signup_date') }}
                then coalesce(retention_days.has_active_day_d30, 0) = 1
        end as retained_d30,
        case
            when (select as_of_date from as_of) >= {{ dbt.dateadd('day', 90, 'users.signup_date') }}
                then coalesce(retention_days.has_active_day_d60, 0) = 1
        end as retained_d60
    from users
    left join first_value
        on users.user_id = first_value.user_id
    left join retention_days
        on users.user_id = retention_days.user_id
)

select * from final
