"""Exact and approximate nearest neighbours: the approximate index finds the neighbours the
clustering graph needs, and gives the same answer every run."""

import numpy as np
import pytest

from albumfaces.cluster.graph import neighbour_graph
from albumfaces.cluster.knn import EXACT_PAIRS, Search, nearest


def people(count, per_person=12, seed=0):
    """Faces of ``count`` people: one person's faces ~0.35 apart, people ~1.0 apart."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(count, 128))
    centres *= 0.7 / np.linalg.norm(centres, axis=1, keepdims=True)
    faces = np.repeat(centres, per_person, axis=0)
    faces += rng.normal(scale=0.35 / np.sqrt(256), size=faces.shape)
    return faces.astype(np.float32)


@pytest.fixture(scope="module")
def faces():
    return people(2500)  # 30,000 faces: the index has 692 lists


@pytest.mark.slow
def test_exact_search_is_the_brute_force_answer(faces):
    queries = faces[::500]
    found = nearest(faces, queries, 5, Search.EXACT)
    brute = np.linalg.norm(faces[None, :, :] - queries[:, None, :], axis=2)
    assert (found.indices[:, 0] == np.arange(0, len(faces), 500)).all()  # itself, first
    np.testing.assert_allclose(found.distances, np.sort(brute, axis=1)[:, :5], atol=1e-3)


@pytest.mark.slow
def test_the_approximate_graph_has_the_exact_graphs_links(faces):
    exact = neighbour_graph(faces, 0.52, search=Search.EXACT)
    approximate = neighbour_graph(faces, 0.52, search=Search.APPROXIMATE)
    assert exact.nnz == len(faces) * 11  # every face linked to the 11 others of its person
    found = exact.multiply(approximate != 0)
    assert found.nnz >= 0.99 * exact.nnz
    # the links found have the exact distances
    np.testing.assert_allclose(found.data, exact.multiply(found != 0).data, atol=1e-4)


def test_the_approximate_index_gives_the_same_neighbours_every_run(faces):
    first = nearest(faces, faces[:2000], 10, Search.APPROXIMATE)
    again = nearest(faces, faces[:2000], 10, Search.APPROXIMATE)
    assert (first.indices == again.indices).all()


def test_auto_is_exact_for_small_sets_and_approximate_for_large(faces, monkeypatch):
    import albumfaces.cluster.knn as knn

    built = []
    real = knn.build_index
    monkeypatch.setattr(knn, "build_index", lambda base, how: built.append(how) or real(base, how))
    nearest(faces, faces[:100], 3)
    assert len(faces) * 100 <= EXACT_PAIRS and built[-1] is Search.EXACT
    monkeypatch.setattr(knn, "EXACT_PAIRS", len(faces) * 99)
    nearest(faces, faces[:100], 3)
    assert built[-1] is Search.APPROXIMATE


def test_fewer_faces_than_neighbours_asked():
    few = people(1, per_person=3)
    found = nearest(few, few, 10)
    assert found.indices.shape == (3, 3)
    graph = neighbour_graph(few, 0.52, search=Search.APPROXIMATE)
    assert graph.nnz == 6


@pytest.mark.parametrize("parted", [False, True], ids=["one-part", "in-parts"])
def test_an_id_index_takes_faces_in_and_out(faces, parted):
    """The index the review page's suggestions keep: faces under their ids, removed and
    added back as decisions are made; a query finds what brute force finds among the faces
    of the parts it searches."""
    from albumfaces.cluster.knn import IdIndex, train_parts

    ids = np.arange(len(faces), dtype=np.int64) * 7 + 3  # face ids are not positions
    centres = train_parts(faces[::10], len(faces)) if parted else None
    index = IdIndex(128, centres, probes=1)
    index.add(ids, faces)
    queries = faces[::1000] + 1e-4
    assert (index.search(queries, 1).indices[:, 0] == ids[::1000]).all()
    index.remove(ids[::1000])  # those faces leave
    found = index.search(queries, 3)
    assert not np.isin(found.indices, ids[::1000]).any()
    # what brute force finds among the faces left in the part each query searches
    homes = index.home_parts(faces)
    left = ~np.isin(ids, ids[::1000])
    parts = index.parts_of(queries)[:, 0]
    for query, part, got in zip(queries, parts, found.indices, strict=True):
        there = np.flatnonzero(left & (homes == part))
        brute = there[np.argsort(np.linalg.norm(faces[there] - query, axis=1))[:3]]
        assert list(got[got >= 0]) == list(ids[brute])
    index.add(ids[::1000], faces[::1000])
    assert (index.search(queries, 1).indices[:, 0] == ids[::1000]).all()
    assert parted == (len(np.unique(homes)) > 1)
