with

coefficients as (
    select * from {{ ref('int_scoring_model_coefficients') }}
),

final as (
    select
        cast(feature_name as {{ dbt.type_string() }}) as feature_name,
        cast(feature_kind as {{ dbt.type_string() }}) as feature_kind,
        cast(signal_type as {{ dbt.type_string() }}) as signal_type,
        cast(feature_description as {{ dbt.type_string() }}) as feature_description,
        cast(coefficient as double) as coefficient,
        cast(coefficient_per_unit as double) as coefficient_per_unit,
        cast(odds_ratio as double) as odds_ratio,
        cast(training_mean as double) as training_mean,
        cast(training_std as double) as training_std,
        cast(training_rows_nonzero as bigint) as training_rows_nonzero,
        cast(catalog_weight as double) as catalog_weight,
        cast(log_odds_per_signal as double) as log_odds_per_signal,
        cast(suggested_weight as double) as suggested_weight,
        cast(model_status as {{ dbt.type_string() }}) as model_status,
        cast(status_detail as {{ dbt.type_string() }}) as status_detail,
        cast(training_rows as bigint) as training_rows,
        cast(training_conversions as bigint) as training_conversions
    from coefficients
)

select * from final
