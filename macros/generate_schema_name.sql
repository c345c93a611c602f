{#- Folder schemas (staging, intermediate, marts, audit, seeds) are used verbatim,
    so BI tools read `marts.mart_pqa`, not `main_marts.mart_pqa`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
