{#- Every row satisfies a SQL boolean expression (optionally only rows matching `where`). -#}
{% test expression_is_true(model, expression, column_name=none, row_condition=none) %}
    select *
    from {{ model }}
    where
        not coalesce({{ expression }}, false)
        {% if row_condition %}and ({{ row_condition }}){% endif %}
{% endtest %}
