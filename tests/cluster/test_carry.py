from albumfaces.cluster.carry import CARRY_OVER_MIN_IOU, carry_over
from albumfaces.models import Box, FaceDecisions


def decided(box: Box, person=7, rejected=(), cover_of=()) -> FaceDecisions:
    return FaceDecisions(box, person, rejected, cover_of)


def test_decisions_follow_the_face_at_the_same_place():
    old = [decided(Box(10, 60, 60, 10)), decided(Box(10, 160, 60, 110), None, (3,))]
    new = [Box(12, 158, 61, 111), Box(11, 61, 59, 9)]  # found in another order, moved a little
    carried = carry_over(old, new)
    assert [(c.face, c.decisions.person_id, c.decisions.rejected) for c in carried] == [
        (0, None, (3,)),
        (1, 7, ()),
    ]


def test_a_face_not_found_again_loses_its_decisions():
    old = [decided(Box(0, 50, 50, 0))]
    assert carry_over(old, [Box(0, 150, 50, 100)]) == []
    assert carry_over(old, []) == []


def test_the_overlap_needed_is_the_named_constant():
    box = Box(0, 100, 100, 0)
    just_enough = Box(0, 100, 100, 100 - round(100 * CARRY_OVER_MIN_IOU))  # IoU exactly 0.5
    too_little = Box(0, 100, 100, 100 - round(100 * CARRY_OVER_MIN_IOU) + 1)
    assert box.iou(just_enough) == CARRY_OVER_MIN_IOU
    assert len(carry_over([decided(box)], [just_enough])) == 1
    assert carry_over([decided(box)], [too_little]) == []


def test_two_old_faces_never_land_on_one_new_face():
    old = [decided(Box(0, 100, 100, 0), 1), decided(Box(0, 104, 100, 4), 2)]
    (carried,) = carry_over(old, [Box(0, 103, 100, 3)])
    assert carried.decisions.person_id == 2  # the better overlap wins; the other lapses
