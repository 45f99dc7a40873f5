"""Evaluation-team membership as the access module asks for it (registered at start-up in
`ReviewsConfig.ready`): the access rules themselves stay in `accounts/permissions.py`."""

from __future__ import annotations

from edudx.reviews.models import TeamMember


class TeamMembers:
    def role(self, user, participation) -> str | None:
        return (
            TeamMember.objects.filter(
                user=user,
                team__assignments__participation=participation,
                team__campaign_id=participation.campaign_id,
            )
            .values_list("role", flat=True)
            .first()
        )

    def sits_on_a_team(self, user) -> bool:
        return TeamMember.objects.filter(user=user).exists()
