{#- One row per web session (contract §3, 7, 10). Page views of one visitor (its
    anonymous_id; a page view without one is keyed by its user_id) ordered by
    time then id; a gap of more than `session_timeout_minutes` starts a new
    session (exactly the timeout does not). The session takes the channel of its
    first page view: UTM medium through the `utm_medium_channels` seed (unmapped
    -> other_campaign), else the referrer host through `referrer_host_rules`,
    own-site hosts (var `site_hosts`, host or subdomain) and no referrer ->
    direct, any other host -> referral. -#}

with

pageviews as (
    select * from {{ ref('int_web_pageviews_stitched') }}
),

utm_medium_channels as (
    select * from {{ ref('utm_medium_channels') }}
),

referrer_host_rules as (
    select * from {{ ref('referrer_host_rules') }}
),

visits as (
    select
        *,
        coalesce(anonymous_id, 'user:' || user_id) as visitor_id,
        lag(occurred_at) over (
            partition by coalesce(anonymous_id, 'user:' || user_id)
            order by occurred_at, pageview_id
        ) as previous_occurred_at
    from pageviews
),

session_starts as (
    select
        *,
        case
            when previous_occurred_at is null then 1
            when {{ epoch_seconds_between('previous_occurred_at', 'occurred_at') }}
                > {{ var('session_timeout_minutes') }} * 60 then 1
            else 0
        end as is_session_start
    from visits
),

numbered as (
    select
        *,
        sum(is_session_start) over (
            partition by visitor_id
            order by occurred_at, pageview_id
            rows between unbounded preceding and current row
        ) as session_number
    from session_starts
),

sessions as (
    select
        visitor_id,
        session_number,
        count(*) as pageviews,
        max(occurred_at) as ended_at
    from numbered
    group by visitor_id, session_number
),

first_pageviews as (
    select *
    from numbered
    where is_session_start = 1
),

referrer_matches as (
    select
        first_pageviews.pageview_id,
        referrer_host_rules.channel,
        row_number() over (
            partition by first_pageviews.pageview_id
            order by referrer_host_rules.rule_order
        ) as rule_rank
    from first_pageviews
    inner join referrer_host_rules
        on
            (
                referrer_host_rules.match_type = 'contains'
                and {{ dbt.position('referrer_host_rules.pattern', 'first_pageviews.referrer_host') }} > 0
            )
            or (
                referrer_host_rules.match_type = 'host_or_subdomain'
                and (
                    first_pageviews.referrer_host = referrer_host_rules.pattern
                    or {{ dbt.right('first_pageviews.referrer_host', dbt.length('referrer_host_rules.pattern') ~ ' + 1') }}
                    = '.' || referrer_host_rules.pattern
                )
            )
),

classified as (
    select
        first_pageviews.pageview_id,
        case
            when first_pageviews.utm_medium is not null
                then coalesce(utm_medium_channels.channel, 'other_campaign')
            when referrer_matches.channel is not null then referrer_matches.channel
            when first_pageviews.referrer_host is null then 'direct'
            {% for host in var('site_hosts') %}
                when first_pageviews.referrer_host = '{{ host | lower }}'
                    or {{ dbt.right('first_pageviews.referrer_host', (host | length) + 1) }} = '.{{ host | lower }}'
                    then 'direct'
            {% endfor %}
            else 'referral'
        end as channel
    from first_pageviews
    left join utm_medium_channels
        on first_pageviews.utm_medium = utm_medium_channels.utm_medium
    left join referrer_matches
        on
            first_pageviews.pageview_id = referrer_matches.pageview_id
            and referrer_matches.rule_rank = 1
),

final as (
    select
        first_pageviews.pageview_id as session_id,
        first_pageviews.visitor_id,
        first_pageviews.anonymous_id,
        first_pageviews.user_id,
        first_pageviews.occurred_at as started_at,
        sessions.ended_at,
        sessions.pageviews,
        first_pageviews.page_path as landing_page_path,
        first_pageviews.utm_source,
        first_pageviews.utm_medium,
        first_pageviews.utm_campaign,
        first_pageviews.referrer_host,
        classified.channel
    from first_pageviews
    inner join sessions
        on
            first_pageviews.visitor_id = sessions.visitor_id
            and first_pageviews.session_number = sessions.session_number
    inner join classified
        on first_pageviews.pageview_id = classified.pageview_id
)

select * from final
