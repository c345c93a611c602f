{#- The column lies in [0, 1] where not null (rates, shares, credits; contract §9). -#}
{% test is_fraction(model, column_name) %}
    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} < 0 or {{ column_name }} > 1
{% endtest %}
