"""GET /api/campaigns/<id>/rankings: exactly the objects `inspect-app score --out F.json` gives."""

import orjson
from flask import Response

from inspect_app.api import bp
from inspect_app.rankings.services import visible_ranking


@bp.get("/campaigns/<int:campaign_id>/rankings")
def campaign_rankings(campaign_id: int):
    """The stored ranking, `subject` being the subject's name as the pages show it."""
    ranking = visible_ranking(campaign_id, ready=True)
    names = {str(row.subject_id): row.name for row in ranking.rows}
    records = [record | {"subject": names[record["subject"]]} for record in ranking.records]
    return Response(orjson.dumps(records), mimetype="application/json")
