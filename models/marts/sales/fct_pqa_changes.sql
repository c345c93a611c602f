{#- One row per account and date on which its daily PQA qualification changes
    (contract §9, 11), from the daily history int_accounts_qualified_daily. See doc
    block `fct_pqa_changes`. -#}

with

qualified_days as (
    select * from {{ ref('int_accounts_qualified_daily') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

-- the history has rows only on dates the account could qualify; any other date is not PQA
with_neighbours as (
    select
        account_id,
        qualification_date,
        is_pqa,
        route,
        lag(qualification_date) over by_date as previous_date,
        lag(is_pqa) over by_date as previous_is_pqa,
        lead(qualification_date) over by_date as next_date
    from qualified_days
    window by_date as (partition by account_id order by qualification_date)
),

day_states as (
    select
        with_neighbours.account_id,
        with_neighbours.qualification_date,
        with_neighbours.is_pqa,
        with_neighbours.route,
        coalesce(
            with_neighbours.previous_date = {{ date_add_days('with_neighbours.qualification_date', -1) }}
            and with_neighbours.previous_is_pqa,
            false
        ) as was_pqa_day_before,
        with_neighbours.is_pqa
        and (
            with_neighbours.next_date is null
            or with_neighbours.next_date > {{ date_add_days('with_neighbours.qualification_date', 1) }}
        )
        and {{ date_add_days('with_neighbours.qualification_date', 1) }} <= as_of.as_of_date
            as lapses_next_day
    from with_neighbours
    cross join as_of
),

changes as (
    -- qualified: not PQA the day before, PQA now
    select
        account_id,
        qualification_date as changed_on,
        'qualified' as change_type,
        route
    from day_states
    where is_pqa and not was_pqa_day_before
    union all
    -- disqualified on a history date that follows a PQA day
    select
        account_id,
        qualification_date as changed_on,
        'disqualified' as change_type,
        cast(null as {{ dbt.type_string() }}) as route
    from day_states
    where not is_pqa and was_pqa_day_before
    union all
    -- disqualified the day after a PQA day with no history row (no core event in 30 days)
    select
        account_id,
        {{ date_add_days('qualification_date', 1) }} as changed_on,
        'disqualified' as change_type,
        cast(null as {{ dbt.type_string() }}) as route
    from day_states
    where lapses_next_day
),

final as (
    select
        account_id,
        cast(changed_on as date) as changed_on,
        change_type,
        route,
        change_type = 'qualified' as is_pqa_after_change
    from changes
)

select * from final
