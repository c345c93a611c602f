{#- Incremental scope of the daily activity models (contract §8).

    Returns a SQL predicate on `occurred_date_column`: true on a full refresh;
    on an incremental run true for every date touched by newly received events
    (received_at within `late_arrival_days` of the model's watermark) and for
    every date of events whose anonymous_id was (re)stitched by newly received
    data: a newly received event or page view that carries the cookie with a
    user_id and is (or ties) its first identification in
    int_anonymous_ids_stitched. Only such a row can stitch a cookie or move it
    to an earlier-seen user; a cookie merely seen again with its user does not
    reopen its whole history. Whole dates are
    recomputed and replaced (unique_key = activity_date), so a row that loses
    its last event disappears too. -#}
{% macro activity_dates_to_recompute(occurred_date_column) -%}
    {%- if is_incremental() -%}
        {%- set since -%}
            (select {{ dbt.dateadd('day', -var('late_arrival_days'), 'max(last_received_at)') }} from {{ this }})
        {%- endset -%}
        {{ occurred_date_column }} in (
            select recent_events.occurred_date
            from {{ ref('int_product_events_stitched') }} as recent_events
            where recent_events.received_at >= {{ since }}
            union
            select restitched_events.occurred_date
            from {{ ref('int_product_events_stitched') }} as restitched_events
            where restitched_events.anonymous_id in (
                select stitched.anonymous_id
                from {{ ref('int_anonymous_ids_stitched') }} as stitched
                inner join (
                    {%- for sighted in ['int_product_events_stitched', 'int_web_pageviews_stitched'] %}
                    select
                        new_rows.anonymous_id,
                        new_rows.occurred_at
                    from {{ ref(sighted) }} as new_rows
                    where
                        new_rows.received_at >= {{ since }}
                        and new_rows.anonymous_id is not null
                        and new_rows.tracked_user_id is not null
                    {% if not loop.last %}union all{% endif %}
                    {%- endfor %}
                ) as new_sightings
                    on
                        stitched.anonymous_id = new_sightings.anonymous_id
                        and new_sightings.occurred_at <= stitched.first_identified_at
            )
        )
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}

{#- The daily activity measures shared by the user and account grains. -#}
{% macro daily_activity_measures(events_alias) -%}
    count(*) as events,
    sum(case when {{ events_alias }}.is_core_event then 1 else 0 end) as core_events,
    sum(case when {{ events_alias }}.is_core_event then 1 else 0 end) > 0 as is_active,
    sum(case when {{ events_alias }}.event_name = 'api_call' then 1 else 0 end) as api_calls,
    sum({{ events_alias }}.api_request_count) as api_requests,
    sum({{ events_alias }}.compute_units) as compute_units,
    sum(case when {{ events_alias }}.event_name = 'deployed' then 1 else 0 end) as deploys,
    sum(case when {{ events_alias }}.deploy_environment = 'production' then 1 else 0 end) as production_deploys,
    sum(case when {{ events_alias }}.event_name = 'integration_connected' then 1 else 0 end) as integrations_connected,
    sum(case when {{ events_alias }}.event_name = 'invite_sent' then 1 else 0 end) as invites_sent,
    sum(case when {{ events_alias }}.event_name = 'invite_accepted' then 1 else 0 end) as invites_accepted,
    sum(case when {{ events_alias }}.event_name = 'rate_limit_hit' then 1 else 0 end) as rate_limit_hits,
    sum(case when {{ events_alias }}.event_name = 'feature_viewed' then 1 else 0 end) as feature_views,
    max({{ events_alias }}.received_at) as last_received_at
{%- endmacro %}
