"""Transformer building blocks in PyTorch: sinusoidal positional encoding and multi-head attention.

Shapes: N batch, S query (target) length, T key/value (source) length, E (or D) embedding
size, H heads, E // H the size of one head.

Both are ``nn.Module`` subclasses with the course's attribute names, so that the
decoder in ``cs231n.classifiers.transformer`` and the notebook can rely on them.
Taught in: assignment3/Transformer_Captioning.ipynb.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F


class PositionalEncoding(nn.Module):
    """Add a fixed sinusoidal code of each position to a sequence of embeddings.

    ``pe[0, i, j] = sin(i * 10000 ** (-j / E))`` for even ``j`` and
    ``cos(i * 10000 ** (-(j - 1) / E))`` for odd ``j``: each pair of columns is a
    sine and cosine of the position at one frequency, the frequencies falling
    geometrically from 1 to about 1 / 10000.

    Parameters
    ----------
    embed_dim : int, E, must be even
    dropout : float, drop probability applied after the addition (PyTorch's meaning)
    max_len : int, the longest sequence the buffer ``pe`` of shape (1, max_len, E) covers
    """

    def __init__(self, embed_dim: int, dropout: float = 0.1, max_len: int = 5000):
        super().__init__()
        if embed_dim % 2 != 0:
            raise ValueError(f"PositionalEncoding needs an even embed_dim, got {embed_dim}")
        self.dropout = nn.Dropout(p=dropout)
        pe = torch.zeros(1, max_len, embed_dim)
        # TODO: fill pe[0, i, j] with sin(i * 10000**(-j/E)) for even j and
        # cos(i * 10000**(-(j-1)/E)) for odd j (vectorized; no Python loop over i).
        ### BEGIN SOLUTION
        position = torch.arange(max_len, dtype=torch.float32)[:, None]  # (max_len, 1)
        exponent = torch.arange(0, embed_dim, 2, dtype=torch.float32) / embed_dim  # (E/2,)
        angle = position * torch.pow(10000.0, -exponent)  # (max_len, E/2)
        pe[0, :, 0::2] = torch.sin(angle)
        pe[0, :, 1::2] = torch.cos(angle)
        ### END SOLUTION
        self.register_buffer("pe", pe)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``dropout(x + pe[:, :S])``.

        Parameters
        ----------
        x : Tensor of shape (N, S, E), the embeddings

        Returns
        -------
        output : Tensor of shape (N, S, E)
        """
        if x.dim() != 3 or x.shape[2] != self.pe.shape[2]:
            raise ValueError(f"PositionalEncoding expects (N, S, {self.pe.shape[2]}), "
                             f"got {tuple(x.shape)}")
        N, S, D = x.shape
        if S > self.pe.shape[1]:
            raise ValueError(f"sequence length {S} exceeds max_len {self.pe.shape[1]}")
        output = torch.empty((N, S, D))
        # TODO: add the first S rows of self.pe to x, then apply self.dropout.
        ### BEGIN SOLUTION
        output = self.dropout(x + self.pe[:, :S].to(x.dtype))  # (N, S, E)
        ### END SOLUTION
        return output


class MultiHeadAttention(nn.Module):
    """Multi-head scaled dot-product attention with masking and dropout on the weights.

    With ``Q = query Wq``, ``K = key Wk``, ``V = value Wv`` split into H heads of size
    ``E / H``, each head computes ``softmax(Q_h K_h^T / sqrt(E / H)) V_h``; the heads are
    concatenated and passed through ``proj``.

    Parameters
    ----------
    embed_dim : int, E
    num_heads : int, H, must divide E
    dropout : float, drop probability on the attention weights

    Attributes (created in this order): ``key``, ``query``, ``value``, ``proj`` (each
    ``nn.Linear(E, E)``), ``attn_drop``, ``n_head``, ``emd_dim`` (the course's spelling),
    ``head_dim``.
    """

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.1):
        super().__init__()
        if num_heads < 1 or embed_dim % num_heads != 0:
            raise ValueError(f"num_heads ({num_heads}) must divide embed_dim ({embed_dim})")
        self.key = nn.Linear(embed_dim, embed_dim)
        self.query = nn.Linear(embed_dim, embed_dim)
        self.value = nn.Linear(embed_dim, embed_dim)
        self.proj = nn.Linear(embed_dim, embed_dim)
        self.attn_drop = nn.Dropout(dropout)
        self.n_head = num_heads
        self.emd_dim = embed_dim
        self.head_dim = embed_dim // num_heads

    def forward(self, query: torch.Tensor, key: torch.Tensor, value: torch.Tensor,
                attn_mask: torch.Tensor | None = None) -> torch.Tensor:
        """Attend from each of the S queries to the T keys and mix the values.

        Parameters
        ----------
        query : Tensor of shape (N, S, E)
        key : Tensor of shape (N, T, E)
        value : Tensor of shape (N, T, E)
        attn_mask : Tensor of shape (S, T) or None; where ``attn_mask[i, j] == 0``, query
            ``i`` may not attend to key ``j`` (the opposite of ``nn.MultiheadAttention``'s
            boolean mask, where True blocks)

        Returns
        -------
        output : Tensor of shape (N, S, E)
        """
        E = self.emd_dim
        if query.dim() != 3 or key.dim() != 3 or value.dim() != 3:
            raise ValueError("MultiHeadAttention expects query (N, S, E), key and value (N, T, E)")
        N, S, _ = query.shape
        _, T, _ = value.shape
        if query.shape[2] != E or key.shape != value.shape or key.shape[0] != N \
                or key.shape[2] != E:
            raise ValueError(f"shapes query {tuple(query.shape)}, key {tuple(key.shape)}, value "
                             f"{tuple(value.shape)} do not fit (N, S, {E}) and (N, T, {E})")
        if attn_mask is not None and tuple(attn_mask.shape) != (S, T):
            raise ValueError(f"attn_mask has shape {tuple(attn_mask.shape)}, expected {(S, T)}")
        H = self.n_head
        output = torch.empty((N, S, E))
        # TODO: project query, key and value and split them into H heads of size E // H;
        # scores Q K^T / sqrt(E // H); masked_fill -inf where attn_mask == 0; softmax over
        # the keys; self.attn_drop on the weights; weights @ V; merge the heads; self.proj.
        ### BEGIN SOLUTION
        q = self.query(query).view(N, S, H, E // H).transpose(1, 2)  # (N, H, S, E/H)
        k = self.key(key).view(N, T, H, E // H).transpose(1, 2)  # (N, H, T, E/H)
        v = self.value(value).view(N, T, H, E // H).transpose(1, 2)  # (N, H, T, E/H)
        scores = q @ k.transpose(2, 3) / math.sqrt(E // H)  # (N, H, S, T)
        if attn_mask is not None:
            scores = scores.masked_fill(attn_mask == 0, float("-inf"))
        weights = self.attn_drop(F.softmax(scores, dim=-1))  # (N, H, S, T)
        heads = weights @ v  # (N, H, S, E/H)
        output = self.proj(heads.transpose(1, 2).reshape(N, S, E))  # (N, S, E)
        ### END SOLUTION
        return output
