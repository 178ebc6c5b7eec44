# Reference values for AnalysisTests, computed outside TwinArm with numpy/scipy (scipy 1.17.1).
# Run: python3 Tests/AnalysisTests/reference.py
import numpy as np
from scipy import stats

a = np.array([12.1, 14.3, 11.8, 15.2, 13.9, 12.7, 14.8, 13.1])
b = np.array([10.2, 11.9, 12.5, 10.8, 11.1, 13.0, 10.5, 11.7, 12.2, 10.9])
r = stats.ttest_ind(a, b, equal_var=False)
va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
d = a.mean() - b.mean(); se = np.sqrt(va + vb); q = stats.t.ppf(0.975, df)
print("welch", r.statistic, r.pvalue, df, d - q * se, d + q * se)

# Ratio metric (likes / impressions per user), delta method written out with numpy.
likes_t = np.array([3, 0, 5, 2, 1, 4, 0, 2, 6, 1], float); imps_t = np.array([40, 10, 55, 30, 12, 50, 0, 25, 60, 20], float)
likes_c = np.array([2, 1, 3, 0, 2, 1, 4, 0, 1], float); imps_c = np.array([45, 20, 50, 15, 35, 22, 58, 9, 30], float)
def ratio(x, y):
    n = len(x); R = x.sum() / y.sum(); ybar = y.mean()
    lin = (x - R * y) / ybar            # linearised per-user values
    var = lin.var(ddof=1) / n            # delta-method variance of R
    return R, var, lin
Rt, vt, lt = ratio(likes_t, imps_t); Rc, vc, lc = ratio(likes_c, imps_c)
d = Rt - Rc; se = np.sqrt(vt + vc)
dfr = (vt + vc) ** 2 / (vt ** 2 / (len(lt) - 1) + vc ** 2 / (len(lc) - 1))
t = d / se; p = 2 * stats.t.sf(abs(t), dfr)
print("ratio", Rt, Rc, d, se, dfr, p)
# The same by Welch on R + linearised values:
w = stats.ttest_ind(Rt + lt, Rc + lc, equal_var=False)
print("ratio-welch", w.statistic, w.pvalue)
rel = Rt / Rc - 1; rel_se = np.sqrt(vt / Rc ** 2 + Rt ** 2 * vc / Rc ** 4)
# The relative interval uses the t quantile with the absolute delta's Welch–Satterthwaite df.
print("relative", rel, rel_se, rel - stats.t.ppf(0.975, dfr) * rel_se, rel + stats.t.ppf(0.975, dfr) * rel_se)
# Welch means: the same relative interval on the plain samples a (treatment) and b (control).
ma, mb = a.mean(), b.mean(); va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
dfw = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
relw = ma / mb - 1; relw_se = np.sqrt(va / mb ** 2 + ma ** 2 * vb / mb ** 4)
print("relative-welch", relw, relw - stats.t.ppf(0.975, dfw) * relw_se, relw + stats.t.ppf(0.975, dfw) * relw_se)

p = np.array([0.01, 0.04, 0.03, 0.005, 0.20, 0.049])
print("bh", list(stats.false_discovery_control(p, method='bh')))
order = np.argsort(p); m = len(p); holm = np.empty(m); run = 0
for i, idx in enumerate(order):
    run = max(run, (m - i) * p[idx]); holm[idx] = min(1, run)
print("holm", list(holm))
print("srm", stats.chisquare([30188, 30107]))
print("srm3", stats.chisquare([1000, 1100, 950], f_exp=[1020, 1030, 1000]))
z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)
print("mde", z * np.sqrt(4 / 1000 + 4 / 1000), "n-per-arm", z ** 2 * 2 * 4 / 0.2 ** 2)
print("clopper-pearson", stats.binomtest(13, 200).proportion_ci(method='exact'))

# The market test: Student's t (pooled variance, df = 2R − 2) on the R control and R treatment
# markets' values; relative delta = ratio of the arms' means − 1 with the delta-method interval of
# the ratio at that df. (Equal counts: the standard error is Welch's; only the df differ.)
mc = np.array([0.050, 0.051, 0.049, 0.052, 0.050]); mt = np.array([0.0512, 0.0508, 0.0497, 0.0531, 0.0503])
w = stats.ttest_ind(mt, mc, equal_var=True)
vc, vt = mc.var(ddof=1) / len(mc), mt.var(ddof=1) / len(mt)
wdf = len(mc) + len(mt) - 2
C, T = mc.mean(), mt.mean()
rse = np.sqrt(vt / C ** 2 + T ** 2 * vc / C ** 4)
q = stats.t.ppf(0.975, wdf)
print("market-student", w.statistic, w.pvalue, wdf, T / C - 1, T / C - 1 - q * rse, T / C - 1 + q * rse)

# The MDE of a test with standard error se and df degrees of freedom: (t.975 + t.8) · se.
for df, se in [(3.0, 0.0004), (250.5, 0.012)]:
    print("mde-t", df, se, (stats.t.ppf(0.975, df) + stats.t.ppf(0.8, df)) * se)

# The single-pair test (AAInflation): a Welch comparison's variance × f̂, f̂ = mean of the A/A
# z-scores' squares, t with N = number of A/A trials df. Welch on a (treatment) and b (control).
zs = np.array([1.3, -0.4, 2.2, -1.7, 0.9, -2.6, 0.1, 1.1])
f = np.mean(zs ** 2); N = len(zs)
va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
d = a.mean() - b.mean(); se = np.sqrt((va + vb) * f); q = stats.t.ppf(0.975, N)
relw_se_f = relw_se * np.sqrt(f)
print("inflated", f, 2 * stats.t.sf(abs(d / se), N), d - q * se, d + q * se, relw - q * relw_se_f, relw + q * relw_se_f)
# aa's leave-one-out cross-calibration of a block of three A/A trials with z = 1.3, −0.4, 2.2:
# trial i is tested with f̂ from the other two (t, 2 df).
zb = np.array([1.3, -0.4, 2.2])
print("cross", [2 * stats.t.sf(abs(zb[i]) / np.sqrt(np.mean(np.delete(zb, i) ** 2)), 2) for i in range(3)])
