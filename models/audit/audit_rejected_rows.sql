{#- One row per rejected raw row, from every source (contract §2, 10). Raw values,
    emails included: this model lives in the `audit` schema and is never published. -#}

with

{% for table_name, keys in raw_primary_keys().items() %}
    rejected_{{ table_name }} as (
        select
            '{{ table_name }}' as source_table,
            {{ key_expression(keys) }} as record_id,
            reject_reason,
            raw_record,
            _file_name as file_name,
            _file_row_number as file_row_number
        from {{ ref('base_raw__' ~ table_name) }}
        where reject_reason is not null
    ),

{% endfor %}
unioned as (
    {% for table_name in raw_primary_keys() %}
        select * from rejected_{{ table_name }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        {{ surrogate_key(['source_table', 'file_name', 'file_row_number']) }} as rejected_row_id,
        source_table,
        record_id,
        reject_reason,
        raw_record,
        file_name,
        file_row_number
    from unioned
)

select * from final
