# Reference values for TwoSidedCellsTests, computed outside TwinArm with numpy from the definitions of
# Johari, Li, Liskovich & Weintraub (2022), "Experimental design in two-sided platforms: an analysis of
# bias" (Management Science): TSR-naive and the interpolating estimators TSRI-1 and TSRI-2.
# Each cell total is divided by the product of its user share and creator share; the interpolating
# estimator is beta * (tt - ct) + (1 - beta) * (tt - tc) - k * beta * (1 - beta) * (2 cc - ct - tc) on
# those scaled values, with beta = exp(-demand / supply).
# Run: python3 Tests/AnalysisTests/reference_tsri.py   (numpy and scipy from PyPI)
import numpy as np

def estimators(cells, users, creators, beta):
    """cells[x][y]: x = user arm, y = creator arm (0 control, 1 treated); users / creators: shares per arm."""
    Y = np.asarray(cells, dtype=float)
    share = np.outer(np.asarray(users, float), np.asarray(creators, float))
    y = Y / share
    rest = share.sum() - share[1, 1]
    naive = Y[1, 1] / share[1, 1] - (Y.sum() - Y[1, 1]) / rest
    user_side = y[1, 1] - y[0, 1]
    creator_side = y[1, 1] - y[1, 0]
    competition = 2 * y[0, 0] - y[0, 1] - y[1, 0]
    tsri = [beta * user_side + (1 - beta) * creator_side - k * beta * (1 - beta) * competition for k in (1, 2)]
    return naive, user_side, creator_side, competition, tsri[0], tsri[1]

cases = {
    # every unit in an arm: 30 % of users and 60 % of creators treated, a market with demand 0.7 x supply
    "paper": ([[412.5, 530.25], [160.75, 301.0]], [0.7, 0.3], [0.4, 0.6], np.exp(-0.7)),
    # arms of 10 % each side, the other units outside (served as control, not recorded); demand 2.5 x supply
    "outside": ([[96.0, 88.5], [91.25, 120.125]], [0.1, 0.1], [0.1, 0.1], np.exp(-2.5)),
}
for name, (cells, users, creators, beta) in cases.items():
    values = estimators(cells, users, creators, beta)
    print(name, f"beta={beta!r}", ", ".join(repr(float(v)) for v in values))

# Across markets (TwoSidedEstimate): the mean of the markets' relative values, a t interval on
# n - 1 df and the two-sided p-value, by scipy.stats.t (and one-sample ttest_1samp for the p).
from scipy import stats
values = np.array([0.084, -0.031, 0.127, 0.046])
n = len(values); mean = values.mean(); se = values.std(ddof=1) / np.sqrt(n)
q = stats.t.ppf(0.975, n - 1)
print("markets", repr(float(mean)), repr(float(mean - q * se)), repr(float(mean + q * se)),
      repr(float(stats.ttest_1samp(values, 0).pvalue)))
