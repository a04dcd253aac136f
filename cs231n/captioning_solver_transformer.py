"""CaptioningSolverTransformer: Adam training of a PyTorch captioning model on COCO minibatches.

Shapes: N minibatch, T + 1 tokens per caption (T inputs and T targets), V vocabulary.

    solver = CaptioningSolverTransformer(model, data, idx_to_word, num_epochs=100,
                                         batch_size=25, learning_rate=1e-3)
    solver.train()
    solver.loss_history

The loss is ``transformer_temporal_softmax_loss``: the cross-entropy at each step,
zeroed where the target is ``<NULL>``, averaged over all N * T positions (masked
ones included). That is per word and smaller than the numpy ``temporal_softmax_loss``,
which sums over time and divides by N only.
Taught in: assignment3/Transformer_Captioning.ipynb.
"""

from __future__ import annotations

import numpy as np
import torch
from torch.nn import functional as F

from cs231n.data.coco import sample_coco_minibatch


def transformer_temporal_softmax_loss(x: torch.Tensor, y: torch.Tensor,
                                      mask: torch.Tensor) -> torch.Tensor:
    """``mean over n, t of mask[n, t] * CE(softmax(x[n, t]), y[n, t])``.

    Parameters
    ----------
    x : Tensor of shape (N, T, V), scores
    y : LongTensor of shape (N, T), targets in [0, V)
    mask : Tensor of shape (N, T), bool or 0/1; which targets count

    Returns
    -------
    loss : scalar Tensor, divided by N * T whatever the mask
    """
    if x.dim() != 3 or tuple(y.shape) != tuple(x.shape[:2]) \
            or tuple(mask.shape) != tuple(x.shape[:2]):
        raise ValueError(f"expected x (N, T, V), y and mask (N, T); got {tuple(x.shape)}, "
                         f"{tuple(y.shape)}, {tuple(mask.shape)}")
    N, T, V = x.shape
    ce = F.cross_entropy(x.reshape(N * T, V), y.reshape(N * T).long(), reduction="none")
    return torch.mean(ce * mask.reshape(N * T).to(ce.dtype))


class CaptioningSolverTransformer:
    """Train a PyTorch captioning model with ``torch.optim.Adam`` on the training captions.

    Parameters
    ----------
    model : nn.Module with ``_null`` and ``forward(features, captions_in) -> (N, T, V)``
    data : dict from ``load_coco_data``
    idx_to_word : list of str, the vocabulary (kept for the course's interface)
    learning_rate : float, Adam's step size
    batch_size : int, captions per minibatch
    num_epochs : int, passes over the training captions
    print_every : int, iterations between loss lines
    verbose : bool, print progress

    Unknown keyword arguments raise ValueError. ``loss_history`` holds one numpy
    float per iteration.
    """

    def __init__(self, model, data: dict, idx_to_word, *, learning_rate: float = 0.001,
                 batch_size: int = 100, num_epochs: int = 10, print_every: int = 10,
                 verbose: bool = True, **kwargs):
        if kwargs:
            extra = ", ".join(f'"{k}"' for k in kwargs)
            raise ValueError(f"Unrecognized arguments {extra}")
        missing = [k for k in ("train_captions", "train_image_idxs", "train_features",
                               "train_urls") if k not in data]
        if missing:
            raise ValueError(f"CaptioningSolverTransformer data is missing {', '.join(missing)}")
        if batch_size < 1 or num_epochs < 0 or learning_rate <= 0:
            raise ValueError("batch_size must be >= 1, num_epochs >= 0 and learning_rate > 0")
        self.model = model
        self.data = data
        self.idx_to_word = idx_to_word
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.num_epochs = num_epochs
        self.print_every = print_every
        self.verbose = verbose
        self.optim = torch.optim.Adam(self.model.parameters(), lr=learning_rate)
        self._reset()

    def _reset(self) -> None:
        self.epoch = 0
        self.loss_history: list[np.floating] = []

    def _step(self) -> None:
        """One Adam update on a minibatch drawn with replacement (teacher forcing)."""
        captions, features, _ = sample_coco_minibatch(self.data, batch_size=self.batch_size,
                                                      split="train")
        dtype = next(self.model.parameters()).dtype
        captions = torch.as_tensor(captions, dtype=torch.long)
        features = torch.as_tensor(features, dtype=dtype)
        captions_in, captions_out = captions[:, :-1], captions[:, 1:]  # (N, T) each
        mask = captions_out != self.model._null

        logits = self.model(features, captions_in)  # (N, T, V)
        loss = transformer_temporal_softmax_loss(logits, captions_out, mask)
        self.loss_history.append(loss.detach().numpy())
        self.optim.zero_grad()
        loss.backward()
        self.optim.step()

    def train(self) -> None:
        """Run ``num_epochs`` epochs of ``max(N // batch_size, 1)`` iterations in train mode."""
        self.model.train()
        num_train = self.data["train_captions"].shape[0]
        iterations_per_epoch = max(num_train // self.batch_size, 1)
        num_iterations = self.num_epochs * iterations_per_epoch
        for t in range(num_iterations):
            self._step()
            if self.verbose and t % self.print_every == 0:
                print(f"(Iteration {t + 1} / {num_iterations}) loss: "
                      f"{float(self.loss_history[-1]):f}")
            if (t + 1) % iterations_per_epoch == 0:
                self.epoch += 1
