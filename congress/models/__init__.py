"""The congress that opens a term: its settings, delegates and documents, and its elections.

The models are split by area: `congress.py` (the congress and its rules), `delegates.py` (delegates,
credentials, check-in, documents, comments) and `elections.py` (elections, candidates, ballots, results), `hall.py` (the programme, speakers and motions
on the day), `uploads.py` (sheets waiting to be confirmed).
"""

from congress.models.congress import Congress, MajorityBase, QuorumRule, TieRule  # noqa: F401
from congress.models.delegates import *  # noqa: F401,F403
from congress.models.elections import *  # noqa: F401,F403
from congress.models.hall import *  # noqa: F401,F403
from congress.models.uploads import *  # noqa: F401,F403
