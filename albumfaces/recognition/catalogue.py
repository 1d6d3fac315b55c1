"""The files each face model needs: where they live, their official address, size and checksum.

Plain data, no imports beyond the standard library: ``albumfaces models`` lists them and the
CLI builds its help from them without loading numpy or OpenVINO.
"""

from __future__ import annotations

from dataclasses import dataclass

OMZ = "https://storage.openvinotoolkit.org/repositories/open_model_zoo/2023.0/models_bin/1"


@dataclass(frozen=True)
class ModelFile:
    """One file of a model, laid out under a models folder as the Open Model Zoo lays it out
    (``intel/<model>/FP16/<model>.xml``)."""

    path: str  # relative to the models folder
    size: int  # bytes
    sha384: str  # hex, as the zoo's model.yml gives it
    url: str  # the official address

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


def _omz(model: str, xml_size: int, xml_sha: str, bin_size: int, bin_sha: str):
    """The FP16 IR pair (graph and weights) of an Open Model Zoo 2023.0 model."""
    return tuple(
        ModelFile(f"intel/{model}/FP16/{model}{ext}", size, sha, f"{OMZ}/{model}/FP16/{model}{ext}")
        for ext, size, sha in ((".xml", xml_size, xml_sha), (".bin", bin_size, bin_sha))
    )


LANDMARKS_0009 = _omz(
    "landmarks-regression-retail-0009",
    66508,
    "393eda465df2a886f7edd932e2f1cd6930ae91f85708f91b4cd60e411acfb86e9de9e083907901208e9e8af639846572",
    381232,
    "0e6e830387f56783de313e0f7022b7808fd2e9e0b28b411a65608e2c1df0bcf939c65fb699fc51868df30232d6308515",
)
REIDENTIFICATION_0095 = _omz(
    "face-reidentification-retail-0095",
    350427,
    "689fb39e94bbd0d22cfeeb9292d0b91ac753424a7ee2c0555070e4038a00bfcaad473b47303012b9a393027dbad0dbce",
    2213628,
    "6d51703e854509dafdab9dfc6b932136d301d95be6d52c9c23b5a4f5de1ffec80e8d38b87e0e9556ad36f0dded1588ed",
)
DETECTION_0004 = _omz(
    "face-detection-retail-0004",
    143827,
    "a7f8d1d41998503c4f3cdd8c12275f04f1736e5142127edcb4c76c3e17188499390574095a5b2a9dd78d3d0f77d02034",
    1176544,
    "394185d3e42c34d7f9d43229ec8f5755c07e19fd6469d23883e71707fdd8eb66d90cbd62248db90ff3ba1c94adac599b",
)
