"""Solver: minibatch training of a classification model with an update rule from ``optim``.

Shapes: N training examples, C classes. The model exposes ``params``
(name -> ndarray) and ``loss(X, y=None)``, which returns scores (N, C) when
``y`` is None and ``(loss, grads)`` otherwise, ``grads`` keyed like ``params``.

    solver = Solver(model, data, update_rule="sgd",
                    optim_config={"learning_rate": 1e-3}, lr_decay=0.95,
                    num_epochs=10, batch_size=100, print_every=100)
    solver.train()
    solver.best_val_acc, solver.loss_history, solver.val_acc_history

After ``train()`` the model holds the parameters that scored best on the
validation set, not the last ones.
Taught in: assignment1/two_layer_net.ipynb and the assignment2 notebooks.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable

import numpy as np

from cs231n import optim


def resolve_update_rule(update_rule: str | Callable) -> Callable:
    """A callable rule as is, or the public function of ``cs231n.optim`` with that name.

    Raises ValueError for anything else (an unknown or private name, a class).
    """
    if callable(update_rule):
        return update_rule
    name = update_rule if isinstance(update_rule, str) else ""
    rule = getattr(optim, name, None) if name and not name.startswith("_") else None
    if not callable(rule) or isinstance(rule, type):
        raise ValueError(f'Invalid update_rule "{update_rule}"')
    return rule

class Solver:
    """Train a model by minibatch descent and keep the best validation parameters.

    Parameters
    ----------
    model : object with ``params`` and ``loss(X, y=None)``
    data : dict with ``X_train`` (N, ...), ``y_train`` (N,), ``X_val``, ``y_val``
    update_rule : str, a rule in ``cs231n.optim`` (``"sgd"``, ...), or a callable rule
    optim_config : dict, hyperparameters handed to the rule; each parameter gets its own copy
    lr_decay : float, every ``learning_rate`` is multiplied by this after each epoch
    batch_size : int, examples per minibatch
    num_epochs : int, passes over the training set
    num_train_samples : int or None, training examples used to estimate training accuracy
    num_val_samples : int or None, validation examples used (None: all of them)
    checkpoint_name : str or None, when set the solver pickles ``<name>_epoch_<e>.pkl``
    print_every : int, iterations between loss lines
    verbose : bool, print progress

    Unknown keyword arguments raise ValueError, and so does an unknown update rule.
    """

    def __init__(self, model, data: dict, *, update_rule: str | Callable = "sgd",
                 optim_config: dict | None = None, lr_decay: float = 1.0,
                 batch_size: int = 100, num_epochs: int = 10,
                 num_train_samples: int | None = 1000, num_val_samples: int | None = None,
                 checkpoint_name: str | None = None, print_every: int = 10,
                 verbose: bool = True, **kwargs):
        if kwargs:
            extra = ", ".join(f'"{k}"' for k in kwargs)
            raise ValueError(f"Unrecognized arguments {extra}")
        missing = [k for k in ("X_train", "y_train", "X_val", "y_val") if k not in data]
        if missing:
            raise ValueError(f"Solver data is missing {', '.join(missing)}")
        self.update_rule = resolve_update_rule(update_rule)

        self.model = model
        self.X_train, self.y_train = data["X_train"], data["y_train"]
        self.X_val, self.y_val = data["X_val"], data["y_val"]
        self.optim_config = dict(optim_config or {})
        self.lr_decay = lr_decay
        self.batch_size = batch_size
        self.num_epochs = num_epochs
        self.num_train_samples = num_train_samples
        self.num_val_samples = num_val_samples
        self.checkpoint_name = checkpoint_name
        self.print_every = print_every
        self.verbose = verbose
        self._reset()

    def _reset(self) -> None:
        """Fresh bookkeeping and one optimizer config per parameter."""
        self.epoch = 0
        self.best_val_acc = 0.0
        self.best_params: dict[str, np.ndarray] = {}
        self.loss_history: list[float] = []
        self.train_acc_history: list[float] = []
        self.val_acc_history: list[float] = []
        self.optim_configs = {p: dict(self.optim_config) for p in self.model.params}

    def _step(self) -> None:
        """One update on a minibatch drawn with replacement."""
        num_train = self.X_train.shape[0]
        batch_mask = np.random.choice(num_train, self.batch_size)
        X_batch, y_batch = self.X_train[batch_mask], self.y_train[batch_mask]
        loss, grads = self.model.loss(X_batch, y_batch)
        self.loss_history.append(float(loss))
        for p, w in self.model.params.items():
            next_w, next_config = self.update_rule(w, grads[p], self.optim_configs[p])
            self.model.params[p] = next_w
            self.optim_configs[p] = next_config

    def _save_checkpoint(self) -> None:
        if self.checkpoint_name is None:
            return
        checkpoint = {
            "model": self.model,
            "update_rule": self.update_rule,
            "lr_decay": self.lr_decay,
            "optim_config": self.optim_config,
            "batch_size": self.batch_size,
            "num_train_samples": self.num_train_samples,
            "num_val_samples": self.num_val_samples,
            "epoch": self.epoch,
            "loss_history": self.loss_history,
            "train_acc_history": self.train_acc_history,
            "val_acc_history": self.val_acc_history,
        }
        filename = f"{self.checkpoint_name}_epoch_{self.epoch}.pkl"
        if self.verbose:
            print(f'Saving checkpoint to "{filename}"')
        with open(filename, "wb") as f:
            pickle.dump(checkpoint, f)

    def check_accuracy(self, X: np.ndarray, y: np.ndarray, num_samples: int | None = None,
                       batch_size: int = 100) -> float:
        """Fraction of ``X`` the model labels correctly, evaluated in batches.

        Parameters
        ----------
        X : ndarray of shape (N, ...)
        y : ndarray of shape (N,)
        num_samples : int or None, score a random subset of this many examples
        batch_size : int, examples per forward pass

        Returns
        -------
        acc : float in [0, 1]
        """
        N = X.shape[0]
        if num_samples is not None and N > num_samples:
            mask = np.random.choice(N, num_samples)
            N, X, y = num_samples, X[mask], y[mask]
        y_pred = []
        for start in range(0, N, batch_size):
            scores = self.model.loss(X[start:start + batch_size])
            y_pred.append(np.argmax(scores, axis=1))
        y_pred = np.concatenate(y_pred) if y_pred else np.zeros(0, dtype=int)
        return float(np.mean(y_pred == y)) if N else 0.0

    def train(self) -> None:
        """Run ``num_epochs`` epochs, then put the best validation parameters into the model."""
        num_train = self.X_train.shape[0]
        iterations_per_epoch = max(num_train // self.batch_size, 1)
        num_iterations = self.num_epochs * iterations_per_epoch

        for t in range(num_iterations):
            self._step()
            if self.verbose and t % self.print_every == 0:
                print(f"(Iteration {t + 1} / {num_iterations}) loss: {self.loss_history[-1]:f}")

            epoch_end = (t + 1) % iterations_per_epoch == 0
            if epoch_end:
                self.epoch += 1
                for config in self.optim_configs.values():
                    if "learning_rate" in config:
                        config["learning_rate"] *= self.lr_decay

            first_it, last_it = t == 0, t == num_iterations - 1
            if first_it or last_it or epoch_end:
                train_acc = self.check_accuracy(self.X_train, self.y_train,
                                                num_samples=self.num_train_samples)
                val_acc = self.check_accuracy(self.X_val, self.y_val,
                                              num_samples=self.num_val_samples)
                self.train_acc_history.append(train_acc)
                self.val_acc_history.append(val_acc)
                self._save_checkpoint()
                if self.verbose:
                    print(f"(Epoch {self.epoch} / {self.num_epochs}) "
                          f"train acc: {train_acc:f}; val_acc: {val_acc:f}")
                if val_acc > self.best_val_acc or not self.best_params:
                    self.best_val_acc = val_acc
                    self.best_params = {k: v.copy() for k, v in self.model.params.items()}

        self.model.params = self.best_params
