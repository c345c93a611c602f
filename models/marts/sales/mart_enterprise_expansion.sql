{#- One row per organization with a paying account on as_of_date: procurement
    spend tier, MRR trend, enterprise expansion candidacy, champion and a reason
    line (contract §9, 11). See doc block `mart_enterprise_expansion`. -#}

with

organizations as (
    select * from {{ ref('dim_organizations') }}
    where paying_accounts > 0
),

accounts as (
    select * from {{ ref('dim_accounts') }}
    where org_domain is not null
),

account_months as (
    select * from {{ ref('int_accounts_mrr_monthly') }}
),

inviters as (
    select * from {{ ref('int_users_invites_sent') }}
    where not is_deleted
),

users as (
    select * from {{ ref('int_users_enriched') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

-- x = 0..5: the six months ending with the month of as_of_date
trend_months as (
    select
        month_numbers.generated_number - 1 as month_index,
        cast({{ dbt.dateadd(
            'month',
            'month_numbers.generated_number - 6',
            dbt.date_trunc('month', 'as_of.as_of_date')) }} as date) as month_start
    from ({{ dbt.generate_series(6) }}) as month_numbers
    cross join as_of
),

organization_months as (
    select
        organizations.org_domain,
        trend_months.month_index,
        coalesce(sum(account_months.mrr_usd), 0) as mrr_usd
    from organizations
    cross join trend_months
    left join accounts
        on organizations.org_domain = accounts.org_domain
    left join account_months
        on
            accounts.account_id = account_months.account_id
            and trend_months.month_start = account_months.month_start
    group by organizations.org_domain, trend_months.month_index
),

-- least-squares slope over x = 0..5 is sum((x - 2.5) * y) / 17.5 = trend_sum / 35,
-- with trend_sum = sum((2x - 5) * y) kept exact (cents)
mrr_trends as (
    select
        org_domain,
        sum((2 * month_index - 5) * mrr_usd) as trend_sum_usd
    from organization_months
    group by org_domain
),

ranked_champions as (
    select
        accounts.org_domain,
        inviters.user_id,
        row_number() over (
            partition by accounts.org_domain
            order by inviters.invites_sent desc, inviters.created_at asc, inviters.user_id asc
        ) as champion_rank
    from inviters
    inner join accounts
        on inviters.account_id = accounts.account_id
),

champions as (
    select
        ranked_champions.org_domain,
        ranked_champions.user_id as champion_user_id,
        users.persona as champion_persona
    from ranked_champions
    inner join users
        on ranked_champions.user_id = users.user_id
    where ranked_champions.champion_rank = 1
),

tiered as (
    select
        organizations.org_domain,
        organizations.company_name,
        organizations.accounts,
        organizations.active_users_30d,
        organizations.paying_accounts,
        organizations.paid_team_accounts,
        organizations.has_enterprise_plan,
        organizations.current_mrr_usd,
        organizations.annual_spend_usd,
        organizations.pqa_accounts,
        organizations.signal_score,
        organizations.as_of_date,
        mrr_trends.trend_sum_usd,
        {{ procurement_spend_tier('organizations.annual_spend_usd') }} as spend_tier,
        {{ next_procurement_threshold('organizations.annual_spend_usd') }} as next_threshold_usd
    from organizations
    inner join mrr_trends
        on organizations.org_domain = mrr_trends.org_domain
),

projected as (
    select
        tiered.*,
        case
            when tiered.trend_sum_usd > 0 and tiered.next_threshold_usd is not null
                then {{ ceil_divide_integers(
                    '35 * (cast(round(tiered.next_threshold_usd * 100) as bigint)'
                    ~ ' - 12 * cast(round(tiered.current_mrr_usd * 100) as bigint))',
                    '12 * cast(round(tiered.trend_sum_usd * 100) as bigint)') }}
        end as months_to_next_threshold,
        tiered.active_users_30d > {{ var('enterprise_min_active_users') }}
        and tiered.paid_team_accounts >= 1
        and not tiered.has_enterprise_plan as is_expansion_candidate
    from tiered
),

final as (
    select
        projected.org_domain,
        projected.company_name,
        cast(projected.accounts as bigint) as accounts,
        cast(projected.active_users_30d as bigint) as active_users_30d,
        cast(projected.paying_accounts as bigint) as paying_accounts,
        cast(projected.paid_team_accounts as bigint) as paid_team_accounts,
        projected.has_enterprise_plan,
        cast(projected.current_mrr_usd as decimal(18, 2)) as current_mrr_usd,
        cast(projected.annual_spend_usd as decimal(18, 2)) as annual_spend_usd,
        cast(projected.spend_tier as integer) as spend_tier,
        cast(projected.next_threshold_usd as decimal(18, 2)) as next_threshold_usd,
        cast(round(cast(projected.trend_sum_usd as double) / 35, 2) as decimal(18, 2)) as mrr_trend_usd_per_month,
        cast(projected.months_to_next_threshold as integer) as months_to_next_threshold,
        projected.is_expansion_candidate,
        champions.champion_user_id,
        champions.champion_persona,
        cast(projected.pqa_accounts as bigint) as pqa_accounts,
        cast(projected.signal_score as double) as signal_score,
        concat_ws(
            '; ',
            cast(projected.active_users_30d as {{ dbt.type_string() }}) || ' active developer'
            || case when projected.active_users_30d = 1 then '' else 's' end
            || ' across ' || cast(projected.accounts as {{ dbt.type_string() }}) || ' workspace'
            || case when projected.accounts = 1 then '' else 's' end,
            case
                when projected.paid_team_accounts > 0
                    then cast(projected.paid_team_accounts as {{ dbt.type_string() }}) || ' paid team'
                        || case when projected.paid_team_accounts = 1 then '' else 's' end
            end,
            case when projected.has_enterprise_plan then 'already on an enterprise plan' end,
            {{ format_usd('projected.annual_spend_usd') }} || ' annual spend'
            || case
                when projected.next_threshold_usd is null then ' (every procurement threshold reached)'
                when projected.months_to_next_threshold is not null
                    then ' (next threshold ' || {{ format_usd('projected.next_threshold_usd') }} || ' in ~'
                        || cast(projected.months_to_next_threshold as {{ dbt.type_string() }}) || ' month'
                        || case when projected.months_to_next_threshold = 1 then '' else 's' end || ')'
                else ' (next threshold ' || {{ format_usd('projected.next_threshold_usd') }} || ')'
            end
        ) as reason,
        cast(projected.as_of_date as date) as as_of_date
    from projected
    left join champions
        on projected.org_domain = champions.org_domain
)

select * from final
