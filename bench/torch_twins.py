#!/usr/bin/env python3
"""PyTorch twins of matalign's towers and contrastive step, for bench/torch_parity.ts.

The same math as lib/models/*.ts and lib/train/{loss,step,optimizer}.ts, written the way
PyTorch runs it best (channels-first convolutions, F.layer_norm, index_select, fused
AdamW loops). Weights and batches come from files the TypeScript side writes, so the
first-step losses of both sides must agree.

Protocol: one JSON command per stdin line, one JSON result per stdout line.
  {"cmd": "run", "dir": D, "batch": NAME, "params": NAME, "task": T, "config": C, "steps": S, "warmup": W}
T is a modality ('structure' with C.model.structure.kind), or 'step' (every modality,
the multi-pair InfoNCE, clipping and AdamW).
"""
import json
import math
import os
import sys
import time

try:
    import numpy as np
    import torch
    import torch.nn.functional as F
except ImportError as e:  # the caller reports the skip
    print(json.dumps({"available": False, "why": f"python3 cannot import torch: {e}"}), flush=True)
    sys.exit(0)


def load_arrays(directory, name):
    index = json.load(open(os.path.join(directory, name + ".json")))
    raw = open(os.path.join(directory, name + ".bin"), "rb").read()
    out = {}
    for key, e in index.items():
        dtype = np.int32 if e["dtype"] == "int32" else np.float32
        count = int(np.prod(e["shape"])) if e["shape"] else 1
        a = np.frombuffer(raw, dtype=dtype, count=count, offset=e["offset"]).reshape(e["shape"])
        t = torch.from_numpy(a.copy())
        out[key] = t.long() if e["dtype"] == "int32" else t
    return out


def linear(P, name, x, bias=True):
    return F.linear(x, P[name + ".w"].t(), P[name + ".b"] if bias else None)


def layer_norm(P, name, x):
    return F.layer_norm(x, (x.shape[-1],), P[name + ".g"], P[name + ".b"], eps=1e-5)


def mlp(P, name, x):
    return linear(P, name + ".1", F.relu(linear(P, name + ".0", x)))


def masked_mean(x, mask):
    m = mask.unsqueeze(2)
    return (x * m).sum(1) / m.sum(1).clamp_min(1e-6)


def l2_normalize(x):
    return x / x.square().sum(1, keepdim=True).clamp_min(1e-12).sqrt()


def crystals(P, cfg, X, cutoff):
    s = cfg["model"]["structure"]
    kind, H, G = s["kind"], s["hidden"], s["gaussians"]
    B, N = X["structure.atomMask"].shape
    K = X["structure.neighborIndex"].shape[0] // (B * N)
    rows = B * N
    h = F.relu(linear(P, "structure.in", X["structure.nodeFeatures"]) + P["structure.element.table"][X["structure.atomicNumbers"]])
    idx, mask = X["structure.neighborIndex"], X["structure.neighborMask"]
    step = cutoff / (G - 1)
    centers = torch.linspace(0, cutoff, G, device=h.device).reshape(1, G)
    basis = torch.exp(-(X["structure.neighborDistance"] - centers).square() / (step * step)) * mask
    for l in range(s["layers"]):
        name = f"structure.{kind}{l}"
        if kind == "gcn3d":
            a = (F.softplus(linear(P, name + ".adj", basis)) * mask).reshape(rows, K, 1)
            adj = a / (a.sum(1, keepdim=True) + 1e-6)
            hw = h @ P[name + ".w.w"]
            messages = hw.index_select(0, idx).reshape(rows, K, H) * adj
            h = layer_norm(P, name + ".norm", F.relu(messages.sum(1) + linear(P, name + ".self", h)))
        else:
            zi = linear(P, name + ".self", h).reshape(rows, 1, 2 * H)
            zj = (h @ P[name + ".nbr.w"]).index_select(0, idx).reshape(rows, K, 2 * H)
            ze = (basis @ P[name + ".edge.w"]).reshape(rows, K, 2 * H)
            filt, core = (zi + zj + ze).split(H, 2)
            gated = torch.sigmoid(filt) * F.softplus(core) * mask.reshape(rows, K, 1)
            h = layer_norm(P, name + ".norm", F.softplus(h + gated.sum(1)))
    pooled = masked_mean(h.reshape(B, N, H), X["structure.atomMask"])
    return pooled + linear(P, "structure.globals", X["structure.globals"])


def compositions(P, cfg, X):
    H = cfg["model"]["composition"]["hidden"]
    frac = X["composition.fractions"]
    B = X["targets"].shape[0]
    M = frac.shape[0] // B
    x = P["composition.element.table"][X["composition.elements"]] + linear(P, "composition.features", X["composition.elementFeatures"]) + linear(P, "composition.fraction", frac)
    phi = layer_norm(P, "composition.norm", mlp(P, "composition.phi", F.relu(x)))
    pooled = (phi.reshape(B, M, H) * frac.reshape(B, M, 1)).sum(1)
    return mlp(P, "composition.rho", pooled)


def sinusoidal(L, d):
    pos = torch.arange(L, dtype=torch.float64).reshape(L, 1)
    i = torch.arange(d)
    angle = pos / torch.pow(10000.0, (2 * (i // 2)).double() / d)
    return torch.where(i % 2 == 0, torch.sin(angle), torch.cos(angle)).float()


def texts(P, cfg, X):
    t = cfg["model"]["text"]
    d, A = t["hidden"], t["heads"]
    dh = d // A
    mask = X["text.mask"].float()
    B, L = mask.shape
    x = (P["text.token.table"][X["text.ids"]] * math.sqrt(d)).reshape(B, L, d) + sinusoidal(L, d).to(mask.device)
    x = x.reshape(B * L, d)
    bias = ((1 - mask) * -1e9).reshape(B, 1, 1, L)
    split = lambda y: y.reshape(B, L, A, dh).transpose(1, 2)
    for l in range(t["layers"]):
        name = f"text.layer{l}"
        y = layer_norm(P, name + ".norm1", x)
        q, k, v = (split(linear(P, f"{name}.att.{p}", y)) for p in "qkv")
        scores = q @ k.transpose(-1, -2) / math.sqrt(dh) + bias
        att = (torch.softmax(scores, -1) @ v).transpose(1, 2).reshape(B * L, d)
        x = x + linear(P, name + ".att.o", att)
        x = x + linear(P, name + ".ff2", F.relu(linear(P, name + ".ff1", layer_norm(P, name + ".norm2", x))))
    x = layer_norm(P, "text.final", x)
    return masked_mean(x.reshape(B, L, d), mask)


def same_pad(size, k):
    """TensorFlow's 'same' padding for stride 2: (before, after)."""
    out = -(-size // 2)
    total = max((out - 1) * 2 + k - size, 0)
    return total // 2, total - total // 2


def patterns(P, cfg, X):
    c = cfg["model"]["xrd"]
    x = X["xrd.values"].unsqueeze(1)  # [B, 1, P]
    for i in range(len(c["channels"])):
        w = P[f"xrd.conv{i}.w"].permute(2, 1, 0)  # [k, Ci, Co] -> [Co, Ci, k]
        x = F.relu(F.conv1d(F.pad(x, same_pad(x.shape[2], c["kernel"])), w, P[f"xrd.conv{i}.b"], stride=2))
    flat = x.transpose(1, 2).reshape(x.shape[0], -1)  # position-major, as TF.js's [B, P', C] flattened
    return F.relu(linear(P, "xrd.dense", flat))


def log_power_spectrum(images):
    """[B, S, S] -> [B, S, S]: log(1 + |FFT2|^2) of the Hann-windowed, mean-removed image, zero frequency centred, max 1."""
    B, S, _ = images.shape
    i = torch.arange(S, dtype=torch.float32, device=images.device)
    hann = 0.5 - 0.5 * torch.cos(2 * math.pi * i / (S - 1))
    x = (images - images.mean((1, 2), keepdim=True)) * torch.outer(hann, hann)
    shift = (torch.arange(S, device=images.device) + S // 2) % S
    power = torch.log1p(torch.fft.fft2(x).abs().square())[:, shift][:, :, shift]
    return power / power.amax((1, 2), keepdim=True).clamp_min(1e-6)


def images(P, cfg, X):
    c = cfg["model"]["micrograph"]
    image = X["micrograph.pixels"]
    x = torch.stack([image, log_power_spectrum(image)], 1)  # [B, 2, S, S]
    for i in range(len(c["channels"])):
        w = P[f"micrograph.conv{i}.w"].permute(3, 2, 0, 1)  # [kh, kw, Ci, Co] -> [Co, Ci, kh, kw]
        ph, pw = same_pad(x.shape[2], c["kernel"]), same_pad(x.shape[3], c["kernel"])
        x = F.relu(F.conv2d(F.pad(x, (*pw, *ph)), w, P[f"micrograph.conv{i}.b"], stride=2))
    return torch.cat([x.mean((2, 3)), x.amax((2, 3))], 1)


def embed(P, cfg, X, m):
    tower = {"structure": lambda: crystals(P, cfg, X, cfg["data"]["cutoff"]), "composition": lambda: compositions(P, cfg, X),
             "text": lambda: texts(P, cfg, X), "xrd": lambda: patterns(P, cfg, X), "micrograph": lambda: images(P, cfg, X)}[m]()
    return l2_normalize(linear(P, "head." + m, tower))


def clip_loss(za, zb, scale, removed):
    logits = (za @ zb.t()) * scale + removed
    labels = torch.arange(za.shape[0], device=za.device)
    return (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels)) / 2


def step_loss(P, cfg, X, modalities):
    z = {m: embed(P, cfg, X, m) for m in modalities}
    loss_cfg = cfg["loss"]
    scale = torch.exp(P["logit_scale"]).clamp(max=loss_cfg["maxLogitScale"]) if loss_cfg["learnTemperature"] else 1 / loss_cfg["temperature"]
    g = X["groups"]
    same = (g.reshape(-1, 1) == g.reshape(1, -1)) & ~torch.eye(g.shape[0], dtype=torch.bool, device=g.device)
    removed = torch.where(same, -1e4, 0.0) if loss_cfg["maskFalseNegatives"] else torch.zeros(same.shape, device=g.device)
    total = 0
    for a, b in loss_cfg["pairs"]:
        if a in z and b in z:
            total = total + clip_loss(z[a], z[b], scale, removed)
    return total


def run(cmd):
    cfg = cmd["config"]
    dev = torch.device(cmd.get("device", "cpu"))
    X = {k: v.to(dev) for k, v in load_arrays(cmd["dir"], cmd["batch"]).items()}
    P = {k: v.to(dev).requires_grad_(True) for k, v in load_arrays(cmd["dir"], cmd["params"]).items()}
    task = cmd["task"]
    modalities = cmd["modalities"]
    if task == "step":
        loss_fn = lambda: step_loss(P, cfg, X, modalities)
    else:
        loss_fn = lambda: 1 - (embed(P, cfg, X, task) * X["targets"]).sum(1).mean()
    train = cfg["train"]
    decay = [v for v in P.values() if v.dim() >= 2]
    rest = [v for v in P.values() if v.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": train["weightDecay"]}, {"params": rest, "weight_decay": 0.0}],
                            lr=train["lr"], betas=(0.9, 0.999), eps=1e-8, foreach=True)
    losses = []

    def one():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn()
        loss.backward()
        if task == "step":
            torch.nn.utils.clip_grad_norm_(list(P.values()), train["clipNorm"])
        opt.step()
        losses.append(float(loss))

    for _ in range(cmd.get("warmup", 1)):
        one()
    # PyTorch's best on this machine: all cores, or one (intra-op threads lose under contention).
    timings = {}
    for threads in ([torch.get_num_threads()] if dev.type == "cuda" else sorted({1, os.cpu_count() or 1}, reverse=True)):
        torch.set_num_threads(threads)
        t0 = time.perf_counter()
        for _ in range(cmd["steps"]):
            one()
        if dev.type == "cuda":
            torch.cuda.synchronize()
        timings[threads] = (time.perf_counter() - t0) / cmd["steps"]
    threads = min(timings, key=timings.get)
    seconds = timings[threads]
    B = X["targets"].shape[0]
    return {"available": True, "task": task, "seconds_per_step": seconds, "samples_per_s": B / seconds, "first_loss": losses[0],
            "last_loss": losses[-1], "threads": threads, "seconds_by_threads": timings, "device": str(dev), "torch": torch.__version__}


def main():
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", os.cpu_count() or 1)))
    torch.manual_seed(0)
    print(json.dumps({"available": True, "ready": True, "torch": torch.__version__}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            out = run(json.loads(line))
        except Exception as e:  # reported on the result line, the bench goes on
            out = {"available": False, "why": f"{type(e).__name__}: {e}"}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
