"""Reading the API in tests: JSON answers, their items and their problems."""

JSON = "application/json; charset=utf-8"


def get(client, url, status=200, **headers):
    """The JSON of ``url``, after checking its status and content type."""
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.content[:600])
    assert response["Content-Type"] == JSON, url
    return response.json()


def titles(data):
    return [item["title"] for item in data["results"]]


def problem(data):
    """The one problem a refusal names."""
    (only,) = data["detail"]
    return only


def refused_parameter(client, url, status):
    """The parameter a refusal of ``url`` names (``loc``'s last part)."""
    return problem(get(client, url, status))["loc"][-1]
