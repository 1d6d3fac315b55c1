import numpy as np
import pytest

from albumfaces.cluster.algorithms import cluster_encodings
from albumfaces.cluster.evaluate import bcubed
from tests.cluster.helpers import blobs


@pytest.mark.parametrize("method", ["chinese-whispers", "dbscan"])
def test_separated_people_are_found_exactly(method):
    x, truth = blobs()
    labels = cluster_encodings(x, method, 0.5, min_faces=2)
    assert bcubed(list(truth), labels).f1 == 1.0


@pytest.mark.parametrize("method", ["chinese-whispers", "dbscan"])
def test_labels_are_numbered_by_size_and_small_groups_are_noise(method):
    x, _ = blobs(people=3, per_person=4)
    x = np.vstack([x[:4], x[4:8][:2], x[8:]])  # sizes 4, 2, 4
    labels = cluster_encodings(x, method, 0.5, min_faces=3)
    assert list(labels) == [0] * 4 + [-1] * 2 + [1] * 4


def test_same_input_same_labels():
    x, _ = blobs(people=20, per_person=6, spread=0.35, seed=3)
    first = cluster_encodings(x, "chinese-whispers", 0.5, 2)
    assert np.array_equal(first, cluster_encodings(x, "chinese-whispers", 0.5, 2))


def test_faces_of_one_photo_are_never_one_person():
    x, _ = blobs(people=1, per_person=2, spread=0.05)
    assert list(cluster_encodings(x, "chinese-whispers", 0.5, 2)) == [0, 0]
    photos = np.array([7, 7])
    assert list(cluster_encodings(x, "chinese-whispers", 0.5, 2, photos=photos)) == [-1, -1]


def test_bcubed_of_known_partitions():
    truth = ["a", "a", "b", "b"]
    assert bcubed(truth, np.array([0, 0, 1, 1])).f1 == 1.0
    merged = bcubed(truth, np.array([0, 0, 0, 0]))
    assert (merged.precision, merged.recall) == (0.5, 1.0)
    alone = bcubed(truth, np.array([-1, -1, -1, -1]))
    assert (alone.precision, alone.recall) == (1.0, 0.5)


def test_split_chains_cuts_a_cluster_that_holds_two_groups():
    from albumfaces.cluster.algorithms import split_chains

    x, truth = blobs(people=2, per_person=6, spread=0.1)
    joined = np.zeros(len(x), dtype=int)  # as if a chain had merged the two people
    split = split_chains(x, joined, cut=0.55)
    assert bcubed(list(truth), split).f1 == 1.0
    assert np.array_equal(split_chains(x, joined, cut=0.55, largest=5), joined)  # too big: kept
    tight = split_chains(x[:6], np.zeros(6, dtype=int), cut=0.55)
    assert len(set(tight)) == 1
