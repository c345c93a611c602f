{#- Schemas per environment. The `prod` output builds the folder schemas
    (staging, intermediate, marts, audit, seeds) as named, so BI tools read
    `marts.mart_pqa`; so do the Spark outputs (`spark`, `spark_thrift`,
    `spark_http`: each is a warehouse of its own). Every other output prefixes them with its own schema
    (`dev_marts.mart_pqa` for schema `dev`), so builds of developers or CI into
    a shared warehouse never collide with each other or with prod. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif target.name == 'prod' or target.name.startswith('spark') -%}
        {{ custom_schema_name | trim }}
    {%- else -%}
        {{ target.schema }}_{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
