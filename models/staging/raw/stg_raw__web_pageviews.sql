{{
    config(
        materialized=incremental_materialization(),
        unique_key='pageview_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}

{#- Incremental on `received_at` with a trailing window, exactly like
    stg_raw__product_events (contract §8; macros/deliveries.sql). -#}

{%- set staged_columns = [
    'pageview_id', 'anonymous_id', 'user_id', 'occurred_at', 'received_at',
    'url', 'page_path', 'utm_source', 'utm_medium', 'utm_campaign',
    'referrer', 'referrer_host', '_file_name', '_file_row_number'
] -%}
{#- contract §2, 10: first received, then client clock, then file order -#}
{%- set arrival_order = ['received_at', 'occurred_at', '_file_name', '_file_row_number'] %}

with

deliveries as (
    {{ deliveries_to_stage('base_raw__web_pageviews', 'pageview_id', staged_columns) }}
),

-- a key delivered more than once is rare; only its arrivals are ranked
first_deliveries as (
    {{ first_deliveries_of_repeated_keys('base_raw__web_pageviews', 'pageview_id', arrival_order) }}
),

final as (
    select
        {{ qualified_columns('deliveries', staged_columns) }}
    from deliveries
    left join first_deliveries
        on deliveries.pageview_id = first_deliveries.pageview_id
    where {{ is_first_delivery('pageview_id', arrival_order) }}
)

select * from final
