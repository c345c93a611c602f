with

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
),

predictions as (
    select * from {{ ref('int_accounts_scoring_predictions') }}
    where sample = 'scoring'
),

coefficients as (
    select * from {{ ref('int_scoring_model_coefficients') }}
),

model_status as (
    select max(model_status) as model_status
    from coefficients
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

final as (
    select
        accounts.account_id,
        as_of.as_of_date,
        predictions.account_id is not null as is_scored,
        cast(predictions.conversion_probability as double) as conversion_probability,
        cast(case
            when predictions.conversion_probability is not null
                then rank() over (order by predictions.conversion_probability desc nulls last)
        end as bigint) as probability_rank,
        cast(predictions.signal_score as double) as signal_score,
        coalesce(predictions.is_flagged, false) as is_pqa,
        cast(model_status.model_status as {{ dbt.type_string() }}) as model_status
    from accounts
    cross join as_of
    cross join model_status
    left join predictions
        on accounts.account_id = predictions.account_id
)

select * from final
