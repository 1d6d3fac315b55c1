"""Names without boxes, given to people where the evidence is clear (pure)."""

from albumfaces.cluster.photo_names import plan_photo_names


def photos(**people_in) -> dict[str, set[int]]:
    return {photo: set(people) for photo, people in people_in.items()}


def test_each_name_goes_to_the_person_in_most_of_its_photos():
    name_photos = {"Anna": {"a", "b", "c"}, "Ben": {"b", "c", "d"}}
    photo_people = photos(a=[1], b=[1, 2], c=[1, 2], d=[2, 3])
    plan = plan_photo_names(name_photos, photo_people, {}, set())
    assert {(n.person, n.name) for n in plan.namings} == {(1, "Anna"), (2, "Ben")}
    assert plan.unclear == []


def test_unclear_evidence_names_no_one_and_says_why():
    name_photos = {
        "Cleo": {"a"},  # one photo
        "Dan": {"b", "c"},  # 1 and 2 in as many of them
        "Eve": {"f", "g", "h", "i", "j"},  # 4 in two of five
    }
    photo_people = photos(
        a=[1], b=[1, 2], c=[1, 2], d=[3], e=[4], f=[4], g=[4], h=[5], i=[6], j=[7]
    )
    plan = plan_photo_names(name_photos, photo_people, {}, set())
    assert plan.namings == []
    reasons = {u.name: u.reason for u in plan.unclear}
    assert "1 photo" in reasons["Cleo"]
    assert "as many of its photos" in reasons["Dan"]
    assert "2 of its 5" in reasons["Eve"]


def test_never_over_the_user_never_one_name_twice_never_two_names_to_one():
    name_photos = {"Anna": {"a", "b"}, "Annie": {"a", "b", "c"}, "Ben": {"d", "e"}}
    photo_people = photos(a=[1], b=[1], c=[1], d=[2], e=[2])
    # the user named person 2 "Benjamin": Takeout's "Ben" does not rename them
    plan = plan_photo_names(name_photos, photo_people, {2: "Benjamin"}, {2})
    assert [(n.person, n.name) for n in plan.namings] == [(1, "Annie")]  # the clearer name
    reasons = {u.name: u.reason for u in plan.unclear}
    assert "more clearly 'Annie'" in reasons["Anna"]
    assert "has another name" in reasons["Ben"]  # Benjamin is not Ben
    # a name another person holds already is not given a second time
    plan = plan_photo_names({"Ben": {"d", "e"}}, photo_people, {3: "Ben"}, {3})
    assert plan.namings == [] and "already person 3's" in plan.unclear[0].reason
    # Anna is in every photo of her brother's: named Anna, she is not Ben
    together = photos(f=[1, 4], g=[1, 4], h=[1])
    plan = plan_photo_names({"Ben": {"f", "g"}}, together, {1: "Anna"}, {1})
    assert [(n.person, n.name) for n in plan.namings] == [(4, "Ben")]
    # a person who has the name already: nothing to do, nothing unclear
    plan = plan_photo_names({"Ben": {"d", "e"}}, photo_people, {2: "Ben"}, {2})
    assert plan.namings == [] and plan.unclear == []
