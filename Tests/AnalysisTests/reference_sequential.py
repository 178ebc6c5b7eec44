# Reference values for SequentialTests, computed outside TwinArm.
#   * log-space Student-t tails with mpmath 1.3.0 (50 digits, the regularised incomplete beta);
#   * the mixture SPRT written out in numpy from Johari et al. (2017) / Robbins (1970);
#   * one-sided non-inferiority tests with scipy.stats.t.
# Run: python3 Tests/AnalysisTests/reference_sequential.py
import numpy as np
import mpmath as mp
from scipy import stats

mp.mp.dps = 50
def log_sf(t, df):
    t, df = mp.mpf(t), mp.mpf(df)
    return mp.log(mp.betainc(df / 2, mp.mpf(1) / 2, 0, df / (df + t * t), regularized=True) / 2)
for t, df in [(40, 20), (60, 1000), (38, 2000), (1e4, 5), (200, 400), (2.5, 7)]:
    print("logsf", t, df, mp.nstr(log_sf(t, df), 17))
# Two-sided p = 2·sf, as log10: a case inside the subnormal range and one below every double.
for t, df in [(37.5, 1800), (46, 2000), (45, 3000)]:
    print("log10p", t, df, mp.nstr((mp.log(2) + log_sf(t, df)) / mp.log(10), 17))

# mSPRT: z-scores at looks, variances V_k; tau^2 = r* V_K with r* = a + ln(1 + a), a = -2 ln alpha.
alpha = 0.05
z = np.array([0.8, 1.9, 2.4, 3.1, 2.9])
V = np.array([5.0, 2.6, 1.7, 1.3, 1.0])
a = -2 * np.log(alpha); r_star = a + np.log1p(a); tau2 = r_star * V[-1]
r = tau2 / V
theta_hat = z * np.sqrt(V)
lam = np.sqrt(V / (V + tau2)) * np.exp(theta_hat ** 2 * tau2 / (2 * V * (V + tau2)))
p = np.minimum.accumulate(np.minimum(1, 1 / lam))
half = np.sqrt(V * (V + tau2) / tau2 * (np.log((V + tau2) / V) - 2 * np.log(alpha)))
print("msprt r*", repr(r_star))
print("msprt lambda", [repr(x) for x in lam])
print("msprt p", [repr(x) for x in p])
print("msprt boundary z", [repr(x) for x in half / np.sqrt(V)])

# Non-inferiority: relative estimate 0.004, SE 0.003, df 6, margin -0.005, alpha 0.05.
est, se, df, m = 0.004, 0.003, 6.0, -0.005
print("ni p", repr(stats.t.sf((est - m) / se, df)), "lower", repr(est - stats.t.ppf(0.95, df) * se), "upper", repr(est + stats.t.ppf(0.95, df) * se))
# Power at true effect 0 and the margin met with power 0.8 (t at df).
q = stats.t.ppf(0.95, df)
print("ni power", repr(stats.t.sf(q - abs(m) / se, df)), "smallest margin", repr((q + stats.t.ppf(0.8, df)) * se))
