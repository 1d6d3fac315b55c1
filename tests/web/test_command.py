"""`albumfaces review` as a person runs it: the address it prints works, Ctrl-C stops it."""

import re

import httpx

from tests.web.conftest import albumfaces_running, ctrl_c


def test_review_prints_a_working_address_and_stops_on_ctrl_c(people_db_copy):
    with albumfaces_running(people_db_copy, "review", "--no-browser") as proc:
        line = proc.stdout.readline()
        url = re.search(r"(http://127\.0\.0\.1:\d+/\?token=\S+)", line).group(1)
        with httpx.Client(follow_redirects=True, timeout=30) as client:
            page = client.get(url)
            assert page.status_code == 200 and "Who is this?" in page.text
            assert client.get(url.split("?")[0] + "api/people").status_code == 200
        ctrl_c(proc)


def test_review_of_a_missing_database_says_so(tmp_path):
    from tests.conftest import run

    result = run(tmp_path / "none.db", "review", "--no-browser", expect=1)
    assert "no database at" in result.stderr
