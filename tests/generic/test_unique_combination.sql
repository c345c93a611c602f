{#- The combination of columns is unique (a compound primary key). -#}
{% test unique_combination(model, combination) %}
    select {{ combination | join(', ') }}, count(*) as rows_with_key
    from {{ model }}
    group by {{ combination | join(', ') }}
    having count(*) > 1
{% endtest %}
