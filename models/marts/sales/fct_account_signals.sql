with

product_signals as (
    select * from {{ ref('int_account_signals_product') }}
),

web_signals as (
    select * from {{ ref('int_account_signals_web') }}
),

community_signals as (
    select * from {{ ref('int_account_signals_community') }}
),

external_signals as (
    select * from {{ ref('int_account_signals_external') }}
),

signal_catalog as (
    select * from {{ ref('signal_catalog') }}
),

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
),

unioned as (
    select * from product_signals
    union all
    select * from web_signals
    union all
    select * from community_signals
    union all
    select * from external_signals
),

final as (
    select
        {{ surrogate_key(['unioned.signal_type', 'unioned.account_id', 'unioned.signal_key']) }} as signal_id,
        unioned.account_id,
        unioned.signal_type,
        signal_catalog.signal_source,
        signal_catalog.intent,
        cast(signal_catalog.weight as double) as weight,
        unioned.signal_at,
        cast(unioned.signal_at as date) as signal_date,
        unioned.user_id,
        unioned.signal_detail
    from unioned
    inner join signal_catalog
        on unioned.signal_type = signal_catalog.signal_type
    inner join accounts
        on unioned.account_id = accounts.account_id
)

select * from final
