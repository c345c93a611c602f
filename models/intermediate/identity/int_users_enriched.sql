{#- One row per staged user (as of `as_of_date`) with email classification (contract §0, 2) and
    `persona` from the job title (Python UDF `persona_from_title`, contract §5). -#}

with

users as (
    select * from {{ ref('stg_raw__users') }}
    where {{ on_or_before_as_of('created_at') }}
),

freemail_domains as (
    select * from {{ ref('freemail_domains') }}
),

final as (
    select
        users.user_id,
        users.account_id,
        users.email,
        users.email_domain,
        users.email_hash,
        case
            when users.email_domain is null then null
            else freemail_domains.domain is null
        end as is_corporate_email,
        users.job_title,
        {{ persona_from_title('users.job_title') }} as persona,
        users.created_at,
        cast(users.created_at as date) as signup_date,
        users.deleted_at,
        users.is_deleted
    from users
    left join freemail_domains
        on users.email_domain = freemail_domains.domain
)

select * from final
