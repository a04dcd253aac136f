"""CaptioningSolver: minibatch training of a captioning model with an update rule from ``optim``.

Shapes: N training captions, B minibatch, T + 1 tokens per caption, D image features.
The model exposes ``params`` (name -> ndarray) and ``loss(features, captions)``,
which returns ``(loss, grads)`` with ``grads`` keyed like ``params``.

    solver = CaptioningSolver(model, data, update_rule="adam",
                              optim_config={"learning_rate": 5e-3}, lr_decay=0.95,
                              num_epochs=50, batch_size=25, print_every=10)
    solver.train()
    solver.loss_history

Unlike ``Solver`` there is no accuracy to track: the model keeps its last parameters.
Taught in: assignment3/RNN_Captioning.ipynb and LSTM_Captioning.ipynb.
"""

from __future__ import annotations

from collections.abc import Callable

from cs231n.data.coco import sample_coco_minibatch
from cs231n.solver import resolve_update_rule


class CaptioningSolver:
    """Train a captioning model on the training captions of a ``load_coco_data`` dict.

    Parameters
    ----------
    model : object with ``params`` and ``loss(features, captions)``
    data : dict from ``load_coco_data`` (``train_captions``, ``train_image_idxs``,
        ``train_features``, ``train_urls`` and the same for ``val``)
    update_rule : str, a rule in ``cs231n.optim`` (``"sgd"``, ``"adam"``, ...), or a callable
    optim_config : dict, hyperparameters handed to the rule; each parameter gets its own copy
    lr_decay : float, every ``learning_rate`` is multiplied by this after each epoch
    batch_size : int, captions per minibatch
    num_epochs : int, passes over the training captions
    print_every : int, iterations between loss lines
    verbose : bool, print progress

    Unknown keyword arguments raise ValueError, and so does an unknown update rule.
    """

    def __init__(self, model, data: dict, *, update_rule: str | Callable = "sgd",
                 optim_config: dict | None = None, lr_decay: float = 1.0,
                 batch_size: int = 100, num_epochs: int = 10, print_every: int = 10,
                 verbose: bool = True, **kwargs):
        if kwargs:
            extra = ", ".join(f'"{k}"' for k in kwargs)
            raise ValueError(f"Unrecognized arguments {extra}")
        self.update_rule = resolve_update_rule(update_rule)
        missing = [k for k in ("train_captions", "train_image_idxs", "train_features",
                               "train_urls") if k not in data]
        if missing:
            raise ValueError(f"CaptioningSolver data is missing {', '.join(missing)}")
        if batch_size < 1 or num_epochs < 0:
            raise ValueError("batch_size must be >= 1 and num_epochs >= 0")

        self.model = model
        self.data = data
        self.optim_config = dict(optim_config or {})
        self.lr_decay = lr_decay
        self.batch_size = batch_size
        self.num_epochs = num_epochs
        self.print_every = print_every
        self.verbose = verbose
        self._reset()

    def _reset(self) -> None:
        """Fresh bookkeeping and one optimizer config per parameter."""
        self.epoch = 0
        self.loss_history: list[float] = []
        self.optim_configs = {p: dict(self.optim_config) for p in self.model.params}

    def _step(self) -> None:
        """One update on a minibatch of training captions drawn with replacement."""
        captions, features, _ = sample_coco_minibatch(self.data, batch_size=self.batch_size,
                                                      split="train")
        loss, grads = self.model.loss(features, captions)
        self.loss_history.append(float(loss))
        for p, w in self.model.params.items():
            next_w, next_config = self.update_rule(w, grads[p], self.optim_configs[p])
            self.model.params[p] = next_w
            self.optim_configs[p] = next_config

    def check_accuracy(self, *args, **kwargs) -> float:
        """Captioning has no accuracy here; kept for the course's interface. Returns 0.0."""
        return 0.0

    def train(self) -> None:
        """Run ``num_epochs`` epochs of ``max(N // batch_size, 1)`` iterations each."""
        num_train = self.data["train_captions"].shape[0]
        iterations_per_epoch = max(num_train // self.batch_size, 1)
        num_iterations = self.num_epochs * iterations_per_epoch

        for t in range(num_iterations):
            self._step()
            if self.verbose and t % self.print_every == 0:
                print(f"(Iteration {t + 1} / {num_iterations}) loss: {self.loss_history[-1]:f}")
            if (t + 1) % iterations_per_epoch == 0:
                self.epoch += 1
                for config in self.optim_configs.values():
                    if "learning_rate" in config:
                        config["learning_rate"] *= self.lr_decay
        if self.verbose and num_iterations and (num_iterations - 1) % self.print_every:
            print(f"(Iteration {num_iterations} / {num_iterations}) "
                  f"loss: {self.loss_history[-1]:f}")

