{#- One row per community activity with a body, with the intent labels found in
    it by the Python UDF `classify_community_text` (python_udfs/community_intent.py):
    technical_question, decision_timeline, enterprise_feature_request,
    competitor_mention (a text may carry several). Competitors come from the
    `competitors` seed. -#}

with

activities as (
    select * from {{ ref('int_community_activity_stitched') }}
    where body is not null
),

competitors as (
    select * from {{ ref('competitors') }}
),

competitor_names as (
    select {{ array_agg_ordered('competitor_name', 'competitor_name') }} as names
    from competitors
),

final as (
    select
        activities.activity_id,
        activities.user_id,
        activities.platform,
        activities.activity_type,
        activities.occurred_at,
        {{ classify_community_text('activities.body', 'competitor_names.names') }} as intent_labels
    from activities
    cross join competitor_names
)

select * from final
