{#- One row per subscription state that held for at least one whole day (contract §6, 10).

    A change takes effect for its whole day: the state on a day is the one after
    the last change of that day (same instant: the larger change_id is later),
    so earlier changes of the same day never hold. A state holds from
    `valid_from_date` until the day before `valid_to_date` (null: still holds).
    `is_billable` = status `active` or `past_due` (those count for MRR and seats). -#}

with

changes as (
    select * from {{ ref('stg_raw__subscription_changes') }}
    where {{ on_or_before_as_of('changed_at') }}
),

ranked_in_day as (
    select
        *,
        cast(changed_at as date) as changed_date,
        row_number() over (
            partition by subscription_id, cast(changed_at as date)
            order by changed_at desc, change_id desc
        ) as reverse_rank_in_day
    from changes
),

day_states as (
    select *
    from ranked_in_day
    where reverse_rank_in_day = 1
),

final as (
    select
        change_id,
        subscription_id,
        account_id,
        changed_at,
        changed_date as valid_from_date,
        lead(changed_date) over (partition by subscription_id order by changed_date) as valid_to_date,
        plan,
        status,
        coalesce(seats, 0) as seats,
        coalesce(mrr_usd, cast(0 as decimal(12, 2))) as mrr_usd,
        status in ('active', 'past_due') as is_billable
    from day_states
)

select * from final
