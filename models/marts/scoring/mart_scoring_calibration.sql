with

predictions as (
    select * from {{ ref('int_accounts_scoring_predictions') }}
    where
        sample = 'validation'
        and conversion_probability is not null
),

binned as (
    select
        conversion_probability,
        case when has_converted then 1 else 0 end as converted,
        ntile(10) over (order by conversion_probability, evaluation_date, account_id) as probability_decile
    from predictions
),

final as (
    select
        cast(probability_decile as integer) as probability_decile,
        cast(count(*) as bigint) as validation_rows,
        cast(sum(converted) as bigint) as converted_rows,
        cast(min(conversion_probability) as double) as min_probability,
        cast(max(conversion_probability) as double) as max_probability,
        cast(avg(conversion_probability) as double) as mean_predicted_probability,
        cast(avg(cast(converted as double)) as double) as observed_conversion_rate
    from binned
    group by probability_decile
)

select * from final
