{{
    config(
        materialized='incremental',
        unique_key='pageview_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}

{#- Incremental on `received_at` with a trailing window, exactly like
    stg_raw__product_events (SPEC 8). -#}

with

valid_pageviews as (
    select * from {{ ref('base_raw__web_pageviews') }}
    where
        reject_reason is null
    {% if is_incremental() %}
            and received_at >= (
                select {{ dbt.dateadd('day', -var('late_arrival_days'), 'max(received_at)') }}
                from {{ this }}
            )
        {% endif %}
),

candidates as (
    select
        pageview_id,
        anonymous_id,
        user_id,
        occurred_at,
        received_at,
        url,
        page_path,
        utm_source,
        utm_medium,
        utm_campaign,
        referrer,
        referrer_host,
        _file_name,
        _file_row_number
    from valid_pageviews
    {% if is_incremental() %}
        union all
        select
            pageview_id,
            anonymous_id,
            user_id,
            occurred_at,
            received_at,
            url,
            page_path,
            utm_source,
            utm_medium,
            utm_campaign,
            referrer,
            referrer_host,
            _file_name,
            _file_row_number
        from {{ this }}
        where pageview_id in (select valid_pageviews.pageview_id from valid_pageviews)
    {% endif %}
),

-- issue 9: a key delivered more than once is rare; only its rows are sorted
repeated_keys as (
    select pageview_id
    from candidates
    group by pageview_id
    having count(*) > 1
),

-- SPEC 2, 10: one row per pageview_id, the first received (then browser clock, then file order)
ranked as (
    select
        *,
        1 as arrival_rank
    from candidates
    where pageview_id not in (select repeated_keys.pageview_id from repeated_keys)
    union all
    select
        *,
        row_number() over (
            partition by pageview_id
            order by received_at, occurred_at, _file_name, _file_row_number
        ) as arrival_rank
    from candidates
    where pageview_id in (select repeated_keys.pageview_id from repeated_keys)
),

final as (
    select
        pageview_id,
        anonymous_id,
        user_id,
        occurred_at,
        received_at,
        url,
        page_path,
        utm_source,
        utm_medium,
        utm_campaign,
        referrer,
        referrer_host,
        _file_name,
        _file_row_number
    from ranked
    where arrival_rank = 1
)

select * from final
