{#- One row per raw table: raw rows = staged + duplicate + rejected, and the
    rows and files read = the rows and files the landing zone holds (from the
    Parquet footers). Each term is counted on its own (duplicates as valid rows
    beyond the first per key), so the identities are a real check of staging,
    not a definition. -#}

with

{% for table_name, keys in raw_primary_keys().items() %}
    {#- one pass over each base model: the base counts as conditional aggregates -#}
    base_counts_{{ table_name }} as (
        select
            count(distinct _file_name) as raw_files,
            count(*) as raw_rows,
            coalesce(sum(case when reject_reason is null then 1 else 0 end), 0)
            - count(distinct case when reject_reason is null then {{ key_expression(keys) }} end) as duplicate_rows,
            coalesce(sum(case when reject_reason is not null then 1 else 0 end), 0) as rejected_rows
        from {{ ref('base_raw__' ~ table_name) }}
    ),

    landed_{{ table_name }} as (
        {{ landed_file_counts(table_name) }}
    ),

    counts_{{ table_name }} as (
        select
            '{{ table_name }}' as source_table,
            landed_{{ table_name }}.landed_files,
            landed_{{ table_name }}.landed_files_with_rows,
            landed_{{ table_name }}.landed_rows,
            base_counts_{{ table_name }}.raw_files,
            base_counts_{{ table_name }}.raw_rows,
            (select count(*) from {{ ref('stg_raw__' ~ table_name) }}) as staged_rows,
            base_counts_{{ table_name }}.duplicate_rows,
            base_counts_{{ table_name }}.rejected_rows
        from base_counts_{{ table_name }}
        cross join landed_{{ table_name }}
    ),

{% endfor %}
unioned as (
    {% for table_name in raw_primary_keys() %}
        select * from counts_{{ table_name }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        source_table,
        cast(landed_files as bigint) as landed_files,
        cast(raw_files as bigint) as raw_files,
        cast(landed_rows as bigint) as landed_rows,
        cast(raw_rows as bigint) as raw_rows,
        cast(staged_rows as bigint) as staged_rows,
        cast(duplicate_rows as bigint) as duplicate_rows,
        cast(rejected_rows as bigint) as rejected_rows,
        coalesce(raw_rows = staged_rows + duplicate_rows + rejected_rows, false) as is_balanced,
        -- an empty Parquet file has no row to read, so it cannot be seen as read
        coalesce(raw_rows = landed_rows and raw_files = landed_files_with_rows, false) as is_complete
    from unioned
)

select * from final
