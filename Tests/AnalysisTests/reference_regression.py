# Reference values for RegressionAdjustmentTests (multi-covariate adjustment), computed outside TwinArm:
# statsmodels OLS for the pooled slopes θ, numpy for the adjusted delta and its Welch standard error.
# Run: python3 Tests/AnalysisTests/reference_regression.py   (statsmodels and numpy from PyPI)
import numpy as np
import statsmodels.api as sm

rng = np.random.default_rng(31)
n_c, n_t = 14, 12
def draw(n, shift):
    group = np.arange(n) % 3
    follows = rng.integers(0, 40, n); tier = rng.integers(0, 3, n)
    pre_imp = rng.integers(10, 60, n); pre_likes = rng.binomial(pre_imp, 0.05)
    pre_cold = rng.integers(0, 12, n); pre_fresh = rng.integers(0, 8, n); pre_topics = rng.integers(1, 9, n)
    imp = pre_imp + rng.integers(-5, 10, n); likes = rng.binomial(imp, 0.05 + 0.01 * shift)
    cold = pre_cold + rng.integers(0, 4, n) + shift; fresh = pre_fresh + rng.integers(0, 3, n); topics = pre_topics + rng.integers(0, 3, n)
    return dict(group=group, follows=follows, tier=tier, pre=np.stack([pre_imp, pre_likes, pre_cold, pre_fresh, pre_topics], 1), post=np.stack([imp, likes, cold, fresh, topics], 1))
c, t = draw(n_c, 0), draw(n_t, 1)
for name, arm in [("control", c), ("treatment", t)]:
    rows = ", ".join(f"({g}, [{', '.join(map(str, p))}, {f}, {r}], [{', '.join(map(str, q))}])"
                     for g, f, r, p, q in zip(arm["group"], arm["follows"], arm["tier"], arm["pre"], arm["post"]))
    print(f"{name} = [{rows}]")
groups = np.concatenate([c["group"], t["group"]])
size = {g: int((groups == g).sum()) for g in range(3)}
def X(arm):
    return np.column_stack([arm["pre"], arm["follows"], arm["tier"], [size[g] for g in arm["group"]]]).astype(float)
Xc, Xt = X(c), X(t); Xj = np.vstack([Xc, Xt])

def report(label, yc, yt, est_c, est_t):
    yj = np.concatenate([yc, yt])
    theta = sm.OLS(yj, sm.add_constant(Xj)).fit().params[1:]
    adj = lambda y, x: y - x @ theta
    vc = adj(yc, Xc).var(ddof=1) / len(yc); vt = adj(yt, Xt).var(ddof=1) / len(yt)
    delta = (est_t - Xt.mean(0) @ theta) - (est_c - Xc.mean(0) @ theta)
    df = (vc + vt) ** 2 / (vc ** 2 / (len(yc) - 1) + vt ** 2 / (len(yt) - 1))
    print(label, "theta", [repr(x) for x in theta]); print(label, "delta", repr(delta), "se", repr(np.sqrt(vc + vt)), "df", repr(df))

report("cold", c["post"][:, 2].astype(float), t["post"][:, 2].astype(float), c["post"][:, 2].mean(), t["post"][:, 2].mean())
# LTR: each arm's values linearised around its own ratio, (m − R d)/d̄; the pooled sample around the pooled ratio.
def lin(arm, r=None):
    m, d = arm["post"][:, 1].astype(float), arm["post"][:, 0].astype(float)
    r = m.sum() / d.sum() if r is None else r
    return (m - r * d) / d.mean(), m.sum() / d.sum()
lc, Rc = lin(c); lt, Rt = lin(t)
mj = np.concatenate([c["post"][:, 1], t["post"][:, 1]]).astype(float); dj = np.concatenate([c["post"][:, 0], t["post"][:, 0]]).astype(float)
lj = (mj - mj.sum() / dj.sum() * dj) / dj.mean()
theta = sm.OLS(lj, sm.add_constant(Xj)).fit().params[1:]
vc = (lc - Xc @ theta).var(ddof=1) / n_c; vt = (lt - Xt @ theta).var(ddof=1) / n_t
print("ltr theta", [repr(x) for x in theta])
print("ltr delta", repr((Rt - Xt.mean(0) @ theta) - (Rc - Xc.mean(0) @ theta)), "se", repr(np.sqrt(vc + vt)))

# Creator DAU: each creator's active fraction y = active / days on x = [pre-period active / 7, followers
# when the trial starts]; creators observed 14 or 21 days; θ by statsmodels OLS over both arms pooled.
def creators(n, shift):
    days = np.where(np.arange(n) % 4 == 0, 14, 21); pre = rng.integers(0, 8, n)
    followers = np.rint(rng.lognormal(np.log(200), 1.0, n)).astype(int)
    p = np.clip(0.15 + 0.08 * pre + 0.0004 * followers + 0.05 * shift, 0, 1)
    return dict(days=days, active=rng.binomial(days, p), pre=pre, followers=followers)
cc, ct = creators(16, 0), creators(14, 1)
for name, arm in [("creatorControl", cc), ("creatorTreatment", ct)]:
    print(f"{name} = [" + ", ".join(f"({d}, {a}, {p}, {f})" for d, a, p, f in zip(arm["days"], arm["active"], arm["pre"], arm["followers"])) + "]")
def CX(arm): return np.column_stack([arm["pre"] / 7, arm["followers"]]).astype(float)
yc, yt = cc["active"] / cc["days"], ct["active"] / ct["days"]
Xc, Xt = CX(cc), CX(ct)
theta = sm.OLS(np.concatenate([yc, yt]), sm.add_constant(np.vstack([Xc, Xt]))).fit().params[1:]
vc = (yc - Xc @ theta).var(ddof=1) / len(yc); vt = (yt - Xt @ theta).var(ddof=1) / len(yt)
df = (vc + vt) ** 2 / (vc ** 2 / (len(yc) - 1) + vt ** 2 / (len(yt) - 1))
print("creator theta", [repr(x) for x in theta])
print("creator delta", repr((yt.mean() - Xt.mean(0) @ theta) - (yc.mean() - Xc.mean(0) @ theta)), "se", repr(np.sqrt(vc + vt)), "df", repr(df))
