"""What each assignment is made of: notebooks (= check questions) and required files.

The required files follow the course's ``collectSubmission.sh`` lists,
adapted to this layout (the course's single ``layers.py`` is the
``cs231n/layers/`` package here). Files that do not exist in the tree at hand
are not required, so the list stays right while the library grows.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path


@dataclasses.dataclass(frozen=True)
class Assignment:
    name: str
    notebooks: tuple[str, ...]  # stems, in the course's order; each is a check question
    required: tuple[str, ...]  # paths relative to the workbook root
    pdf_notebooks: tuple[str, ...] | None = None  # None: all notebooks

    @property
    def number(self) -> int:
        return int(self.name.removeprefix("assignment"))

    def notebook_paths(self, root: Path) -> list[Path]:
        return [root / self.name / f"{nb}.ipynb" for nb in self.notebooks]

    def required_files(self, root: Path) -> list[str]:
        """Required code files that exist under ``root`` (the release or the source)."""
        return [p for p in self.required if (root / p).exists()]


_LAYERS = tuple(f"cs231n/layers/{m}.py" for m in ("affine", "activations", "losses", "batchnorm",
                                                  "dropout", "conv", "pooling",
                                                  "spatial"))

ASSIGNMENTS = {
    "assignment1": Assignment(
        "assignment1",
        ("knn", "svm", "softmax", "two_layer_net", "features"),
        ("cs231n/classifiers/k_nearest_neighbor.py", "cs231n/classifiers/linear_classifier.py",
         "cs231n/classifiers/linear_svm.py", "cs231n/classifiers/softmax.py",
         "cs231n/classifiers/fc_net.py", "cs231n/optim.py", "cs231n/solver.py") + _LAYERS[:3],
    ),
    "assignment2": Assignment(
        "assignment2",
        ("FullyConnectedNets", "BatchNormalization", "Dropout", "ConvolutionalNetworks",
         "PyTorch"),
        _LAYERS + ("cs231n/classifiers/fc_net.py", "cs231n/optim.py", "cs231n/solver.py",
                   "cs231n/classifiers/cnn.py"),
    ),
    "assignment3": Assignment(
        "assignment3",
        ("RNN_Captioning", "Transformer_Captioning", "Generative_Adversarial_Networks",
         "Self_Supervised_Learning", "LSTM_Captioning"),
        ("cs231n/rnn_layers.py", "cs231n/transformer_layers.py", "cs231n/classifiers/rnn.py",
         "cs231n/gan_pytorch.py", "cs231n/simclr/contrastive_loss.py",
         "cs231n/simclr/data_utils.py", "cs231n/simclr/utils.py"),
        pdf_notebooks=("RNN_Captioning", "Transformer_Captioning",
                       "Generative_Adversarial_Networks"),
    ),
}


def get(name: str) -> Assignment:
    """The assignment called ``name`` (``assignment1`` or ``1``); KeyError names the choices."""
    key = name if name.startswith("assignment") else f"assignment{name}"
    if key not in ASSIGNMENTS:
        raise KeyError(f"unknown assignment {name!r}; choose one of {', '.join(ASSIGNMENTS)}")
    return ASSIGNMENTS[key]


def questions(name: str) -> tuple[str, ...]:
    return get(name).notebooks
