"""Domain errors of the rectification ledger; inspect_app/errors.py answers them (409 / 422)."""


class RectificationError(Exception):
    """Base of every ledger error."""


class InvalidTransition(RectificationError):
    """The action does not apply to the row's status (409 invalid_transition)."""

    def __init__(self, action: str, status: str, version: int) -> None:
        super().__init__(f"{action} does not apply to a row that is {status}")
        self.payload = {"status": status, "current_version": version}


class StaleRectification(RectificationError):
    """The row changed since the version the move was based on (409 stale)."""

    def __init__(self, row_id: int, base_version: int, current_version: int) -> None:
        super().__init__(f"rectification {row_id} is at version {current_version}, not {base_version}")
        self.payload = {"base_version": base_version, "current_version": current_version}


class NoteRequired(RectificationError):
    """Returning a row (退回) or asking for more time needs a reason (422)."""


class EvidenceRequired(RectificationError):
    """Asking for closure needs at least one piece of evidence (422)."""


class InvalidValue(RectificationError):
    """A value given for a row is not one the ledger accepts (422); the message is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.payload = {"message": message}


class InvalidFinding(RectificationError):
    """A standalone finding's fields are refused (422 invalid); errors: [{"item", "value", "message"}]."""

    def __init__(self, errors: list[dict]) -> None:
        super().__init__("; ".join(f"{e['item']}: {e['message']}" for e in errors))
        self.payload = {"errors": errors}


class FindingConflict(RectificationError):
    """The finding's submission id was already used for a different finding (409 submission_conflict)."""

    def __init__(self, submission_id: object) -> None:
        super().__init__(f"finding submission {submission_id} was already used for a different body")
        self.payload = {"submission": str(submission_id)}
