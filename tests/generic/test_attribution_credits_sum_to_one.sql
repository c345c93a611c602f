{#- Attribution credits of one model sum to 1 per conversion (contract §7): returns
    each conversion (the `group_by` columns) whose credits in `column_name` sum
    to more than `tolerance` away from 1 (or are null). -#}
{% test attribution_credits_sum_to_one(model, column_name, group_by, tolerance=0.000000001) %}
    select
        {{ group_by | join(', ') }},
        sum({{ column_name }}) as credit_total
    from {{ model }}
    group by {{ group_by | join(', ') }}
    having
        sum({{ column_name }}) is null
        or abs(sum({{ column_name }}) - 1) > {{ tolerance }}
        or count({{ column_name }}) < count(*)
{% endtest %}
