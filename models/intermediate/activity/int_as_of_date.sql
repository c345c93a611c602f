{#- The one date every "last N days" is measured from, as a one-row model that
    other models import like any other input. Default: the latest
    (clock-corrected) `occurred_at` date of staged product events; a hand-set
    var `as_of_date` rebuilds history as of that day (rows dated after it are
    then ignored where models first read staged tables: `on_or_before_as_of`). -#}

with

staged_events as (
    select * from {{ ref('stg_raw__product_events') }}
),

latest_event as (
    select cast(max(occurred_at) as date) as latest_event_date
    from staged_events
),

final as (
    select
        {% if var('as_of_date', none) -%}
            cast('{{ var("as_of_date") }}' as date)
        {%- else -%}
            latest_event_date
        {%- endif %} as as_of_date,
        latest_event_date,
        {{ 'true' if var('as_of_date', none) else 'false' }} as is_set_by_hand
    from latest_event
)

select * from final
