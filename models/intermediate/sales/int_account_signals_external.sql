{#- External (firmographic) signals, org level: they go to every account of the
    organization (contract §5), from the domain's latest enrichment.
    - recent_funding: last_funding_at within var `recent_funding_days` (180) before
      as_of_date (inclusive, not in the future); at last_funding_at midnight.
    - hiring_engineers: open_engineering_roles >= var `hiring_min_open_roles` (5);
      at enriched_at. -#}

with

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

firmographics as (
    select * from {{ ref('int_firmographics_latest') }}
),

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
    where org_domain is not null
),

funding as (
    select
        domain,
        'recent_funding' as signal_type,
        cast(last_funding_at as {{ dbt.type_timestamp() }}) as signal_at,
        coalesce(funding_stage, 'funding') || ' round on ' || cast(last_funding_at as {{ dbt.type_string() }})
            as signal_detail
    from firmographics
    where
        last_funding_at <= (select as_of_date from as_of)
        and last_funding_at >= {{ dbt.dateadd('day', -var('recent_funding_days'), '(select as_of_date from as_of)') }}
),

hiring as (
    select
        domain,
        'hiring_engineers' as signal_type,
        enriched_at as signal_at,
        cast(open_engineering_roles as {{ dbt.type_string() }}) || ' open engineering roles' as signal_detail
    from firmographics
    where open_engineering_roles >= {{ var('hiring_min_open_roles') }}
),

org_signals as (
    select * from funding
    union all
    select * from hiring
),

final as (
    select
        accounts.account_id,
        org_signals.signal_type,
        org_signals.signal_at,
        cast(null as {{ dbt.type_string() }}) as user_id,
        org_signals.domain || '|' || cast(org_signals.signal_at as {{ dbt.type_string() }}) as signal_key,
        org_signals.signal_detail
    from org_signals
    inner join accounts
        on org_signals.domain = accounts.org_domain
)

select * from final
