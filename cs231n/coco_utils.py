"""The course's ``cs231n.coco_utils`` names, re-exported from ``cs231n.data.coco``.

``load_coco_data``, ``decode_captions`` and ``sample_coco_minibatch`` as in the
course; ``image_from_url`` (the course keeps it in ``image_utils``) and
``load_caption_image`` read a caption's image, and ``show_captions`` plots images
with their true and sampled captions.
Taught in: assignment3/RNN_Captioning.ipynb.
"""

from cs231n.data.coco import (
    decode_captions,
    image_from_url,
    load_caption_image,
    load_coco_data,
    sample_coco_minibatch,
)

__all__ = ["decode_captions", "image_from_url", "load_caption_image", "load_coco_data",
           "sample_coco_minibatch", "show_captions"]


def show_captions(urls, captions: dict, ncols: int = 2, figsize_per: float = 3.2):
    """Plot images with captions underneath, one image per url.

    Parameters
    ----------
    urls : sequence of B image URLs (``sample_coco_minibatch``'s third output)
    captions : dict label -> list of B caption strings (say ``{"true": ..., "sampled": ...}``);
        each image is titled with one ``label: caption`` line per entry
    ncols : int, images per row

    Returns
    -------
    the matplotlib Figure. An image that cannot be read (a dead URL) is shown as a blank panel.
    """
    import matplotlib.pyplot as plt

    n = len(urls)
    nrows = max(1, -(-n // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(figsize_per * ncols * 1.6,
                                                    figsize_per * nrows * 1.25), squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.axis("off")
        if k >= n:
            continue
        img = image_from_url(str(urls[k]))
        if img is None:
            ax.text(0.5, 0.5, "image unavailable", ha="center", va="center")
        else:
            ax.imshow(img)
        lines = [f"{label}: {caps[k]}" for label, caps in captions.items()]
        ax.set_title("\n".join(lines), fontsize=9, loc="left")
    fig.tight_layout()
    return fig
