"""CaptioningRNN: image features -> initial hidden state -> a recurrent language model.

Shapes: N batch, D image feature size, W word vector size, H hidden size,
V vocabulary size, T caption length (the caption has T + 1 tokens with ``<START>``).
Taught in: assignment3/RNN_Captioning.ipynb (LSTM: assignment3/LSTM_Captioning.ipynb).
"""

from __future__ import annotations

import numpy as np

from cs231n.rnn_layers import (
    affine_backward,
    affine_forward,
    lstm_backward,
    lstm_forward,
    lstm_step_forward,
    rnn_backward,
    rnn_forward,
    rnn_step_forward,
    temporal_affine_backward,
    temporal_affine_forward,
    temporal_softmax_loss,
    word_embedding_backward,
    word_embedding_forward,
)


class CaptioningRNN:
    """A vanilla RNN or LSTM that generates captions from image features.

    The image feature vector is projected to the initial hidden state h0 (an affine
    map, no nonlinearity). Each step reads the embedding of the previous word and
    scores every word of the vocabulary for the next one. No regularization.

    Parameters live in ``self.params``: ``W_embed`` (V, W), ``W_proj`` (D, H),
    ``b_proj`` (H,), ``Wx`` (W, mH), ``Wh`` (H, mH), ``b`` (mH,), ``W_vocab`` (H, V),
    ``b_vocab`` (V,), with m = 1 for ``'rnn'`` and 4 for ``'lstm'``, drawn in this order.

    Parameters
    ----------
    word_to_idx : dict word -> index in [0, V); must contain ``<NULL>``
    input_dim : int, D
    wordvec_dim : int, W
    hidden_dim : int, H
    cell_type : ``'rnn'`` or ``'lstm'``
    dtype : numpy float type of every parameter (float32 to train, float64 to check gradients)
    """

    def __init__(self, word_to_idx: dict, input_dim: int = 512, wordvec_dim: int = 128,
                 hidden_dim: int = 128, cell_type: str = "rnn", dtype=np.float32):
        if cell_type not in {"rnn", "lstm"}:
            raise ValueError(f'Invalid cell_type "{cell_type}"; use "rnn" or "lstm"')
        if "<NULL>" not in word_to_idx:
            raise ValueError("word_to_idx must contain <NULL>")
        self.cell_type = cell_type
        self.dtype = dtype
        self.word_to_idx = word_to_idx
        self.idx_to_word = {i: w for w, i in word_to_idx.items()}
        self.params: dict[str, np.ndarray] = {}

        vocab_size = len(word_to_idx)
        self._null = word_to_idx["<NULL>"]
        self._start = word_to_idx.get("<START>", None)
        self._end = word_to_idx.get("<END>", None)

        m = {"rnn": 1, "lstm": 4}[cell_type]
        # Drawn in this order from numpy's global generator (seed it for a repeatable model).
        self.params["W_embed"] = np.random.randn(vocab_size, wordvec_dim) / 100
        self.params["W_proj"] = np.random.randn(input_dim, hidden_dim) / np.sqrt(input_dim)
        self.params["b_proj"] = np.zeros(hidden_dim)
        self.params["Wx"] = np.random.randn(wordvec_dim, m * hidden_dim) / np.sqrt(wordvec_dim)
        self.params["Wh"] = np.random.randn(hidden_dim, m * hidden_dim) / np.sqrt(hidden_dim)
        self.params["b"] = np.zeros(m * hidden_dim)
        self.params["W_vocab"] = np.random.randn(hidden_dim, vocab_size) / np.sqrt(hidden_dim)
        self.params["b_vocab"] = np.zeros(vocab_size)
        for k, v in self.params.items():
            self.params[k] = v.astype(self.dtype)

    def loss(self, features: np.ndarray, captions: np.ndarray):
        """Training loss of a batch of captions and the gradients of every parameter.

        The model reads ``captions[:, :-1]`` (starting with ``<START>``) and is scored
        on predicting ``captions[:, 1:]``; ``<NULL>`` targets are masked out.

        Parameters
        ----------
        features : ndarray of shape (N, D)
        captions : ndarray of shape (N, T + 1) of integer word indices

        Returns
        -------
        loss : float, from ``temporal_softmax_loss`` (summed over time, divided by N)
        grads : dict with the keys of ``self.params``, each gradient the shape of its parameter
        """
        features = np.asarray(features)
        captions = np.asarray(captions)
        D = self.params["W_proj"].shape[0]
        if (features.ndim != 2 or features.shape[1] != D or captions.ndim != 2
                or features.shape[0] != captions.shape[0]):
            raise ValueError(f"CaptioningRNN.loss: features must be (N, {D}) and captions "
                             f"(N, T + 1); got {features.shape} and {captions.shape}")
        captions_in = captions[:, :-1]  # (N, T): what the model reads
        captions_out = captions[:, 1:]  # (N, T): what it must predict
        mask = captions_out != self._null

        W_proj, b_proj = self.params["W_proj"], self.params["b_proj"]
        W_embed = self.params["W_embed"]
        Wx, Wh, b = self.params["Wx"], self.params["Wh"], self.params["b"]
        W_vocab, b_vocab = self.params["W_vocab"], self.params["b_vocab"]

        loss, grads = 0.0, {}
        # TODO: forward: h0 = affine(features), embed captions_in, run the rnn (or lstm),
        # temporal affine to vocabulary scores, temporal_softmax_loss with mask.
        # Backward: the same layers in reverse order, filling grads for every parameter.
        ### BEGIN SOLUTION
        h0, proj_cache = affine_forward(features, W_proj, b_proj)  # (N, H)
        x, embed_cache = word_embedding_forward(captions_in, W_embed)  # (N, T, W)
        recurrent_forward = rnn_forward if self.cell_type == "rnn" else lstm_forward
        h, rec_cache = recurrent_forward(x, h0, Wx, Wh, b)  # (N, T, H)
        scores, vocab_cache = temporal_affine_forward(h, W_vocab, b_vocab)  # (N, T, V)
        loss, dscores = temporal_softmax_loss(scores, captions_out, mask)

        dh, grads["W_vocab"], grads["b_vocab"] = temporal_affine_backward(dscores, vocab_cache)
        recurrent_backward = rnn_backward if self.cell_type == "rnn" else lstm_backward
        dx, dh0, grads["Wx"], grads["Wh"], grads["b"] = recurrent_backward(dh, rec_cache)
        grads["W_embed"] = word_embedding_backward(dx, embed_cache)
        _, grads["W_proj"], grads["b_proj"] = affine_backward(dh0, proj_cache)
        ### END SOLUTION
        return loss, grads

    def sample(self, features: np.ndarray, max_length: int = 30) -> np.ndarray:
        """Greedy captions: at each step feed the previous word and take the top-scoring one.

        Parameters
        ----------
        features : ndarray of shape (N, D)
        max_length : int, number of words generated per image

        Returns
        -------
        captions : ndarray of shape (N, max_length) int32; column 0 is the first word
            after ``<START>``. Positions after an ``<END>`` may hold anything;
            ``decode_captions`` stops at the first ``<END>``.
        """
        features = np.asarray(features)
        D = self.params["W_proj"].shape[0]
        if features.ndim != 2 or features.shape[1] != D:
            raise ValueError(f"CaptioningRNN.sample: features must be (N, {D}); "
                             f"got {features.shape}")
        N = features.shape[0]
        captions = self._null * np.ones((N, max_length), dtype=np.int32)

        W_proj, b_proj = self.params["W_proj"], self.params["b_proj"]
        W_embed = self.params["W_embed"]
        Wx, Wh, b = self.params["Wx"], self.params["Wh"], self.params["b"]
        W_vocab, b_vocab = self.params["W_vocab"], self.params["b_vocab"]

        # TODO: h0 from the projected features and <START> as the first input word; then,
        # max_length times: embed the previous word, one rnn_step_forward (or
        # lstm_step_forward, with c0 = 0), scores over the vocabulary, argmax into captions.
        ### BEGIN SOLUTION
        h, _ = affine_forward(features, W_proj, b_proj)  # (N, H)
        c = np.zeros_like(h)
        word = np.full(N, self._start, dtype=np.int64)
        for t in range(max_length):
            x = W_embed[word]  # (N, W)
            if self.cell_type == "rnn":
                h, _ = rnn_step_forward(x, h, Wx, Wh, b)
            else:
                h, c, _ = lstm_step_forward(x, h, c, Wx, Wh, b)
            scores = h @ W_vocab + b_vocab  # (N, V)
            word = np.argmax(scores, axis=1)
            captions[:, t] = word
        ### END SOLUTION
        return captions
