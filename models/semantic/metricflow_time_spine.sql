{#- The day-grain time spine MetricFlow joins to (dbt 1.11 `time_spine:` config in
    _semantic__time_spine.yml). One row per calendar day, 2015-01-01 .. 2035-12-31:
    wide enough for any history a raw drop carries and for the cohort months
    ahead of it. Built with dbt's cross-database date_spine, so it moves with
    the project to another warehouse. -#}

{{ config(materialized='table', schema='semantic') }}

with

days as (
    {{ dbt.date_spine('day', "cast('2015-01-01' as date)", "cast('2036-01-01' as date)") }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
