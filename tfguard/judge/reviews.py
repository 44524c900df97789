"""Which pull/merge request reviews count as approvals at `provenance = "reviewed"`. Pure.

A reviewer counts when their latest decisive review (APPROVED, CHANGES_REQUESTED, DISMISSED;
comments do not decide) is APPROVED on the request's current head commit, they are not the
request's author, and their login is on the protected ref's `allowed_approvers`.
"""

from __future__ import annotations

from collections.abc import Collection

from tfguard.record import record

DECISIVE = frozenset({"APPROVED", "CHANGES_REQUESTED", "DISMISSED"})


@record
class Review:
    login: str
    state: str
    """APPROVED, CHANGES_REQUESTED, DISMISSED, COMMENTED, PENDING (GitHub's words)."""
    commit: str | None
    """The head commit the review was given on (None when the platform does not say)."""
    order: int
    """Position in time: later reviews have larger numbers."""


@record
class PullRequest:
    """What the judgement needs to know about one pull/merge request."""

    platform: str
    """"GitHub pull request" or "GitLab merge request", for messages."""
    number: int
    url: str
    author: str
    head: str
    """The current (or, once merged, final) head commit."""
    base: str
    """The branch it merges into: the protected ref whose config names the allowed approvers."""
    reviews: tuple[Review, ...]


@record
class ReviewJudgement:
    approvers: tuple[str, ...]
    """Logins whose review counts, in the order they reviewed."""
    counted: tuple[str, ...]
    """One line per counted reviewer."""
    rejected: tuple[str, ...]
    """One line per other reviewer: why their review does not count."""

    @property
    def notes(self) -> tuple[str, ...]:
        return (*self.counted, *self.rejected)


def judge(request: PullRequest, allowed: Collection[str]) -> ReviewJudgement:
    allowed_lower = {a.lower() for a in allowed}
    latest: dict[str, Review] = {}
    for review in sorted(request.reviews, key=lambda r: r.order):
        if review.state in DECISIVE:
            latest[review.login.lower()] = review
    approvers: list[str] = []
    counted: list[str] = []
    rejected: list[str] = []
    for login, review in latest.items():
        why = _why_not(review, request, allowed_lower)
        if why is None:
            approvers.append(login)
            counted.append(f"{review.login}: approved {_short(request.head)} (counted)")
        else:
            rejected.append(f"{review.login}: not counted: {why}")
    others = {r.login for r in request.reviews if r.login.lower() not in latest}
    rejected += [f"{login}: not counted: only commented" for login in sorted(others)]
    return ReviewJudgement(tuple(approvers), tuple(counted), tuple(rejected))


def _why_not(review: Review, request: PullRequest, allowed: set[str]) -> str | None:
    if review.state == "CHANGES_REQUESTED":
        return "their latest review requests changes"
    if review.state == "DISMISSED":
        return "their approval was dismissed"
    if review.commit != request.head:
        given = _short(review.commit) if review.commit else "an unknown commit"
        return f"approved {given}, not the head {_short(request.head)} (pushed to since)"
    if review.login.lower() == request.author.lower():
        return "the author of the request cannot approve it"
    if review.login.lower() not in allowed:
        return "not in allowed_approvers on the protected ref"
    return None


def _short(sha: str | None) -> str:
    return (sha or "")[:8]


def describe(request: PullRequest) -> str:
    return f"{request.platform} #{request.number} (head {_short(request.head)})"
