{#- At-least-once deliveries in the incremental staging models (contract §2, 8, 10).

    `deliveries_to_stage(base_model, key, columns)` is the select of the
    deliveries that compete for each key this run:
    - full refresh: every valid row of the base model;
    - incremental: the valid rows received within `late_arrival_days` of the
      model's watermark (re-read, so rows staged earlier inside the window come
      back from the base model), plus the rows staged before the window whose
      key was delivered again: the kept row is always the first received.
    Called once with every staged column and again with only the key and the
    arrival-order columns: the wide rows are scanned once and only
    keys delivered more than once are ranked. -#}

{% macro reload_cutoff() -%}
    (select {{ dbt.dateadd('day', -var('late_arrival_days'), 'max(received_at)') }} from {{ this }})
{%- endmacro %}

{% macro deliveries_to_stage(base_model, key, columns) -%}
    select {{ columns | join(', ') }}
    from {{ ref(base_model) }}
    where
        reject_reason is null
        {%- if is_incremental() %}
        and received_at >= {{ reload_cutoff() }}
    union all
    select {{ columns | join(', ') }}
    from {{ this }}
    where
        received_at < {{ reload_cutoff() }}
        and {{ key }} in (
            select redelivered.{{ key }}
            from {{ ref(base_model) }} as redelivered
            where redelivered.reject_reason is null and redelivered.received_at >= {{ reload_cutoff() }}
        )
        {%- endif %}
{%- endmacro %}

{#- The first received delivery of every key delivered more than once this run:
    one row per such key with its arrival-order columns (`arrival_order`, the
    contract §10 tie-break list, ending in the file name and row number). -#}
{% macro first_deliveries_of_repeated_keys(base_model, key, arrival_order) -%}
    select *
    from (
        select
            {{ key }},
            {{ arrival_order | join(', ') }},
            row_number() over (partition by {{ key }} order by {{ arrival_order | join(', ') }}) as arrival_rank
        from ({{ deliveries_to_stage(base_model, key, [key] + arrival_order) }}) as arrivals
        where {{ key }} in (
            select repeated.{{ key }}
            from ({{ deliveries_to_stage(base_model, key, [key]) }}) as repeated
            group by repeated.{{ key }}
            having count(*) > 1
        )
    ) as ranked
    where arrival_rank = 1
{%- endmacro %}

{#- Predicate: the delivery is the one kept for its key (alias `deliveries`
    left-joined to `first_deliveries`). -#}
{% macro is_first_delivery(key, arrival_order) -%}
    {%- set same_arrival = [] -%}
    {%- for column in arrival_order -%}
        {%- do same_arrival.append('deliveries.' ~ column ~ ' is not distinct from first_deliveries.' ~ column) -%}
    {%- endfor -%}
    (first_deliveries.{{ key }} is null or ({{ same_arrival | join(' and ') }}))
{%- endmacro %}
