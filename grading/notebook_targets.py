"""Open-ended targets scored by re-executing a submission's notebooks (``grade --notebooks``).

Each target names a figure a notebook records with ``Workbook.record`` (into
``$CS231N_RESULTS/<notebook>.json``) and the threshold it must reach, in full
mode and in quick mode: the same bounds the notebooks' own verdict lines use.
The figures are computed by the submission's own process, so these points
are marked "unverified" like other threshold-only checks.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Target:
    figure: str
    at_least: float  # full mode
    quick: float  # quick mode (CS231N_QUICK=1)
    points: float = 1.0


TARGETS: dict[str, tuple[Target, ...]] = {
    "knn": (Target("accuracy_k1_full_test", 0.25, 0.15),
            Target("accuracy_best_k_all_training", 0.28, 0.18)),
    "svm": (Target("test_accuracy", 0.36, 0.26),),
    "softmax": (Target("test_accuracy", 0.36, 0.26),),
    "two_layer_net": (Target("best_test_acc", 0.50, 0.30, points=2.0),),
    "features": (Target("svm_test_acc", 0.40, 0.30), Target("net_test_acc", 0.57, 0.35)),
    "FullyConnectedNets": (Target("best_val_acc", 0.50, 0.30, points=2.0),),
    "BatchNormalization": (Target("bn_best_train_acc", 0.65, 0.40),),
    "ConvolutionalNetworks": (Target("train_acc_1epoch", 0.40, 0.15),),
}
