{{ assert_raw_table_shape('product_events') }}

{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='delete+insert',
        unique_key='_file_name',
        on_schema_change='fail',
        pre_hook="{{ delete_rows_of_removed_landing_files('product_events') }}"
    )
}}

{#- The keys of an api_call's properties (docs/contract.md): most events are
    api_calls, so their object is parsed once for all three; other events read
    their single key directly. -#}
{%- set api_call_keys = ['count', 'status', 'compute_units'] -%}
{#- (event_name, property key, staged column, normalization) of the events that
    carry one property: `code` values are compared lower-cased (contract §4),
    emails are normalized like every email, ids are kept as sent. -#}
{%- set single_key_properties = [
    ('deployed', 'environment', 'deploy_environment', 'code'),
    ('integration_connected', 'integration', 'integration_name', 'code'),
    ('feature_viewed', 'feature', 'feature_name', 'code'),
    ('rate_limit_hit', 'limit', 'rate_limit_name', 'code'),
    ('invite_sent', 'invitee_email', 'invitee_email', 'email'),
    ('invite_accepted', 'inviter_user_id', 'inviter_user_id', 'id'),
    ('project_created', 'project_id', 'project_id', 'id'),
] -%}

{#- Materialized once per run instead of a view re-read (and its JSON re-parsed)
    by stg, audit_rejected_rows and audit_source_reconciliation; incremental by
    landing file (see macros/landing_files.sql). -#}

with

source_rows as (
    select * from {{ source('raw', 'product_events') }}
    where {{ landing_files_to_load_filter('product_events') }}
),

event_catalog as (
    select * from {{ ref('event_catalog') }}
),

typed as (
    select
        cast(event_id as {{ dbt.type_string() }}) as event_id,
        cast(event_name as {{ dbt.type_string() }}) as event_name_raw,
        lower({{ trim_whitespace('cast(event_name as ' ~ dbt.type_string() ~ ')') }}) as event_name,
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        cast(anonymous_id as {{ dbt.type_string() }}) as anonymous_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        {{ raw_timestamp_utc('occurred_at') }} as client_occurred_at,
        {{ raw_timestamp_utc('received_at') }} as received_at,
        occurred_at as raw_occurred_at,
        received_at as raw_received_at,
        -- contract §10: null properties is read as {}
        coalesce(cast(properties as {{ dbt.type_string() }}), '{}') as properties,
        {{ raw_file_metadata() }},
        -- the raw row is serialized to JSON only for rejected rows (see final);
        -- packing it is cheap, to_json on every row was the costliest step of this model
        {{ raw_record_struct('product_events') }} as raw_struct
    from source_rows
),

parsed as (
    select
        typed.*,
        {{ json_is_object('typed.properties') }} as is_properties_object,
        event_catalog.event_name is not null as is_known_event
    from typed
    left join event_catalog
        on typed.event_name = event_catalog.event_name
),

with_properties as (
    select
        parsed.*,
        case when parsed.is_properties_object and parsed.event_name = 'api_call'
                then {{ json_parse_keys('parsed.properties', api_call_keys) }}
        end as api_call_values
    from parsed
),

with_count as (
    select
        with_properties.*,
        -- count is only read for api_call rows (reject rule and api_request_count)
        {{ json_key_kind('with_properties.api_call_values', api_call_keys, 'count') }} as count_kind,
        {{ trim_whitespace(json_key_text('with_properties.api_call_values', api_call_keys, 'count')) }} as count_text
    from with_properties
),

-- count is a JSON integer > 0, or a string of digits (after trim) > 0, that fits
-- a 32-bit integer (so sums over any number of events fit 64 bits); compute_units,
-- when present, is a finite number >= 0
counted as (
    select
        with_count.*,
        case
            when count_kind = 'integer'
                or (count_kind = 'string' and {{ regex_matches('count_text', '^[0-9]+$') }})
                then {{ raw_whole_number('count_text') }}
        end as parsed_count,
        {{ json_key_text('with_count.api_call_values', api_call_keys, 'compute_units') }} as compute_units_text
    from with_count
),

validated as (
    select
        counted.*,
        case
            when event_id is null then 'null_primary_key'
            when event_name_raw is null then 'null_event_name'
            when not is_properties_object then 'invalid_properties_json'
            when not is_known_event then 'unknown_event_name'
            when event_name = 'api_call' and coalesce(parsed_count, 0) <= 0 then 'invalid_api_call_count'
            when {{ raw_value_is_invalid('raw_occurred_at', 'client_occurred_at') }}
                or {{ raw_value_is_invalid('raw_received_at', 'received_at') }} then 'invalid_timestamp'
            when client_occurred_at is null or received_at is null then 'null_timestamp'
            when event_name = 'api_call' and compute_units_text is not null
                and coalesce({{ raw_finite_double('compute_units_text') }} < 0, true) then 'invalid_compute_units'
            -- the server clock against the build's; a client clock ahead of the
            -- server is corrected below, not rejected
            when {{ is_beyond_future_limit('received_at') }} then 'future_timestamp'
        end as reject_reason
    from counted
),

final as (
    select
        event_id,
        event_name,
        user_id,
        anonymous_id,
        account_id,
        -- contract §2: a client clock more than N minutes ahead of the server is not trusted
        case
            when client_occurred_at > {{ dbt.dateadd('minute', var('clock_skew_tolerance_minutes'), 'received_at') }}
                then received_at
            else client_occurred_at
        end as occurred_at,
        client_occurred_at,
        coalesce(
            client_occurred_at > {{ dbt.dateadd('minute', var('clock_skew_tolerance_minutes'), 'received_at') }},
            false
        ) as is_clock_corrected,
        received_at,
        case when reject_reason is null and event_name = 'api_call' then cast(parsed_count as bigint) end
            as api_request_count,
        case when reject_reason is null and event_name = 'api_call'
                then lower({{ trim_whitespace(json_key_text('api_call_values', api_call_keys, 'status')) }})
        end as api_status,
        case when reject_reason is null and event_name = 'api_call'
                then {{ raw_finite_double('compute_units_text') }}
        end as compute_units,
        {%- for event_name, key, column, normalization in single_key_properties %}
            case when reject_reason is null and event_name = '{{ event_name }}'
                    then {{ normalize_property_value(json_text('properties', key), normalization) }}
            end as {{ column }},
        {%- endfor %}
        {{ quarantine_columns(raw_struct_to_json('raw_struct')) }}
    from validated
)

select * from final
