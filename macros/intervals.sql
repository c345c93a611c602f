{#- True when `date_expr` falls in the half-open validity interval of a row of
    `alias`: valid_from_date <= date < valid_to_date (open-ended when
    valid_to_date is null). Used for subscription states and enrichments. -#}
{% macro is_valid_on(alias, date_expr) -%}
    {{ alias }}.valid_from_date <= {{ date_expr }}
    and ({{ alias }}.valid_to_date is null or {{ date_expr }} < {{ alias }}.valid_to_date)
{%- endmacro %}
