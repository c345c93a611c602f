with

users as (
    select * from {{ ref('int_users_enriched') }}
),

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
),

first_value as (
    select * from {{ ref('int_users_first_value') }}
),

final as (
    select
        users.user_id,
        users.account_id,
        accounts.org_domain,
        users.email_domain,
        users.email_hash,
        users.is_corporate_email,
        users.job_title,
        users.persona,
        users.created_at as signup_at,
        users.signup_date,
        first_value.first_value_at,
        first_value.is_activated,
        users.is_deleted,
        users.deleted_at,
        accounts.account_id is not null as has_known_account
    from users
    left join accounts
        on users.account_id = accounts.account_id
    left join first_value
        on users.user_id = first_value.user_id
)

select * from final
