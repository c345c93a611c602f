with

users as (
    select * from {{ ref('int_users_enriched') }}
),

first_value as (
    select * from {{ ref('int_users_first_value') }}
),

acquisition as (
    select * from {{ ref('int_users_acquisition_channels') }}
),

final as (
    select
        users.user_id,
        users.account_id,
        first_value.signup_at,
        first_value.signup_date,
        cast({{ dbt.date_trunc('week', 'first_value.signup_at') }} as date) as signup_week,
        first_value.first_value_at,
        first_value.time_to_first_value_minutes,
        first_value.is_activated,
        first_value.retained_d30,
        first_value.retained_d60,
        acquisition.acquisition_channel,
        acquisition.acquisition_touch_source,
        users.is_deleted
    from users
    inner join first_value
        on users.user_id = first_value.user_id
    inner join acquisition
        on users.user_id = acquisition.user_id
)

select * from final
