{#- Web signals, one row per occurrence (contract §5 catalog). Page views reach an
    account through the user they belong to (identity stitching, contract §3).
    - pricing_page_viewed (/pricing), security_page_viewed (/security or /terms),
      contact_page_viewed (/contact or /enterprise): one per user-day, at the
      first such view that day.
    - several_stakeholders: one per account-ISO-week having a day d on which 3+
      distinct users of the account's organization (all users of all accounts
      with its org_domain) viewed /pricing, /security or /enterprise during days
      d - 6 .. d. signal_at = the first instant of the week's first such day d at
      which the count reached 3: the view that brought it to 3, or midnight of d
      when 3 users had already viewed during d - 6 .. d - 1. Accounts without an
      org_domain (freemail only) have no organization and get no such signal. -#}

with

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

pageviews as (
    select * from {{ ref('int_web_pageviews_stitched') }}
    where user_id is not null
),

users as (
    select * from {{ ref('int_users_enriched') }}
),

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
),

day_offsets as (
    select generated_number - 1 as day_offset
    from ({{ dbt.generate_series(7) }}) as offsets
),

page_views_by_user as (
    select
        pageviews.pageview_id,
        pageviews.user_id,
        users.account_id,
        pageviews.occurred_at,
        pageviews.occurred_date,
        pageviews.page_path,
        case
            when pageviews.page_path = '/pricing' then 'pricing_page_viewed'
            when pageviews.page_path in ('/security', '/terms') then 'security_page_viewed'
            when pageviews.page_path in ('/contact', '/enterprise') then 'contact_page_viewed'
        end as signal_type
    from pageviews
    inner join users
        on pageviews.user_id = users.user_id
    where pageviews.page_path in ('/pricing', '/security', '/terms', '/contact', '/enterprise')
),

page_signals as (
    select
        account_id,
        signal_type,
        min(occurred_at) as signal_at,
        user_id,
        user_id || '|' || cast(occurred_date as {{ dbt.type_string() }}) as signal_key,
        min(page_path) || ' viewed' as signal_detail
    from page_views_by_user
    group by account_id, signal_type, user_id, occurred_date
),

stakeholder_views as (
    select
        accounts.org_domain,
        page_views_by_user.user_id,
        page_views_by_user.occurred_at,
        page_views_by_user.occurred_date
    from page_views_by_user
    inner join accounts
        on page_views_by_user.account_id = accounts.account_id
    where
        page_views_by_user.page_path in ('/pricing', '/security', '/enterprise')
        and accounts.org_domain is not null
),

candidate_days as (
    select distinct
        stakeholder_views.org_domain,
        {{ date_add_days('stakeholder_views.occurred_date', 'day_offsets.day_offset') }} as window_end_date
    from stakeholder_views
    cross join day_offsets
    where {{ dbt.dateadd('day', 'day_offsets.day_offset', 'stakeholder_views.occurred_date') }} <= (select as_of_date from as_of)
),

first_view_per_user_in_window as (
    select
        candidate_days.org_domain,
        candidate_days.window_end_date,
        stakeholder_views.user_id,
        min(stakeholder_views.occurred_at) as first_viewed_at
    from candidate_days
    inner join stakeholder_views
        on
            candidate_days.org_domain = stakeholder_views.org_domain
            and stakeholder_views.occurred_date
            >= {{ dbt.dateadd('day', -6, 'candidate_days.window_end_date') }}
            and candidate_days.window_end_date >= stakeholder_views.occurred_date
    group by candidate_days.org_domain, candidate_days.window_end_date, stakeholder_views.user_id
),

ranked_viewers as (
    select
        *,
        row_number() over (
            partition by org_domain, window_end_date
            order by first_viewed_at, user_id
        ) as viewer_rank
    from first_view_per_user_in_window
),

qualifying_days as (
    select
        org_domain,
        window_end_date,
        cast({{ dbt.date_trunc('week', 'window_end_date') }} as date) as week_start,
        case
            when first_viewed_at < cast(window_end_date as {{ dbt.type_timestamp() }})
                then cast(window_end_date as {{ dbt.type_timestamp() }})
            else first_viewed_at
        end as reached_three_at
    from ranked_viewers
    where viewer_rank = 3
),

first_qualifying_day_per_week as (
    select
        org_domain,
        week_start,
        min(reached_three_at) as signal_at
    from qualifying_days
    group by org_domain, week_start
),

stakeholder_signals as (
    select
        accounts.account_id,
        'several_stakeholders' as signal_type,
        first_qualifying_day_per_week.signal_at,
        cast(null as {{ dbt.type_string() }}) as user_id,
        cast(first_qualifying_day_per_week.week_start as {{ dbt.type_string() }}) as signal_key,
        '3+ people at ' || first_qualifying_day_per_week.org_domain || ' researching pricing/security' as signal_detail
    from first_qualifying_day_per_week
    inner join accounts
        on first_qualifying_day_per_week.org_domain = accounts.org_domain
),

final as (
    select * from page_signals
    union all
    select * from stakeholder_signals
)

select * from final
