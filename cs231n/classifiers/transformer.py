"""CaptioningTransformer: a small Transformer decoder that captions image features.

Shapes: N batch, T caption length, D image-feature size, W word-vector size (the
model width), V vocabulary size, H heads.

The image is one memory token (its projected features); the caption attends to
itself through a causal mask and to the image through cross-attention.
``TransformerDecoderLayer``, ``TransformerDecoder``, ``clones`` and ``sample`` are
given; ``CaptioningTransformer.forward`` is the student part.
Taught in: assignment3/Transformer_Captioning.ipynb.
"""

from __future__ import annotations

import copy

import numpy as np
import torch
from torch import nn

from cs231n.transformer_layers import MultiHeadAttention, PositionalEncoding


class CaptioningTransformer(nn.Module):
    """Transformer decoder over word embeddings, conditioned on one image-feature token.

    Parameters
    ----------
    word_to_idx : dict, the vocabulary (V words); must hold ``<NULL>``, ``<START>``, ``<END>``
    input_dim : int, D, image-feature size
    wordvec_dim : int, W, word-vector size and model width
    num_heads : int, attention heads per layer
    num_layers : int, decoder layers
    max_length : int, the longest caption the positional encoding covers

    Modules, in this order: ``visual_projection`` (Linear D -> W), ``embedding``
    (V x W, ``padding_idx`` = ``<NULL>``), ``positional_encoding``, ``transformer``;
    these get N(0, 0.02) weights and zero biases; then ``output`` (Linear W -> V,
    PyTorch's default initialisation).
    """

    def __init__(self, word_to_idx: dict, input_dim: int, wordvec_dim: int,
                 num_heads: int = 4, num_layers: int = 2, max_length: int = 50):
        super().__init__()
        missing = [w for w in ("<NULL>", "<START>", "<END>") if w not in word_to_idx]
        if missing:
            raise ValueError(f"word_to_idx lacks {', '.join(missing)}")
        vocab_size = len(word_to_idx)
        self.vocab_size = vocab_size
        self._null = word_to_idx["<NULL>"]
        self._start = word_to_idx["<START>"]
        self._end = word_to_idx["<END>"]

        self.visual_projection = nn.Linear(input_dim, wordvec_dim)
        self.embedding = nn.Embedding(vocab_size, wordvec_dim, padding_idx=self._null)
        self.positional_encoding = PositionalEncoding(wordvec_dim, max_len=max_length)
        decoder_layer = TransformerDecoderLayer(input_dim=wordvec_dim, num_heads=num_heads)
        self.transformer = TransformerDecoder(decoder_layer, num_layers=num_layers)
        self.apply(self._init_weights)
        self.output = nn.Linear(wordvec_dim, vocab_size)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        """N(0, 0.02) weights and zero biases for Linear and Embedding; LayerNorm to (1, 0)."""
        if isinstance(module, (nn.Linear, nn.Embedding)):
            module.weight.data.normal_(mean=0.0, std=0.02)
            if isinstance(module, nn.Linear) and module.bias is not None:
                module.bias.data.zero_()
        elif isinstance(module, nn.LayerNorm):
            module.bias.data.zero_()
            module.weight.data.fill_(1.0)

    def forward(self, features: torch.Tensor, captions: torch.Tensor) -> torch.Tensor:
        """Scores over the vocabulary for the word after each caption position.

        Parameters
        ----------
        features : Tensor of shape (N, D), image features
        captions : LongTensor of shape (N, T), word indices (the caption read so far)

        Returns
        -------
        scores : Tensor of shape (N, T, V); ``scores[n, t]`` sees only ``captions[n, :t+1]``
            and the image
        """
        if features.dim() != 2 or captions.dim() != 2 or features.shape[0] != captions.shape[0]:
            raise ValueError(f"expected features (N, D) and captions (N, T), got "
                             f"{tuple(features.shape)} and {tuple(captions.shape)}")
        N, T = captions.shape
        scores = torch.empty((N, T, self.vocab_size))
        # TODO: embed the captions and add the positional encoding; project the features
        # to one memory token of shape (N, 1, W); a causal (T, T) mask with ones on and
        # below the diagonal (torch.tril); self.transformer, then self.output.
        ### BEGIN SOLUTION
        words = self.positional_encoding(self.embedding(captions))  # (N, T, W)
        memory = self.visual_projection(features).unsqueeze(1)  # (N, 1, W)
        tgt_mask = torch.tril(torch.ones(T, T, dtype=torch.bool, device=captions.device))
        hidden = self.transformer(words, memory, tgt_mask=tgt_mask)  # (N, T, W)
        scores = self.output(hidden)  # (N, T, V)
        ### END SOLUTION
        return scores

    def sample(self, features: np.ndarray, max_length: int = 30) -> np.ndarray:
        """Greedy captions: from ``<START>``, re-run ``forward`` on the growing caption.

        Parameters
        ----------
        features : ndarray of shape (N, D)
        max_length : int, words to generate

        Returns
        -------
        captions : ndarray of shape (N, max_length), int64; after ``<END>`` the model
            keeps choosing words (``decode_captions`` stops at ``<END>``)
        """
        was_training = self.training
        self.eval()
        try:
            with torch.no_grad():
                dtype = next(self.parameters()).dtype
                features = torch.as_tensor(np.asarray(features), dtype=dtype)
                N = features.shape[0]
                captions = np.full((N, max_length), self._null, dtype=np.int64)
                partial = torch.full((N, 1), self._start, dtype=torch.long)
                for t in range(max_length):
                    scores = self.forward(features, partial)  # (N, t + 1, V)
                    word = torch.argmax(scores[:, -1, :], dim=1)  # (N,)
                    captions[:, t] = word.numpy()
                    partial = torch.cat([partial, word[:, None]], dim=1)
        finally:
            self.train(was_training)
        return captions


class TransformerDecoderLayer(nn.Module):
    """One post-norm decoder layer: masked self-attention, cross-attention, feedforward.

    Each sublayer is followed by dropout, a residual connection and a LayerNorm.

    Parameters
    ----------
    input_dim : int, W, the model width
    num_heads : int
    dim_feedforward : int, hidden size of the feedforward block
    dropout : float
    """

    def __init__(self, input_dim: int, num_heads: int, dim_feedforward: int = 2048,
                 dropout: float = 0.1):
        super().__init__()
        self.self_attn = MultiHeadAttention(input_dim, num_heads, dropout)
        self.multihead_attn = MultiHeadAttention(input_dim, num_heads, dropout)
        self.linear1 = nn.Linear(input_dim, dim_feedforward)
        self.dropout = nn.Dropout(dropout)
        self.linear2 = nn.Linear(dim_feedforward, input_dim)

        self.norm1 = nn.LayerNorm(input_dim)
        self.norm2 = nn.LayerNorm(input_dim)
        self.norm3 = nn.LayerNorm(input_dim)
        self.dropout1 = nn.Dropout(dropout)
        self.dropout2 = nn.Dropout(dropout)
        self.dropout3 = nn.Dropout(dropout)
        self.activation = nn.ReLU()

    def forward(self, tgt: torch.Tensor, memory: torch.Tensor,
                tgt_mask: torch.Tensor | None = None) -> torch.Tensor:
        """tgt (N, T, W), memory (N, S, W), tgt_mask (T, T) or None -> (N, T, W)."""
        tgt = self.norm1(tgt + self.dropout1(self.self_attn(tgt, tgt, tgt, attn_mask=tgt_mask)))
        tgt = self.norm2(tgt + self.dropout2(self.multihead_attn(tgt, memory, memory)))
        ff = self.linear2(self.dropout(self.activation(self.linear1(tgt))))
        return self.norm3(tgt + self.dropout3(ff))


def clones(module: nn.Module, N: int) -> nn.ModuleList:
    """N independent deep copies of ``module``."""
    return nn.ModuleList([copy.deepcopy(module) for _ in range(N)])


class TransformerDecoder(nn.Module):
    """``num_layers`` copies of ``decoder_layer`` applied in turn to the same memory."""

    def __init__(self, decoder_layer: nn.Module, num_layers: int):
        super().__init__()
        self.layers = clones(decoder_layer, num_layers)
        self.num_layers = num_layers

    def forward(self, tgt: torch.Tensor, memory: torch.Tensor,
                tgt_mask: torch.Tensor | None = None) -> torch.Tensor:
        """tgt (N, T, W), memory (N, S, W) -> (N, T, W)."""
        output = tgt
        for mod in self.layers:
            output = mod(output, memory, tgt_mask=tgt_mask)
        return output
