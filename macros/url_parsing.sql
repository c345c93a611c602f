{#- URL parsing for page views (contract §1, 7, 10). Built on the dispatched regex macros. -#}

{#- Host of a URL or referrer: lower-cased, scheme, user info, port and a leading
    `www.` removed; works for scheme-less values (`google.com/search`). -#}
{% macro url_host(url_col) -%}
    nullif(
        {{ regex_replace(
            regex_extract(
                regex_replace('lower(' ~ trim_whitespace(url_col) ~ ')', '^[a-z][a-z0-9+.-]*://', ''),
                '^([^/?#]*)'
            ),
            '^(.*@)?(www[.])?([^:]*)(:[0-9]+)?$', '\\3'
        ) }},
        ''
    )
{%- endmacro %}

{#- Path of a URL: no host, query, fragment or trailing slash; '/' for the root.
    A value that starts with '/' is already a path. -#}
{% macro url_path(url_col) -%}
    coalesce(
        nullif(
            {{ regex_replace(
                regex_extract(
                    regex_replace('lower(' ~ trim_whitespace(url_col) ~ ')', '^([a-z][a-z0-9+.-]*://)?[^/?#]*', ''),
                    '^([^?#]*)'
                ),
                '/+$', ''
            ) }},
            ''
        ),
        '/'
    )
{%- endmacro %}

{#- Value of a query-string parameter (key matched case-insensitively), trimmed
    and lower-cased; null when absent or empty (contract §10). -#}
{% macro url_query_param(url_col, param) -%}
    nullif(
        lower({{ trim_whitespace(regex_extract('lower(' ~ url_col ~ ')', '[?&]' ~ param ~ '=([^&#]*)')) }} ),
        ''
    )
{%- endmacro %}
