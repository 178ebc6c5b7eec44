/// Configs small enough for tests of every target (the CLI's and the library's alike).
public enum TestConfigs {
    /// A platform small enough to run whole, several times: 1 000 users, 100 creators, five days.
    public static let tinyPlatform = """
name: tiny-platform
seed: 2
days: 5
warmupDays: 3
preDays: 0
replicates: 2
population:
  users: 1000
  creators: 100
  dimension: 8
  topics: 30
  countries: 5
  minGroupSize: 5
  tierRequests: [3, 8, 20]
split:
  users: 0.1
  creators: 0.1
arms:
  - name: control
    mechanism: control
  - name: treatment
    mechanism: hmt
platform:
  unmeasuredDose: mechanism   # the paper-literal dose: weights this small a market never measures still reach K
"""

    /// Twenty thousand users, 2 % per arm, eight days: a trial the pipeline runs in a few seconds.
    public static let tinyTrial = """
name: tiny
seed: 2
days: 8
preDays: 2
population:
  users: 20000
  creators: 2000
  dimension: 8
  topics: 30
  countries: 5
  minGroupSize: 5
split:
  users: 0.02
  creators: 0.02
arms:
  - name: control
    mechanism: control
  - name: treatment
    mechanism: hmt
creators:
  utilitySample: 40
platform:
  unmeasuredDose: mechanism   # the paper-literal dose: weights this small a market never measures still reach K
"""
}
