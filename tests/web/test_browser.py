"""The review page in a real browser: headless Chromium driven by Playwright.

Debian's Chromium is used (Playwright's own download cannot work offline); `.ci/run` installs
it when missing, and these tests skip with a reason where it is absent."""

import shutil

import pytest

from albumfaces.store import Store
from tests.conftest import run

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None,
    reason="no Chromium found (apt-get install chromium; .ci/run installs it)",
)
# Without these, Chromium tries to reach Google's servers, which this offline machine refuses.
QUIET = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=QUIET)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(server.url)
    yield tab
    context.close()


def people(db) -> dict[int, object]:
    with Store.open(db) as store:
        return {p.id: p for p in store.list_people() if p.faces or p.named}


def toast(page) -> str:
    page.wait_for_selector("#toast.show")
    return page.inner_text("#toast")


def act(page, action) -> str:
    """Do something that makes a decision; the page reloads and says what was done."""
    with page.expect_navigation():
        action()
    return toast(page)


def answer_in_place(page, action) -> str:
    """Answer a question: the next comes in place, without loading the page again; the
    page says what was done."""
    page.evaluate("window.stayed = true; document.getElementById('toast').textContent = ''")
    action()
    page.wait_for_function("document.getElementById('toast').textContent !== ''")
    assert page.evaluate("window.stayed === true"), "the page was loaded again"
    return toast(page)


def test_name_a_person_from_the_grid_then_undo_with_a_key(page, people_db_copy, tmp_path):
    assert page.url.endswith("/")  # the token left the address bar
    first = page.locator(".card").first
    person = int(first.get_attribute("data-person"))
    left = page.inner_text("h1 .left")
    first.locator(".name").click()
    first.locator(".rename input").fill("Anna 김")
    assert "as Anna 김" in act(page, lambda: first.locator(".rename input").press("Enter"))
    assert people(people_db_copy)[person].name == "Anna 김"
    assert page.inner_text("h1 .left") != left
    page.screenshot(path=str(tmp_path / "people.png"))  # looked at by hand; never committed
    assert act(page, lambda: page.keyboard.press("u")).startswith("Undid: named")
    assert not people(people_db_copy)[person].named


# g: the merge field; e: the name field, where an existing name merges as in the CLI
@pytest.mark.parametrize("field", ["g", "e"])
def test_merge_two_people_and_undo_with_the_button(page, people_db_copy, field):
    cards = page.locator(".card")
    target = int(cards.nth(0).get_attribute("data-person"))
    source = int(cards.nth(1).get_attribute("data-person"))
    run(people_db_copy, "name", target, "Anna")
    before = people(people_db_copy)
    page.goto(page.url.rsplit("/", 1)[0] + f"/people/{source}")
    page.keyboard.press(field)
    page.keyboard.type("Anna")
    said = act(page, lambda: page.keyboard.press("Enter"))
    assert said.startswith("Merged") and "into Anna" in said
    assert page.url.endswith(f"/people/{target}")  # the person they now are
    after = people(people_db_copy)
    assert source not in after
    assert after[target].faces == before[target].faces + before[source].faces
    assert act(page, lambda: page.click("#undo")).startswith("Undid: merged")
    assert people(people_db_copy)[source].faces == before[source].faces


def test_rejected_faces_stay_out_after_cluster_and_split_faces_form_a_person(
    page, people_db_copy, server
):
    person = max(people(people_db_copy).values(), key=lambda p: p.faces)
    page.goto(f"{server.base}/people/{person.id}")
    tiles = page.locator(".tile")
    rejected = int(tiles.nth(0).get_attribute("data-face"))
    tiles.nth(0).click()
    assert page.inner_text("#selected") == "1 selected"
    assert act(page, lambda: page.keyboard.press("r")).startswith("Rejected face")
    run(people_db_copy, "cluster")
    with Store.open(people_db_copy) as store:
        assert getattr(store.face_assignment(rejected), "person_id", None) != person.id
    page.reload()
    tiles = page.locator(".tile")
    split = [int(tiles.nth(i).get_attribute("data-face")) for i in (0, 1)]
    tiles.nth(0).click()
    tiles.nth(1).click(modifiers=["Shift"])
    page.keyboard.press("s")
    page.keyboard.type("Twin")
    assert "into Twin" in act(page, lambda: page.keyboard.press("Enter"))
    twin = next(p for p in people(people_db_copy).values() if p.name == "Twin")
    assert twin.faces == 2
    with Store.open(people_db_copy) as store:
        assert sorted(store.person_face_ids(twin.id)) == sorted(split)
    assert act(page, lambda: page.keyboard.press("u")).startswith("Undid: split")
    assert "Twin" not in {p.name for p in people(people_db_copy).values()}
    assert act(page, lambda: page.keyboard.press("u")).startswith("Undid: rejected")
    with Store.open(people_db_copy) as store:  # the face is back with the person it left
        assert store.face_assignment(rejected).person_id == person.id


def test_keys_search_help_and_focus(page):
    page.keyboard.press("?")
    assert page.is_visible("#help")
    page.keyboard.press("Escape")
    assert not page.is_visible("#help")
    name = page.locator(".card .name").first.inner_text()
    page.keyboard.press("/")
    page.keyboard.type(name)
    visible = page.locator(".card:visible")
    assert visible.count() >= 1 and all(
        name.lower() in visible.nth(i).get_attribute("data-name") for i in range(visible.count())
    )
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowRight")
    focused = page.evaluate("document.activeElement.closest('.card') !== null")
    assert focused


def test_a_big_person_pages_its_faces(page, people_db_copy, server, monkeypatch):
    from albumfaces.service import review

    person = max(people(people_db_copy).values(), key=lambda p: p.faces)
    monkeypatch.setattr(review, "PAGE_SIZE", 2)  # the page shows 2 faces, then "more"
    with Store.open(people_db_copy) as store:
        third = review.person_faces(store, person.id, offset=2, limit=1).faces[0].face.id
    run(people_db_copy, "cover", person.id, third)
    page.goto(f"{server.base}/people/{person.id}")
    assert page.locator(".tile").count() == 2
    assert page.locator(".tile.cover").count() == 0
    page.click("#more")
    page.wait_for_function("document.querySelectorAll('.tile').length > 2")
    assert page.locator(".tile").count() == min(4, person.faces)
    # tiles shown later are made as the first ones: the cover and the source marked
    assert page.locator(f'.tile.cover[data-face="{third}"]').count() == 1
    assert page.locator(".tile .meta .src").count() == page.locator(".tile").count()


def test_answer_suggestions_with_the_keyboard_and_undo(page, people_db_copy, server):
    from tests.people.conftest import person_of
    from tests.photos import COUPLE_MAN

    man = person_of(people_db_copy, COUPLE_MAN[0])
    run(people_db_copy, "name", man, "Tom")
    page.goto(f"{server.base}/is-this")
    row = page.locator(".suggestion").first
    face = int(row.get_attribute("data-face"))
    assert int(row.get_attribute("data-person")) == man
    assert answer_in_place(page, lambda: page.keyboard.press("y")).startswith("Moved face")
    with Store.open(people_db_copy) as store:
        assert store.face_assignment(face).person_id == man
    assert act(page, lambda: page.keyboard.press("u")).startswith("Undid: moved")
    assert answer_in_place(page, lambda: page.keyboard.press("n")).startswith("Rejected face")
    asked = page.evaluate("fetch('/api/suggestions/faces').then(r => r.json())")
    assert not any(s["face_id"] == face and s["person_id"] == man for s in asked)

    page.goto(f"{server.base}/same")
    pair = page.locator(".suggestion").first
    keep, other = int(pair.get_attribute("data-keep")), int(pair.get_attribute("data-other"))
    assert "different people" in answer_in_place(page, lambda: page.keyboard.press("n"))
    assert page.locator(f'.suggestion[data-other="{other}"][data-keep="{keep}"]').count() == 0
    asked = page.evaluate("fetch('/api/suggestions/people').then(r => r.json())")
    assert not any({s["keep"], s["other"]} == {keep, other} for s in asked)
    assert act(page, lambda: page.keyboard.press("u")).startswith("Undid: marked")
    assert page.locator(f'.suggestion[data-other="{other}"]').count() == 1
    assert answer_in_place(page, lambda: page.keyboard.press("y")).startswith("Merged")
    assert other not in people(people_db_copy)
    assert page.locator(f'.suggestion[data-other="{other}"]').count() == 0


def test_a_photo_shows_its_boxes_and_a_box_reassigns_its_face(page, people_db_copy, server):
    from tests.people.conftest import faces_of

    faces = faces_of(people_db_copy, "2020/Home/two_people.jpg")
    assert len(faces) == 2
    run(people_db_copy, "name", faces[0]["person_id"] or _any_person(people_db_copy), "Ana")
    with Store.open(people_db_copy) as store:
        photo = store.get_face(faces[0]["id"]).photo_hash
    page.goto(f"{server.base}/photos/{photo}")
    boxes = page.locator(".box")
    assert boxes.count() == 2
    image = page.locator(".photo img")
    assert page.evaluate("document.querySelector('.photo img').naturalWidth") > 0
    photo_box = image.bounding_box()
    for i in range(2):
        b = boxes.nth(i).bounding_box()  # every box lies on the picture
        assert (
            photo_box["x"] <= b["x"]
            and b["x"] + b["width"] <= photo_box["x"] + photo_box["width"] + 1
        )
    second = faces[1]["id"]
    page.click(f'.box[data-face="{second}"]')
    row_input = page.locator(f"#face-{second} input")
    assert page.evaluate("document.activeElement.closest('tr').id") == f"face-{second}"
    row_input.fill("Ana")
    assert act(page, lambda: row_input.press("Enter")).startswith(f"Moved face {second} to Ana")
    assert "Ana" in page.locator(f'.box[data-face="{second}"] .label').inner_text()


def test_a_name_beyond_the_type_ahead_list_is_asked_of_the_server(
    page, people_db_copy, server, monkeypatch
):
    """A big library's pages list only the first names; any other name typed still works."""
    from albumfaces.web import pages
    from tests.people.conftest import faces_of

    monkeypatch.setattr(pages, "TYPE_AHEAD", 0)
    faces = faces_of(people_db_copy, "2020/Home/two_people.jpg")
    run(people_db_copy, "name", faces[0]["person_id"] or _any_person(people_db_copy), "Ana")
    with Store.open(people_db_copy) as store:
        photo = store.get_face(faces[0]["id"]).photo_hash
    page.goto(f"{server.base}/photos/{photo}")
    assert page.locator("#everyone option").count() == 0
    second = faces[1]["id"]
    row_input = page.locator(f"#face-{second} input")
    row_input.fill("Nobody Known")
    row_input.press("Enter")
    assert toast(page) == 'No person called "Nobody Known".'
    row_input.fill("Ana")
    assert act(page, lambda: row_input.press("Enter")).startswith(f"Moved face {second} to Ana")


def _any_person(db) -> int:
    return next(iter(people(db)))


def test_unassigned_faces_become_a_named_person_in_bulk(page, people_db_copy, server):
    page.goto(f"{server.base}/unassigned")
    tiles = page.locator(".tile")
    chosen = [int(tiles.nth(i).get_attribute("data-face")) for i in (0, 1)]
    tiles.nth(0).click()
    tiles.nth(1).click()
    page.keyboard.press("n")
    page.keyboard.type("Strangers on a train")
    assert "new person, Strangers on a train" in act(page, lambda: page.keyboard.press("Enter"))
    made = next(p for p in people(people_db_copy).values() if p.name == "Strangers on a train")
    with Store.open(people_db_copy) as store:
        assert sorted(store.person_face_ids(made.id)) == sorted(chosen)


def test_organize_then_name_in_the_browser_then_the_albums_follow(browser, data, tmp_path):
    import shutil as files

    from albumfaces.web.server import ReviewServer
    from tests.conftest import SAMPLE

    photos, albums, db = tmp_path / "photos", tmp_path / "albums", tmp_path / "faces.db"
    files.copytree(SAMPLE / "2019" / "Campaign", photos)
    run(db, "organize", photos, "--out", albums, "--workers", "1")
    before = sorted(p.name for p in albums.iterdir())
    assert before and all(name.startswith("person_") for name in before)
    server = ReviewServer(db)
    server.start_in_thread()
    try:
        tab = browser.new_context().new_page()
        tab.set_default_timeout(15_000)
        tab.goto(server.url)
        card = tab.locator(".card").first
        biggest = card.locator(".name").inner_text()
        card.locator(".name").click()
        card.locator(".rename input").fill("Barack Obama")
        assert "as Barack Obama" in act(tab, lambda: card.locator(".rename input").press("Enter"))
    finally:
        server.stop()
    run(db, "organize", photos, "--out", albums, "--workers", "1")
    after = sorted(p.name for p in albums.iterdir())
    assert "Barack Obama" in after and biggest not in after
    entries = sorted(p.name for p in (albums / "Barack Obama").iterdir())
    assert len(entries) == 4 and all("obama" in e for e in entries)  # obama*, obama_and_biden


def test_a_decision_keeps_the_place_on_a_long_page(browser, people_db_copy, server):
    context = browser.new_context(viewport={"width": 800, "height": 400})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(server.url)
    tab.goto(f"{server.base}/unassigned")
    tab.locator(".tile").last.click()  # scrolls down to it
    tab.keyboard.press("n")
    tab.keyboard.type("Far down")
    before = tab.evaluate("window.scrollY")
    assert before > 0
    assert "Far down" in act(tab, lambda: tab.keyboard.press("Enter"))
    tab.wait_for_function(f"Math.abs(window.scrollY - {before}) < 100")  # not back at the top
    context.close()


def test_the_photos_two_people_share_from_a_persons_page(page, people_db_copy, server):
    from albumfaces.service.together import photos_together

    with Store.open(people_db_copy) as store:
        pairs = {}
        for face in store.iter_faces():
            if face.person_id is not None:
                pairs.setdefault(face.photo_hash, set()).add(face.person_id)
        first, second = sorted(next(p for p in pairs.values() if len(p) >= 2))[:2]
        shared = photos_together(store, [first, second])
    run(people_db_copy, "name", first, "Ana")
    run(people_db_copy, "name", second, "Bo")
    page.goto(f"{server.base}/people/{first}")
    page.keyboard.press("w")
    page.keyboard.type("Bo")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/together?" in page.url
    assert page.locator(".shared-photo").count() == len(shared) >= 1
    assert "together" in page.inner_text("h1 .left")
    box = page.locator(".shared-photo .box").first
    assert not box.is_visible()
    page.keyboard.press("b")  # their faces, boxed and named, on request
    assert box.is_visible() and box.inner_text() in ("Ana", "Bo")
    assert page.evaluate("document.querySelector('.shared-photo img').naturalWidth") > 0
    with page.expect_navigation():
        page.locator(".shared-photo").first.click()
    assert page.url.endswith(f"/photos/{shared[0].photo_hash}")


def test_a_birthday_set_on_the_page_shows_ages_on_the_faces(page, people_db_copy, server):
    person = max(people(people_db_copy).values(), key=lambda p: p.faces)
    page.goto(f"{server.base}/people/{person.id}")
    assert page.locator(".tile .age").count() == 0
    page.keyboard.press("b")
    page.keyboard.type("2000")
    assert "birth as 2000" in act(page, lambda: page.keyboard.press("Enter"))
    assert people(people_db_copy)[person.id].born == "2000"
    ages = page.locator(".tile .age")
    assert ages.count() == page.locator(".tile").count()  # every photo has a date
    assert all(text.startswith("age ") for text in ages.all_inner_texts())
    tile = page.locator(".tile").first
    tile.focus()
    with page.expect_navigation():
        page.keyboard.press("p")  # the photo view says it too
    assert page.locator(".faces-in-photo .age").count() >= 1


def test_a_detection_marked_as_no_face_leaves_the_page_and_undo_brings_it_back(
    page, people_db_copy, server
):
    person = max(people(people_db_copy).values(), key=lambda p: p.faces)
    page.goto(f"{server.base}/people/{person.id}")
    tile = page.locator(".tile").first
    face = int(tile.get_attribute("data-face"))
    tile.click()  # selected
    said = act(page, lambda: page.keyboard.press("x"))
    assert said == f"Said face {face} is no face."
    assert page.locator(f'.tile[data-face="{face}"]').count() == 0
    assert people(people_db_copy)[person.id].faces == person.faces - 1
    assert act(page, lambda: page.keyboard.press("u")).startswith("Undid: said face")
    assert page.locator(f'.tile[data-face="{face}"]').count() == 1


def test_draw_a_face_the_detector_missed_on_the_photo(page, people_db_copy, server):
    from albumfaces.models import Box

    with Store.open(people_db_copy) as store:
        face = next(f for f in store.iter_faces() if f.path.endswith("two_people.jpg"))
        photo = store.get_photo(face.photo_hash)
    run(people_db_copy, "face", "not-a-face", face.id)  # as if the detector had missed it
    page.goto(f"{server.base}/photos/{photo.hash}")
    shown = page.locator(".photo-view .photo").bounding_box()
    sx, sy = shown["width"] / photo.width, shown["height"] / photo.height
    b = face.box
    page.once("dialog", lambda dialog: dialog.accept("Drawn Dan"))
    page.mouse.move(shown["x"] + b.left * sx, shown["y"] + b.top * sy)
    page.mouse.down()
    page.mouse.move(shown["x"] + b.right * sx, shown["y"] + b.bottom * sy, steps=5)
    with page.expect_navigation():
        page.mouse.up()
    assert toast(page).startswith("Drew face ") and toast(page).endswith("as Drawn Dan.")
    assert "Drawn Dan" in page.inner_text(".faces-in-photo")
    with Store.open(people_db_copy) as store:
        drawn = [f for f in store.iter_faces(photo_hash=photo.hash) if f.person == "Drawn Dan"]
    assert len(drawn) == 1 and drawn[0].source == "user"
    assert drawn[0].box.iou(Box(b.top, b.right, b.bottom, b.left)) > 0.8
