{#- The column is >= 0 where not null (money that cannot be negative, ratios; contract §9). -#}
{% test is_non_negative(model, column_name) %}
    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} < 0
{% endtest %}
