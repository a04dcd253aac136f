"""The course's ``cs231n.coco_utils`` names, re-exported from ``cs231n.data.coco``.

``load_coco_data``, ``decode_captions`` and ``sample_coco_minibatch`` as in the
course; ``image_from_url`` (the course keeps it in ``image_utils``) and
``load_caption_image`` show a caption's image.
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
           "sample_coco_minibatch"]
