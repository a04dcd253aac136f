"""cs231n.coco_utils: the course's names, and the captioned-image figure."""

import matplotlib
import numpy as np
from PIL import Image

from cs231n import coco_utils, data

matplotlib.use("Agg")


def test_course_names_are_the_data_layers():
    for name in ("load_coco_data", "decode_captions", "sample_coco_minibatch",
                 "image_from_url", "load_caption_image"):
        assert getattr(coco_utils, name) is getattr(data, name)


def test_show_captions_titles_each_image_and_survives_a_dead_url(tmp_path):
    import matplotlib.pyplot as plt

    path = tmp_path / "red.png"
    Image.fromarray(np.full((8, 8, 3), (200, 20, 20), dtype=np.uint8)).save(path)
    urls = [path.as_uri(), (tmp_path / "missing.png").as_uri(), path.as_uri()]
    fig = coco_utils.show_captions(urls, {"true": ["a", "b", "c"], "sampled": ["x", "y", "z"]})
    axes = fig.axes
    assert len(axes) == 4  # 2 x 2 grid, the last panel empty
    assert axes[0].get_title(loc="left") == "true: a\nsampled: x"
    assert len(axes[0].images) == 1 and len(axes[1].images) == 0
    assert any("unavailable" in t.get_text() for t in axes[1].texts)
    assert axes[3].get_title(loc="left") == ""
    plt.close(fig)
