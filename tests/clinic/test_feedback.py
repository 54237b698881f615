from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError

from clinic.feedback import report_outcome


def _request(rf):
    request = rf.post("/")
    request._messages = CookieStorage(request)
    return request


def test_a_done_action_says_so(rf):
    request = _request(rf)
    assert report_outcome(request, lambda: None, success="Done.") is True
    assert [str(m) for m in get_messages(request)] == ["Done."]


def test_a_refused_action_says_why(rf):
    request = _request(rf)

    def refuse():
        raise ValidationError(["Already done.", "Too late."])

    assert report_outcome(request, refuse, success="Done.") is False
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [("error", "Already done. Too late.")]
