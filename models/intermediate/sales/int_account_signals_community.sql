{#- Community signals, one row per activity and label (contract §5): the four
    community signal types of the catalog, reaching the account of the user the
    activity belongs to (matched by email, contract §3); at the activity's time. -#}

with

classified as (
    select * from {{ ref('int_community_activity_classified') }}
    where user_id is not null
),

users as (
    select * from {{ ref('int_users_enriched') }}
),

signal_catalog as (
    select * from {{ ref('signal_catalog') }}
    where signal_source = 'community'
),

final as (
    select
        users.account_id,
        signal_catalog.signal_type,
        classified.occurred_at as signal_at,
        classified.user_id,
        classified.activity_id as signal_key,
        classified.platform || ' ' || classified.activity_type as signal_detail
    from classified
    inner join users
        on classified.user_id = users.user_id
    inner join signal_catalog
        on {{ array_contains('classified.intent_labels', 'signal_catalog.signal_type') }}
)

select * from final
