# Expected values for Tests/CLITests/Fixtures/units.csv, computed outside TwinArm (numpy + scipy).
# Run: python3 Tests/CLITests/Fixtures/expected.py   (control = A, treatment = B)
import csv, numpy as np
from scipy import stats
rows = list(csv.DictReader(open(__file__.replace("expected.py", "units.csv"))))
u = lambda arm: [r for r in rows if r["kind"] == "user" and r["arm"] == arm]
c = lambda arm, pop: [r for r in rows if r["kind"] == "creator" and r["arm"] == arm and r["popular"] == pop]
def ratio(arm):
    x = np.array([float(r["likes"]) for r in u(arm)]); y = np.array([float(r["impressions"]) for r in u(arm)])
    R = x.sum() / y.sum(); lin = R + (x - R * y) / y.mean()
    return lin
w = stats.ttest_ind(ratio("B"), ratio("A"), equal_var=False)
print("ltr", ratio("A").mean(), ratio("B").mean(), w.pvalue)
for m in ["coldStart", "topics"]:
    a = [float(r[m]) for r in u("A")]; b = [float(r[m]) for r in u("B")]
    print(m, np.mean(a), np.mean(b), stats.ttest_ind(b, a, equal_var=False).pvalue)
a = [float(r["activeDays"]) / 14 for r in c("A", "0")]; b = [float(r["activeDays"]) / 14 for r in c("B", "0")]
print("dau other", np.mean(a), np.mean(b), stats.ttest_ind(b, a, equal_var=False).pvalue)
print("srm", stats.chisquare([6, 6]).pvalue)
