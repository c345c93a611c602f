{#- The combination of columns is a primary key: unique, and no key column null.
    Returns each repeated key with its count, and each row with a null key column. -#}
{% test unique_combination(model, combination) %}
    select
        {{ combination | join(', ') }},
        count(*) as rows_with_key
    from {{ model }}
    group by {{ combination | join(', ') }}
    having count(*) > 1
    union all
    select
        {{ combination | join(', ') }},
        1 as rows_with_key
    from {{ model }}
    where {% for column in combination %}{{ column }} is null{{ ' or ' if not loop.last }}{% endfor %}
{% endtest %}
