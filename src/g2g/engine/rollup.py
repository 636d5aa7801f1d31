"""Roll-ups: counts of ratings by group, the overall plan rating under the plan's policy,
changes and exceptions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from g2g.engine.ratings import RANK, ExceptionKind, Rating, Trend, is_rated, worst
from g2g.plan.model_base import OverallRule
from g2g.plan.model_plan import RagPolicy
from g2g.words import plural

# --- roll-ups -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """How many actions have each rating (the columns of Table 1)."""

    green: int = 0
    """Actions rated Green."""
    amber: int = 0
    """Actions rated Amber."""
    red: int = 0
    """Actions rated Red."""
    blue: int = 0
    """Actions rated Blue (complete, on a BRAG plan)."""
    not_reported: int = 0
    """Live actions without a rating."""
    total: int = 0
    """The actions in force: live or complete (not those yet to start, nor closed ones)."""
    not_started: int = 0
    """Actions before their start month (not in the total)."""
    closed: int = 0
    """Actions closed or superseded (not in the total)."""
    complete: int = 0
    """Actions complete by the month (counted in their colour too)."""
    live: int = 0
    """Live actions: running in the month (in force and not complete), so owing a report."""
    rated: int = 0
    """Live actions with a reported colour for the month (the coverage: ``rated`` of
    ``live``)."""
    challenged: int = 0
    """Actions whose recorded rating the evidence contradicts (see ``ActionRating.challenge``)."""

    @property
    def coverage(self) -> str:
        """``N of M``: live actions rated for the month, of the live actions."""
        return f"{self.rated} of {self.live}"

    def of(self, rating: Rating) -> int:
        """The count for one rating."""
        value: int = getattr(self, rating.value)
        return value


def count_ratings(
    ratings: Iterable[Rating],
    complete: int = 0,
    *,
    live: int = 0,
    rated: int = 0,
    challenged: int = 0,
) -> Counts:
    """Count ratings by colour; ``complete`` is how many of them are complete actions,
    ``live``, ``rated`` and ``challenged`` as :class:`Counts` says."""
    found = Counter(ratings)
    return Counts(
        green=found[Rating.green],
        amber=found[Rating.amber],
        red=found[Rating.red],
        blue=found[Rating.blue],
        not_reported=found[Rating.not_reported],
        total=sum(n for r, n in found.items() if r.in_force),
        not_started=found[Rating.not_started],
        closed=found[Rating.closed],
        complete=complete,
        live=live,
        rated=rated,
        challenged=challenged,
    )


def covered(rated: int, live: int, share: float) -> bool:
    """Whether ``rated`` of ``live`` actions is enough for a colour: more than ``share`` of
    them, or every one (so a share of 1 asks for all). With no live action (all complete, not
    started or closed) nothing is owed, so coverage holds."""
    if live == 0 or rated >= live:
        return True
    return Fraction(rated, live) > Fraction(str(share))


def share_words(share: float) -> str:
    """The coverage rule in words: ``more than half``, ``more than 75%``, ``every one``."""
    if share >= 1:
        return "every one"
    if share == 0.5:
        return "more than half"
    if share == 0:
        return "at least one"
    return f"more than {share:.0%}"


def rating_cell(rating: Rating, counts: Counts) -> str:
    """A roll-up's rating as every table prints it: the word, and for
    :attr:`Rating.not_enough` the coverage, ``Not enough reported (3 of 12)``."""
    if rating is Rating.not_enough:
        return f"{rating.word} ({counts.coverage})"
    return rating.word


def _share(part: int, whole: int) -> str:
    return f"{_of(part, whole)} ({part / whole:.0%})"


def _of(part: int, whole: int) -> str:
    """``3 of 12 actions rated or complete``: the base every roll-up reason counts from (a
    complete action counts as complete, so as rated, every month after)."""
    return f"{part} of {plural(whole, 'action')} rated or complete"


def _are(part: int) -> str:
    return "is" if part == 1 else "are"


def overall_rating(ratings: Sequence[Rating], policy: RagPolicy) -> tuple[Rating, str]:
    """One rating for a set of action ratings, with the reason, by ``policy.overall``.

    Only actions rated or complete count (not_reported is left out). With none, the result is
    not_reported when a live action has no rating (or there are no actions at all); otherwise
    not_started when some action has yet to start, and closed when every action is closed: a
    group whose actions have not started is never "not reported".

    * worst: the worst colour any action has.
    * majority: the most common colour; a tie goes to the worse colour.
    * thresholds: Red when the Red share reaches ``thresholds.red_share``; otherwise Green when
      the Green-or-Blue share reaches ``thresholds.green_share``; otherwise Amber.
    """
    rated = [r for r in ratings if is_rated(r)]
    if not rated:
        if Rating.not_reported not in ratings and Rating.not_started in ratings:
            return Rating.not_started, "no action has started yet"
        if ratings and all(r is Rating.closed for r in ratings):
            return Rating.closed, "every action is closed"
        return Rating.not_reported, "no action has a rating"
    total = len(rated)
    if policy.overall is OverallRule.worst:
        found = worst(rated)
        assert found is not None
        return (
            found,
            f"worst: {_of(rated.count(found), total)} {_are(rated.count(found))} {found.word}",
        )
    if policy.overall is OverallRule.majority:
        return _majority(rated)
    reds = rated.count(Rating.red)
    greens = rated.count(Rating.green) + rated.count(Rating.blue)
    if reds / total >= policy.thresholds.red_share:
        return Rating.red, (
            f"thresholds: {_share(reds, total)} {_are(reds)} Red, at least the "
            f"{policy.thresholds.red_share:.0%} red share"
        )
    if greens / total >= policy.thresholds.green_share:
        return Rating.green, (
            f"thresholds: {_share(greens, total)} {_are(greens)} Green or Blue, at least the "
            f"{policy.thresholds.green_share:.0%} green share"
        )
    return Rating.amber, (
        f"thresholds: {reds} Red and {greens} Green or Blue of {plural(total, 'action')} "
        "rated or complete, neither share reached"
    )


def _majority(rated: Sequence[Rating]) -> tuple[Rating, str]:
    """The most common rating, a tie going to the worse. On a BRAG plan Blue (complete) is
    counted with Green, as the thresholds rule counts it, so whether a plan shows completed
    actions Blue or Green never changes a roll-up; the on-track side is Blue only when every
    rated action is Blue."""
    total = len(rated)
    blues = rated.count(Rating.blue)
    if blues == total:
        if total == 1:
            return Rating.blue, "majority: the 1 action rated or complete is Blue"
        return Rating.blue, f"majority: all {total} actions rated or complete are Blue"
    found = Counter(Rating.green if r is Rating.blue else r for r in rated)
    top = max(found.values())
    leaders = sorted((r for r, n in found.items() if n == top), key=RANK.__getitem__)
    chosen = leaders[-1]

    def words(rating: Rating) -> str:
        return "Green or Blue" if rating is Rating.green and blues else rating.word

    # "Majority" only for more than half: 6 of 12 is the most common rating, not a majority.
    if len(leaders) == 1 and 2 * top > total:
        return chosen, f"majority: {_of(top, total)} {_are(top)} {words(chosen)}"
    if len(leaders) == 1:
        return chosen, (
            f"most common: {_of(top, total)} {_are(top)} {words(chosen)}, no rating has a majority"
        )
    tied = " and ".join(words(r) for r in leaders)
    return chosen, (
        f"most common: {tied} tie at {_of(top, total)}; the tie goes to the worse, {chosen.word}"
    )


@dataclass(frozen=True)
class RollupRow:
    """The ratings of one group of actions (an area, objective, finding or lead officer)."""

    key: str
    """The group's id (area, objective or finding id; the lead officer's name; action id)."""
    name: str
    """The group's name or text."""
    counts: Counts
    """How many of its actions have each rating."""
    rating: Rating
    """The group's rating, by the plan's overall rule."""
    reason: str
    """Why the group has its rating."""
    previous: Rating | None
    """The group's rating in the previous reported month; None when there is none."""
    trend: Trend
    """Direction of travel from ``previous`` to ``rating``."""
    actions: tuple[str, ...]
    """The ids of its actions."""


@dataclass(frozen=True)
class Overall:
    """The whole plan's rating."""

    rating: Rating
    """The plan's rating, by ``rule``."""
    rule: OverallRule
    """The plan's overall rule: worst, majority or thresholds."""
    reason: str
    """Why, in words."""
    previous: Rating | None
    """The plan's rating in the previous reported month; None when there is none."""
    trend: Trend
    """Direction of travel."""


@dataclass(frozen=True)
class RatingChange:
    """An action whose reported rating changed since the previous reported month."""

    action: str
    """The action id."""
    title: str
    """The action's title."""
    before: Rating
    """The reported rating then."""
    after: Rating
    """The reported rating now."""
    trend: Trend
    """Improved, worsened, new or unreported."""


@dataclass(frozen=True)
class ExceptionItem:
    """One line of the exceptions list: what boards must look at."""

    kind: ExceptionKind
    """Red, challenge, overdue or not reported."""
    action: str
    """The action id."""
    title: str
    """The action's title."""
    reason: str
    """Why, in words."""


@dataclass(frozen=True)
class EvidenceNote:
    """A rating the rules cannot confirm for want of evidence: a request, not a challenge."""

    action: str
    """The action id."""
    title: str
    """The action's title."""
    reason: str
    """What evidence is asked for, in words."""
