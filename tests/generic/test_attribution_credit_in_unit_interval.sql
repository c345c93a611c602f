{#- An attribution credit is a fraction in [0, 1] and never null (contract §7, 9). -#}
{% test attribution_credit_in_unit_interval(model, column_name) %}
    select {{ column_name }}
    from {{ model }}
    where
        {{ column_name }} is null
        or {{ column_name }} < 0
        or {{ column_name }} > 1
{% endtest %}
