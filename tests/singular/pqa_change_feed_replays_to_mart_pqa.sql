{#- The PQA change feed replayed from the start gives every account's is_pqa on
    as_of_date: the last change of an account says whether it is a PQA today (no
    change: never qualified), and that must equal mart_pqa.is_pqa. Returns the
    accounts where the two disagree. -#}

{#- Dagster shows the result as a check of mart_pqa (dagster-dbt reads meta.dagster.ref). -#}
{{ config(meta={'dagster': {'ref': {'name': 'mart_pqa'}}}) }}

with

changes as (
    select * from {{ ref('fct_pqa_changes') }}
),

pqa as (
    select * from {{ ref('mart_pqa') }}
),

ranked_changes as (
    select
        account_id,
        is_pqa_after_change,
        row_number() over (partition by account_id order by changed_on desc) as recency_rank
    from changes
),

replayed as (
    select
        account_id,
        is_pqa_after_change as is_pqa
    from ranked_changes
    where recency_rank = 1
),

compared as (
    select
        pqa.account_id,
        pqa.is_pqa as mart_is_pqa,
        coalesce(replayed.is_pqa, false) as replayed_is_pqa
    from pqa
    left join replayed
        on pqa.account_id = replayed.account_id
)

select *
from compared
where mart_is_pqa != replayed_is_pqa
