{#- Python UDFs (python_udfs/, registered by the dbt-duckdb plugin python_udfs.plugin).
    Dispatched so another engine can bind its own implementation (a Spark UDF,
    a Snowflake Python UDF) without touching the models. -#}

{% macro persona_from_title(title_col) -%}
    {{ return(adapter.dispatch('persona_from_title', 'plg_warehouse')(title_col)) }}
{%- endmacro %}
{% macro default__persona_from_title(title_col) -%}
    persona_from_title({{ title_col }})
{%- endmacro %}

{% macro classify_community_text(body_col, competitors_list_sql) -%}
    {{ return(adapter.dispatch('classify_community_text', 'plg_warehouse')(body_col, competitors_list_sql)) }}
{%- endmacro %}
{% macro default__classify_community_text(body_col, competitors_list_sql) -%}
    classify_community_text({{ body_col }}, {{ competitors_list_sql }})
{%- endmacro %}

{% macro decayed_signal_score(weight_col, age_days_col, half_life_days) -%}
    {{ return(adapter.dispatch('decayed_signal_score', 'plg_warehouse')(weight_col, age_days_col, half_life_days)) }}
{%- endmacro %}
{% macro default__decayed_signal_score(weight_col, age_days_col, half_life_days) -%}
    decayed_signal_score(
        cast({{ weight_col }} as double),
        cast({{ age_days_col }} as double),
        cast({{ half_life_days }} as double)
    )
{%- endmacro %}
