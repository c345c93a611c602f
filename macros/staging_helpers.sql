{#- Shared building blocks of the staging layer (contract §2). -#}

{#- The raw row of a raw table as JSON text, for the quarantine
    (`audit_rejected_rows.raw_record`): every contract column, as read. -#}
{% macro raw_record_json(table_name) -%}
    {%- set columns = raw_contract_columns(table_name) | map(attribute='name') | list -%}
    {{ return(adapter.dispatch('raw_record_json', 'plg_warehouse')(columns)) }}
{%- endmacro %}
{% macro duckdb__raw_record_json(columns) -%}
    cast(to_json(struct_pack({%- for c in columns %}{{ c }} := {{ c }}{{ ", " if not loop.last }}{% endfor -%})) as varchar)
{%- endmacro %}
{% macro spark__raw_record_json(columns) -%}
    to_json(named_struct({%- for c in columns %}'{{ c }}', {{ c }}{{ ", " if not loop.last }}{% endfor -%}))
{%- endmacro %}

{#- Where a raw row came from: file name and 0-based row number in that file. -#}
{% macro raw_file_metadata() -%}
    filename as _file_name,
    file_row_number as _file_row_number
{%- endmacro %}

{#- The columns every base model ends with: why the row is rejected (null when
    valid), the raw row as JSON text for rejected rows only (audit_rejected_rows is
    its only reader) and where the row came from. -#}
{% macro quarantine_columns(raw_record_expression='raw_record') -%}
    reject_reason,
    case when reject_reason is not null then {{ raw_record_expression }} end as raw_record,
    _file_name,
    _file_row_number
{%- endmacro %}

{#- A property value as staged: `code` lower-cased and trimmed, `email`
    normalized, `id` as sent. -#}
{% macro normalize_property_value(value, normalization) -%}
    {%- if normalization == 'code' -%}
        lower({{ trim_whitespace(value) }})
    {%- elif normalization == 'email' -%}
        {{ normalize_email(value) }}
    {%- elif normalization == 'id' -%}
        {{ value }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("normalize_property_value: unknown normalization '" ~ normalization ~ "'") }}
    {%- endif -%}
{%- endmacro %}

{#- Lower-cased, trimmed email (contract §2). -#}
{% macro normalize_email(column) -%}
    lower({{ trim_whitespace(column) }})
{%- endmacro %}

{#- A normalized email is well-formed when it has exactly one '@', a non-empty
    local part and a dotted domain, and no white space, control character (NUL)
    or invisible format character (zero-width space, BOM): such an address
    would hash differently from the one a person types, so it is rejected
    rather than silently kept (docs/contract.md). -#}
{% macro is_well_formed_email(normalized_column) -%}
    {%- set part = '[^@\\s\\p{Cc}\\p{Cf}]+' -%}
    coalesce({{ regex_matches(normalized_column, '^' ~ part ~ '@' ~ part ~ '[.]' ~ part ~ '$') }}, false)
{%- endmacro %}

{#- Domain part of a normalized email. -#}
{% macro email_domain(normalized_column) -%}
    {{ dbt.split_part(normalized_column, "'@'", 2) }}
{%- endmacro %}


{#- The raw row packed as a struct (cheap), serialized to JSON text only where
    needed (`raw_struct_to_json`): used by the materialized base models. -#}
{% macro raw_record_struct(table_name) -%}
    {%- set columns = raw_contract_columns(table_name) | map(attribute='name') | list -%}
    {{ return(adapter.dispatch('raw_record_struct', 'plg_warehouse')(columns)) }}
{%- endmacro %}
{% macro duckdb__raw_record_struct(columns) -%}
    struct_pack({%- for c in columns %}{{ c }} := {{ c }}{{ ", " if not loop.last }}{% endfor -%})
{%- endmacro %}
{% macro spark__raw_record_struct(columns) -%}
    named_struct({%- for c in columns %}'{{ c }}', {{ c }}{{ ", " if not loop.last }}{% endfor -%})
{%- endmacro %}

{% macro raw_struct_to_json(struct_col) -%}
    {{ return(adapter.dispatch('raw_struct_to_json', 'plg_warehouse')(struct_col)) }}
{%- endmacro %}
{% macro duckdb__raw_struct_to_json(struct_col) -%}
    cast(to_json({{ struct_col }}) as varchar)
{%- endmacro %}
{% macro spark__raw_struct_to_json(struct_col) -%}
    to_json({{ struct_col }})
{%- endmacro %}

{#- Raw values outside the contract (docs/contract.md). Each helper gives the
    typed value, or null when the raw value is null or does not fit; a base
    model rejects the row when the raw value was not null but the typed one is
    (`raw_value_is_invalid`), with a reason of its own per column. -#}

{% macro raw_value_is_invalid(raw_column, typed_column) -%}
    ({{ raw_column }} is not null and {{ typed_column }} is null)
{%- endmacro %}

{#- A whole number within +-max_abs (default: the 32-bit integer range, so a
    sum over billions of rows still fits 64 bits): fractional, non-finite,
    out-of-range or non-numeric values give null (2.5 seats are not 2). -#}
{% macro raw_whole_number(raw_column, max_abs=2147483647) -%}
    {%- set number = dbt.safe_cast(raw_column, 'double') -%}
    case
        when {{ is_finite_number(number) }} and {{ number }} = floor({{ number }}) and abs({{ number }}) <= {{ max_abs }}
            then cast({{ number }} as bigint)
    end
{%- endmacro %}

{#- An amount that fits DECIMAL(12, 2) without rounding: more than two
    decimals, NaN, infinity, 1e10 and beyond, or non-numeric text give null.
    The sign is kept: negative amounts have reasons of their own. -#}
{% macro raw_money(raw_column) -%}
    {%- set number = dbt.safe_cast(raw_column, 'double') -%}
    case
        when {{ is_finite_number(number) }} and abs({{ number }}) < 1e10 and round({{ number }}, 2) = {{ number }}
            then cast({{ number }} as decimal(12, 2))
    end
{%- endmacro %}

{#- A finite number (double): NaN, infinity, 1e400 or non-numeric text give null. -#}
{% macro raw_finite_double(raw_column) -%}
    {%- set number = dbt.safe_cast(raw_column, 'double') -%}
    case when {{ is_finite_number(number) }} then {{ number }} end
{%- endmacro %}

{#- A coded value or a domain, trimmed and lower-cased; '' counts as absent. -#}
{% macro raw_code(raw_column) -%}
    nullif(lower({{ trim_whitespace('cast(' ~ raw_column ~ ' as ' ~ dbt.type_string() ~ ')') }}), '')
{%- endmacro %}

{#- The build's clock: when this dbt invocation started, UTC. -#}
{% macro build_started_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- True when a timestamp lies more than var max_future_days after a reference
    (the build's clock by default, or a row's received_at). -#}
{% macro is_beyond_future_limit(timestamp_column, reference=none) -%}
    coalesce(
        {{ timestamp_column }} > {{ dbt.dateadd('day', var('max_future_days'), reference or build_started_at()) }},
        false
    )
{%- endmacro %}

{#- Free text with every email address replaced by a marker, so one pasted
    address in a workspace name or job title cannot leak into a mart (nor stop
    the publish gate's PII scan). -#}
{% macro mask_emails(text_column) -%}
    {{ regex_replace_all(text_column, '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+([.][A-Za-z0-9-]+)+', '[email removed]') }}
{%- endmacro %}
