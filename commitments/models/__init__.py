from commitments.models.base import ReviewState
from commitments.models.networks import Membership, MembershipRole, Network, NetworkKind
from commitments.models.pledges import (
    Period,
    Pledge,
    PledgeCategory,
    PledgeStatus,
    Qualifier,
    Unit,
)
from commitments.models.practices import Practice
from commitments.models.resolutions import Resolution, ResolutionKind
from commitments.models.sources import Citation, Source
from commitments.models.strategies import Strategy, StrategyStatus
from commitments.models.updates import PledgeUpdate

__all__ = [
    "Citation",
    "Membership",
    "MembershipRole",
    "Network",
    "NetworkKind",
    "Period",
    "Pledge",
    "PledgeCategory",
    "PledgeStatus",
    "PledgeUpdate",
    "Practice",
    "Qualifier",
    "Resolution",
    "ResolutionKind",
    "ReviewState",
    "Source",
    "Strategy",
    "StrategyStatus",
    "Unit",
]
