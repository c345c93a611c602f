with

activation as (
    select * from {{ ref('mart_activation') }}
),

final as (
    select
        signup_week,
        acquisition_channel,
        cast(count(*) as bigint) as signups,
        cast(sum(case when is_activated then 1 else 0 end) as bigint) as activated_users,
        cast(sum(case when is_activated then 1 else 0 end) as double) / count(*) as activation_rate,
        cast({{ median_cont('time_to_first_value_minutes') }} as double) as median_time_to_first_value_minutes,
        cast(sum(case when retained_d30 then 1 else 0 end) as bigint) as retained_d30_users,
        cast(sum(case when retained_d30 is not null then 1 else 0 end) as bigint) as retention_d30_eligible_users,
        cast(sum(case when retained_d60 then 1 else 0 end) as bigint) as retained_d60_users,
        cast(sum(case when retained_d60 is not null then 1 else 0 end) as bigint) as retention_d60_eligible_users
    from activation
    group by signup_week, acquisition_channel
)

select * from final
