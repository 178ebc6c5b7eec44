# CUPED reference values for AnalysisTests (CUPEDTests), computed outside TwinArm:
#   mean metrics and creator DAU with gbstats 0.8.0 from PyPI (GrowthBook's stats engine),
#   LTR (a ratio metric, which gbstats 0.8.0 does not regression-adjust) with numpy, written out.
# Run: python3 -m venv /tmp/v && /tmp/v/bin/pip install gbstats && /tmp/v/bin/python Tests/AnalysisTests/reference_cuped.py
import numpy as np
from scipy import stats
from gbstats.models.statistics import SampleMeanStatistic, RegressionAdjustedStatistic
from gbstats.frequentist.tests import TwoSidedTTest, FrequentistConfig

# Per user: (pre cold-start, cold-start), control then treatment.
pre_c = np.array([3, 5, 2, 8, 6, 4, 7, 5, 3, 6], float); post_c = np.array([4, 6, 2, 9, 7, 4, 8, 6, 3, 7], float)
pre_t = np.array([4, 2, 6, 5, 7, 3, 8, 4, 5], float); post_t = np.array([6, 3, 8, 7, 9, 4, 10, 6, 7], float)
def ra(pre, post):
    return RegressionAdjustedStatistic(
        n=len(post), post_statistic=SampleMeanStatistic(n=len(post), sum=post.sum(), sum_squares=(post ** 2).sum()),
        pre_statistic=SampleMeanStatistic(n=len(pre), sum=pre.sum(), sum_squares=(pre ** 2).sum()),
        post_pre_sum_of_products=(post * pre).sum(), theta=0)
for kind in ["absolute", "relative"]:
    r = TwoSidedTTest(ra(pre_c, post_c), ra(pre_t, post_t), FrequentistConfig(difference_type=kind)).compute_result()
    t = TwoSidedTTest(ra(pre_c, post_c), ra(pre_t, post_t), FrequentistConfig(difference_type=kind))
    print("cuped-mean", kind, r.expected, r.ci, r.p_value, t.dof)

# LTR: likes / impressions per user with pre-period likes⁰ / impressions⁰. θ from both arms pooled
# as one sample, linearised around the pooled ratios; each arm's R − θ·R⁰ with the variance of
# (l − θ·l⁰), l linearised around the arm's own ratios; Welch df; relative over the control's R.
m_c = np.array([3, 0, 5, 2, 1, 4, 0, 2, 6, 1], float); d_c = np.array([40, 10, 55, 30, 12, 50, 5, 25, 60, 20], float)
m0_c = np.array([2, 1, 4, 2, 0, 3, 1, 1, 5, 1], float); d0_c = np.array([35, 12, 50, 28, 10, 45, 8, 20, 55, 18], float)
m_t = np.array([4, 1, 3, 0, 2, 5, 3, 1, 2], float); d_t = np.array([45, 20, 50, 15, 35, 52, 40, 9, 30], float)
m0_t = np.array([3, 1, 2, 0, 2, 4, 2, 1, 1], float); d0_t = np.array([40, 22, 45, 12, 30, 50, 38, 10, 28], float)
def lin(m, d):
    return (m - m.sum() / d.sum() * d) / d.mean()
mJ, dJ, m0J, d0J = [np.concatenate(p) for p in [(m_c, m_t), (d_c, d_t), (m0_c, m0_t), (d0_c, d0_t)]]
lJ, l0J = lin(mJ, dJ), lin(m0J, d0J)
theta = np.cov(lJ, l0J, ddof=1)[0, 1] / l0J.var(ddof=1)
def arm(m, d, m0, d0):
    l, l0 = lin(m, d), lin(m0, d0)
    v = (l.var(ddof=1) + theta ** 2 * l0.var(ddof=1) - 2 * theta * np.cov(l, l0, ddof=1)[0, 1]) / len(m)
    return m.sum() / d.sum(), m0.sum() / d0.sum(), v, len(m)
Rc, R0c, vc, nc = arm(m_c, d_c, m0_c, d0_c); Rt, R0t, vt, nt = arm(m_t, d_t, m0_t, d0_t)
delta = (Rt - theta * R0t) - (Rc - theta * R0c); se = np.sqrt(vc + vt)
df = (vc + vt) ** 2 / (vc ** 2 / (nc - 1) + vt ** 2 / (nt - 1)); q = stats.t.ppf(0.975, df)
rel = delta / Rc; rse = np.sqrt(vt / Rc ** 2 + vc * Rt ** 2 / Rc ** 4)
print("cuped-ratio", theta, delta, se, df, 2 * stats.t.sf(abs(delta / se), df), delta - q * se, delta + q * se, rel - q * rse, rel + q * rse)

# Creator DAU: active days / 14 per creator, pre-period active days / 7, by gbstats on the fractions.
a_c = np.array([7, 10, 3, 14, 9, 5, 12, 8], float) / 14; a0_c = np.array([4, 5, 1, 7, 4, 2, 6, 4], float) / 7
a_t = np.array([11, 6, 13, 9, 14, 4, 10], float) / 14; a0_t = np.array([5, 3, 6, 4, 7, 2, 4], float) / 7
t = TwoSidedTTest(ra(a0_c, a_c), ra(a0_t, a_t), FrequentistConfig(difference_type="absolute"))
r = t.compute_result()
print("cuped-dau", r.expected, r.ci, r.p_value, t.dof)

# The market test on CUPED-adjusted market values: 3 market pairs of 6 users each, cold-start with
# pre = (3k + 2r + a) mod 7 + 1 and post = pre + (5k + r + 2a) mod 4 + r + a for user k, pair r, arm a
# (0 control, 1 treatment). θ from all units of both arms pooled as one sample (as gbstats);
# each market's value ȳ − θ·(x̄ − x̄ of all units); Student's t-test on the 3 + 3 values (scipy, pooled variance).
rows = [(r, a, (3 * k + 2 * r + a) % 7 + 1, (3 * k + 2 * r + a) % 7 + 1 + (5 * k + r + 2 * a) % 4 + r + a)
        for r in range(3) for a in range(2) for k in range(6)]
x = np.array([p for _, _, p, _ in rows], float); y = np.array([q for _, _, _, q in rows], float)
theta = np.cov(y, x, ddof=1)[0, 1] / x.var(ddof=1)
def market(r, a):
    sel = [i for i, (rr, aa, _, _) in enumerate(rows) if rr == r and aa == a]
    return y[sel].mean() - theta * (x[sel].mean() - x.mean())
mc = np.array([market(r, 0) for r in range(3)]); mt = np.array([market(r, 1) for r in range(3)])
w = stats.ttest_ind(mt, mc, equal_var=True)
print("cuped-market", theta, mt.mean() - mc.mean(), w.pvalue)
