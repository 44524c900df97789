"""GitHub and GitLab: the only code that talks to a hosting platform's API.

`http.py` is the shared layer (one timeout, pagination, one-line errors); `github.py` and
`gitlab.py` turn API answers into plain data (`PullRequest`, `Review`) that the pure judgement
in `judge/reviews.py` decides on. Every failure raises PlatformError: exit 2, never a pass.
"""

DEFAULT_TOKEN_VARIABLE = "TFGUARD_GITLAB_TOKEN"
"""The environment variable holding the GitLab API token unless --gitlab-token-variable says
otherwise (here, not in gitlab.py: every check names it, few load the API client)."""
