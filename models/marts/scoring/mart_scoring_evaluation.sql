with

evaluation as (
    select * from {{ ref('int_scoring_evaluation') }}
),

final as (
    select
        cast(scorer as {{ dbt.type_string() }}) as scorer,
        cast(week_start as date) as week_start,
        cast(population_accounts as bigint) as population_accounts,
        cast(converted_accounts as bigint) as converted_accounts,
        cast(top_k as bigint) as top_k,
        cast(converted_in_top_k as double) as converted_in_top_k,
        cast(roc_auc as double) as roc_auc,
        cast(precision_at_k as double) as precision_at_k,
        cast(recall_at_k as double) as recall_at_k,
        cast(lift as double) as lift,
        cast(model_status as {{ dbt.type_string() }}) as model_status
    from evaluation
)

select * from final
