{#- Procurement thresholds (contract §11): var procurement_thresholds_usd, annual USD,
    read in ascending order whatever order the var lists them in. -#}

{#- How many thresholds an annual spend has reached (spend >= threshold): 0 .. n. -#}
{% macro procurement_spend_tier(annual_spend) -%}
    {%- set thresholds = var('procurement_thresholds_usd') | map('float') | sort -%}
    ({%- for threshold in thresholds -%}
        case when {{ annual_spend }} >= {{ threshold }} then 1 else 0 end{{ ' + ' if not loop.last }}
    {%- endfor -%})
{%- endmacro %}

{#- The lowest threshold an annual spend has not reached; null when all are. -#}
{% macro next_procurement_threshold(annual_spend) -%}
    {%- set thresholds = var('procurement_thresholds_usd') | map('float') | sort -%}
    case
        {%- for threshold in thresholds %} when {{ annual_spend }} < {{ threshold }} then {{ threshold }}{% endfor %}
    end
{%- endmacro %}
